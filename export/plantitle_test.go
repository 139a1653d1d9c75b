package export_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"safetybot/plan"
	"safetybot/store"
)

// QA 11b §4: the summary of a plan other than the three-year campaign (a
// 2027 工作要点 without working-group studies) takes its title from the
// plan's own title and leaves out the 专班 study section and columns and
// the campaign's words.
func TestNextPlanSummaryHasItsOwnTitle(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2027, 3, 10, 10, 0, 0, 0, safetybot.Shanghai))
	s := withNextPlan(t, clock, func(d safetybot.Duty) bool { return d.Key == export.DutyGroupStudy })
	if err := s.RecordDuty(ctx, safetybot.DutyRecord{Duty: safetybot.DutyPartyTopic, Period: "2027-03", Note: "议题", Actor: "clerk"}); err != nil {
		t.Fatal(err)
	}
	year, err := export.LoadAnnual(ctx, s, 2027, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	whole, err := export.LoadPlan(ctx, s, 0, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []*export.Annual{year, whole} {
		if a.Title() != "沁水县交通运输安全生产2027年度工作总结" {
			t.Errorf("title %q, want one from the plan's own title", a.Title())
		}
		text := a.Document().Text()
		for _, bad := range []string{"治本攻坚", "三年行动", "专班研究", "专班专题研究", "十二大行动"} {
			if strings.Contains(text, bad) {
				t.Errorf("the 2027 summary says %s:\n%s", bad, text)
			}
		}
		if !strings.Contains(text, "月份\t局党组安全生产议题（项）\n") {
			t.Errorf("table 5 is not the topics alone:\n%s", text)
		}
	}
	// The three-year campaign keeps its own wording.
	old, err := export.LoadPlan(ctx, s, 1, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if text := old.Document().Text(); old.Title() != "沁水县交通运输安全生产治本攻坚三年行动（2024—2026年）工作总结" || !strings.Contains(text, "工作专班月度专题研究") {
		t.Errorf("the campaign's summary lost its wording: %q", old.Title())
	}
}

// QA 11b §4: before the next plan is imported, the 2027 report says the
// three-year plan has ended and its tasks are listed as they stood, and a
// task in progress with its progress reported before the period says so,
// not only "报送任务进展0条".
func TestYearAfterThePlanSaysThePlanEnded(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 11, 20, 10, 0, 0, 0, safetybot.Shanghai))
	s := storetest.Open(t, clock.Now)
	defer s.Close()
	if _, err := s.SeedPlan(ctx, plan.Default()); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTaskUpdate(ctx, safetybot.TaskUpdate{TaskNo: 13, Actor: "clerk", Note: "已完成督导", Progress: 60}); err != nil {
		t.Fatal(err)
	}
	clock.Set(time.Date(2027, 2, 10, 10, 0, 0, 0, safetybot.Shanghai))
	a, err := export.LoadAnnual(ctx, s, 2027, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	text := a.Document().Text()
	for _, want := range []string{
		"方案（2024—2026年）》已于2026年12月31日结束，统计期不在其期限内",
		"统计期内共报送任务进展0条（此前累计1条）",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the 2027 report lacks %q:\n%s", want, text)
		}
	}
}

// QA 8: a plan imported early (plan import --now on 2026-12-07) has not
// begun: its summary is refused, as a year not begun is, while the
// archived campaign's is written.
func TestPlanNotBegunIsRefused(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 12, 7, 10, 0, 0, 0, safetybot.Shanghai))
	s := withNextPlan(t, clock, nil)
	for _, tc := range []struct {
		id   int64
		at   time.Time
		want string // "" = written
	}{
		{0, clock.Now(), "自 2027-01-01 开始执行，尚未开始（今天是 2026-12-07）"},
		{1, clock.Now(), ""},
		{0, time.Date(2027, 1, 1, 9, 0, 0, 0, safetybot.Shanghai), ""},
	} {
		_, err := export.LoadPlan(ctx, s, tc.id, tc.at)
		if tc.want == "" {
			if err != nil {
				t.Errorf("plan %d on %s: %v", tc.id, tc.at.Format(time.DateOnly), err)
			}
		} else if safetybot.ErrorCode(err) != safetybot.EINVALID || !strings.Contains(safetybot.ErrorMessage(err), tc.want) {
			t.Errorf("plan %d on %s: %v, want refused with %q", tc.id, tc.at.Format(time.DateOnly), err, tc.want)
		}
	}
}

// withNextPlan is a store on the built-in campaign with the 2027 plan of
// testdata imported at clock's time (less the duties drop names, if any),
// the campaign archived.
func withNextPlan(t *testing.T, clock *testkit.Clock, drop func(safetybot.Duty) bool) *store.Store {
	t.Helper()
	ctx := context.Background()
	s := storetest.Open(t, clock.Now)
	t.Cleanup(func() { s.Close() })
	if _, err := s.SeedPlan(ctx, plan.Default()); err != nil {
		t.Fatal(err)
	}
	next, err := plan.LoadFile("../testdata/plans/good-2027.json")
	if err != nil {
		t.Fatal(err)
	}
	if drop != nil {
		next.Duties = slices.DeleteFunc(next.Duties, drop)
	}
	norm, sch, err := plan.Normalize(next, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	p, _ := s.Plan(ctx)
	duties, _ := s.Duties(ctx)
	rules, _ := s.Rules(ctx)
	if _, err := s.ImportPlan(ctx, safetybot.PlanImport{Plan: &norm.Plan, Duties: sch.Duties, Rules: sch.Rules,
		Archive: plan.Export(p, duties, rules), Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	return s
}
