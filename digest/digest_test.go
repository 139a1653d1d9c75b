package digest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"safetybot"
	"safetybot/internal/storetest"
	"safetybot/plan"
	"safetybot/store"
)

var now = time.Date(2026, 11, 28, 8, 30, 0, 0, safetybot.Shanghai)

// fullStore holds n hazards spread over the year: a third overdue, a fifth
// major, some due within three days, some closed, some found today; with
// long Chinese descriptions and units to press on the byte limit.
func fullStore(tb testing.TB, n int) *store.Store {
	tb.Helper()
	ctx := context.Background()
	clock := now.AddDate(0, -10, 0)
	s := storetest.Open(tb, func() time.Time { return clock })
	tb.Cleanup(func() { s.Close() })
	p := plan.Default()
	if _, err := s.SeedPlan(ctx, p); err != nil {
		tb.Fatal(err)
	}
	sch, err := plan.DefaultSchedule(p)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := s.SeedDuties(ctx, sch.Duties, sch.Rules); err != nil {
		tb.Fatal(err)
	}
	step := now.Sub(clock) / time.Duration(max(n, 1))
	for i := range n {
		clock = clock.Add(step)
		h := &safetybot.Hazard{
			Description: fmt.Sprintf("第%d号：危险货物运输车辆未按规定安装智能视频监控报警装置且驾驶员连续驾驶超过四小时未休息", i),
			Unit:        fmt.Sprintf("沁水县第%d运输有限责任公司", i%97),
			Domain:      "道路运输", Grade: safetybot.GradeGeneral, Source: safetybot.SourceInspection,
		}
		if i%5 == 0 {
			h.Grade = safetybot.GradeMajor
		}
		switch i % 3 {
		case 0:
			h.Deadline = safetybot.DateOf(now.AddDate(0, 0, -1-i%40))
		case 1:
			h.Deadline = safetybot.DateOf(now.AddDate(0, 0, i%5))
		}
		if err := s.CreateHazard(ctx, h, "staff", nil); err != nil {
			tb.Fatal(err)
		}
		if i%4 == 3 {
			if _, err := s.ChangeHazard(ctx, h.Number, "staff", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
				h.Status = safetybot.StatusClosed
				return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "销号"}}, nil
			}); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return s
}

func TestDigestFitsWeComAndPutsTheUrgentFirst(t *testing.T) {
	s := fullStore(t, 2000)
	got, err := Build(context.Background(), s, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) > MaxBytes {
		t.Fatalf("digest is %d bytes, over WeCom's %d", len(got), MaxBytes)
	}
	if !utf8.ValidString(got) {
		t.Fatal("digest is not valid UTF-8")
	}
	order := []string{"逾期未整改", "在办重大隐患", "3天内到期", "近24小时新增", "方案任务逾期", "本周待办职责", "匿名举报待受理", "整改销号率"}
	last := -1
	for _, h := range order {
		i := strings.Index(got, h)
		if i < 0 {
			t.Errorf("digest lacks %s:\n%s", h, got)
			continue
		}
		if i < last {
			t.Errorf("%s comes before a more urgent section:\n%s", h, got)
		}
		last = i
	}
	// Overdue hazards are listed (majors first) and the rest counted.
	if !strings.Contains(got, "（重大，逾期") || !strings.Contains(got, "> …另 ") {
		t.Errorf("digest does not list overdue majors and count the rest:\n%s", got)
	}
	t.Logf("%d bytes:\n%s", len(got), got)
}

