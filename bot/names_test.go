package bot

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"safetybot"
	"safetybot/directory"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"safetybot/plan"
	"safetybot/tipdesk"
)

// fakeBook is an address book that records whom it was asked about.
type fakeBook struct {
	mu     sync.Mutex
	names  map[string]string
	denied bool
	asked  []string
}

func (b *fakeBook) UserName(_ context.Context, id string) (string, string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.asked = append(b.asked, id)
	if b.denied {
		return "", safetybot.BookDenied, nil
	}
	if n, ok := b.names[id]; ok {
		return n, safetybot.BookOK, nil
	}
	return "", safetybot.BookMissing, nil
}

func (b *fakeBook) wasAsked(id string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Contains(b.asked, id)
}

// newNamedFixture is newFixture with a directory over the store and book.
func newNamedFixture(t *testing.T, book *fakeBook) *fixture {
	t.Helper()
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai))
	s := storetest.Open(t, clock.Now)
	t.Cleanup(func() { s.Close() })
	if _, err := s.SeedPlan(ctx, plan.Default()); err != nil {
		t.Fatal(err)
	}
	dir := directory.New(directory.Config{Store: s, Book: book, Now: clock.Now, Wait: 5 * time.Second,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t.Cleanup(dir.Wait)
	e, err := NewEngine(ctx, s, Config{Admins: []string{"admin"}, Now: clock.Now, Directory: dir,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Tips:   tipdesk.Config{Params: fastReceipts, ReportURL: "https://example.gov.cn/report"}})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, engine: e, store: s, clock: clock, logs: &testkit.Buffer{}}
}

func TestNameCommandIsForAdmins(t *testing.T) {
	f := newNamedFixture(t, &fakeBook{denied: true})
	f.say("admin", "授权 wang 工作人员")
	f.converse([]step{
		{"wang", "姓名 sunzong 孙建国", []string{"仅限管理员"}, []string{"已设置"}},
		{"wang", "姓名", []string{"仅限管理员"}, nil},
		{"nobody", "name sunzong 孙建国", []string{"仅限管理员"}, nil},
		{"admin", "姓名", []string{"尚未设置任何姓名"}, nil},
		{"admin", "姓名 sunzong", []string{"请写明 sunzong 的名字", "用法"}, nil},
		{"admin", "姓名 孙总 孙建国", []string{"不是企业微信账号"}, nil},
		{"admin", "姓名 sunzong " + strings.Repeat("长", 33), []string{"名字过长"}, nil},
		{"admin", "姓名 sunzong 孙建国", []string{"已设置：sunzong 显示为「孙建国」"}, nil},
		{"admin", "name yanghu_wu 吴杨虎", []string{"已设置"}, nil},
		{"admin", "姓名", []string{"已设置的姓名（2 人", "sunzong：孙建国", "yanghu_wu：吴杨虎"}, nil},
		{"admin", "授权 sunzong 领导", []string{"已授予 孙建国（sunzong） 领导"}, nil},
		{"admin", "授权", []string{"孙建国（sunzong）：领导", "授权 孙建国（sunzong） 领导"}, nil},
		// A name ending in brackets takes the userid into them.
		{"admin", "姓名 sunzong 孙总（局长）", []string{"已设置：sunzong 显示为「孙总（局长）」"}, nil},
		{"admin", "授权", []string{"孙总（局长，sunzong）：领导"}, []string{"）（sunzong）"}},
		{"admin", "姓名 sunzong 清除", []string{"已清除 sunzong", "显示为「sunzong」"}, nil},
		{"admin", "姓名 sunzong 清除", []string{"没有设置过姓名，无需清除", "显示为「sunzong」"}, []string{"已清除"}},
		{"admin", "姓名", []string{"已设置的姓名（1 人", "yanghu_wu：吴杨虎"}, []string{"sunzong"}},
	})
	if got := f.say("admin", "帮助"); !strings.Contains(got, "姓名") {
		t.Errorf("help for admins lacks 姓名:\n%s", got)
	}
	if got := f.say("wang", "帮助"); strings.Contains(got, "姓名 <userid>") {
		t.Errorf("help for staff shows 姓名:\n%s", got)
	}
}

func TestRepliesAndNotificationsShowNames(t *testing.T) {
	book := &fakeBook{names: map[string]string{"zhangsan": "张三", "lisi": "李四", "leader1": "王局长"}}
	f := newNamedFixture(t, book)
	ctx := context.Background()
	f.say("admin", "授权 leader1 领导")
	f.say("admin", "授权 wang 工作人员")
	got := f.say("zhangsan", "上报 危货车辆未安装智能视频监控 单位:某运输公司 领域:道路运输 等级:重大 期限:2026-12-31")
	if !strings.Contains(got, "YH2026-0001") {
		t.Fatalf("report: %s", got)
	}
	due, err := storetest.DueOutbox(ctx, f.store, 100)
	if err != nil {
		t.Fatal(err)
	}
	var leaderNote string
	for _, m := range due {
		if m.Target == "leader1" {
			leaderNote = m.Body
		}
	}
	if !strings.Contains(leaderNote, "上报人：张三") || strings.Contains(leaderNote, "zhangsan") {
		t.Fatalf("the 重大 notice must name the reporter: %q", leaderNote)
	}
	f.converse([]step{
		{"wang", "指派 YH2026-0001 lisi 期限:2026-12-20", []string{"指派给 李四（lisi）"}, nil},
		{"wang", "隐患 YH2026-0001", []string{"上报人：张三", "责任人：李四", "张三 上报", "wang 指派"}, []string{"zhangsan", "上报人：zhangsan"}},
		{"admin", "姓名 wang 王干事", []string{"已设置"}, nil},
		{"lisi", "整改 YH2026-0001 已订购设备", nil, nil},
		{"wang", "隐患 YH2026-0001", []string{"王干事 指派", "李四 整改"}, nil},
	})
	// an admin-set name wins over the address book
	f.say("admin", "姓名 lisi 李思远")
	if got := f.say("wang", "隐患 YH2026-0001"); !strings.Contains(got, "责任人：李思远") {
		t.Fatalf("admin-set name does not win: %s", got)
	}
	if !book.wasAsked("zhangsan") || book.wasAsked("") {
		t.Fatalf("asked: %v", book.asked)
	}
}

