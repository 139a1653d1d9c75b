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
		{"12-01..12-07", week, 1, 1, 1, 2, 1, []string{"统计期内共记录带队检查1次，其中2026年第四季度（12月1日至12月7日）1次（1家单位",
			// December had not ended on 12-07: its studies are told, not judged.
			"2026年12月尚未结束（统计截至12月7日），已记录2次，月底前完成即可，不计完成率。"}},
		{"2026", year, 4, 1, 2, 3, 4, []string{"统计期内共记录带队检查4次", "5个专班在已结束的2个月中应开展10次，系统记录0次，完成率0.0%；12月尚未结束（统计截至12月10日），已记录3次，月底前完成即可。"}},
	} {
		du := tc.a.Duties
		topics, studies := 0, 0
		for _, m := range du.Months {
			topics += m.Topics
			studies += m.Groups
		}
		var q4 export.DutyQuarter
		for _, q := range du.Quarters {
			if q.Quarter == "2026-Q4" {
				q4 = q
			}
		}
		if du.Inspections() != tc.inspections || q4.Inspections != tc.q4 || q4.Units != tc.units || topics != tc.topics || studies != tc.studies {
			t.Errorf("%s: inspections %d (Q4 %d, %d units), topics %d, studies %d; want %d (Q4 %d, %d units), %d, %d",
				tc.name, du.Inspections(), q4.Inspections, q4.Units, topics, studies, tc.inspections, tc.q4, tc.units, tc.topics, tc.studies)
		}
		text := tc.a.Document().Text()
		for _, w := range tc.text {
			if !strings.Contains(text, w) {
				t.Errorf("%s: document lacks %q:\n%s", tc.name, w, text)
			}
		}
	}
}

// A month that had not ended on the last day counted owes nothing yet: a
// summary of 12-01..12-07, or of 2026 made on 12-10, said 「12月未记录议题」
// of a month with three weeks to go, a false charge in a document the
// office hands in. It is told as not ended; ended months are judged as
// before.
func TestOpenMonthIsNotMissed(t *testing.T) {
	ctx := context.Background()
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, safetybot.Shanghai) }
	clock := testkit.NewClock(day(10, 1))
	s := storetest.Open(t, clock.Now)
	defer s.Close()
	if _, err := s.SeedPlan(ctx, plan.Default()); err != nil {
		t.Fatal(err)
	}
	for _, made := range []time.Time{day(10, 9), day(11, 12)} {
		clock.Set(made)
		if err := s.RecordDuty(ctx, safetybot.DutyRecord{Duty: safetybot.DutyPartyTopic, Period: safetybot.Month(made), Note: "研究安全生产", Actor: "clerk"}); err != nil {
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
	nov, err := export.LoadPeriod(ctx, s, "2026-11-15", "2026-11-30", now)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		a         *export.Annual
		want, not string
	}{
		{"12-01..12-07", week, "（一）局党组研究安全生产议题\n2026年12月尚未结束（统计截至12月7日），暂未记录议题，月底前完成即可，不计为未完成。", "0个月研究了"},
		{"2026", year, "系统启用后已结束的2个月（此前9个月系统未启用，不作统计）中，2个月研究了安全生产相关议题，共2项，做到每月至少研究一项；12月尚未结束（统计截至12月10日），暂未记录议题，月底前完成即可，不计为未完成。", "12月未记录议题"},
		// November's topic of 11-12 is outside 11-15..11-30: the month is
		// judged done by it, and not counted in the period (QA13 #4).
		{"11-15..11-30", nov, "统计的1个月中，1个月研究了安全生产相关议题，共0项，做到每月至少研究一项。11月的议题、专班研究是否完成按整月判断", "未记录议题"},
	} {
		text := tc.a.Document().Text()
		if !strings.Contains(text, tc.want) {
			t.Errorf("%s: document lacks %q:\n%s", tc.name, tc.want, text)
		}
		if strings.Contains(text, tc.not) {
			t.Errorf("%s: document has %q", tc.name, tc.not)
		}
	}

	// QA13 #3: the summary sheet says what the open month holds, beside its
	// 0 / 0 (it contradicted the document's 「已记录…次」).
	var row []string
	for _, r := range year.Summary() {
		if strings.HasPrefix(r[0], "12月尚未结束") {
			row = r
		}
	}
	if want := []string{"12月尚未结束，已记录专班研究（次，不计完成率）", "0"}; !slices.Equal(row, want) {
		t.Errorf("2026 summary sheet row %q, want %q", row, want)
	}

	// QA13 #4: a topic of 12-04 and an inspection of 12-04, then a summary
	// of 12-07..12-13 made on 12-08: December's topic is done, and the
	// quarter's coverage counts the unit inspected on 12-04.
	const unit = "沁水县通达危险货物运输有限公司"
	if err := s.AddEnterprise(ctx, safetybot.Enterprise{Name: unit, Principal: "boss"}, "admin"); err != nil {
		t.Fatal(err)
	}
	clock.Set(day(12, 4))
	for _, r := range []safetybot.DutyRecord{
		{Duty: safetybot.DutyPartyTopic, Period: "2026-12", Note: "研究危货运输安全", Actor: "clerk"},
		{Duty: safetybot.DutyInspection, Period: "2026-Q4", Unit: unit, Note: "主要负责人带队检查", Actor: "boss"},
	} {
		if err := s.RecordDuty(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	later, err := export.LoadPeriod(ctx, s, "2026-12-07", "2026-12-13", day(12, 8))
	if err != nil {
		t.Fatal(err)
	}
	text := later.Document().Text()
	for _, want := range []string{
		"12月的议题、专班研究是否完成按整月判断",
		"其中2026年第四季度（12月7日至12月13日）0次（0家单位，全季度1家，覆盖100.0%）",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("12-07..12-13: document lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "暂未记录议题") {
		t.Errorf("12-07..12-13: December's topic of 12-04 called not recorded:\n%s", text)
	}
}
