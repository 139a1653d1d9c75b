package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// QA13 item 3: a 补记 date without a year is the latest such day up to
// today; the nearest-day rule of a deadline made 6月1日 typed on
// 2026-12-08 next year's and refused it as a day to come.
func TestBackfillDate(t *testing.T) {
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, safetybot.Shanghai)
	for _, tc := range []struct{ in, want string }{
		{"6月1日", "2026-06-01"},
		{"6-1", "2026-06-01"},
		{"6.1", "2026-06-01"},
		{"6/1", "2026-06-01"},
		{"六月一日", "2026-06-01"},
		{"6月1号", "2026-06-01"},
		{"6月底", "2026-06-30"},
		{"12月1日", "2026-12-01"},
		{"12月8日", "2026-12-08"},
		{"12月20日", "2025-12-20"}, // this year's is to come
		{"2026-06-01", "2026-06-01"},
		{"2026年6月1日", "2026-06-01"},
		{"2027-06-01", "2027-06-01"}, // a year written stays: refused by doneOn
		{"26年12月20日", "2026-12-20"},
		{"明天", "2026-12-09"},  // relative: refused by doneOn, not moved
		{"下周五", "2026-12-18"}, // likewise
		{"明年1月10日", "2027-01-10"},
		{"昨天", "2026-12-07"},
		{"待定", "-"},
	} {
		got, err := backfillDate(tc.in, now)
		if tc.want == "-" {
			if err == nil {
				t.Errorf("%q: got %s, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || string(got) != tc.want {
			t.Errorf("%q: got %s (%v), want %s", tc.in, got, err, tc.want)
		}
	}
	// In January, 12月20日 is last month's, as before.
	jan := time.Date(2027, 1, 4, 10, 0, 0, 0, safetybot.Shanghai)
	if got, err := backfillDate("12月20日", jan); err != nil || got != "2026-12-20" {
		t.Errorf("12月20日 on 2027-01-04: %s (%v)", got, err)
	}
}

// The tester's messages through the engine, on 2026-12-08.
func TestBackfillYearlessDate(t *testing.T) {
	f := withDuties(newFixture(t)) // 2026-11-28
	f.clock.Add(10 * 24 * time.Hour)
	ctx := context.Background()
	f.say("admin", "授权 clerk 工作人员")
	for _, tc := range []struct {
		text, want   string
		duty, period string
		on           safetybot.Date
	}{
		{"完成 安全生产月 日期：6月1日 开展宣传咨询日", "实际日期 2026-06-01", "safety_month", "2026", "2026-06-01"},
		{"议题 日期:7月10日 研究汛期安全", "实际日期 2026-07-10", safetybot.DutyPartyTopic, "2026-07", "2026-07-10"},
		{"检查 顺达客运 检查日期８月２０日 总经理带队检查", "实际日期 2026-08-20", safetybot.DutyInspection, "2026-Q3", "2026-08-20"},
		{"议题 日期:12月20日 研究冬季安全", "实际日期 2025-12-20", safetybot.DutyPartyTopic, "2025-12", "2025-12-20"},
	} {
		got := f.say("clerk", tc.text)
		if !strings.Contains(got, tc.want) || strings.Contains(got, "还没到") {
			t.Errorf("%q\nreply %s\nwant %q", tc.text, got, tc.want)
			continue
		}
		recs, err := f.store.DutyRecords(ctx, tc.duty, tc.period)
		if err != nil || len(recs) == 0 || recs[len(recs)-1].On != tc.on {
			t.Errorf("%q: records of %s %s are %+v (%v), want the last on %s", tc.text, tc.duty, tc.period, recs, err, tc.on)
		}
	}
}
