package bot

import (
	"context"
	"slices"
	"strings"
	"testing"

	"safetybot"
	"safetybot/plan"
)

// withArchived imports the 2027 plan file over the loaded plan as plan
// import --now does, archiving the 2024–2026 plan as 方案1 while it still
// runs (today is 2026-11-28).
func withArchived(f *fixture) *fixture {
	f.t.Helper()
	return withArchivedPlan(f, nil)
}

// withArchivedPlan is withArchived with the 2027 plan file changed by edit
// first (nil: as it is).
func withArchivedPlan(f *fixture, edit func(*safetybot.PlanFile)) *fixture {
	f.t.Helper()
	ctx := context.Background()
	next, err := plan.LoadFile("../testdata/plans/good-2027.json")
	if err != nil {
		f.t.Fatal(err)
	}
	if edit != nil {
		edit(next)
	}
	norm, sch, err := plan.Normalize(next, f.clock.Now())
	if err != nil {
		f.t.Fatal(err)
	}
	p, err := f.store.Plan(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	duties, _ := f.store.Duties(ctx)
	rules, _ := f.store.Rules(ctx)
	if _, err := f.store.ImportPlan(ctx, safetybot.PlanImport{Plan: &norm.Plan, Duties: sch.Duties, Rules: sch.Rules,
		Archive: plan.Export(p, duties, rules), Actor: "test"}); err != nil {
		f.t.Fatal(err)
	}
	return f
}

// QA 11 §1: after the 2027 plan was imported early, the 2026 duties are
// still backfilled (the earliest plan start bounds a backfill, not the
// current plan's), progress on an archived plan's task is refused with the
// way to go, and 方案 方案1 no longer counts days left or names a phase.
func TestArchivedPlanAfterEarlyImport(t *testing.T) {
	f := withArchived(withDuties(newFixture(t)))
	f.say("admin", "授权 clerk 工作人员")
	f.say("admin", "授权 road 工作人员 公路运营")
	f.converse([]step{
		{user: "clerk", text: "议题 日期:2026-11-20 研究冬季道路运输安全", want: []string{"已补记 2026年11月 局党组安全生产议题"}, not: []string{"早于方案开始"}},
		{user: "clerk", text: "检查 某运输公司 带队检查 日期:2026-10-10", want: []string{"已补记", "2026年第4季度"}, not: []string{"早于方案开始"}},
		{user: "clerk", text: "完成 年度总结 日期:2026-11-25", want: []string{"已补记"}, not: []string{"早于方案开始"}},
		{user: "clerk", text: "议题 日期:2023-12-20 过早", want: []string{"日期 2023-12-20 早于方案开始（2024-01-01）"}},
		{user: "clerk", text: "进展 方案1 13 已完成督导", want: []string{"方案1《", "已归档", "不能再记录任务进展", "任务 方案1 <编号>", "进展 <任务编号> <说明>"}, not: []string{"不是任务编号", "已记录"}},
		{user: "clerk", text: "进展 方案9 13 无此方案", want: []string{"方案9"}, not: []string{"已记录"}},
		{user: "clerk", text: "方案 方案1", want: []string{"已归档，只读", "2024-01-01 至 2026-12-31（已归档，不再执行）"}, not: []string{"还剩", "当前阶段"}},
		{user: "clerk", text: "方案", want: []string{"2027-01-01 至 2027-12-31"}},
	})
}

// The plan-end reminder tells the admins to import the next plan from its
// first day, not before the current plan ends.
func TestEndDutyTextSaysImportOnFirstDay(t *testing.T) {
	f := newFixture(t)
	_, r, ok := plan.EndDuty(plan.Default(), f.clock.Now())
	if !ok {
		t.Fatal("no plan-end duty on 2026-11-28")
	}
	for _, want := range []string{"到新方案开始的第一天（或之后）", "--dry-run", "提前导入会归档正在执行的本方案"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("plan-end reminder %q lacks %q", r.Text, want)
		}
	}
	if strings.Contains(r.Text, "在结束前") {
		t.Errorf("plan-end reminder still says to import before the end: %q", r.Text)
	}
}

// QA 11b §1: after a 2027 plan without working-group studies was imported
// while the campaign still ran, the campaign's 专班研究 is still backfilled
// for a day inside the campaign (its archived duties are matched), and
// counts for that month; a day the archived plan does not cover, or a
// duty neither plan has, is still refused.
func TestArchivedDutyBackfill(t *testing.T) {
	f := withArchivedPlan(withDuties(newFixture(t)), func(p *safetybot.PlanFile) {
		p.Duties = slices.DeleteFunc(p.Duties, func(d safetybot.Duty) bool { return d.Key == "group_study" })
	})
	f.say("admin", "授权 clerk 工作人员")
	f.converse([]step{
		{user: "clerk", text: "完成 专班研究 公路运营 日期:2026-11-12 研究冬季除雪保通", want: []string{"已补记2026年11月「公路运营专班研究」完成（补记，实际日期 2026-11-12）"}, not: []string{"没有名为"}},
		{user: "clerk", text: "完成 公路运营专班研究 日期:2026-10-15", want: []string{"已补记2026年10月「公路运营专班研究」完成"}, not: []string{"没有名为"}},
		{user: "clerk", text: "完成 年度总结 日期:2026-11-25", want: []string{"已补记"}},
		{user: "clerk", text: "完成 无此事项 日期:2026-11-12", want: []string{"没有名为「无此事项」的定期职责"}},
	})
	ctx := context.Background()
	for _, period := range []string{"2026-11", "2026-10"} {
		recs, err := f.store.DutyRecords(ctx, "group_study:highway_ops", period)
		if err != nil || len(recs) != 1 || !recs[0].Backfilled() {
			t.Errorf("group_study:highway_ops %s: %+v (%v), want one backfilled record", period, recs, err)
		}
	}
}
