package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/plan"
	"safetybot/tipdesk"
)

// FastReceiptParams keep tests quick; production uses DefaultReceiptParams
// (see BenchmarkReceiptHash in the root package).
var fastReceipts = safetybot.ReceiptParams{Time: 1, MemoryKiB: 64, Threads: 1}

type tipFixture struct {
	*fixture
	file string
	logs *testkit.Buffer
}

// newTipFixture is newFixture with its database file known, every log line
// kept (debug level), and cheap receipt hashing.
func newTipFixture(t *testing.T) *tipFixture {
	t.Helper()
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai))
	s, file := storetest.OpenFile(t, clock.Now)
	t.Cleanup(func() { s.Close() })
	if _, err := s.SeedPlan(ctx, plan.Default()); err != nil {
		t.Fatal(err)
	}
	logs := &testkit.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e, err := NewEngine(ctx, s, Config{Admins: []string{"admin"}, Now: clock.Now, Logger: log,
		Tips: tipdesk.Config{Params: fastReceipts, ReportURL: "https://example.gov.cn/report"}})
	if err != nil {
		t.Fatal(err)
	}
	return &tipFixture{fixture: &fixture{t: t, engine: e, store: s, clock: clock}, file: file, logs: logs}
}

var receiptRE = regexp.MustCompile(`\d{4} \d{4} \d{4} \d{4}`)

// report sends 举报 as user and returns the receipt code the reply shows.
func (f *tipFixture) report(user, text string) string {
	f.t.Helper()
	got := f.say(user, "举报 "+text)
	code := receiptRE.FindString(got)
	if code == "" {
		f.t.Fatalf("举报 gave no receipt code:\n%s", got)
	}
	return code
}

// assertNowhere fails if needle is in the database files (main, WAL, SHM)
// or in anything logged.
func assertNowhere(t *testing.T, needle string, dbFile string, logs []byte) {
	t.Helper()
	for _, f := range []string{dbFile, dbFile + "-wal", dbFile + "-shm", dbFile + "-journal"} {
		b, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(needle)) {
			t.Errorf("%q is stored in %s", needle, filepath.Base(f))
		}
	}
	if bytes.Contains(logs, []byte(needle)) {
		t.Errorf("%q is in the logs:\n%s", needle, logs)
	}
}

func TestTipKeepsNoTraceOfTheSender(t *testing.T) {
	f := newTipFixture(t)
	const who = "whistle_x9"
	code := f.report(who, "某危化品码头夜间违规装卸，罐区可燃气体报警器长期关闭")
	f.converse([]step{
		{who, "查询 " + code, []string{"待受理", "2026-11-28", "可燃气体报警器"}, nil},
		{who, "补充 " + code + " 每周三晚上十点以后装卸", []string{"补充内容已收到"}, nil},
		{who, "查询 0000 0000 0000 0000", []string{"回执码不正确"}, nil},
	})
	// The sender also tries it in a group first: refused, nothing kept.
	got := f.sayInGroup(who, "wrGROUP77", "举报 GROUP-LEAK-TEXT 某公司违规")
	if !strings.Contains(got, "私聊") || receiptRE.MatchString(got) {
		t.Fatalf("group 举报 not refused: %s", got)
	}
	if n, _ := f.store.TipsAwaitingTriage(context.Background()); n != 1 {
		t.Fatalf("awaiting %d, want 1 (the group report must not be stored)", n)
	}
	logs := f.logs.Bytes()
	if !bytes.Contains(logs, []byte("tip receipt refused")) {
		t.Fatalf("the wrong code should be logged (without the code):\n%s", logs)
	}
	// Not even the time of a report is logged: next to the sender's other
	// commands it would name them.
	if bytes.Contains(logs, []byte("cmd=举报")) || bytes.Contains(logs, []byte("cmd=补充")) {
		t.Errorf("a sensitive command was logged:\n%s", logs)
	}
	for _, needle := range []string{who, "wrGROUP77", "GROUP-LEAK-TEXT", strings.ReplaceAll(code, " ", ""), code} {
		assertNowhere(t, needle, f.file, logs)
	}
	// The report text and additions are not in the logs either.
	for _, needle := range []string{"报警器", "每周三"} {
		if bytes.Contains(logs, []byte(needle)) {
			t.Errorf("report content %q logged", needle)
		}
	}
}

