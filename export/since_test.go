package export_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"safetybot/plan"
	"safetybot/store"
	"safetybot/web"
)

// QA 11 §8: the statistics start (store.Since) is the day the system began;
// a backfill does not move it, and the counting agrees: a backfilled 议题 in
// September and a backfilled inspection in August are listed as done in
// their periods, which stay 未启用, so September and October are not months
// of missed 专班 studies and the rate never passes 100 %.
func TestBackfillsBeforeInstallationAreListedNotJudged(t *testing.T) {
	ctx := context.Background()
	installed := time.Date(2026, 11, 30, 9, 0, 0, 0, safetybot.Shanghai)
	clock := testkit.NewClock(installed)
	s := storetest.Open(t, clock.Now)
	defer s.Close()
	p := plan.Default()
	if _, err := s.SeedPlan(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, r := range []safetybot.DutyRecord{
		{Duty: safetybot.DutyPartyTopic, Period: "2026-09", Note: "研究安全生产", Actor: "clerk", On: "2026-09-15"},
		{Duty: "group_study:railway", Period: "2026-09", Note: "专班研究", Actor: "rail", On: "2026-09-20"},
		{Duty: safetybot.DutyInspection, Period: "2026-Q3", Unit: "某运输公司", Note: "带队检查", Actor: "clerk", On: "2026-08-20"},
		{Duty: safetybot.DutyPartyTopic, Period: "2026-11", Note: "研究冬季安全", Actor: "clerk"},
	} {
		if err := s.RecordDuty(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	a, err := export.LoadAnnual(ctx, s, 2026, installed)
	if err != nil {
		t.Fatal(err)
	}
	if a.Since != "2026-11-30" {
		t.Errorf("since %s, want the day the system began, 2026-11-30", a.Since)
	}
	for _, m := range a.Duties.Months {
		if m.Enabled != (m.Month == "2026-11") {
			t.Errorf("month %s enabled %v", m.Month, m.Enabled)
		}
	}
	for _, q := range a.Duties.Quarters {
		if q.Enabled != (q.Quarter == "2026-Q4") {
			t.Errorf("quarter %s enabled %v", q.Quarter, q.Enabled)
		}
	}
	if due, done := a.Duties.GroupStudiesDue(), a.Duties.GroupStudies(); due != len(p.Groups) || done != 0 {
		t.Errorf("studies %d of %d due, want 0 of %d (November only)", done, due, len(p.Groups))
	}
	if topics, studies, insp := a.Duties.Backfilled(); topics != 1 || studies != 1 || insp != 1 {
		t.Errorf("backfilled before the start: %d topics, %d studies, %d inspections", topics, studies, insp)
	}
	text := a.Document().Text()
	for _, want := range []string{"系统自2026年11月30日起启用", "系统启用前补记议题1项、专班研究1次、带队检查1次", "2026-09\t1（补记）\t1（补记）\t—", "2026-Q3\t1（补记）\t1\t—\t未启用", "2026-10\t未启用", "1个月研究了安全生产相关议题，共1项"} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q:\n%s", want, text)
		}
	}
	// QA6c C13: the 应研究专班数 column reads "—" in every month before the
	// system, with or without a backfill, in Word and in Excel alike.
	for _, line := range strings.Split(text, "\n") {
		cells := strings.Split(line, "\t")
		if m := cells[0]; len(cells) == 4 && len(m) == 7 && m < "2026-11" && cells[3] != "—" {
			t.Errorf("表5 %s: 应研究专班数 %q, want —", m, cells[3])
		}
	}
	for _, bad := range []string{"9月未记录", "10月未记录", "系统自2026年9月"} {
		if strings.Contains(text, bad) {
			t.Errorf("document says %q", bad)
		}
	}
	// QA 11b §5: the dashboard lists the same backfills, not a plain 未启用.
	page := overviewPage(t, s, clock.Now)
	for _, want := range []string{
		`<tr data-quarter="2026-Q3"><td>2026-Q3</td><td>1（补记）</td><td>1</td><td>未启用</td></tr>`,
		`<title>2026-09 未启用，补记局党组安全生产议题 1 项</title>`,
		`<title>2026-09 未启用，补记工作专班专题研究 1 个专班</title>`,
		`<title>2026-10 未启用</title>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("overview lacks %s", want)
		}
	}
}

// overviewPage is the dashboard's overview as an admin sees it.
func overviewPage(t *testing.T, s *store.Store, now func() time.Time) string {
	t.Helper()
	ctx := context.Background()
	d, err := web.New(ctx, web.Config{Store: s, Now: now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Admins: []string{"admin"}})
	if err != nil {
		t.Fatal(err)
	}
	sid, _, err := s.CreateSession(ctx, "admin", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(&http.Cookie{Name: "safetybot_session", Value: sid})
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("overview %d: %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// QA 11b §6: a month before installation with only a backfilled 议题 shows
// the topic as 补记 and the 专班 column as 未启用, not "0（补记）"; one with
// only a backfilled study the other way round.
func TestBackfilledMonthShowsOnlyWhatWasBackfilled(t *testing.T) {
	ctx := context.Background()
	installed := time.Date(2026, 11, 30, 9, 0, 0, 0, safetybot.Shanghai)
	s := storetest.Open(t, testkit.NewClock(installed).Now)
	defer s.Close()
	if _, err := s.SeedPlan(ctx, plan.Default()); err != nil {
		t.Fatal(err)
	}
	for _, r := range []safetybot.DutyRecord{
		{Duty: safetybot.DutyPartyTopic, Period: "2026-09", Note: "研究安全生产", Actor: "clerk", On: "2026-09-15"},
		{Duty: "group_study:railway", Period: "2026-08", Note: "专班研究", Actor: "rail", On: "2026-08-20"},
		{Duty: safetybot.DutyPartyTopic, Period: "2026-11", Note: "研究冬季安全", Actor: "clerk"},
	} {
		if err := s.RecordDuty(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	a, err := export.LoadAnnual(ctx, s, 2026, installed)
	if err != nil {
		t.Fatal(err)
	}
	text := a.Document().Text()
	for _, want := range []string{"2026-09\t1（补记）\t未启用\t—", "2026-08\t未启用\t1（补记）\t—"} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "0（补记）") {
		t.Errorf("document backfills nothing as 0（补记）:\n%s", text)
	}
}
