package export_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"safetybot/plan"
)

// QA6c C4, C6, C7: the campaign's final documents after it ended, no next
// plan imported. The 自查自评 counts every task unfinished at the plan's
// end as 逾期未完成 (it said 0 of a campaign with most tasks unfinished,
// since tasks with no dated deadline never became overdue); the 2027
// summary is the bureau's, not a campaign year, and does not count a
// progress note filed on the ended plan as the period's; every title
// names the bureau the plan names.
func TestSummariesAfterThePlanEnded(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 12, 7, 10, 0, 0, 0, safetybot.Shanghai))
	s := storetest.Open(t, clock.Now)
	defer s.Close()
	if _, err := s.SeedPlan(ctx, plan.Default()); err != nil {
		t.Fatal(err)
	}
	for _, u := range []safetybot.TaskUpdate{
		{TaskNo: 1, Actor: "clerk", Note: "职责清单已印发", Progress: 100},
		{TaskNo: 2, Actor: "clerk", Note: "清单已厘清", Progress: 100},
		{TaskNo: 21, Actor: "clerk", Note: "北斗覆盖七成", Progress: 70},
		{TaskNo: 13, Actor: "clerk", Note: "已完成督导", Progress: 60},
	} {
		if err := s.AddTaskUpdate(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	clock.Set(time.Date(2027, 1, 4, 10, 0, 0, 0, safetybot.Shanghai))
	if err := s.AddTaskUpdate(ctx, safetybot.TaskUpdate{TaskNo: 13, Actor: "clerk", Note: "年后补报", Progress: -1}); err != nil {
		t.Fatal(err)
	}
	p, err := s.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	total := len(p.Tasks)
	const bureau = "沁水县交通运输"
	for _, tc := range []struct {
		name      string
		load      func() (*export.Annual, error)
		title     string
		behind    int
		want, not []string
	}{
		{"campaign, whole span", func() (*export.Annual, error) { return export.LoadPlan(ctx, s, 0, clock.Now()) },
			bureau + "安全生产治本攻坚三年行动（2024—2026年）工作总结", total - 2,
			[]string{"统计截至2026年12月31日", "逾期未完成" + strconv.Itoa(total-2) + "项", "方案已于2026年12月31日期满", "三年行动任务推进情况", "表7　三年行动任务自查自评表"},
			[]string{"逾期未完成0项"}},
		{"campaign's last year", func() (*export.Annual, error) { return export.LoadAnnual(ctx, s, 2026, clock.Now()) },
			bureau + "安全生产治本攻坚三年行动2026年度工作总结", total - 2,
			[]string{"逾期未完成" + strconv.Itoa(total-2) + "项", "统计期内共报送任务进展4条"}, []string{"逾期未完成0项", "不计入）"}},
		{"2027, no next plan", func() (*export.Annual, error) { return export.LoadAnnual(ctx, s, 2027, clock.Now()) },
			bureau + "安全生产2027年度工作总结", total - 2,
			[]string{"原方案任务完成情况", "已于2026年12月31日结束", "统计期内共报送任务进展0条（此前累计4条）；方案期满后另报送1条，不计入", "表7　方案任务自查自评表"},
			[]string{"治本攻坚工作总结", "三年行动任务推进情况", "十二大行动任务进展", "三年行动任务自查自评表", "报送任务进展1条"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := tc.load()
			if err != nil {
				t.Fatal(err)
			}
			if a.Title() != tc.title {
				t.Errorf("title %q, want %q", a.Title(), tc.title)
			}
			if a.Tasks.Behind != tc.behind || a.Tasks.Done != 2 || a.Tasks.InProgress+a.Tasks.NotStarted+a.Tasks.PreStart != 0 {
				t.Errorf("tasks %+v, want %d behind, 2 done, nothing else", a.Tasks, tc.behind)
			}
			behind := 0
			for _, r := range a.Tasks.Review {
				if r.State == safetybot.TaskBehind {
					behind++
				}
				if r.No == 28 && r.Due != "—" { // the plan set it no date: the column says so still
					t.Errorf("task 28 完成时限 %q, want —", r.Due)
				}
			}
			if behind != tc.behind {
				t.Errorf("自查自评 lists %d tasks 已逾期, want %d", behind, tc.behind)
			}
			text := a.Document().Text()
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("document lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(text, w) {
					t.Errorf("document says %q", w)
				}
			}
		})
	}
	// Before the end the plan still runs: a task with no dated deadline is
	// not overdue on the plan's last day.
	a, err := export.LoadPlan(ctx, s, 0, time.Date(2026, 12, 31, 18, 0, 0, 0, safetybot.Shanghai))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range a.Tasks.Review {
		if r.No == 28 && r.State == safetybot.TaskBehind {
			t.Errorf("task 28 已逾期 on the plan's last day")
		}
	}
}