func TestAnonymousReporterIsNeverLookedUp(t *testing.T) {
	book := &fakeBook{names: map[string]string{"whistle_x9": "举报人真名", "h1": "赵受理"}}
	f := newNamedFixture(t, book)
	f.say("admin", "授权 h1 受理人")
	got := f.say("whistle_x9", "举报 某危货运输公司车辆超载运输甲醇")
	if !receiptRE.MatchString(got) {
		t.Fatalf("no receipt: %s", got)
	}
	list := f.say("h1", "受理")
	id := regexp.MustCompile(`#(\d+)`).FindStringSubmatch(list)
	if id == nil {
		t.Fatalf("no id in list: %s", list)
	}
	f.say("h1", "受理 "+id[1])
	f.converse([]step{
		{"h1", "查实 " + id[1] + " 车辆超载运输甲醇 单位:某危货运输公司 领域:道路运输 等级:一般", []string{"已查实", "YH2026-0001"}, nil},
		{"admin", "隐患 YH2026-0001", []string{"上报人：" + safetybot.Anonymous}, []string{"举报人真名", "whistle_x9"}},
	})
	if book.wasAsked("whistle_x9") {
		t.Fatalf("the sender of an anonymous report was looked up: %v", book.asked)
	}
}

// TestUndoRefusalNamesThePerson: refusing to undo someone else's change
// names that person as every other reply does, not by userid (QA of
// issue 12).
func TestUndoRefusalNamesThePerson(t *testing.T) {
	f := newNamedFixture(t, &fakeBook{denied: true})
	f.converse([]step{
		{"admin", "授权 wang 工作人员 公路运营", nil, nil},
		{"admin", "姓名 chenzb 陈专班", []string{"已设置"}, nil},
		{"admin", "授权 chenzb 工作人员 公路运营", nil, nil},
		{"zhangsan", "上报 隧道照明失效 领域:公路运营", []string{"YH2026-0001"}, nil},
		{"chenzb", "确认 YH2026-0001", []string{"已确认"}, nil},
		{"wang", "撤销 YH2026-0001", []string{"最近一次变更是 陈专班 于 11-28 10:00 的「确认」", "只有本人"}, []string{"chenzb"}},
		{"chenzb", "撤销 YH2026-0001", []string{"已撤销 YH2026-0001 的「确认」"}, nil},
	})
}

// TestUndoRecordNamesThePerson: the history line an undo writes names whose
// change it took back, as the 隐患 reply, the dashboard and the ledger's
// 处置记录 show it (QA: "撤销 zhaoke 的「销号」" although 姓名 was set),
// both for one's own change and for a mistaken 驳回 lifted by another.
func TestUndoRecordNamesThePerson(t *testing.T) {
	f := newNamedFixture(t, &fakeBook{denied: true})
	f.converse([]step{
		{"admin", "姓名 zhaoke 赵科", []string{"已设置"}, nil},
		{"admin", "姓名 zhangsan 张三", []string{"已设置"}, nil},
		{"admin", "姓名 liu 刘工", []string{"已设置"}, nil},
		{"admin", "授权 zhaoke 工作人员", nil, nil},
		{"admin", "授权 liu 工作人员 公路运营", nil, nil},
		{"admin", "上报 收费站消防栓无水 领域:公路运营", []string{"YH2026-0001"}, nil},
		{"zhaoke", "确认 YH2026-0001", []string{"已确认"}, nil},
		{"zhaoke", "指派 YH2026-0001 zhangsan 期限:12月20日", []string{"指派给 张三（zhangsan）"}, nil},
		{"zhangsan", "整改 YH2026-0001 已接通水源 完成:是", []string{"待验收"}, nil},
		{"zhangsan", "撤销 YH2026-0001", []string{"已撤销 YH2026-0001 的「完成整改」"}, nil},
		{"zhangsan", "整改 YH2026-0001 已接通水源 完成:是", []string{"待验收"}, nil},
		{"zhaoke", "销号 YH2026-0001 现场复核合格", []string{"已销号"}, nil},
		{"zhaoke", "撤销 YH2026-0001", []string{"已撤销 YH2026-0001 的「销号」"}, nil},
		{"admin", "上报 隧道口标志被遮挡 领域:公路运营", []string{"YH2026-0002"}, nil},
		{"liu", "驳回 YH2026-0002 重复上报", []string{"已驳回"}, nil},
		{"zhaoke", "撤销 YH2026-0002", []string{"已撤销 YH2026-0002 的「驳回」"}, nil},
		{"admin", "隐患 YH2026-0001", []string{"撤销 张三 的「完成整改」", "撤销 赵科 的「销号」"}, []string{"撤销 zhangsan", "撤销 zhaoke"}},
		{"admin", "隐患 YH2026-0002", []string{"撤销 刘工 的「驳回」：重复上报"}, []string{"撤销 liu "}},
	})
}
