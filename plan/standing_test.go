package plan

import (
	"slices"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/workday"
)

// Issue 11 §1: which duties go on after the plan, in the plan's words.
func TestStandingAndCampaignDuties(t *testing.T) {
	s, err := DefaultSchedule(Default())
	if err != nil {
		t.Fatal(err)
	}
	standing := []string{"party_topic", "half_year_study", "enterprise_inspection", "high_risk_inspection",
		"annual_summary", "evacuation_drill", "safety_month", "enforcement_budget"}
	for _, d := range s.Duties {
		if d.Basis == "" {
			t.Errorf("duty %s does not say why it is standing or campaign-bound", d.Key)
		}
		want := slices.Contains(standing, d.Key)
		if d.Standing != want {
			t.Errorf("duty %s: standing %v, want %v", d.Key, d.Standing, want)
		}
	}
	for _, k := range []string{"group_study:railway", "leader_field_check", "evaluation_report", "task:17:2024-06-30"} {
		if d := DutyFor(s.Duties, k); d == nil || d.Standing {
			t.Errorf("%s should be campaign-bound", k)
		}
	}
	if d := DutyFor(s.Duties, "party_topic"); !strings.Contains(d.Basis, "局党组每月至少研究一项安全生产相关议题") {
		t.Errorf("party topic's basis: %s", d.Basis)
	}

	y2027 := time.Date(2027, 1, 1, 0, 0, 0, 0, safetybot.Shanghai)
	for _, r := range s.Rules {
		if r.Kind != safetybot.RuleDuty {
			continue
		}
		d := DutyFor(s.Duties, r.Duty)
		switch {
		case d.Standing && (r.Term != safetybot.TermStanding || r.Until != ""):
			t.Errorf("standing rule %s: term %q, until %q", r.Name, r.Term, r.Until)
		case !d.Standing && (r.Term != safetybot.TermCampaign || r.Until == "" || r.Until > "2026-12-31"):
			t.Errorf("campaign-bound rule %s: term %q, until %q", r.Name, r.Term, r.Until)
		}
		sched, err := ParseSpec(r.Spec)
		if err != nil {
			t.Fatal(err)
		}
		n := len(Occurrences(&r, sched, y2027.Add(-time.Second), y2027.AddDate(1, 0, 0), 0))
		if d.Standing != (n > 0) {
			t.Errorf("rule %s (standing %v) fires %d times in 2027", r.Name, d.Standing, n)
		}
	}
	if start, end := Default().Period(); end != "2026-12-31" || start != "2024-01-01" {
		t.Errorf("plan runs %s – %s", start, end)
	}
}

// Issue 11 §2: reminders on a day off move to a working day, by the State
// Council's calendar with its 调休 weekends.
func TestOccurrencesMoveOffDaysOff(t *testing.T) {
	s, err := DefaultSchedule(Default())
	if err != nil {
		t.Fatal(err)
	}
	rule := func(name string) *safetybot.Rule {
		for i := range s.Rules {
			if s.Rules[i].Name == name {
				return &s.Rules[i]
			}
		}
		t.Fatalf("no rule %s", name)
		return nil
	}
	y2027 := time.Date(2027, 1, 1, 0, 0, 0, 0, safetybot.Shanghai)
	dates := func(name string) []string {
		r := rule(name)
		sched, _ := ParseSpec(r.Spec)
		var out []string
		for _, o := range OccurrencesOf(r, sched, y2027.Add(-time.Second), y2027.AddDate(1, 0, 0), 0) {
			out = append(out, o.At.Format("01-02 15:04")+o.Note())
		}
		return out
	}
	for name, want := range map[string]string{
		// 1 January is 元旦; 1 May a holiday to the 5th; 1 August a Sunday; 1 October 国庆 to the 7th.
		"党组议题·月初": "01-04 09:00（原定1月1日，逢元旦节顺延）,02-01 09:00,03-01 09:00,04-01 09:00,05-06 09:00（原定5月1日，逢劳动节顺延）," +
			"06-01 09:00,07-01 09:00,08-02 09:00（原定8月1日，逢休息日顺延）,09-01 09:00,10-08 09:00（原定10月1日，逢国庆节顺延）,11-01 09:00,12-01 09:00",
		// 31 January 2027 is a Sunday worked for the Spring Festival.
		"党组议题·月末": "01-31 09:00,02-26 09:00,03-31 09:00,04-30 09:00,05-31 09:00,06-30 09:00,07-30 09:00,08-31 09:00,09-30 09:00,10-29 09:00,11-30 09:00,12-31 09:00",
		// 20 February and 20 March are Saturdays; 20 June a Sunday; 20 November a Saturday.
		"党组议题·20日": "01-20 09:00,02-19 09:00（原定2月20日，逢休息日提前）,03-19 09:00（原定3月20日，逢休息日提前）,04-20 09:00,05-20 09:00," +
			"06-18 09:00（原定6月20日，逢休息日提前）,07-20 09:00,08-20 09:00,09-20 09:00,10-20 09:00,11-19 09:00（原定11月20日，逢休息日提前）,12-20 09:00",
		"年度总结·12月3日": "12-03 09:00",
	} {
		if got := strings.Join(dates(name), ","); got != want {
			t.Errorf("%s in 2027:\n got %s\nwant %s", name, got, want)
		}
	}
	// robfig/cron is given the moved times.
	r := rule("党组议题·月初")
	sched, _ := ParseSpec(r.Spec)
	if next := RuleSchedule(r, sched).Next(time.Date(2026, 12, 31, 10, 0, 0, 0, safetybot.Shanghai)); !next.Equal(time.Date(2027, 1, 4, 9, 0, 0, 0, safetybot.Shanghai)) {
		t.Errorf("cron's next run after 31 December: %s, want 2027-01-04 09:00", next)
	}
	// A rule without a shift (the daily digest) stays on its days.
	digest := rule("每日摘要")
	dsched, _ := ParseSpec(digest.Spec)
	if n := len(Occurrences(digest, dsched, y2027.Add(-time.Second), y2027.AddDate(0, 1, 0), 0)); n != 31 {
		t.Errorf("the digest fires %d times in January, want 31", n)
	}
}

// The administrator's file changes the working days everywhere the rules
// are evaluated.
func TestOverrideFileChangesLastWorkday(t *testing.T) {
	es, err := workday.ParseFile("test", strings.NewReader("2027-01-31 休 假设不再调休\n"))
	if err != nil {
		t.Fatal(err)
	}
	workday.SetDefault(workday.Official().With(es))
	t.Cleanup(func() { workday.SetDefault(nil) })
	jan31 := time.Date(2027, 1, 31, 9, 0, 0, 0, safetybot.Shanghai)
	if IsLastWorkday(jan31) || !IsLastWorkday(jan31.AddDate(0, 0, -2)) {
		t.Error("with 31 January a day off, 29 January is the month's last working day")
	}
}
