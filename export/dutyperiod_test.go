package export_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"safetybot/plan"
)

// QA9 #1: a summary of 2026-12-01..12-07 counted the duty records of the
// whole quarter and month its days fall in: two inspections of 10-15 and
// 11-28 as 统计期内共记录带队检查2次, and a 专班研究 made on 12-08 as
// 系统记录. A record counts by its day (a backfill's given day, else the day
// it was made) within the period; the whole year counts every one.
func TestDutyFiguresCountOnlyTheDaysOfThePeriod(t *testing.T) {
	ctx := context.Background()
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, safetybot.Shanghai) }
	clock := testkit.NewClock(day(10, 1)) // the system began on 10-01
	s := storetest.Open(t, clock.Now)
	defer s.Close()
	p := plan.Default()
	if _, err := s.SeedPlan(ctx, p); err != nil {
		t.Fatal(err)
	}
	const unit = "沁水县通达危险货物运输有限公司"
	if err := s.AddEnterprise(ctx, safetybot.Enterprise{Name: unit, Principal: "boss"}, "admin"); err != nil {
		t.Fatal(err)
	}
	insp := func(period string, on safetybot.Date) safetybot.DutyRecord {
		return safetybot.DutyRecord{Duty: safetybot.DutyInspection, Period: period, Unit: unit, Note: "主要负责人带队检查", Actor: "boss", On: on}
	}
	for _, r := range []struct {
		made time.Time
		rec  safetybot.DutyRecord
		in   bool // dated in 12-01..12-07
	}{
		{day(10, 15), insp("2026-Q4", ""), false},
		{day(11, 28), insp("2026-Q4", ""), false},
		{day(12, 3), insp("2026-Q4", ""), true},
		{day(12, 4), insp("2026-Q4", "2026-11-20"), false}, // made in the period, a backfill of a day before it
		{day(11, 30), safetybot.DutyRecord{Duty: safetybot.DutyPartyTopic, Period: "2026-11", Note: "研究冬季道路运输安全", Actor: "clerk"}, false},
		{day(12, 2), safetybot.DutyRecord{Duty: safetybot.DutyPartyTopic, Period: "2026-12", Note: "研究危货运输安全", Actor: "clerk"}, true},
		{day(12, 5), safetybot.DutyRecord{Duty: "group_study:railway", Period: "2026-12", Note: "研究沿线隐患", Actor: "rail"}, true},
		{day(12, 8), safetybot.DutyRecord{Duty: "group_study:road", Period: "2026-12", Note: "研究冬季运输", Actor: "road"}, false},
		{day(12, 9), safetybot.DutyRecord{Duty: "group_study:urban", Period: "2026-12", Note: "研究公交安全", Actor: "urban", On: "2026-12-06"}, true}, // a backfill of a day in it
	} {
		clock.Set(r.made)
		if err := s.RecordDuty(ctx, r.rec); err != nil {
			t.Fatal(err)
		}
	}
	now := day(12, 10)
	week, err := export.LoadPeriod(ctx, s, "2026-12-01", "2026-12-07", now)
	if err != nil {
		t.Fatal(err)
	}
	year, err := export.LoadAnnual(ctx, s, 2026, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name               string
		a                  *export.Annual
		inspections, units int
		topics, studies    int
		q4                 int
		text               []string
	}{
		{"12-01..12-07", week, 1, 1, 1, 2, 1, []string{"统计期内共记录带队检查1次，其中2026年第四季度（12月1日至12月7日）1次（1家单位", "系统记录2次"}},
		{"2026", year, 4, 1, 2, 3, 4, []string{"统计期内共记录带队检查4次", "系统记录3次"}},
	} {
		du := tc.a.Duties
		topics := 0
		for _, m := range du.Months {
			topics += m.Topics
		}
		var q4 export.DutyQuarter
		for _, q := range du.Quarters {
			if q.Quarter == "2026-Q4" {
				q4 = q
			}
		}
		if du.Inspections() != tc.inspections || q4.Inspections != tc.q4 || q4.Units != tc.units || topics != tc.topics || du.GroupStudies() != tc.studies {
			t.Errorf("%s: inspections %d (Q4 %d, %d units), topics %d, studies %d; want %d (Q4 %d, %d units), %d, %d",
				tc.name, du.Inspections(), q4.Inspections, q4.Units, topics, du.GroupStudies(), tc.inspections, tc.q4, tc.units, tc.topics, tc.studies)
		}
		text := tc.a.Document().Text()
		for _, w := range tc.text {
			if !strings.Contains(text, w) {
				t.Errorf("%s: document lacks %q:\n%s", tc.name, w, text)
			}
		}
	}
}
