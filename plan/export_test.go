package plan

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// QA 11 §7: plan export writes no literal until for the reminders of a
// campaign-bound duty that merely end with the plan, so a copy of the file
// made into the next plan ends them with that plan; an until of their own
// (the evaluation report's 2026-10-20) stays, and parsing the export gives
// the same rules.
func TestExportLeavesPlanEndUnwritten(t *testing.T) {
	f, err := LoadFile("")
	if err != nil {
		t.Fatal(err)
	}
	sch, err := FileSchedule(f, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	rules := make([]*safetybot.Rule, len(sch.Rules))
	for i := range sch.Rules {
		rules[i] = &sch.Rules[i]
	}
	exp := Export(&f.Plan, sch.Duties, rules)
	b, err := Marshal(exp)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), `"until": "2026-12-31"`); n != 0 {
		t.Errorf("the export writes the plan's end as until %d times", n)
	}
	if n := strings.Count(string(b), `"until": "2026-10-20"`); n != 5 {
		t.Errorf("the evaluation report's own until written %d times, want 5", n)
	}
	back, err := ParseFile(b)
	if err != nil {
		t.Fatal(err)
	}
	again, err := FileSchedule(back, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again.Rules, sch.Rules) {
		t.Errorf("the rules read back from the export differ")
	}
	bound := 0
	for _, r := range again.Rules {
		if r.Term == safetybot.TermCampaign && r.Until == "2026-12-31" {
			bound++
		}
	}
	if bound == 0 {
		t.Errorf("no campaign-bound rule ends with the plan after the round trip")
	}
}
