package bot

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/plan"
)

// withRevision imports, as plan import does, a revision of the loaded plan:
// the plan exported as it is, changed by edit, same period. The revised
// plan is archived as 方案N.
func withRevision(f *fixture, edit func(*safetybot.PlanFile)) *fixture {
	f.t.Helper()
	ctx := context.Background()
	p, err := f.store.Plan(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	duties, _ := f.store.Duties(ctx)
	rules, _ := f.store.Rules(ctx)
	rev := plan.Export(p, duties, rules)
	next := plan.Export(p, duties, rules)
	edit(next)
	norm, sch, err := plan.Normalize(next, f.clock.Now())
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.store.ImportPlan(ctx, safetybot.PlanImport{Plan: &norm.Plan, Duties: sch.Duties, Rules: sch.Rules,
		Archive: rev, Actor: "test"}); err != nil {
		f.t.Fatal(err)
	}
	return f
}

// dropDuty is a revision that removes the duty of key.
func dropDuty(key string) func(*safetybot.PlanFile) {
	return func(p *safetybot.PlanFile) {
		p.Duties = slices.DeleteFunc(p.Duties, func(d safetybot.Duty) bool { return d.Key == key })
	}
}

// QA2 item 4: a duty a same-period revision removed is no longer recorded
// as done (完成 一线督导 was, although 完成 and 方案 no longer listed it);
// the reply says the revision removed it. A day it was still in force is
// backfilled as before.
func TestDutyRemovedByRevision(t *testing.T) {
	f := withDuties(newFixture(t)) // 2026-11-28 10:00
	f.say("admin", "授权 boss 领导")
	f.say("admin", "授权 clerk 工作人员")
	f.clock.Add(-3 * 24 * time.Hour) // 2026-11-25: the revision is imported then
	f = withRevision(f, dropDuty("leader_field_check"))
	f.clock.Add(3 * 24 * time.Hour)
	removed := []string{"方案中没有「一线督导」这项职责", "2026-11-25", "方案修订", "方案1"}
	stored := []string{"已记录", "已补记", "本期此前已登记"}
	f.converse([]step{
		{user: "boss", text: "完成 一线督导", want: removed, not: stored},
		{user: "boss", text: "完成 一线督导 到城关客运站督导春运准备", want: removed, not: stored},
		{user: "boss", text: "完成 督导检查，深入通达客运检查危货车辆", want: removed, not: stored},
		{user: "admin", text: "完成 一线督导 日期:今天 管理员代登记", want: removed, not: stored},
		{user: "boss", text: "完成 一线督导 日期:2026-11-26 修订后才去的", want: removed, not: stored},
		{user: "boss", text: "完成 一线督导 日期:2026-11-20 去城关客运站督导", want: []string{"已补记2026年11月「一线督导」完成（补记，实际日期 2026-11-20）"}, not: []string{"剩余提醒"}},
		{user: "clerk", text: "完成 年度总结 已报县安委办", want: []string{"已记录2026年「年度总结」完成"}},
		{user: "clerk", text: "完成 无此事项", want: []string{"没有名为「无此事项」的定期职责"}, not: []string{"方案修订"}},
		{user: "clerk", text: "完成", not: []string{"一线督导"}},
	})
	recs, err := f.store.DutyRecords(context.Background(), "leader_field_check", "2026-11")
	if err != nil || len(recs) != 1 || recs[0].On != "2026-11-20" {
		t.Errorf("一线督导 2026-11: %+v (%v), want only the backfill of 2026-11-20", recs, err)
	}
}

// inForce picks the archived plan in force on a day: the newest whose
// period includes it and that was imported by then.
func TestInForce(t *testing.T) {
	at := func(day string) time.Time {
		d, err := safetybot.Date(day).Time()
		if err != nil {
			t.Fatal(err)
		}
		return d.Add(10 * time.Hour)
	}
	campaign := safetybot.PlanVersion{ID: 1, Start: "2024-01-01", End: "2026-12-31", ArchivedAt: at("2026-11-25")}
	revised := safetybot.PlanVersion{ID: 2, Start: "2024-01-01", End: "2026-12-31", ArchivedAt: at("2026-12-05")}
	plan2027 := &safetybot.Plan{Phases: []safetybot.Phase{{Start: "2027-01-01", End: "2027-12-31"}}}
	plan2026 := &safetybot.Plan{Phases: []safetybot.Phase{{Start: "2024-01-01", End: "2026-12-31"}}}
	tests := []struct {
		name string
		vs   []safetybot.PlanVersion
		cur  *safetybot.Plan
		date safetybot.Date
		want int64 // 0: none, the current plan's duties only
	}{
		{"revision, today", []safetybot.PlanVersion{campaign}, plan2026, "2026-11-28", 0},
		{"revision, its day", []safetybot.PlanVersion{campaign}, plan2026, "2026-11-25", 0},
		{"revision, the day before", []safetybot.PlanVersion{campaign}, plan2026, "2026-11-24", 1},
		{"two revisions, between them", []safetybot.PlanVersion{campaign, revised}, plan2026, "2026-12-01", 2},
		{"two revisions, before both", []safetybot.PlanVersion{campaign, revised}, plan2026, "2026-10-01", 1},
		{"two revisions, after both", []safetybot.PlanVersion{campaign, revised}, plan2026, "2026-12-06", 0},
		{"next plan imported early, rest of the campaign", []safetybot.PlanVersion{campaign}, plan2027, "2026-12-20", 1},
		{"next plan, its own day", []safetybot.PlanVersion{campaign}, plan2027, "2027-01-04", 0},
		{"revised campaign, then the next plan", []safetybot.PlanVersion{campaign, revised}, plan2027, "2026-12-20", 2},
		{"before any plan", []safetybot.PlanVersion{campaign}, plan2027, "2023-06-01", 0},
	}
	for _, tt := range tests {
		v := inForce(tt.vs, tt.cur, tt.date)
		var got int64
		if v != nil {
			got = v.ID
		}
		if got != tt.want {
			t.Errorf("%s: inForce on %s = 方案%d, want 方案%d", tt.name, tt.date, got, tt.want)
		}
	}
}

// QA2 item 5: two revisions of the same period are archived as 方案1 and
// 方案2 under the same title; 方案 tells them apart by when each was
// imported and archived (it showed both as 「《沁水县…（20…》」).
func TestPlanRevisionsDistinguishable(t *testing.T) {
	f := withDuties(newFixture(t)) // 2026-11-28 10:00
	title := plan.Default().Title
	f.clock.Add(-3 * 24 * time.Hour) // 2026-11-25 10:00
	f = withRevision(f, dropDuty("leader_field_check"))
	f.clock.Add(2*24*time.Hour + 5*time.Hour + 30*time.Minute) // 2026-11-27 15:30
	f = withRevision(f, func(p *safetybot.PlanFile) { p.Tasks[0].Title += "（修订）" })
	f.clock.Add(18*time.Hour + 30*time.Minute)
	f.say("admin", "授权 clerk 工作人员")
	f.converse([]step{
		{user: "clerk", text: "方案", want: []string{
			"当前方案：《" + title + "》（2026-11-27 15:30 导入）",
			"· 方案1《" + title + "》：2024-01-01 至 2026-12-31，29 项任务；最初载入，2026-11-25 10:00 修订时归档",
			"· 方案2《" + title + "》：2024-01-01 至 2026-12-31，29 项任务；2026-11-25 10:00 导入，2026-11-27 15:30 修订时归档",
			"发送「方案 方案2」或「任务 方案2 <编号>」查看",
		}, not: []string{"（20…"}},
		{user: "clerk", text: "方案 方案1", want: []string{"历史方案「方案1」（已归档，只读；最初载入，2026-11-25 10:00 修订时归档）：《" + title + "》"}},
		{user: "clerk", text: "方案 方案2", want: []string{"历史方案「方案2」（已归档，只读；2026-11-25 10:00 导入，2026-11-27 15:30 修订时归档）"}},
	})
}

// qa6a #6: a revision that drops a working group leaves its staff's grants
// pointing at it. They are shown by the name the group had, marked as
// removed, never as 领导组办公室 or by its key (railway), and 完成 tells the
// staff member to have the role granted anew.
func TestGroupRemovedByRevision(t *testing.T) {
	f := withDuties(newFixture(t))
	f.say("admin", "授权 li 工作人员 铁路沿线")
	f = withRevision(f, func(p *safetybot.PlanFile) {
		p.Groups = slices.DeleteFunc(p.Groups, func(g safetybot.WorkingGroup) bool { return g.Key == "railway" })
		for i := range p.Domains {
			if p.Domains[i].Group == "railway" {
				p.Domains[i].Group = "highway_ops"
			}
		}
		for i := range p.Tasks {
			if p.Tasks[i].Owner == "railway" {
				p.Tasks[i].Owner = "office"
			}
		}
		p.Duties = slices.DeleteFunc(p.Duties, func(d safetybot.Duty) bool { return strings.HasSuffix(d.Key, ":railway") })
	})
	e, err := NewEngine(context.Background(), f.store, Config{Admins: []string{"admin"}, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	f.engine = e // as a restart reads the revised plan
	f.converse([]step{
		{"admin", "授权", []string{"li：工作人员（铁路沿线工作专班，已从当前方案删除）"}, []string{"领导组办公室", "railway"}},
		{"li", "完成 公路工程建设专班研究", []string{"限定于铁路沿线工作专班，当前方案已删除这个专班", "授权 li 工作人员 <专班>"}, []string{"railway", "已记录"}},
		{"admin", "授权 li 工作人员 公路运营", []string{"取代原来的「铁路沿线工作专班，已从当前方案删除」"}, []string{"领导组办公室"}},
	})
}