func TestTipFollowUpAndThrottle(t *testing.T) {
	f := newTipFixture(t)
	f.say("admin", "授权 h1 受理人")
	code := f.report("whistle_x9", "某客运站安检仪长期停用")
	list := f.say("h1", "受理")
	id := regexp.MustCompile(`#(\d+)`).FindStringSubmatch(list)
	if id == nil {
		t.Fatalf("no id in list: %s", list)
	}
	f.converse([]step{
		{"h1", "回复 " + id[1] + " 已收到，我们将于本周内现场核查，请问是哪个安检口？", []string{"已回复", "受理中"}, nil},
		{"whistle_x9", "查询 " + code, []string{"受理中", "本周内现场核查", "奖励：暂无"}, nil},
		{"whistle_x9", "补充 " + code + " 二号安检口", []string{"已收到"}, nil},
		{"h1", "受理", []string{"有新补充"}, nil},
		{"h1", "受理 " + id[1], []string{"某客运站安检仪长期停用", "举报人补充：二号安检口", "回复：已收到", "阅览"}, nil},
		{"h1", "受理", nil, []string{"有新补充"}},
	})

	// Wrong codes: refused the same way whatever the reason; the tenth in a
	// minute is throttled, even if it is right.
	other := "newbie_y1"
	wrong := []string{"1111 2222 3333 4444", "「1111222233334446」", "1111222233334445", "1111-2222-3333-4447。", "１１１１２２２２３３３３４４４４"}
	for i := range 9 {
		w := wrong[i%len(wrong)]
		got := f.say(other, "查询 "+w)
		if !strings.Contains(got, "回执码不正确") {
			t.Fatalf("wrong code %d (%q): %s", i+1, w, got)
		}
	}
	if got := f.say(other, "查询 "+code); !strings.Contains(got, "错误次数过多") {
		t.Fatalf("tenth attempt in a minute not throttled: %s", got)
	}
	if got := f.say(other, "补充 "+code+" 又一条"); !strings.Contains(got, "错误次数过多") {
		t.Fatalf("addition while throttled: %s", got)
	}
	// The reporter on another account is not affected.
	if got := f.say("whistle_x9", "查询 "+code); !strings.Contains(got, "受理中") {
		t.Fatalf("another user throttled: %s", got)
	}
	f.clock.Add(61 * time.Second)
	if got := f.say(other, "查询 "+code); !strings.Contains(got, "受理中") {
		t.Fatalf("after a minute the right code should work: %s", got)
	}
	logs := f.logs.Bytes()
	if !bytes.Contains(logs, []byte("tip receipt refused")) || !bytes.Contains(logs, []byte("tip receipt throttled")) {
		t.Fatalf("failures not logged:\n%s", logs)
	}
	for _, needle := range []string{"1111222233334444", "1111 2222", other, "whistle_x9", strings.ReplaceAll(code, " ", "")} {
		if bytes.Contains(logs, []byte(needle)) {
			t.Errorf("%q logged", needle)
		}
	}
}

