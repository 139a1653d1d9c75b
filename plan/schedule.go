package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"safetybot"
	"safetybot/workday"
)

// specParser reads the standard five fields (minute hour day-of-month month
// day-of-week) and @daily-style descriptors, with an optional CRON_TZ= prefix.
var specParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// starBit is robfig/cron's mark of an unrestricted field (parser.go: set
// for "*" and "?", and for "*/1"; cleared by a step above 1, so "*/2" is
// restricted). When neither day-of-month nor day-of-week carries it, cron
// fires on days matching either (spec.go, dayMatches): OR, not AND.
const starBit = 1 << 63

// Zone is the only time zone a spec may name: the README promises Beijing
// time, and Asia/Shanghai has no daylight saving time, so no wall-clock
// time is skipped or repeated.
const Zone = "Asia/Shanghai"

// ParseSpec parses a reminder's cron spec in Asia/Shanghai. It never panics
// (robfig/cron panics on a malformed CRON_TZ= prefix); every error is an
// *safetybot.Error whose Chinese message says how to fix the spec. It refuses
// what would silently misbehave:
//   - @every (not anchored to the clock, so occurrences could not be
//     recorded exactly once);
//   - a spec that never fires (30 Feb);
//   - day-of-month and day-of-week both restricted, however spelt
//     (1-7, */2, 1-31/2, 1,15 …): robfig/cron OR-s them, so "0 9 */2 * 1"
//     fires on odd days and on every Monday;
//   - a TZ=/CRON_TZ= prefix naming any zone but Asia/Shanghai: a zone with
//     daylight saving time fires twice on the autumn change
//     ("CRON_TZ=America/New_York 30 1 * * *") and not at all in spring.
func ParseSpec(spec string) (sched cron.Schedule, err error) {
	spec = strings.Join(strings.Fields(spec), " ")
	bad := func(format string, args ...any) error {
		return safetybot.Errorf(safetybot.EINVALID, "定时规则「%s」%s", safetybot.Truncate(spec, 40), fmt.Sprintf(format, args...))
	}
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, bad("无法解析（时区写法有误）。请省略时区前缀（默认北京时间），例如 0 9 1 * *。")
		}
	}()
	if spec == "" {
		return nil, bad("为空。请写 5 段：分 时 日 月 星期，例如 0 9 1 * * 表示每月1日9:00。")
	}
	body := spec
	if prefix, zone, ok := zonePrefix(spec); ok {
		if zone != Zone {
			return nil, bad("指定了时区「%s」。提醒一律按北京时间（Asia/Shanghai）：换算别的时区容易出错，有夏令时的时区在换季那天还会提醒两次或漏掉。请去掉「%s」，直接写北京时间，例如 0 9 * * *。",
				safetybot.Truncate(zone, 30), safetybot.Truncate(prefix, 40))
		}
		_, body, _ = strings.Cut(body, " ")
	}
	if strings.HasPrefix(body, "@every") {
		return nil, bad("使用了 @every。提醒须按固定时刻，例如 0 9 * * 1 表示每周一9:00。")
	}
	f := strings.Fields(body)
	if len(f) != 5 && !strings.HasPrefix(body, "@") {
		return nil, bad("应为 5 段（分 时 日 月 星期），现在是 %d 段。例如 0 9 1 * * 表示每月1日9:00。", len(f))
	}
	sched, err = specParser.Parse(sundaySeven(spec))
	if err != nil {
		if len(f) == 5 {
			if i, ok := badField(f); ok {
				return nil, bad("第 %d 段（%s）「%s」无法识别：%s只能写数字、*、逗号、- 和 /（不支持 ? L W #），取值 %s。例如 30 8 * * 1-5 表示工作日8:30。",
					i+1, specFields[i].name, safetybot.Truncate(f[i], 12), specFields[i].name, specFields[i].values)
			}
		}
		return nil, bad("无法解析。请写 5 段：分 时 日 月 星期，例如 30 8 * * 1-5 表示工作日8:30。")
	}
	if s, ok := sched.(*cron.SpecSchedule); ok {
		if s.Location == time.Local {
			s.Location = safetybot.Shanghai
		}
		if s.Dom&starBit == 0 && s.Dow&starBit == 0 {
			return nil, bad("同时限定了日期（%s）和星期（%s）：两者是“或”的关系，会在每个符合的日期和每个符合的星期都提醒。请只限定其中一项（另一项写 *）。", f[2], f[4])
		}
	}
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, safetybot.Shanghai)
	if sched.Next(from).IsZero() {
		return nil, bad("永远不会触发（例如 2月30日）。请检查日期。")
	}
	return sched, nil
}

