package digest

import (
	"context"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// viewOf is a store whose first day in use is since, counting the reads
// of the plan made in its snapshots.
type viewOf struct {
	safetybot.Store
	since safetybot.Date
	plans int
}

func (v *viewOf) View(ctx context.Context, fn func(safetybot.Store) error) error {
	return v.Store.View(ctx, func(s safetybot.Store) error { return fn(&snapshotOf{s, v}) })
}

type snapshotOf struct {
	safetybot.Store
	v *viewOf
}

func (s *snapshotOf) Since(context.Context) (safetybot.Date, error) { return s.v.since, nil }

func (s *snapshotOf) Plan(ctx context.Context) (*safetybot.Plan, error) {
	s.v.plans++
	return s.Store.Plan(ctx)
}

// QA6a item 13: a duty whose own deadline passed unregistered is listed
// until it is registered, the period ends or the plan does; a deadline
// before the system began is not judged. The digest reads the plan once.
func TestDutiesLate(t *testing.T) {
	s := fullStore(t, 0) // the plan's 评估报告 was due 2026-10-20, 年度总结 is due 12-03, 安全生产月 06-30
	ctx := context.Background()
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 8, 30, 0, 0, safetybot.Shanghai) }
	for _, tc := range []struct {
		name  string
		now   time.Time
		since safetybot.Date
		want  string // the names listed, joined by 、
	}{
		{"before 12-03", at(2026, 11, 28), "2026-01-28", "安全生产月、评估报告"}, // 安全生产月 was due 06-30
		{"on 12-03 itself", at(2026, 12, 3), "2026-01-28", "安全生产月、评估报告"},
		{"after 12-03", at(2026, 12, 5), "2026-01-28", "安全生产月、评估报告、年度总结"},
		{"began after both", at(2026, 12, 5), "2026-12-04", ""},
		{"began between", at(2026, 12, 5), "2026-11-01", "年度总结"},
		{"after the plan and the year", at(2027, 1, 5), "2026-01-28", ""},
	} {
		v := &viewOf{Store: s, since: tc.since}
		f, err := Gather(ctx, v, tc.now)
		if err != nil {
			t.Fatal(err)
		}
		if v.plans != 1 {
			t.Errorf("%s: the plan read %d times for one digest", tc.name, v.plans)
		}
		var names []string
		for _, d := range f.Late {
			names = append(names, d.Name)
		}
		if got := strings.Join(names, "、"); got != tc.want {
			t.Errorf("%s: late %q, want %q", tc.name, got, tc.want)
		}
	}
	if err := s.RecordDuty(ctx, safetybot.DutyRecord{Duty: "annual_summary", Period: "2026", Actor: "x", On: "2026-12-02"}); err != nil {
		t.Fatal(err)
	}
	f, err := Gather(ctx, &viewOf{Store: s, since: "2026-11-01"}, at(2026, 12, 5))
	if err != nil || len(f.Late) != 0 {
		t.Errorf("a registered duty is still late: %v (%v)", f.Late, err)
	}
	got := Render(&Facts{DigestFacts: &safetybot.DigestFacts{Now: at(2026, 12, 5)}, Late: []DutyLate{{Name: "年度总结", Period: "2026", Due: "2026-12-03"}, {Name: "评估报告", Period: safetybot.PeriodOnce, Due: "2026-10-20"}}})
	for _, want := range []string{"⏰ **逾期未登记职责 2 项**", "> 年度总结（2026年，2026-12-03截止，逾期2天）", "> 评估报告（2026-10-20截止，逾期46天）"} {
		if !strings.Contains(got, want) {
			t.Errorf("digest lacks %q:\n%s", want, got)
		}
	}
}