func TestTipTriageVerifyRewardAndRoles(t *testing.T) {
	f := newTipFixture(t)
	ctx := context.Background()
	f.converse([]step{
		{"admin", "授权 h1 受理人", []string{"已授予 h1 受理人"}, nil},
		{"admin", "授权 leader1 领导", nil, nil},
		{"admin", "授权 staff1 工作人员", nil, nil},
	})
	code := f.report("whistle_x9", "我是三号车队的司机老王，公司让危货车辆超载运输甲醇")
	tips, err := f.store.Tips(ctx, safetybot.TipFilter{}, "test")
	if err != nil || len(tips) != 1 {
		t.Fatal(tips, err)
	}
	id := fmt.Sprint(tips[0].ID)

	// Nobody but a handler sees content; leaders see counts.
	for _, who := range []string{"staff1", "leader1", "whistle_x9"} {
		for _, cmd := range []string{"受理", "受理 " + id, "回复 " + id + " 你好", "查实 " + id, "不予受理 " + id + " 无", "奖励 " + id + " 5000 待审核"} {
			got := f.say(who, cmd)
			if !strings.Contains(got, "仅限受理人") || strings.Contains(got, "甲醇") {
				t.Errorf("%s %q: %s", who, cmd, got)
			}
		}
		if help := f.say(who, "帮助"); strings.Contains(help, "查实") || strings.Contains(help, "不予受理") {
			t.Errorf("help shows handler commands to %s", who)
		}
	}
	f.converse([]step{
		{"leader1", "举报统计", []string{"共 1 条", "待受理 1"}, []string{"甲醇", "#"}},
		{"staff1", "举报统计", []string{"仅限领导"}, nil},
		{"h1", "受理 " + id, []string{"甲醇", "保密提示"}, nil},
		// A group is no place for report content, even for a handler.
		{"h1", "奖励 " + id + " 罚款:100000 待审核", []string{"只有已查实"}, nil},
		{"h1", "查实 " + id + " 某危货运输公司车辆超载运输甲醇 单位:某危货运输公司 领域:道路运输 等级:重大", []string{"已查实", "YH2026-0001", "未带举报原文"}, nil},
		{"h1", "查实 " + id, []string{"不能再查实"}, nil},
		{"h1", "奖励 " + id + " 1000 待审核", []string{"最低 3000 元"}, nil},
		{"h1", "奖励 " + id + " 400000 待审核", []string{"最高 30 万元"}, nil},
		{"h1", "奖励 " + id + " 5000", []string{"请写明奖励状态"}, nil},
		{"h1", "奖励 " + id + " 罚款:100000 待审核", []string{"待审核", "15,000 元"}, nil},
		{"h1", "奖励 " + id + " 已发放", []string{"须先「已批准」"}, nil},
		{"h1", "奖励 " + id + " 已批准", []string{"已批准", "15,000 元", "领取"}, nil},
		{"whistle_x9", "查询 " + code, []string{"已查实", "已批准 15,000 元", "凭回执码"}, nil},
		{"h1", "回复 " + id + " 请于工作日携带回执码到局信访办领取", []string{"已回复"}, nil},
		{"h1", "奖励 " + id + " 已发放", []string{"已发放", "已办结", "365 天后删除"}, nil},
		{"whistle_x9", "查询 " + code, []string{"已办结", "已发放 15,000 元", "信访办"}, nil},
		{"whistle_x9", "补充 " + code + " 还有一事", []string{"已办结", "不再接收"}, nil},
		{"leader1", "举报统计", []string{"已办结 1", "已发放 1", "已发放合计 15,000 元"}, nil},
	})
	if got := f.sayInGroup("h1", "wrG", "受理 "+id); !strings.Contains(got, "私聊") || strings.Contains(got, "甲醇") {
		t.Errorf("handler read in a group: %s", got)
	}

	// The ledger entry carries the handler's words only, with source 举报查实.
	h, evs, err := f.store.Hazard(ctx, "YH2026-0001")
	if err != nil {
		t.Fatal(err)
	}
	if h.Source != safetybot.SourceTip || h.Reporter != "" || h.Grade != safetybot.GradeMajor || h.Domain != "道路运输" {
		t.Fatalf("hazard %+v", h)
	}
	for _, s := range append([]string{h.Description}, evs[0].Note) {
		if strings.Contains(s, "老王") || strings.Contains(s, "三号车队") {
			t.Errorf("reporter's words reached the ledger: %q", s)
		}
	}
	if got := f.say("staff1", "隐患 YH2026-0001"); !strings.Contains(got, "举报查实") || strings.Contains(got, "老王") {
		t.Errorf("staff view of the hazard: %s", got)
	}
	var notice string
	testkit.RawDB(t, f.store.File()).QueryRow("SELECT body FROM outbox WHERE target = 'leader1'").Scan(&notice)
	if !strings.Contains(notice, "重大隐患") || !strings.Contains(notice, "举报查实") || strings.Contains(notice, "老王") {
		t.Errorf("leaders' notice of the major hazard: %q", notice)
	}

	// Every handler action is audited, without content.
	audit, err := f.store.TipAudit(ctx, tips[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range audit {
		if a.Actor != "h1" {
			t.Errorf("audit actor %q", a.Actor)
		}
		actions = append(actions, a.Action)
	}
	want := "阅览 查实 奖励待审核 奖励已批准 回复 奖励已发放"
	if strings.Join(actions, " ") != want {
		t.Errorf("audit %q, want %q", strings.Join(actions, " "), want)
	}

	// Retention: kept for the period, then deleted with everything linked.
	if n, err := f.engine.Tips().Retain(ctx); err != nil || n != 0 {
		t.Fatalf("retain %d, %v", n, err)
	}
	f.clock.Add(366 * 24 * time.Hour)
	if n, err := f.engine.Tips().Retain(ctx); err != nil || n != 1 {
		t.Fatalf("retain %d, %v", n, err)
	}
	if got := f.say("whistle_x9", "查询 "+code); !strings.Contains(got, "回执码不正确") {
		t.Errorf("deleted report still answers: %s", got)
	}
	if _, _, err := f.store.Hazard(ctx, "YH2026-0001"); err != nil {
		t.Errorf("the ledger entry must stay: %v", err)
	}
	assertNowhere(t, "老王", f.file, nil)
	assertNowhere(t, "信访办", f.file, nil)
}

func TestTipDeclineAndLinkAndDailyNotice(t *testing.T) {
	f := newTipFixture(t)
	ctx := context.Background()
	f.say("admin", "授权 h1 受理人")
	f.say("admin", "上报 码头护栏缺失 领域:水上交通")
	c1 := f.report("u1", "第一条举报")
	f.report("u2", "第二条举报")
	if n, _ := f.store.TipsAwaitingTriage(ctx); n != 2 {
		t.Fatalf("awaiting %d", n)
	}
	if _, err := f.engine.Tips().Retain(ctx); err != nil {
		t.Fatal(err)
	}
	var body string
	testkit.RawDB(t, f.store.File()).QueryRow("SELECT body FROM outbox WHERE target = 'h1'").Scan(&body)
	if !strings.Contains(body, "待受理 2 条") || strings.Contains(body, "举报内容") {
		t.Fatalf("daily notice to the handler: %q", body)
	}
	tips, _ := f.store.Tips(ctx, safetybot.TipFilter{Status: safetybot.TipNew}, "test")
	if tips[0].Body != "第一条举报" {
		tips[0], tips[1] = tips[1], tips[0]
	}
	first, second := fmt.Sprint(tips[0].ID), fmt.Sprint(tips[1].ID)
	f.converse([]step{
		{"h1", "不予受理 " + first, []string{"请写明不予受理的原因"}, nil},
		{"h1", "不予受理 " + first + " 不属于本局管辖，已转交属地", []string{"已不予受理"}, nil},
		{"h1", "查实 " + second + " 隐患:YH2026-0099", []string{"没有编号为 YH2026-0099"}, nil},
		{"h1", "查实 " + second + " 隐患:YH2026-0001", []string{"已关联隐患 YH2026-0001"}, nil},
		{"h1", "受理 999999", []string{"没有编号为 #999999"}, nil},
		{"h1", "回复 abc 你好", []string{"不是举报编号"}, nil},
		{"h1", "受理 全部", []string{"共 2 条", "不予受理", "已查实"}, nil},
		{"h1", "受理", []string{"共 1 条", "已查实"}, []string{"不予受理"}},
	})
	got := f.say("u1", "查询 "+c1)
	if !strings.Contains(got, "不予受理") || !strings.Contains(got, "不属于本局管辖") {
		t.Fatalf("reporter view of a declined report: %s", got)
	}

	// One account may send five reports an hour; the sixth waits.
	for i := range 4 {
		f.report("u1", fmt.Sprintf("又一条 %d", i))
	}
	if got := f.say("u1", "举报 第六条"); !strings.Contains(got, "过于频繁") || receiptRE.MatchString(got) {
		t.Fatalf("sixth report in an hour: %s", got)
	}
	f.clock.Add(time.Hour + time.Second)
	f.report("u1", "一小时后")
}

// TestTipRunDaily drives the daily job with an injected tick and clock: a
// report declined today is deleted once the retention period has passed.
func TestTipRunDaily(t *testing.T) {
	f := newTipFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	f.say("admin", "授权 h1 受理人")
	f.report("u1", "DAILY-TEXT 某站台护栏缺失")
	tips, _ := f.store.Tips(ctx, safetybot.TipFilter{}, "h1")
	f.say("h1", fmt.Sprintf("不予受理 %d 重复举报", tips[0].ID))

	tick := make(chan time.Time)
	done := make(chan struct{})
	go func() { f.engine.Tips().RunDaily(ctx, tick); close(done) }()
	count := func() int {
		c, err := f.store.TipCounts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return c.Total()
	}
	tick <- time.Time{} // the first pass ran at start; this is the second
	if n := count(); n != 1 {
		t.Fatalf("deleted before the period: %d left", n)
	}
	f.clock.Add(366 * 24 * time.Hour)
	tick <- time.Time{}
	tick <- time.Time{} // a third pass has started only after the second finished
	if n := count(); n != 0 {
		t.Fatalf("%d reports left after the period", n)
	}
	cancel()
	<-done
	assertNowhere(t, "DAILY-TEXT", f.file, nil)
}

// TestTipRepliesNeverPersisted checks which replies transports must never
// store (an outbox row would keep the recipient, or report content beyond
// the retention period): the reporter's, and a handler's reading of a report.
func TestTipRepliesNeverPersisted(t *testing.T) {
	f := newTipFixture(t)
	f.say("admin", "授权 h1 受理人")
	code := f.report("u1", "某隧道照明损坏")
	tips, _ := f.store.Tips(context.Background(), safetybot.TipFilter{}, "h1")
	id := fmt.Sprint(tips[0].ID)
	for _, tc := range []struct {
		user, text string
		sensitive  bool
	}{
		{"u1", "举报 又一条", true},
		{"u1", "查询 " + code, true},
		{"u1", "补充 " + code + " 还有", true},
		{"u1", "查询 1", true},
		{"h1", "受理 " + id, true},
		{"h1", "受理", true}, // the list too: the flag is per command
		{"h1", "回复 " + id + " 收到", false},
		{"u1", "帮助", false},
	} {
		rs := f.engine.Handle(context.Background(), Message{Source: "test", ChatType: ChatSingle, UserID: tc.user, Text: tc.text})
		if len(rs) != 1 || rs[0].Sensitive != tc.sensitive {
			t.Errorf("%s %q: replies %+v, want Sensitive=%v", tc.user, tc.text, rs, tc.sensitive)
		}
	}
}

// TestTipLimitIsTheMessageLimit: a chat report long enough for the engine
// is not refused by the desk, and the other way round.
func TestTipLimitIsTheMessageLimit(t *testing.T) {
	if tipdesk.MaxRunes != MaxMessageRunes {
		t.Errorf("tipdesk.MaxRunes = %d, MaxMessageRunes = %d", tipdesk.MaxRunes, MaxMessageRunes)
	}
}

// TestTipIDsAndNextSteps: a number that cannot be a report id is told
// which numbers are (QA: #0000000 got "编号是 7 位数字" though it has seven),
// and 受理 offers only the steps the report's status still allows (QA: a
// report already 已查实 was offered 查实 and 不予受理).
func TestTipIDsAndNextSteps(t *testing.T) {
	f := newTipFixture(t)
	ctx := context.Background()
	f.say("admin", "授权 h1 受理人")
	f.report("u1", "城关客运站安检仪长期关闭")
	f.report("u2", "某驾校教练车刹车失灵仍在使用")
	tips, err := f.store.Tips(ctx, safetybot.TipFilter{}, "test")
	if err != nil || len(tips) != 2 {
		t.Fatal(tips, err)
	}
	if !strings.Contains(tips[0].Body, "安检仪") {
		tips[0], tips[1] = tips[1], tips[0]
	}
	a, b := fmt.Sprint(tips[0].ID), fmt.Sprint(tips[1].ID)
	notID := []string{"编号是 7 位数字，例如"}
	f.converse([]step{
		{"h1", "回复 #0000000 已收到", []string{"没有编号为 #0000000 的举报", "1000000 到 9999999", "首位不是 0"}, notID},
		{"h1", "受理 0000000", []string{"没有编号为 #0000000 的举报"}, []string{"或状态"}},
		{"h1", "查实 ＃12345678 安检仪关闭", []string{"没有编号为 #12345678 的举报"}, notID},
		{"h1", "回复 #123456 你好", []string{"没有编号为 #123456 的举报"}, notID},
		{"h1", "回复 #99999999999999999999 你好", []string{"没有编号为 #"}, notID},
		{"h1", "回复 #12a4567 你好", []string{"「#12a4567」不是举报编号，编号是 7 位数字"}, nil},
		{"h1", "奖励 ＃ 5000 待审核", []string{"不是举报编号"}, nil},
		{"h1", "受理 " + a, []string{"下一步：「回复 " + a + " <文本>」「查实 " + a + " <隐患描述> 单位:… 领域:…」或「不予受理 " + a + " <原因>」。"}, []string{"奖励"}},
		{"h1", "查实 " + a + " 客运站安检仪未开启 单位:城关客运站 领域:道路运输", []string{"已查实"}, nil},
		{"h1", "受理 " + a, []string{"下一步：「回复 " + a + " <文本>」「奖励 " + a + " 罚款:<罚款金额> 待审核」或「奖励 " + a + " 不予奖励」。"}, []string{"「查实", "「不予受理"}},
		{"h1", "奖励 " + a + " 罚款:100000 待审核", []string{"待审核"}, nil},
		{"h1", "受理 " + a, []string{"「奖励 " + a + " 已批准」或「奖励 " + a + " 不予奖励」"}, []string{"「查实", "「不予受理"}},
		{"h1", "奖励 " + a + " 已批准", []string{"已批准"}, nil},
		{"h1", "受理 " + a, []string{"下一步：「回复 " + a + " <文本>」或「奖励 " + a + " 已发放」。"}, []string{"「查实", "不予奖励」"}},
		{"h1", "奖励 " + a + " 已发放", []string{"已办结"}, nil},
		{"h1", "受理 " + a, []string{"此举报当前为「已办结」，只能「回复 " + a + " <文本>」。"}, []string{"下一步", "「奖励"}},
		{"h1", "不予受理 " + b + " 不属于交通运输领域，已告知向市场监管部门反映", []string{"已不予受理"}, nil},
		{"h1", "受理 " + b, []string{"此举报当前为「不予受理」，只能「回复 " + b + " <文本>」。"}, []string{"「查实", "「奖励"}},
	})
}

// QA2 item 15: 查询 about a hazard (often a voice transcript) is not read as
// a receipt look-up: the reply names 隐患 <编号>, in a group too, and counts no
// wrong code; a real receipt code after 查询 still looks the report up.
func TestHazardQueryIsNoTipQuery(t *testing.T) {
	f := newTipFixture(t)
	code := f.report("whistle_x9", "某客运站安检仪长期停用")
	for _, tc := range []struct {
		text  string
		group bool
		want  string
	}{
		{"查询隐患YH2026-0013", false, "查看隐患 YH2026-0013 请发送「隐患 YH2026-0013」"},
		{"查询隐患YH2026-0013。", false, "请发送「隐患 YH2026-0013」"},
		{"查询一下隐患 yh2026-13", false, "请发送「隐患 YH2026-0013」"},
		{"查询 YH 2026—0013", false, "请发送「隐患 YH2026-0013」"},
		{"查询隐患编号：YH2026-0007的整改情况", false, "请发送「隐患 YH2026-0007」"},
		{"查询隐患", false, "发送「隐患」查看清单"},
		{"@安全助手 查询隐患YH2026-0013", true, "请发送「隐患 YH2026-0013」"},
		{"查询 " + code, false, "受理"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			m := Message{Source: "test", ChatType: ChatSingle, UserID: "whistle_x9", Text: tc.text}
			if tc.group {
				m.ChatType, m.ChatID = ChatGroup, "wrG3"
			}
			got := f.send(m)
			if !strings.Contains(got, tc.want) || strings.Contains(got, "回执码不正确") || strings.Contains(got, "私聊") {
				t.Errorf("%s → %s\nwant %q", tc.text, got, tc.want)
			}
		})
	}
}
