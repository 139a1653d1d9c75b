package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"safetybot"
	"safetybot/internal/storetest"
	"safetybot/plan"
	"safetybot/store"
)

// calendarWith runs `safetybot calendar` with extra environment.
func calendarWith(t *testing.T, kv map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errOut strings.Builder
	err := run(context.Background(), append([]string{"calendar"}, args...), env(kv), strings.NewReader(""), &out, &errOut)
	return out.String(), err
}

func hasLine(out, prefix string) bool {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

// Issue 11, done when: `calendar --from 2027-01-01 --to 2027-03-31` shows the
// Party-group topic each month and the Q1 inspections, with January's
// month-end reminder on 2027-01-31 (a Sunday worked for the Spring Festival).
func TestCalendar2027StandingDuties(t *testing.T) {
	db := storetest.File(t)
	out, err := calendarWith(t, map[string]string{"SAFETYBOT_DB": db}, "--from", "2027-01-01", "--to", "2027-03-31")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"2027-01-04 09:00  党组议题·月初  〔常态化〕本月局党组请至少研究一项安全生产相关议题",
		"2027-02-01 09:00  党组议题·月初  〔常态化〕",
		"2027-03-01 09:00  党组议题·月初  〔常态化〕",
		"2027-01-31 09:00  党组议题·月末  〔常态化〕今天是本月最后一个工作日",
		"2027-02-26 09:00  党组议题·月末  〔常态化〕",
		"2027-03-31 09:00  党组议题·月末  〔常态化〕",
		"2027-01-08 09:00  企业负责人检查·季初  〔常态化〕",
		"2027-02-15 09:00  企业负责人检查·季中  〔常态化〕",
		"2027-03-01 09:00  企业负责人检查·末月  〔常态化〕",
		"2027-03-19 09:00  企业负责人检查·末月20日  〔常态化〕",
		"2027-01-04 09:00  高危领域月查·月初  〔常态化〕",
		"2027-03-01 09:00  疏散演练·3月  〔常态化〕",
		"2027-01-01 08:30  每日摘要  ",
	} {
		if !hasLine(out, want) {
			t.Errorf("calendar lacks a line starting %q", want)
		}
	}
	if !strings.Contains(out, "2027-01-04 09:00  党组议题·月初  〔常态化〕本月局党组请至少研究一项安全生产相关议题。研究后发送「议题 <议题内容>」登记，本月提醒随即停止。（原定1月1日，逢元旦节顺延）\n") {
		t.Error("the moved New Year reminder does not say where it was planned")
	}
	if !strings.Contains(out, "2027-03-19 09:00  企业负责人检查·末月20日  〔常态化〕距本季度结束不足两周，以下企业仍未登记主要负责人带队检查（已同时报告领导）。（原定3月20日，逢休息日提前）\n") {
		t.Error("the 20 March reminder (a Saturday) is not moved to Friday 19 March")
	}
	// Campaign-bound duties ended with the plan on 2026-12-31.
	for _, gone := range []string{"专班研究", "一线督导", "评估报告", "  任务", "〔方案期内〕", "2027-01-29 09:00  党组议题·月末"} {
		if strings.Contains(out, gone) {
			t.Errorf("calendar of 2027 shows %q", gone)
		}
	}
}

