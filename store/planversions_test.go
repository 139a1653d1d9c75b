package store

import (
	"context"
	"os"
	"testing"

	"safetybot"
	"safetybot/plan"
)

func seededPlan(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	p := plan.Default()
	if _, err := s.SeedPlan(ctx, p); err != nil {
		t.Fatal(err)
	}
	sch, err := plan.DefaultSchedule(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SeedDuties(ctx, sch.Duties, sch.Rules); err != nil {
		t.Fatal(err)
	}
}

func ruleNamed(t *testing.T, s *Store, name string) *safetybot.Rule {
	t.Helper()
	rules, err := s.Rules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// importFile imports plan file f as plan import does.
func importFile(t *testing.T, s *Store, f *safetybot.PlanFile, carry []int) (int64, error) {
	t.Helper()
	ctx := context.Background()
	cur, err := s.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	duties, _ := s.Duties(ctx)
	rules, _ := s.Rules(ctx)
	norm, sch, err := plan.Normalize(f, s.now())
	if err != nil {
		t.Fatal(err)
	}
	return s.ImportPlan(ctx, safetybot.PlanImport{Plan: &norm.Plan, Duties: sch.Duties, Rules: sch.Rules,
		Archive: plan.Export(cur, duties, rules), Carry: carry, Actor: "test"})
}

func progressOf(t *testing.T, s *Store, no int) (int, int) {
	t.Helper()
	ts, err := s.Tasks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range ts {
		if task.No == no {
			return task.Progress, task.Updates
		}
	}
	t.Fatalf("no task %d", no)
	return 0, 0
}

// TestImportPlanRevisionThenNext: a revision keeps the carried tasks'
// updates and every rule's id, watermark and paused state; the next plan
// starts its tasks afresh; both old versions stay readable and report their
// years; custom and system rules are never touched.
func TestImportPlanRevisionThenNext(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	seededPlan(t, s)
	for _, u := range []safetybot.TaskUpdate{{TaskNo: 3, Actor: "a", Note: "部署", Progress: 40}, {TaskNo: 5, Actor: "a", Note: "起步", Progress: 10}} {
		if err := s.AddTaskUpdate(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	topic := ruleNamed(t, s, "党组议题·月初")
	if _, err := s.SetRulePaused(ctx, topic.ID, true); err != nil {
		t.Fatal(err)
	}
	custom := &safetybot.Rule{Name: "周一例会", Kind: safetybot.RuleCustom, Spec: "0 9 * * 1", Text: "例会", Audience: "role:staff", CreatedBy: "admin"}
	if err := s.AddRule(ctx, custom); err != nil {
		t.Fatal(err)
	}
	digest := ruleNamed(t, s, "每日摘要")

	// A revision: task 5 renamed, the topic's first reminder an hour later.
	rev := mustParse(t, "../plan/campaign.json")
	rev.Tasks[4].Title = "强化重大事故隐患排查整治（修订）"
	norm, _, err := plan.Normalize(rev, s.now())
	if err != nil {
		t.Fatal(err)
	}
	norm.Duties[0].Reminders[0].Spec = "0 10 1 * *"
	var carry []int
	for _, task := range norm.Tasks {
		if task.No != 5 {
			carry = append(carry, task.No)
		}
	}
	id, err := importFile(t, s, norm, carry)
	if err != nil || id != 1 {
		t.Fatalf("revision: id %d, %v", id, err)
	}
	if p, n := progressOf(t, s, 3); p != 40 || n != 1 {
		t.Errorf("task 3 after revision: %d%%, %d updates; want 40%%, 1", p, n)
	}
	if p, n := progressOf(t, s, 5); p != 0 || n != 0 {
		t.Errorf("renamed task 5 after revision: %d%%, %d updates; want none", p, n)
	}
	after := ruleNamed(t, s, "党组议题·月初")
	if after == nil || after.ID != topic.ID || !after.Paused || !after.Watermark.Equal(topic.Watermark) || after.Spec != "0 10 1 * *" {
		t.Errorf("revised rule %+v, was %+v", after, topic)
	}
	if r := ruleNamed(t, s, "周一例会"); r == nil || r.ID != custom.ID {
		t.Errorf("custom rule lost: %+v", r)
	}
	if r := ruleNamed(t, s, "每日摘要"); r == nil || r.ID != digest.ID {
		t.Errorf("digest rule lost: %+v", r)
	}

	// The next plan.
	next := mustParse(t, "../testdata/plans/good-2027.json")
	if id, err = importFile(t, s, next, nil); err != nil || id != 2 {
		t.Fatalf("next plan: id %d, %v", id, err)
	}
	p, err := s.Plan(ctx)
	if err != nil || p.Title != next.Title || len(p.Tasks) != 3 || len(p.Groups) != 2 {
		t.Fatalf("loaded plan %q, %d tasks, %d groups, %v", p.Title, len(p.Tasks), len(p.Groups), err)
	}
	if ups, _ := s.TaskUpdates(ctx); len(ups) != 0 {
		t.Errorf("the next plan starts with %d updates", len(ups))
	}
	for _, gone := range []string{"评估报告·9月20日", "铁路沿线专班研究·月初"} {
		if ruleNamed(t, s, gone) != nil {
			t.Errorf("rule %s of a duty the new plan lacks is still there", gone)
		}
	}
	if r := ruleNamed(t, s, "周一例会"); r == nil {
		t.Error("custom rule lost by the next plan")
	}
	vs, err := s.PlanVersions(ctx)
	if err != nil || len(vs) != 2 || vs[0].Updates != 2 || vs[1].Updates != 1 || vs[1].Tasks != 29 || vs[1].End != "2026-12-31" {
		t.Fatalf("versions %+v, %v", vs, err)
	}
	f, ups, err := s.ArchivedPlan(ctx, 1)
	if err != nil || len(f.Tasks) != 29 || len(ups) != 2 || f.Tasks[4].Progress != 10 || f.Tasks[2].Progress != 40 {
		t.Fatalf("archive 1: %v, %d updates", err, len(ups))
	}
	if _, _, err := s.ArchivedPlan(ctx, 9); safetybot.ErrorCode(err) != safetybot.ENOTFOUND {
		t.Errorf("unknown archive: %v", err)
	}
	p26, tasks26, ups26, err := s.PlanOfYear(ctx, 2026)
	if err != nil || len(tasks26) != 29 || len(ups26) != 1 || p26.Tasks[4].Title != "强化重大事故隐患排查整治（修订）" {
		t.Errorf("plan of 2026: %d tasks, %d updates, %v", len(tasks26), len(ups26), err)
	}
	if _, tasks27, _, err := s.PlanOfYear(ctx, 2027); err != nil || len(tasks27) != 3 {
		t.Errorf("plan of 2027: %d tasks, %v", len(tasks27), err)
	}
}

// TestImportPlanFailsWhole: an import that fails half-way (a plan rule
// named like an admin's rule) changes nothing.
func TestImportPlanFailsWhole(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	seededPlan(t, s)
	if err := s.AddTaskUpdate(ctx, safetybot.TaskUpdate{TaskNo: 3, Actor: "a", Note: "部署", Progress: 40}); err != nil {
		t.Fatal(err)
	}
	clash := &safetybot.Rule{Name: "党组议题·月初2", Kind: safetybot.RuleCustom, Spec: "0 9 * * 1", Text: "x", Audience: "role:staff", CreatedBy: "admin"}
	if err := s.AddRule(ctx, clash); err != nil {
		t.Fatal(err)
	}
	next := mustParse(t, "../testdata/plans/good-2027.json")
	next.Duties[0].Reminders[0].Name = "月初2" // → 党组议题·月初2, taken
	before, _ := s.Rules(ctx)
	if _, err := importFile(t, s, next, nil); safetybot.ErrorCode(err) != safetybot.ECONFLICT {
		t.Fatalf("clashing import: %v, want ECONFLICT", err)
	}
	p, _ := s.Plan(ctx)
	after, _ := s.Rules(ctx)
	vs, _ := s.PlanVersions(ctx)
	if pr, n := progressOf(t, s, 3); len(p.Tasks) != 29 || len(after) != len(before) || len(vs) != 0 || pr != 40 || n != 1 {
		t.Errorf("a failed import changed the ledger: %d tasks, %d→%d rules, %d versions, task 3 %d%%/%d", len(p.Tasks), len(before), len(after), len(vs), pr, n)
	}
}

func mustParse(t *testing.T, path string) *safetybot.PlanFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := plan.ParseFile(b)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
