// Package safetybot holds the domain of the bureau's work-safety campaign bot:
// hazards and their lifecycle, roles, the plan's tasks and duties, the one
// application error type, and the services the application uses, each an
// interface next to its domain type (HazardService in hazard.go…; Store in
// store.go is all of them). Package store implements them over SQLite; every
// other package (bot, wecom, scheduler, web…) speaks in these types and
// depends on the interfaces. This package imports none of them and holds no
// SQL.
package safetybot

import (
	"time"
	_ "time/tzdata" // a bare container has no zone database; Asia/Shanghai must still resolve
)

// Shanghai is the only zone the bureau works in. Dates users type and the
// times reminders fire are all read in it.
var Shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // unreachable: time/tzdata is embedded
	}
	return loc
}

// Clock is injected everywhere time matters so tests never sleep.
type Clock func() time.Time

// Date is a calendar day in Asia/Shanghai, formatted YYYY-MM-DD.
type Date string

// DateOf returns the Shanghai calendar day of t.
func DateOf(t time.Time) Date { return Date(t.In(Shanghai).Format(time.DateOnly)) }

// Time parses d as the start of that day in Shanghai.
func (d Date) Time() (time.Time, error) {
	return time.ParseInLocation(time.DateOnly, string(d), Shanghai)
}

// Quarter returns the period key of the quarter containing t, e.g. "2026-Q4".
func Quarter(t time.Time) string {
	t = t.In(Shanghai)
	return t.Format("2006") + "-Q" + string(rune('1'+(int(t.Month())-1)/3))
}

// Month returns the period key of the month containing t, e.g. "2026-11".
func Month(t time.Time) string { return t.In(Shanghai).Format("2006-01") }
