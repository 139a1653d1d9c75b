package bot

import (
	"context"
	"fmt"
	"log/slog"
	"safetybot/internal/testkit"
	"strings"
	"sync"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/storetest"
	"safetybot/plan"
	"safetybot/store"
)

type fixture struct {
	logs   *testkit.Buffer // what the engine logged
	t      testing.TB
	engine *Engine
	store  *store.Store
	clock  *testkit.Clock
}

// newFixture opens a fresh database on 2026-11-28 10:00 Shanghai with the
// plan loaded; admin "admin" is configured, like SAFETYBOT_ADMINS=admin.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai))
	file := testkit.CopyOf(t, "bot.db", func(file string) error {
		s, err := store.Open(ctx, file, clock.Now)
		if err != nil {
			return err
		}
		defer s.Close()
		_, err = s.SeedPlan(ctx, plan.Default())
		return err
	})
	s, err := store.Open(ctx, file, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	logs := &testkit.Buffer{}
	e, err := NewEngine(ctx, s, Config{Admins: []string{"admin"}, Now: clock.Now, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, engine: e, store: s, clock: clock, logs: logs}
}

// say sends text as user in a private chat and returns the joined replies.
func (f *fixture) say(user, text string) string {
	return f.send(Message{Source: "test", ChatType: ChatSingle, UserID: user, Text: text})
}

func (f *fixture) sayInGroup(user, chat, text string) string {
	return f.send(Message{Source: "test", ChatType: ChatGroup, ChatID: chat, UserID: user, Text: text})
}

func (f *fixture) send(m Message) string {
	f.t.Helper()
	replies := f.engine.Handle(context.Background(), m)
	if len(replies) == 0 {
		f.t.Fatalf("%s: %q got no reply", m.UserID, m.Text)
	}
	var texts []string
	for _, r := range replies {
		texts = append(texts, r.Text)
	}
	return strings.Join(texts, "\n")
}

// step is one message of a conversation and what its reply must (not) say.
type step struct {
	user, text string
	want       []string
	not        []string
}

func (f *fixture) converse(steps []step) {
	f.t.Helper()
	for i, s := range steps {
		got := f.say(s.user, s.text)
		for _, w := range s.want {
			if !strings.Contains(got, w) {
				f.t.Errorf("step %d: %s says %q\nreply: %s\nwant it to contain %q", i+1, s.user, s.text, got, w)
			}
		}
		for _, w := range s.not {
			if strings.Contains(got, w) {
				f.t.Errorf("step %d: %s says %q\nreply: %s\nwant it NOT to contain %q", i+1, s.user, s.text, got, w)
			}
		}
	}
}

const majorReport = "上报 危货车辆未安装智能视频监控 单位:某运输公司 领域:道路运输 等级:重大 期限:2026-12-31"

func TestConversations(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"full lifecycle of a major hazard by an admin", []step{
			{"admin", "授权 leader1 领导", []string{"已授予 leader1 领导"}, nil},
			{"zhangsan", majorReport, []string{"YH2026-0001", "重大", "道路运输", "待确认", "已通知领导"}, nil},
			{"admin", "销号 YH2026-0001", []string{"尚未确认", "确认 YH2026-0001"}, nil},
			{"admin", "确认 YH2026-0001", []string{"已确认", "整改中"}, nil},
			{"admin", "确认 YH2026-0001", []string{"已确认"}, nil},
			{"admin", "指派 YH2026-0001 lisi 期限:12月20日", []string{"lisi", "期限由 12月31日 改为 12月20日", "已通知"}, nil},
			{"admin", "销号 YH2026-0001", []string{"尚未报整改完成"}, nil},
			{"lisi", "整改 YH2026-0001 已订购视频监控设备", []string{"已记录", "整改中"}, nil},
			{"lisi", "整改 YH2026-0001 设备已安装调试 完成:是", []string{"整改完成", "待验收"}, nil},
			{"admin", "驳回 YH2026-0001 两台车未接入平台", []string{"退回整改"}, nil},
			{"lisi", "整改 YH2026-0001 已全部接入 完成：是", []string{"待验收"}, nil},
			{"admin", "销号 YH2026-0001 现场复核合格", []string{"已销号"}, nil},
			{"admin", "销号 YH2026-0001", []string{"已由 admin 于 11-28 10:00 销号，不能再销号"}, nil},
			{"admin", "隐患 YH2026-0001", []string{"已销号", "上报", "确认", "指派", "完成整改", "验收不通过", "销号：现场复核合格", "责任人：lisi"}, nil},
		}},
		{"ledger details along the lifecycle", []step{
			{"zhangsan", "上报 隧道照明失效 领域:公路运营 单位:养护站 原因:线路老化 管控:限速通行", []string{"YH2026-0001"}, nil},
			{"admin", "确认 YH2026-0001 等级:重大 依据:公路运营领域重大事故隐患判定标准第5条 督办:县级，县交通运输局，沁交督〔2026〕3号", []string{"已确认", "【重大】"}, nil},
			{"admin", "指派 YH2026-0001 lisi", []string{"lisi"}, nil},
			{"lisi", "整改 YH2026-0001 措施:更换照明线路 资金:3.5万元 停产:否", []string{"已记录"}, nil},
			{"lisi", "整改 YH2026-0001 停产:也许", []string{"未能读取：停产「也许」（只能填 是 或 否", "未作记录"}, []string{"已记录"}},
			{"lisi", "整改 YH2026-0001 措施:", []string{"未能读取：措施（内容为空）", "未作记录"}, []string{"已记录"}},
			{"admin", "隐患 YH2026-0001", []string{
				"产生原因：线路老化", "判定依据：公路运营领域重大事故隐患判定标准第5条", "挂牌督办：县级", "临时管控：限速通行",
				"整改措施：更换照明线路", "整改资金：3.5万元", "确认：等级由一般改为重大", "挂牌督办：县级，县交通运输局，沁交督〔2026〕3号", "整改：整改措施：更换照明线路",
			}, []string{"已停产停业"}},
			{"admin", "确认 YH2026-0001 等级:特大", []string{"等级「特大」无法识别"}, nil},
		}},
		{"permissions", []step{
			{"zhangsan", majorReport, []string{"YH2026-0001"}, nil},
			{"zhangsan", "销号 YH2026-0001", []string{"仅限工作人员"}, []string{"已销号"}},
			{"zhangsan", "隐患 YH2026-0001", []string{"仅限工作人员"}, []string{"危货车辆"}},
			{"zhangsan", "授权 zhangsan 管理员", []string{"仅限管理员"}, nil},
			{"zhangsan", "整改 YH2026-0001 自己整改", []string{"只有工作人员或该隐患的责任人"}, nil},
			{"admin", "授权 wang 工作人员 公路运营", []string{"公路运营工作专班"}, nil},
			{"admin", "授权 zhao 工作人员 道路（水上）运输", []string{"道路（水上）运输工作专班"}, nil},
			{"wang", "隐患 YH2026-0001", []string{"危货车辆"}, nil},
			{"wang", "驳回 YH2026-0001 重复上报", []string{"无权驳回"}, nil},
			{"zhao", "驳回 YH2026-0001 重复上报", []string{"已驳回"}, nil},
			{"admin", "授权 wang 工作人员", []string{"已授予 wang 工作人员"}, nil},
			{"zhangsan", "上报 收费站灭火器过期 领域:消防 单位:某收费站", []string{"YH2026-0002", "消防/人员密集场所"}, nil},
			{"zhao", "销号 YH2026-0002", []string{"无权销号"}, nil},
			{"wang", "销号 YH2026-0002 已更换", []string{"已销号"}, nil},
			{"admin", "撤权 wang 工作人员", []string{"已撤销"}, nil},
			{"wang", "任务", []string{"仅限工作人员"}, nil},
		}},
		{"help shows only what the caller may run", []step{
			{"nobody", "帮助", []string{"上报", "检查"}, []string{"销号", "授权", "摘要 "}},
			{"admin", "help", []string{"上报", "销号", "授权", "失败投递"}, nil},
		}},
		{"grammar and bad input", []step{
			{"admin", "", []string{"发送「帮助」"}, nil},
			{"admin", "   ", []string{"发送「帮助」"}, nil},
			{"admin", "吃饭了吗", []string{"未识别的命令", "帮助"}, nil},
			{"admin", "@安全助手 上报 桥梁护栏缺失 领域:公路 等级:一般", []string{"YH2026-0001", "公路运营"}, nil},
			{"admin", "上报桥梁伸缩缝破损 领域：公路运营", []string{"YH2026-0002"}, nil},
			{"admin", "REPORT 隧道照明不足 domain:公路运营 grade:major deadline:2027-01-15", []string{"YH2026-0003", "重大"}, nil},
			{"admin", "上报 领域:道路运输", []string{"请写明隐患描述", "用法：上报"}, nil},
			{"admin", "上报 渡口缺少救生衣 领域:航空", []string{"YH2026-0004", "未能读取：领域「航空」", "水上交通", "修改 YH2026-0004"}, nil},
			{"admin", "上报 渡口缺少救生衣 等级:特别重大", []string{"YH2026-0005", "等级：重大", "已通知领导"}, []string{"未能读取"}},
			{"admin", "上报 渡口缺少救生衣 期限:2026-02-30", []string{"YH2026-0006", "未能读取：期限「2026-02-30」", "期限：未填"}, nil},
			{"admin", "上报 渡口缺少救生衣 期限:明年春天", []string{"YH2026-0007", "未能读取：期限「明年春天」", "2026-12-31"}, nil},
			{"admin", "上报 渡口缺少救生衣 期限:12-31 领域:水上", []string{"YH2026-0008", "2026-12-31", "水上交通"}, []string{"未能读取"}},
			{"admin", "上报 会议 10:30 在二楼 领域:水上", []string{"YH2026-0009"}, []string{"未识别"}},
			{"admin", "隐患 YH2026-0009", []string{"会议 10:30 在二楼"}, nil},
			{"admin", "隐患 YH2026-9999", []string{"没有编号为 YH2026-9999 的隐患"}, nil},
			{"admin", "销号 9999", []string{"不是完整的隐患编号，请写完整编号，如 YH2026-9999", "用法：销号"}, nil},
			{"admin", "指派 YH2026-0001", []string{"用法：指派"}, nil},
			{"admin", "驳回 YH2026-0001", []string{"请写明驳回原因"}, nil},
			{"admin", "指派 YH2026-0001 张三", []string{"不是企业微信账号"}, nil},
			{"admin", "授权 张三 领导", []string{"不是企业微信账号"}, nil},
			{"admin", "授权 lisi 皇帝", []string{"角色「皇帝」无法识别"}, nil},
			{"admin", "授权 lisi 领导 公路运营", []string{"只有工作人员可以限定专班"}, nil},
			{"admin", "授权 lisi 工作人员 航空专班", []string{"专班「航空专班」无法识别"}, nil},
			{"admin", "隐患 yh2026-1", []string{"YH2026-0001", "桥梁护栏缺失"}, nil},
			{"admin", "隐患 火星", []string{"不是领域、状态或编号"}, nil},
		}},
		{"lists and filters", []step{
			{"admin", majorReport, []string{"YH2026-0001"}, nil},
			{"admin", "上报 码头消防通道堵塞 领域:水上交通 期限:2026-11-30", []string{"YH2026-0002"}, nil},
			{"admin", "上报 公交站牌松动 领域:城市客运", []string{"YH2026-0003"}, nil},
			{"admin", "驳回 YH2026-0003 非隐患", []string{"已驳回"}, nil},
			{"admin", "隐患", []string{"未销号隐患共 2 条", "YH2026-0001", "YH2026-0002"}, []string{"YH2026-0003"}},
			{"admin", "隐患 水上交通", []string{"共 1 条", "YH2026-0002"}, []string{"YH2026-0001"}},
			{"admin", "隐患 重大", []string{"共 1 条", "YH2026-0001"}, nil},
			{"admin", "隐患 已驳回", []string{"YH2026-0003"}, []string{"YH2026-0001"}},
			{"admin", "隐患 全部", []string{"共 3 条"}, nil},
			{"admin", "隐患 逾期", []string{"逾期 未销号隐患：无"}, nil},
		}},
		{"tasks and progress", []step{
			{"admin", "任务", []string{"方案任务 29 项", "20 健全重大事故隐患数据库", "已逾期"}, nil},
			{"admin", "任务 20", []string{"任务 20", "2024-12-31", "暂无进展记录"}, nil},
			{"admin", "进展 20 数据库已上线 完成度:60%", []string{"已记录任务 20", "60%"}, nil},
			{"admin", "任务 20", []string{"数据库已上线", "（60%）", "完成度 60%"}, nil},
			{"admin", "进展 20 全部完成 完成度:100", []string{"100%"}, nil},
			{"admin", "任务 20", []string{"已完成"}, nil},
			{"admin", "进展 20 完成度:120%", []string{"0 到 100"}, nil},
			{"admin", "进展 30 说明", []string{"没有第 30 项任务"}, nil},
			{"admin", "任务 abc", []string{"未能识别「abc」", "任务 城市客运"}, []string{"请写数字"}},
			{"admin", "任务 0", []string{"不是任务编号"}, nil},
		}},
		{"duties", []step{
			{"admin", "议题 研究道路运输领域重大事故隐患排查整治", []string{"2026年11月", "本月第 1 项", "不再发送"}, nil},
			{"admin", "议题", []string{"请写明本月研究的安全生产议题"}, nil},
			{"boss1", "检查 某运输公司 带队检查车辆动态监控", []string{"只有企业登记的主要负责人"}, nil},
			{"admin", "企业 某运输公司 boss1", nil, nil},
			{"boss1", "检查 某运输公司 带队检查车辆动态监控", []string{"某运输公司", "2026年第4季度", "第 1 次"}, nil},
			{"boss1", "检查 某运输公司 复查", []string{"第 2 次"}, nil},
			{"boss1", "检查 某运输公司", []string{"请写明单位名称和检查情况"}, nil},
			{"boss1", "议题 越权", []string{"仅限工作人员"}, nil},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			newFixture(t).converse(tc.steps)
		})
	}
}