// specFields names the five fields of a spec and the values each takes, for
// a refusal people can act on (robfig/cron's own errors are English).
var specFields = [5]struct{ name, values string }{
	{"分", "0–59"}, {"时", "0–23"}, {"日", "1–31"}, {"月", "1–12"}, {"星期", "0–7（0 和 7 都是星期日，1-5 为周一到周五）"},
}

// sundaySeven rewrites a 7 in the weekday field of a five-field spec as 0:
// most cron dialects and the crontab(5) page read 7 as Sunday, and people
// who count Monday as 1 write "0 9 * * 7" and "1-7" (qa6a #14), but
// robfig/cron takes 0–6 only. A range or step reaching 7 is spelt out
// ("5-7" → "5,6,0"); anything else is left for the parser to judge. The
// stored spec keeps what was typed: every reader goes through ParseSpec.
func sundaySeven(spec string) string {
	f := strings.Fields(spec)
	i := len(f) - 1
	if i < 4 || strings.HasPrefix(f[0], "@") {
		return spec
	}
	items := strings.Split(f[i], ",")
	changed := false
	for j, item := range items {
		if v, ok := expandSeven(item); ok {
			items[j], changed = v, true
		}
	}
	if !changed {
		return spec
	}
	f[i] = strings.Join(items, ",")
	return strings.Join(f, " ")
}

// expandSeven spells out one item of a weekday field that names 7 ("7",
// "5-7", "1-7/2") as a list with 0 for Sunday; ok is false for every other
// item, which then stays as written.
func expandSeven(item string) (string, bool) {
	rng, step, hasStep := strings.Cut(item, "/")
	lo, hi, isRange := strings.Cut(rng, "-")
	if !isRange {
		hi = lo
	}
	a, errA := strconv.Atoi(lo)
	b, errB := strconv.Atoi(hi)
	s := 1
	if hasStep {
		var err error
		if s, err = strconv.Atoi(step); err != nil || s < 1 || !isRange {
			return "", false
		}
	}
	if errA != nil || errB != nil || b != 7 || a < 0 || a > b {
		return "", false
	}
	var out []string
	for d := a; d <= b; d += s {
		out = append(out, strconv.Itoa(d%7))
	}
	return strings.Join(out, ","), true
}

// badField finds the first field of a five-field spec that robfig/cron
// refuses on its own (the others replaced by *).
func badField(f []string) (int, bool) {
	for i := range f {
		probe := []string{"0", "0", "*", "*", "*"}
		probe[i] = f[i]
		if _, err := specParser.Parse(sundaySeven(strings.Join(probe, " "))); err != nil {
			return i, true
		}
	}
	return 0, false
}

// zonePrefix splits a leading TZ=zone or CRON_TZ=zone (the prefixes
// robfig/cron reads) off spec: the whole prefix and the zone name.
func zonePrefix(spec string) (prefix, zone string, ok bool) {
	for _, p := range []string{"CRON_TZ=", "TZ="} {
		if strings.HasPrefix(spec, p) {
			prefix, _, _ = strings.Cut(spec, " ")
			return prefix, strings.TrimPrefix(prefix, p), true
		}
	}
	return "", "", false
}

// MinInterval is the shortest time between two occurrences of a reminder,
// for a rule added in chat (提醒 添加) and a reminder in a plan file alike.
const MinInterval = time.Hour

// CheckInterval refuses specs that fire more often than every min, for
// reminders entered by administrators (a minutely reminder is spam).
func CheckInterval(sched cron.Schedule, min time.Duration, from time.Time) error {
	t := sched.Next(from)
	for range 50 {
		n := sched.Next(t)
		if n.IsZero() {
			return nil
		}
		if n.Sub(t) < min {
			return safetybot.Errorf(safetybot.EINVALID, "提醒过于频繁（%s 与 %s 间隔不足 %s）。请至少间隔 %s。",
				t.In(safetybot.Shanghai).Format("01-02 15:04"), n.In(safetybot.Shanghai).Format("15:04"), spanText(min), spanText(min))
		}
		t = n
	}
	return nil
}

// spanText is a duration in Chinese: "1 小时", "30 分钟".
func spanText(d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return fmt.Sprintf("%d 小时", d/time.Hour)
	}
	return fmt.Sprintf("%d 分钟", d/time.Minute)
}

// Occurrence is one time a rule fires: At, and Planned, the time its spec
// names, when At was moved off a day off (else Planned equals At).
type Occurrence struct {
	At, Planned time.Time
}

// Moved reports whether the occurrence was moved off a day off.
func (o Occurrence) Moved() bool { return !o.At.Equal(o.Planned) }

