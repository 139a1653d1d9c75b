// Package workday knows China's working days: Monday to Friday, less the
// official public holidays, plus the weekend days worked in exchange (调休),
// as the State Council's General Office announces them each year
// (国务院办公厅关于部分节假日安排的通知).
//
// The announced days come from github.com/6tail/lunar-go's HolidayUtil
// (MIT licence; v1.4.7 carries every year from 2002 through 2027). An
// administrator adds a year the library does not know yet, or corrects a
// day, with a small file named by SAFETYBOT_HOLIDAYS (see ParseFile).
//
// A Calendar is immutable. The process has one default calendar (Default),
// set once at start-up from the override file by SetDefault, in the way
// time.Local is the process's zone: the reminder rules of the plan read it
// wherever they are evaluated (scheduler, calendar command, chat, dashboard).
package workday

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	"safetybot"
)

// Day is an announced day: a public holiday (Work false) or a weekend day
// worked in exchange (Work true, 调休上班), with the festival's name.
type Day struct {
	Name string // 元旦节, 春节, 国庆节…
	Work bool
}

// Calendar answers whether a day in Asia/Shanghai is a working day.
type Calendar struct {
	days map[string]Day // "2006-01-02" → announced day
}

// Official returns the calendar of the days lunar-go's HolidayUtil carries
// (every year the State Council had announced when v1.4.7 was released:
// 2002–2027). It is built once and shared.
var Official = sync.OnceValue(func() *Calendar {
	c := &Calendar{days: map[string]Day{}}
	for y := 2001; y <= 2100; y++ {
		l := HolidayUtil.GetHolidaysByYear(y)
		if l.Len() == 0 && y > 2020 {
			break
		}
		for e := l.Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			c.days[h.GetDay()] = Day{Name: h.GetName(), Work: h.IsWork()}
		}
	}
	return c
})

// With returns a new calendar: c with the entries of an override file laid
// over it (an entry replaces what c says of that day).
func (c *Calendar) With(entries []Entry) *Calendar {
	n := &Calendar{days: make(map[string]Day, len(c.days)+len(entries))}
	for k, v := range c.days {
		n.days[k] = v
	}
	for _, e := range entries {
		for d := e.From; !d.After(e.To); d = d.AddDate(0, 0, 1) {
			n.days[d.Format(time.DateOnly)] = e.Day
		}
	}
	return n
}

// Announced returns what was announced for t's day in Asia/Shanghai, if
// anything.
func (c *Calendar) Announced(t time.Time) (Day, bool) {
	d, ok := c.days[t.In(safetybot.Shanghai).Format(time.DateOnly)]
	return d, ok
}

// LastYear is the last year the calendar has any announced day for; a
// reminder after it falls back to Monday–Friday.
func (c *Calendar) LastYear() int {
	last := 0
	for k := range c.days {
		if y := int(k[0]-'0')*1000 + int(k[1]-'0')*100 + int(k[2]-'0')*10 + int(k[3]-'0'); y > last {
			last = y
		}
	}
	return last
}

// IsWorkday reports whether t's day (Asia/Shanghai) is a working day: an
// announced 调休 working day, or a Monday–Friday that is not an announced
// holiday.
func (c *Calendar) IsWorkday(t time.Time) bool {
	if d, ok := c.Announced(t); ok {
		return d.Work
	}
	wd := t.In(safetybot.Shanghai).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// IsLastWorkday reports whether t's day is the last working day of its
// month (2027-01-31, a Sunday worked for the Spring Festival, is January
// 2027's).
func (c *Calendar) IsLastWorkday(t time.Time) bool {
	t = t.In(safetybot.Shanghai)
	if !c.IsWorkday(t) {
		return false
	}
	for d := t.AddDate(0, 0, 1); d.Month() == t.Month(); d = d.AddDate(0, 0, 1) {
		if c.IsWorkday(d) {
			return false
		}
	}
	return true
}

// Shift directions for a reminder that falls on a day off.
const (
	ShiftNone = ""     // fire on the day, worked or not (the daily digest)
	ShiftPrev = "prev" // the previous working day (a deadline's reminder)
	ShiftNext = "next" // the next working day (a period's opening reminder)
)

// maxSearch bounds the search for a working day; the longest run of days
// off announced so far is nine (Spring Festival 2024: 10–17 February plus
// the weekend before).
const maxSearch = 20

// Shift moves t to a working day in direction dir, keeping its clock time.
// A day that is already a working day, or dir ShiftNone, leaves t as it is.
// The move never leaves t's month: when the working day that way lies in
// another month, t moves the other way instead, so a month's (quarter's,
// year's) reminder always belongs to the period it was written for — the
// 1 January reminder moves to the first working day of January, never to
// 31 December. The bool reports whether t moved.
func (c *Calendar) Shift(t time.Time, dir string) (time.Time, bool) {
	t = t.In(safetybot.Shanghai)
	if dir == ShiftNone || c.IsWorkday(t) {
		return t, false
	}
	step := -1
	if dir == ShiftNext {
		step = 1
	}
	for range 2 {
		for i := 1; i <= maxSearch; i++ {
			d := t.AddDate(0, 0, step*i)
			if d.Month() != t.Month() {
				break
			}
			if c.IsWorkday(d) {
				return d, true
			}
		}
		step = -step
	}
	return t, false // a month without a working day: fire on the day
}

var current atomic.Pointer[Calendar]

// Default returns the process's calendar: Official unless SetDefault was
// called.
func Default() *Calendar {
	if c := current.Load(); c != nil {
		return c
	}
	return Official()
}

// SetDefault makes c the process's calendar (nil: Official). cmd/safetybot
// calls it once at start-up with the override file laid over Official.
func SetDefault(c *Calendar) { current.Store(c) }