// SAFETYBOT_HOLIDAYS adds a year before the library knows it, and is read
// strictly: a bad line stops the program (exit 2) naming the line.
func TestCalendarHolidaysFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cal.db")
	file := filepath.Join(dir, "holidays.txt")
	// 1 January 2028 is a Saturday; lunar-go v1.4.7 knows nothing of 2028.
	os.WriteFile(file, []byte("# 2028年（假设）\n2028-01-01~2028-01-03 休 元旦\n"), 0o644)
	out, err := calendarWith(t, map[string]string{"SAFETYBOT_DB": db}, "--from", "2028-01-01", "--to", "2028-01-10")
	if err != nil || !hasLine(out, "2028-01-03 09:00  党组议题·月初  ") {
		t.Fatalf("without the file the topic reminder is on Monday 3 January: %v\n%s", err, out)
	}
	out, err = calendarWith(t, map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_HOLIDAYS": file}, "--from", "2028-01-01", "--to", "2028-01-10")
	if err != nil || !strings.Contains(out, "2028-01-04 09:00  党组议题·月初  〔常态化〕本月局党组请至少研究一项安全生产相关议题。研究后发送「议题 <议题内容>」登记，本月提醒随即停止。（原定1月1日，逢元旦顺延）\n") {
		t.Fatalf("with the file 3 January 2028 is a holiday: %v\n%s", err, out)
	}
	os.WriteFile(file, []byte("2028-01-01 休 元旦\n2028-01-02 放假\n"), 0o644)
	_, err = calendarWith(t, map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_HOLIDAYS": file}, "--from", "2028-01-01", "--to", "2028-01-10")
	var u usageError
	if !errors.As(err, &u) || !strings.Contains(u.msg, "第 2 行「2028-01-02 放假」") || strings.Contains(u.msg, "\n") {
		t.Errorf("bad holidays file: %v, want a one-line usage error naming line 2", err)
	}
	// The next run without the file is back on the official calendar.
	if out, _ := calendarWith(t, map[string]string{"SAFETYBOT_DB": db}, "--from", "2028-01-01", "--to", "2028-01-10"); !hasLine(out, "2028-01-03 09:00  党组议题·月初  ") {
		t.Error("the override outlived its run")
	}
}

// A database seeded before issue 11 (every plan reminder ending on
// 2026-12-31, none moved off holidays) is brought up to the schedule on
// start; a rule the administrator paused stays paused.
func TestOldDatabaseGetsStandingDuties(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "old.db")
	s, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := plan.Default()
	if _, err := s.SeedPlan(ctx, p); err != nil {
		t.Fatal(err)
	}
	sch, err := plan.DefaultSchedule(p)
	if err != nil {
		t.Fatal(err)
	}
	var duties []safetybot.Duty
	for _, d := range sch.Duties {
		if d.Key != "high_risk_inspection" {
			d.Standing, d.Basis = false, ""
			duties = append(duties, d)
		}
	}
	var rules []safetybot.Rule
	for _, r := range sch.Rules {
		if r.Duty == "high_risk_inspection" {
			continue
		}
		if r.Kind == safetybot.RuleDuty {
			r.Until, r.Shift, r.Term = "2026-12-31", "", ""
		}
		rules = append(rules, r)
	}
	if _, err := s.SeedDuties(ctx, duties, rules); err != nil {
		t.Fatal(err)
	}
	all, _ := s.Rules(ctx)
	for _, r := range all {
		if r.Name == "党组议题·20日" {
			if _, err := s.SetRulePaused(ctx, r.ID, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.Close()

	out, err := calendarWith(t, map[string]string{"SAFETYBOT_DB": db}, "--from", "2027-01-01", "--to", "2027-01-31")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2027-01-04 09:00  党组议题·月初  〔常态化〕", "2027-01-31 09:00  党组议题·月末  〔常态化〕",
		"2027-01-08 09:00  企业负责人检查·季初  〔常态化〕", "2027-01-04 09:00  高危领域月查·月初  〔常态化〕"} {
		if !hasLine(out, want) {
			t.Errorf("upgraded database's calendar lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "党组议题·20日") || strings.Contains(out, "专班研究") {
		t.Errorf("a paused rule came back, or a campaign-bound one went on:\n%s", out)
	}
	// A second start finds nothing to change.
	s, err = store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if nd, nr, err := s.SyncDuties(ctx, sch.Duties, sch.Rules); err != nil || nd+nr != 0 {
		t.Errorf("second sync changed %d duties, %d rules (%v)", nd, nr, err)
	}
}