func TestMajorHazardNotifiesLeadersAndAssignee(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.say("admin", "授权 leader1 领导")
	f.say("admin", "授权 leader2 领导")
	f.say("zhangsan", majorReport)
	f.say("admin", "指派 YH2026-0001 lisi")
	due, err := storetest.DueOutbox(ctx, f.store, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range due {
		got[m.TargetKind+":"+m.Target] = m.Body
	}
	// one card to both leaders (one task_id, so a click updates both copies)
	if len(got) != 2 {
		t.Fatalf("outbox has %d rows %v; want a card to leader1|leader2 and one to lisi", len(due), got)
	}
	if !strings.Contains(got["user:leader1|leader2"], "【重大隐患】YH2026-0001") {
		t.Errorf("leaders got %q", got["user:leader1|leader2"])
	}
	if !strings.Contains(got["user:lisi"], "【整改指派】YH2026-0001（您被指派整改）") {
		t.Errorf("lisi got %q", got["user:lisi"])
	}
}

func TestGeneralHazardQueuesNothing(t *testing.T) {
	f := newFixture(t)
	f.say("admin", "授权 leader1 领导")
	f.say("zhangsan", "上报 消防通道堆放杂物 领域:消防")
	due, _ := storetest.DueOutbox(context.Background(), f.store, 10)
	if len(due) != 0 {
		t.Fatalf("a general hazard queued %d notifications", len(due))
	}
}

func TestNumbersRestartEachYear(t *testing.T) {
	f := newFixture(t)
	f.say("admin", "上报 一 领域:水上")
	f.clock.Add(40 * 24 * time.Hour) // 2027-01-07
	if got := f.say("admin", "上报 二 领域:水上"); !strings.Contains(got, "YH2027-0001") {
		t.Fatalf("first hazard of 2027: %s", got)
	}
}

func TestOddMessagesGetAnAnswer(t *testing.T) {
	f := newFixture(t)
	for name, tc := range map[string]struct{ text, want string }{
		"too long":     {strings.Repeat("隐", MaxMessageRunes+1), "消息过长"},
		"invalid utf8": {"上报 \xff\xfe 桥", "编码错误"},
		"only mention": {"@安全助手", "发送「帮助」"},
		"nul bytes":    {"帮助\x00", "可用命令"},
		"at the limit": {"上报 " + strings.Repeat("桥", MaxMessageRunes-3), "500 字以内"},
	} {
		if got := f.say("admin", tc.text); !strings.Contains(got, tc.want) {
			t.Errorf("%s: reply %q, want %q", name, safetybot.Truncate(got, 80), tc.want)
		}
	}
	if got := f.say("", "帮助"); !strings.Contains(got, "无法识别发送人") {
		t.Errorf("empty user: %q", got)
	}
}

func TestGroupChatWorksLikePrivate(t *testing.T) {
	f := newFixture(t)
	got := f.sayInGroup("zhangsan", "wrGroup1", "@安全助手 上报 渡船超载 领域:水上交通")
	if !strings.Contains(got, "YH2026-0001") {
		t.Fatalf("group report: %s", got)
	}
}

func TestConcurrentReportsGetDistinctNumbers(t *testing.T) {
	f := newFixture(t)
	const n = 40
	var wg sync.WaitGroup
	replies := make([]string, n)
	for i := range n {
		wg.Go(func() { replies[i] = f.say(fmt.Sprintf("u%d", i%3), "上报 并发隐患 领域:水上") })
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, r := range replies {
		num, _, _ := strings.Cut(strings.TrimPrefix(r, "已登记隐患 "), "（")
		if seen[num] || !strings.HasPrefix(num, "YH2026-") {
			t.Fatalf("duplicate or bad number %q in %q", num, r)
		}
		seen[num] = true
	}
}

func TestConfirmingAsMajorNotifiesLeaders(t *testing.T) {
	f := newFixture(t)
	f.say("admin", "授权 leader1 领导")
	f.say("zhangsan", "上报 渡口护栏锈蚀 领域:水上交通")
	f.say("admin", "确认 YH2026-0001 等级:重大 依据:内河运输船舶重大事故隐患判定标准")
	due, err := storetest.DueOutbox(context.Background(), f.store, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].Target != "leader1" || !strings.Contains(due[0].Body, "经确认定为重大") ||
		!strings.Contains(due[0].Body, "内河运输船舶重大事故隐患判定标准") {
		t.Fatalf("outbox after regrading: %+v", due)
	}
}
