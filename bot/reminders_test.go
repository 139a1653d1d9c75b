package bot

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/plan"
)

// withDuties seeds the plan's duties and rules, as serve does on first start.
func withDuties(f *fixture) *fixture {
	f.t.Helper()
	sch, err := plan.DefaultSchedule(plan.Default())
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.store.SeedDuties(context.Background(), sch.Duties, sch.Rules); err != nil {
		f.t.Fatal(err)
	}
	return f
}

func TestDigestFromLeaderHasRealCounts(t *testing.T) {
	f := withDuties(newFixture(t))
	ctx := context.Background()
	f.say("admin", "授权 boss 领导")
	f.say("admin", "授权 clerk 工作人员")
	for _, h := range []*safetybot.Hazard{
		{Description: "危货车辆未安装智能视频监控", Unit: "某运输公司", Domain: "道路运输", Grade: safetybot.GradeMajor, Deadline: "2026-11-20"},
		{Description: "隧道照明不足", Unit: "公路段", Domain: "公路运营", Grade: safetybot.GradeMajor, Deadline: "2026-12-31"},
		{Description: "消防通道堆放杂物", Unit: "客运站", Domain: "消防/人员密集场所", Grade: safetybot.GradeGeneral, Deadline: "2026-11-30"},
		{Description: "护栏缺损", Domain: "公路运营", Grade: safetybot.GradeGeneral},
	} {
		h.Source = safetybot.SourceInspection
		if err := f.store.CreateHazard(ctx, h, "clerk", nil); err != nil {
			t.Fatal(err)
		}
	}
	// The last one is closed on the spot: 1 of 4 closed this year.
	if got := f.say("clerk", "销号 YH2026-0004 已修复"); !strings.Contains(got, "销号") {
		t.Fatalf("销号: %s", got)
	}
	f.say("clerk", "完成 年度总结 已报送")

	got := f.say("boss", "摘要")
	for _, want := range []string{
		"安全生产每日摘要",
		"逾期未整改 1 条**（重大 1）", "YH2026-0001 某运输公司",
		"在办重大隐患 2 条",
		"3天内到期 1 条", "YH2026-0003",
		"近24小时新增 4 条",
		"整改销号率 25.0%（1/4），在办 3 条",
		"方案任务逾期",
		"匿名举报待受理 0 件",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("digest lacks %q:\n%s", want, got)
		}
	}
	if len(got) > 2048 {
		t.Errorf("digest is %d bytes", len(got))
	}
	// The English alias works; staff may not ask for it.
	if alias := f.say("boss", "digest"); !strings.Contains(alias, "安全生产每日摘要") {
		t.Errorf("digest alias: %s", alias)
	}
	if refused := f.say("clerk", "摘要"); !strings.Contains(refused, "仅限领导") {
		t.Errorf("staff 摘要: %s", refused)
	}
	// In a group the digest would show everyone its people responsible and
	// the count of anonymous reports awaiting triage (qa6 A4).
	for _, text := range []string{"摘要", "digest", "@安全助手 摘要"} {
		got := f.sayInGroup("boss", "wr001", text)
		if strings.Contains(got, "安全生产每日摘要") || strings.Contains(got, "匿名举报") || !strings.Contains(got, "只能在与机器人的私聊中使用") {
			t.Errorf("group %s: %s", text, got)
		}
	}
}

