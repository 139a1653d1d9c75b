// Package plan owns the campaign plan as data: the twelve actions, the 29
// tasks with their owners and every deadline the text gives, the five working
// groups, the domains and the phases. The bureau's plan is embedded; a bureau
// with another plan points SAFETYBOT_PLAN at its own file of the same shape.
package plan

import (
	_ "embed"
	"time"

	"safetybot"
)

//go:embed campaign.json
var campaign []byte

// Default returns the embedded plan (沁水县 2024–2026).
func Default() *safetybot.Plan {
	p, err := Parse(campaign)
	if err != nil {
		panic(err) // the embedded file is checked by TestDefault
	}
	return p
}

// Parse decodes and checks a plan as ParseFile does, without its duties.
func Parse(b []byte) (*safetybot.Plan, error) {
	f, err := ParseFile(b)
	if err != nil {
		return nil, err
	}
	return &f.Plan, nil
}

// Normalize returns f as it would be exported once loaded: its duties
// expanded (one per working group), derived duties left out, reminders as
// rules read them back. Two files that load the same plan normalize to
// equal values, which is what Diff compares. The schedule is f's.
func Normalize(f *safetybot.PlanFile, now time.Time) (*safetybot.PlanFile, *Schedule, error) {
	sch, err := FileSchedule(f, now)
	if err != nil {
		return nil, nil, err
	}
	rules := make([]*safetybot.Rule, len(sch.Rules))
	for i := range sch.Rules {
		rules[i] = &sch.Rules[i]
	}
	return Export(&f.Plan, sch.Duties, rules), sch, nil
}