// Note says that the occurrence was moved off a day off, for the reminder
// and the calendar: "（原定1月1日，逢元旦节顺延）"; "" when it was not moved.
func (o Occurrence) Note() string {
	if !o.Moved() {
		return ""
	}
	why := "休息日"
	if d, ok := workday.Default().Announced(o.Planned); ok && !d.Work {
		why = d.Name
	}
	way := "提前"
	if o.At.After(o.Planned) {
		way = "顺延"
	}
	return fmt.Sprintf("（原定%s，逢%s%s）", o.Planned.In(safetybot.Shanghai).Format("1月2日"), why, way)
}

// shiftMargin is how far a day off can move an occurrence: more than the
// longest run of days off (workday.maxSearch stops at 20).
const shiftMargin = 21 * 24 * time.Hour

// Occurrences returns the times rule r fires in (after, until], in
// Asia/Shanghai, honouring its active days and filter and moving an
// occurrence on a day off as r.Shift says, at most max of them (max ≤ 0: no
// limit). Paused rules have occurrences too; callers decide. Working days
// are those of workday.Default().
func Occurrences(r *safetybot.Rule, sched cron.Schedule, after, until time.Time, max int) []time.Time {
	occ := OccurrencesOf(r, sched, after, until, max)
	out := make([]time.Time, len(occ))
	for i, o := range occ {
		out[i] = o.At
	}
	return out
}

// OccurrencesOf is Occurrences with where each occurrence was planned.
// From, Until and the filter apply to the planned time; the window to the
// moved one.
func OccurrencesOf(r *safetybot.Rule, sched cron.Schedule, after, until time.Time, max int) []Occurrence {
	cal := workday.Default()
	var out []Occurrence
	t := after.In(safetybot.Shanghai)
	end := until
	if r.Shift != workday.ShiftNone {
		t, end = t.Add(-shiftMargin), end.Add(shiftMargin)
	}
	if r.From != "" {
		if from, err := r.From.Time(); err == nil && t.Before(from.Add(-time.Second)) {
			t = from.Add(-time.Second)
		}
	}
	if r.Until != "" {
		if u, err := r.Until.Time(); err == nil && u.AddDate(0, 0, 1).Add(-time.Nanosecond).Before(end) {
			end = u.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
	}
	for {
		t = sched.Next(t)
		if t.IsZero() || t.After(end) {
			break
		}
		t = t.In(safetybot.Shanghai)
		if !keep(cal, r.Filter, t) {
			continue
		}
		at, _ := cal.Shift(t, r.Shift)
		if !at.After(after) || at.After(until) {
			continue
		}
		out = append(out, Occurrence{At: at, Planned: t})
		if r.Shift == workday.ShiftNone && max > 0 && len(out) >= max {
			return out
		}
	}
	// Moving can reorder occurrences near a month's edge and put two on one
	// time; sort them and keep the first planned of each.
	slices.SortStableFunc(out, func(a, b Occurrence) int { return a.At.Compare(b.At) })
	out = slices.CompactFunc(out, func(a, b Occurrence) bool { return a.At.Equal(b.At) })
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	return out
}

// Next returns the rule's first occurrence after t, or the zero time.
func Next(r *safetybot.Rule, sched cron.Schedule, t time.Time) time.Time {
	// A year and a day covers every yearly rule.
	occ := Occurrences(r, sched, t, t.AddDate(1, 0, 1), 1)
	if len(occ) == 0 {
		return time.Time{}
	}
	return occ[0]
}

// RuleSchedule is the cron.Schedule of rule r as it really fires: its spec
// with its active days and filter, moved off days off. The scheduler gives
// it to robfig/cron so the job runs at the moved time. r is copied.
func RuleSchedule(r *safetybot.Rule, sched cron.Schedule) cron.Schedule {
	rc := *r
	return ruleSchedule{r: &rc, sched: sched}
}

type ruleSchedule struct {
	r     *safetybot.Rule
	sched cron.Schedule
}

func (s ruleSchedule) Next(t time.Time) time.Time { return Next(s.r, s.sched, t) }

func keep(cal *workday.Calendar, filter string, t time.Time) bool {
	switch filter {
	case safetybot.FilterLastWorkday:
		return cal.IsLastWorkday(t)
	}
	return true
}

// IsLastWorkday reports whether t's day is the last working day of its
// month in Asia/Shanghai by the State Council's holiday calendar, 调休
// working weekends included (workday.Default(): 2027-01-31, a Sunday, is
// January 2027's).
func IsLastWorkday(t time.Time) bool { return workday.Default().IsLastWorkday(t) }