func TestDigestOfAnEmptyLedger(t *testing.T) {
	s := fullStore(t, 0)
	got, err := Build(context.Background(), s, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"逾期未整改 0 条", "在办重大隐患 0 条", "整改销号率 —（0/0）"} {
		if !strings.Contains(got, want) {
			t.Errorf("empty digest lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "> YH") || strings.Contains(got, "**\n> …另") {
		t.Errorf("empty ledger lists hazards:\n%s", got)
	}
}

// dutiesThisWeek is the digest's duties at now (Gather).
func dutiesThisWeek(ctx context.Context, s safetybot.Store) ([]DutyDue, error) {
	f, err := Gather(ctx, s, now)
	if err != nil {
		return nil, err
	}
	return f.Duties, nil
}

func TestDutiesDueThisWeek(t *testing.T) {
	s := fullStore(t, 0)
	ctx := context.Background()
	due, err := dutiesThisWeek(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, d := range due {
		names[d.Name] = true
	}
	for _, want := range []string{"年度总结", "党组议题", "铁路沿线专班研究", "企业负责人检查"} {
		if !names[want] {
			t.Errorf("duties due this week lack %s: %v", want, due)
		}
	}
	if err := s.RecordDuty(ctx, safetybot.DutyRecord{Duty: "annual_summary", Period: "2026", Actor: "x"}); err != nil {
		t.Fatal(err)
	}
	due, _ = dutiesThisWeek(ctx, s)
	for _, d := range due {
		if d.Name == "年度总结" {
			t.Error("a done duty is still due")
		}
	}
}

// BenchmarkBuild measures the digest over a ledger of a few thousand
// hazards: the aggregate queries, the task and duty checks and rendering.
func BenchmarkBuild(b *testing.B) {
	s := fullStore(b, 3000)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(ctx, s, nil, now); err != nil {
			b.Fatal(err)
		}
	}
}

// A system installed in January 2026 holds no record of the plan's 2024
// and 2025 deadlines: those tasks are asked for a report in one line, not
// listed as overdue, and leave the line once someone reports.
func TestDeadlinesBeforeTheSystemStartedAreOneLine(t *testing.T) {
	s := fullStore(t, 0) // installed 2026-01-28
	ctx := context.Background()
	since, today := safetybot.Date("2026-01-28"), safetybot.DateOf(now)
	tasks, err := s.Tasks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var behind, pre []int
	for _, tk := range tasks {
		var after, before bool
		for _, d := range tk.Deadlines {
			after = after || (d.Due >= since && d.Due < today)
			before = before || d.Due < since
		}
		switch {
		case after:
			behind = append(behind, tk.No)
		case before:
			pre = append(pre, tk.No)
		}
	}
	if len(pre) < 2 {
		t.Fatalf("the plan has %d tasks due before 2026-01-28; the test needs two", len(pre))
	}
	got, err := Build(ctx, s, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	line := fmt.Sprintf("📝 %d 项任务期限已过（启用前），请报进展", len(pre))
	if !strings.Contains(got, fmt.Sprintf("方案任务逾期 %d 项", len(behind))) || strings.Count(got, "期限已过（启用前）") != 1 || !strings.Contains(got, line) {
		t.Errorf("want %d overdue and one line for %d pre-start tasks:\n%s", len(behind), len(pre), got)
	}
	for _, no := range pre {
		if strings.Contains(got, fmt.Sprintf("> 任务%d ", no)) {
			t.Errorf("pre-start task %d listed as overdue:\n%s", no, got)
		}
	}
	if strings.Index(got, line) < strings.Index(got, "方案任务逾期") {
		t.Errorf("the pre-start line comes before the overdue sections:\n%s", got)
	}
	if err := s.AddTaskUpdate(ctx, safetybot.TaskUpdate{TaskNo: pre[0], At: now, Actor: "staff", Note: "已补报", Progress: 80}); err != nil {
		t.Fatal(err)
	}
	got, err = Build(ctx, s, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, fmt.Sprintf("📝 %d 项任务期限已过（启用前）", len(pre)-1)) {
		t.Errorf("after a report, want %d pre-start tasks:\n%s", len(pre)-1, got)
	}
	// QA13 item 1: a task at 80% two years past its deadline is behind,
	// listed and counted with the others, not dropped from the digest.
	if !strings.Contains(got, fmt.Sprintf("方案任务逾期 %d 项", len(behind)+1)) || !strings.Contains(got, fmt.Sprintf("> 任务%d ", pre[0])) || !strings.Contains(got, "完成度 80%") {
		t.Errorf("after an 80%% report, want task %d among %d overdue:\n%s", pre[0], len(behind)+1, got)
	}
}

// QA report item 18: a one-off duty's line had its period in two pairs of
// brackets, "方案到期（（一次性），12-01提醒）".
func TestDigestOneOffDuty(t *testing.T) {
	s := fullStore(t, 0)
	ctx := context.Background()
	d, r, ok := plan.EndDuty(plan.Default(), now)
	if !ok {
		t.Fatal("no plan-end duty")
	}
	if _, err := s.EnsureDuty(ctx, d, r); err != nil {
		t.Fatal(err)
	}
	due, err := dutiesThisWeek(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	var end []DutyDue
	for _, d := range due {
		if d.Name == plan.EndDutyName {
			end = append(end, d)
		}
	}
	if len(end) != 1 {
		t.Fatalf("duties due this week: %v, want the plan-end duty once", due)
	}
	got := Render(&Facts{DigestFacts: &safetybot.DigestFacts{Now: now}, Duties: end})
	if !strings.Contains(got, "> 方案到期（一次性，12-01提醒）") || strings.Contains(got, "（（") {
		t.Errorf("the plan-end duty's line:\n%s", got)
	}
}

// QA6c C3: on 2027-01-04 and still on 2027-09-15, no next plan imported,
// the digest asked leaders for reports on tasks of the 2024–2026 plan
// ("📝 3 项任务期限已过（启用前），请报进展"). The ended plan's tasks leave
// the digest; on its last day they are still there.
func TestEndedPlanTasksLeaveTheDigest(t *testing.T) {
	s := fullStore(t, 0) // installed 2026-01-28: tasks due in 2024–2025 are pre-start
	ctx := context.Background()
	for _, tc := range []struct {
		at    time.Time
		tasks bool
	}{
		{time.Date(2026, 12, 31, 9, 5, 0, 0, safetybot.Shanghai), true},
		{time.Date(2027, 1, 4, 9, 5, 0, 0, safetybot.Shanghai), false},
		{time.Date(2027, 9, 15, 9, 5, 0, 0, safetybot.Shanghai), false},
	} {
		got, err := Build(ctx, s, nil, tc.at)
		if err != nil {
			t.Fatal(err)
		}
		has := strings.Contains(got, "期限已过（启用前）") || strings.Contains(got, "方案任务逾期")
		if ended := strings.Contains(got, "方案已于 2026-12-31 结束，尚未导入下一期方案"); ended == tc.tasks {
			t.Errorf("%s: plan-ended line %v:\n%s", tc.at.Format(time.DateOnly), ended, got)
		}
		if has != tc.tasks {
			t.Errorf("%s: task lines %v, want %v:\n%s", tc.at.Format(time.DateOnly), has, tc.tasks, got)
		}
	}
}
