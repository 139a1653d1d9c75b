package export_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
	"safetybot/plan"
)

// importWithout imports the 2027 plan file over w's plan, leaving out the
// duties whose keys are listed (as an office keeping only the standing
// duties would).
func importWithout(t *testing.T, w *fixture.World, drop ...string) {
	t.Helper()
	ctx := context.Background()
	next, err := plan.LoadFile("../testdata/plans/good-2027.json")
	if err != nil {
		t.Fatal(err)
	}
	kept := next.Duties[:0]
	for _, d := range next.Duties {
		if !strings.Contains(strings.Join(drop, ","), d.Key) {
			kept = append(kept, d)
		}
	}
	next.Duties = kept
	norm, sch, err := plan.Normalize(next, w.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	p, _ := w.Store.Plan(ctx)
	duties, _ := w.Store.Duties(ctx)
	rules, _ := w.Store.Rules(ctx)
	if _, err := w.Store.ImportPlan(ctx, safetybot.PlanImport{Plan: &norm.Plan, Duties: sch.Duties, Rules: sch.Rules,
		Archive: plan.Export(p, duties, rules), Actor: "test"}); err != nil {
		t.Fatal(err)
	}
}

// QA 11 §3: a year not yet reached counts no month as missed, and the
// working groups' study, campaign-bound, is not due after the plan that
// asked for it ended; the 2026 report still asks it of every month.
// Before 2027 begins its report is refused (QA 8: it would say the plan
// that still runs had ended), as TestSummaryRefusesWhatReportRefuses
// checks; a year only begun counts the months so far.
func TestFutureMonthsAndEndedStudiesNotMissed(t *testing.T) {
	ctx := context.Background()
	w := fixture.New(t, 5)
	importWithout(t, w, "group_study")
	a, err := export.LoadAnnual(ctx, w.Store, 2027, fixture.Now) // 2026-11-28
	if safetybot.ErrorCode(err) != safetybot.EINVALID || !strings.Contains(safetybot.ErrorMessage(err), "尚未开始") {
		t.Fatalf("2027 seen from 2026-11-28: %v, want it refused as not begun", err)
	}
	newYear := time.Date(2027, 1, 1, 8, 0, 0, 0, safetybot.Shanghai)
	if a, err = export.LoadAnnual(ctx, w.Store, 2027, newYear); err != nil {
		t.Fatal(err)
	}
	text := a.Document().Text()
	if len(a.Duties.Months) != 1 || a.Duties.GroupStudiesDue() != 0 {
		t.Errorf("2027 seen from 2027-01-01: months %v, studies due %d", a.Duties.Months, a.Duties.GroupStudiesDue())
	}
	if strings.Contains(text, "应开展") {
		t.Errorf("the 2027 report asks the ended plan's studies:\n%s", text)
	}
	later := time.Date(2027, 3, 15, 10, 0, 0, 0, safetybot.Shanghai)
	if a, err = export.LoadAnnual(ctx, w.Store, 2027, later); err != nil {
		t.Fatal(err)
	}
	if n := len(a.Duties.Months); n != 3 {
		t.Errorf("2027 seen from 2027-03-15 counts %d months, want 3 (January to March)", n)
	}
	if due := a.Duties.GroupStudiesDue(); due != 0 {
		t.Errorf("2027: %d working-group studies due after the campaign that asked them ended", due)
	}
	// The 2027 plan asks no study: its summary leaves the section out
	// (QA 11b §4) rather than counting the ended one.
	if text = a.Document().Text(); strings.Contains(text, "工作专班月度专题研究") || strings.Contains(text, "应开展") {
		t.Errorf("2027 report has a working-group study section:\n%s", text)
	}
	if a, err = export.LoadAnnual(ctx, w.Store, 2026, later); err != nil {
		t.Fatal(err)
	}
	if a.Duties.StudyMonths() != a.Duties.EnabledMonths() || a.Duties.GroupStudiesDue() == 0 {
		t.Errorf("2026: studies due in %d of %d months", a.Duties.StudyMonths(), a.Duties.EnabledMonths())
	}
}