func TestRemindCommands(t *testing.T) {
	f := withWebhooks(withDuties(newFixture(t)), "安全群")
	f.say("admin", "授权 clerk 工作人员")
	f.converse([]step{
		{user: "clerk", text: "提醒", want: []string{"#1 党组议题·月初｜2026-12-01 09:00｜领导", "每日摘要｜2026-11-29 08:30", "提醒 全部"}, not: []string{"｜已结束"}},
		{user: "clerk", text: "提醒 全部", want: []string{"年度总结·12月3日｜2026-12-03 09:00", "评估报告·10月20日｜已结束"}},
		{user: "nobody", text: "提醒", want: []string{"仅限工作人员"}},
		{user: "clerk", text: "提醒 添加 0 9 * * 1 每周一安全例会 对象:领导", want: []string{"仅限管理员"}},
		{user: "admin", text: "提醒 添加 0 9 * * 1 每周一安全例会 对象:领导", want: []string{"已添加提醒 #", "发给领导", "下次 2026-11-30 09:00"}},
		{user: "admin", text: "提醒 添加 「30 8 * * 1-5」 晨检提醒 对象:专班:铁路沿线,群:安全群 名称:晨检", want: []string{"已添加提醒", "晨检", "铁路沿线工作专班、群机器人 安全群"}},
		{user: "admin", text: "提醒 添加 0 9 * * 1 重复的名称 对象:领导 名称:晨检", want: []string{"已有名为「晨检」的提醒"}},
		{user: "admin", text: "提醒 添加 CRON_TZ=Asia/Shanghai 0 9 1 * * 月度例会 对象:工作人员", want: []string{"已添加提醒"}},
		{user: "admin", text: "提醒 添加 TZ= 0 9 * * * 坏时区 对象:领导", want: []string{"时区"}},
		{user: "admin", text: "提醒 添加 CRON_TZ=Nowhere/Land 0 9 * * * 坏时区 对象:领导", want: []string{"指定了时区「Nowhere/Land」", "北京时间"}},
		{user: "admin", text: "提醒 添加 CRON_TZ=America/New_York 30 1 * * * 纽约时间 对象:领导", want: []string{"指定了时区「America/New_York」", "夏令时", "提醒两次"}, not: []string{"已添加"}},
		{user: "admin", text: "提醒 添加 TZ=UTC 0 1 * * * 世界时 对象:领导", want: []string{"北京时间", "去掉「TZ=UTC」"}, not: []string{"已添加"}},
		{user: "admin", text: "提醒 添加 0 9 1-7 * 1 每月第一个周一 对象:领导", want: []string{"“或”的关系"}},
		{user: "admin", text: "提醒 添加 0 9 */2 * 1 隔日周一 对象:领导", want: []string{"同时限定了日期（*/2）和星期（1）", "“或”的关系"}, not: []string{"已添加"}},
		{user: "admin", text: "提醒 添加 0 9 1-31/2 * 1 单日周一 对象:领导", want: []string{"“或”的关系"}, not: []string{"已添加"}},
		{user: "admin", text: "提醒 添加 「0 9 1,15 * MON」 半月周一 对象:领导", want: []string{"“或”的关系"}, not: []string{"已添加"}},
		{user: "admin", text: "提醒 添加 0 9 */2 * * 隔日提醒 对象:领导", want: []string{"已添加提醒"}},
		{user: "admin", text: "提醒 添加 0 9 30 2 * 二月三十日 对象:领导", want: []string{"永远不会触发"}},
		{user: "admin", text: "提醒 添加 */5 * * * * 刷屏 对象:领导", want: []string{"过于频繁"}},
		{user: "admin", text: "提醒 添加 @every 1h 刷屏 对象:领导", want: []string{"@every"}},
		{user: "admin", text: "提醒 添加 0 9 * * 1 无对象", want: []string{"请写明提醒对象"}},
		{user: "admin", text: "提醒 添加 0 9 * * 1 对象不明 对象:隔壁", want: []string{"无法识别"}},
		{user: "admin", text: "提醒 添加 0 9 *", want: []string{"5 段"}},
		{user: "admin", text: "提醒 飞 1", want: []string{"不是提醒的操作"}},
		{user: "admin", text: "提醒 暂停 x", want: []string{"应为数字"}},
		{user: "admin", text: "提醒 暂停 9999", want: []string{"没有编号为 9999"}},
		{user: "admin", text: "提醒 删除 1", want: []string{"不能删除", "提醒 暂停 1"}},
	})
	rules, err := f.store.Rules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var custom *safetybot.Rule
	for _, r := range rules {
		if r.Name == "晨检" {
			custom = r
		}
	}
	if custom == nil || custom.Audience != "group:railway,webhook:安全群" || custom.Spec != "30 8 * * 1-5" || custom.Kind != safetybot.RuleCustom {
		t.Fatalf("stored rule: %+v", custom)
	}
	id := itoa(custom.ID)
	f.converse([]step{
		{user: "admin", text: "提醒 暂停 " + id, want: []string{"已暂停提醒 #" + id}},
		{user: "clerk", text: "提醒 全部", want: []string{"晨检｜已暂停"}},
		{user: "admin", text: "提醒 恢复 " + id, want: []string{"已恢复提醒", "2026-11-30 08:30"}},
		{user: "admin", text: "remind delete " + id, want: []string{"已删除提醒"}},
		{user: "clerk", text: "提醒 全部", not: []string{"晨检"}},
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestDoneCommand(t *testing.T) {
	f := withDuties(newFixture(t))
	ctx := context.Background()
	f.say("admin", "授权 clerk 工作人员")
	f.say("admin", "授权 rail 工作人员 铁路沿线")
	f.converse([]step{
		{user: "clerk", text: "完成", want: []string{"⬜ 年度总结（2026年）", "⬜ 党组议题（2026年11月）"}},
		{user: "clerk", text: "完成 年度总结 已报送县安委办", want: []string{"已记录2026年「年度总结」完成：已报送县安委办", "本期剩余提醒不再发送"}},
		{user: "clerk", text: "done 年度总结", want: []string{"本期此前已登记 1 次"}},
		{user: "clerk", text: "完成", want: []string{"✅ 年度总结（2026年）"}},
		{user: "clerk", text: "完成 专班研究", want: []string{"对应多项职责", "铁路沿线专班研究"}},
		{user: "clerk", text: "完成 专班研究 公路运营 研究了冬季养护", want: []string{"「公路运营专班研究」完成：研究了冬季养护"}},
		{user: "rail", text: "完成 专班研究 研究铁路沿线隐患", want: []string{"「铁路沿线专班研究」完成"}},
		{user: "clerk", text: "完成 半年专题", want: []string{"2026年下半年「半年专题」"}},
		{user: "clerk", text: "完成 检查", want: []string{"检查 <单位>"}},
		{user: "clerk", text: "完成 任务17", want: []string{"进展 17"}},
		{user: "clerk", text: "完成 吃饭", want: []string{"没有名为「吃饭」的定期职责", "年度总结"}},
		{user: "nobody", text: "完成 年度总结", want: []string{"仅限工作人员"}},
	})
	for _, tc := range []struct{ duty, period string }{
		{"annual_summary", "2026"}, {"group_study:highway_ops", "2026-11"}, {"group_study:railway", "2026-11"}, {"half_year_study", "2026-H2"},
	} {
		if done, err := f.store.DutyDone(ctx, tc.duty, tc.period); err != nil || !done {
			t.Errorf("%s %s not done (%v)", tc.duty, tc.period, err)
		}
	}
	if done, _ := f.store.DutyDone(ctx, "group_study:road_water", "2026-11"); done {
		t.Error("another group's study was recorded")
	}
}

// FuzzRemindArgs feeds arbitrary text to the 提醒 grammar: the argument
// splitter, the cron spec parser (whose panics must be recovered) and the
// audience parser never panic, and every refusal is a user-facing error.
func FuzzRemindArgs(f *testing.F) {
	for _, s := range []string{
		"0 9 * * 1 每周一安全例会 对象:领导",
		"「30 8 * * 1-5」 晨检 对象:专班:铁路沿线,群:安全群 名称:晨检",
		"CRON_TZ=Asia/Shanghai 0 9 1 * * 月度 对象:工作人员",
		"TZ= 0 9 * * * x 对象:领导",
		"CRON_TZ=",
		"\"0 9 * * *",
		"@every 1h x 对象:领导",
		"0 9 30 2 * x 对象:用户:",
		"「」 x",
	} {
		f.Add(s)
	}
	keys := fields("对象", "名称")
	f.Fuzz(func(t *testing.T, in string) {
		a := readArgs(in, keys, time.Now())
		spec, text, err := parseRuleArgs(a.Words)
		if err != nil {
			if safetybot.ErrorCode(err) != safetybot.EINVALID {
				t.Fatalf("parseRuleArgs(%q): %v", in, err)
			}
			return
		}
		if text == "" || spec == "" {
			t.Fatalf("parseRuleArgs(%q) = %q, %q with no error", in, spec, text)
		}
		if _, err := plan.ParseSpec(spec); err != nil && safetybot.ErrorCode(err) != safetybot.EINVALID {
			t.Fatalf("ParseSpec(%q): %v", spec, err)
		}
		if aud, ok := a.Fields["对象"]; ok {
			if _, err := safetybot.ParseAudience(aud); err != nil && safetybot.ErrorCode(err) != safetybot.EINVALID {
				t.Fatalf("ParseAudience(%q): %v", aud, err)
			}
		}
	})
}

func TestEnterprisesAndInspectionStatus(t *testing.T) {
	f := withDuties(newFixture(t))
	f.say("admin", "授权 clerk 工作人员")
	f.converse([]step{
		{user: "clerk", text: "企业", want: []string{"尚无企业名录"}},
		{user: "clerk", text: "企业 某运输公司 wang", want: []string{"仅限管理员"}},
		{user: "admin", text: "企业 某运输公司 王经理", want: []string{"不是有效的企业微信 userid"}},
		{user: "admin", text: "企业 某运输公司 wang", want: []string{"已登记 某运输公司，主要负责人 wang"}},
		{user: "clerk", text: "上报 站内消防通道堵塞 单位:客运站", want: []string{"YH2026-"}},
		{user: "clerk", text: "检查 某运输公司 总经理带队检查危货车辆", want: []string{"本季度第 1 次"}},
		{user: "clerk", text: "企业", want: []string{"2026年第4季度", "已登记 1 家，未登记 1 家", "✅ 某运输公司（负责人 wang）", "⬜ 客运站"}},
	})
}

// TestDutyPeriodName: every reply about a duty (完成, the 完成 list's late
// line, 提醒's next time) names its period the same way, and a one-off
// duty's not at all.
func TestDutyPeriodName(t *testing.T) {
	for _, tc := range []struct{ period, want string }{
		{"2026-12", "2026年12月"},
		{"2026-Q4", "2026年第4季度"},
		{"2026-H1", "2026年上半年"},
		{"2026", "2026年"},
		{safetybot.PeriodOnce, ""},
	} {
		if got := dutyPeriodName(tc.period); got != tc.want {
			t.Errorf("dutyPeriodName(%q) = %q; want %q", tc.period, got, tc.want)
		}
	}
}
