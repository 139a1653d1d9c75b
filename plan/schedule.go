package plan

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"safetybot"
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
	sched, err = specParser.Parse(spec)
	if err != nil {
		return nil, bad("无法解析：%s。请写 5 段：分 时 日 月 星期，例如 30 8 * * 1-5 表示工作日8:30。", err.Error())
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
			return safetybot.Errorf(safetybot.EINVALID, "提醒过于频繁（%s 与 %s 间隔不足 %s）。请至少间隔 1 小时。",
				t.In(safetybot.Shanghai).Format("01-02 15:04"), n.In(safetybot.Shanghai).Format("15:04"), min)
		}
		t = n
	}
	return nil
}

// Occurrences returns the times rule r fires in (after, until], in
// Asia/Shanghai, honouring its active days and filter, at most max of them
// (max ≤ 0: no limit). Paused rules have occurrences too; callers decide.
func Occurrences(r *safetybot.Rule, sched cron.Schedule, after, until time.Time, max int) []time.Time {
	var out []time.Time
	t := after.In(safetybot.Shanghai)
	if r.From != "" {
		if from, err := r.From.Time(); err == nil && t.Before(from.Add(-time.Second)) {
			t = from.Add(-time.Second)
		}
	}
	end := until
	if r.Until != "" {
		if u, err := r.Until.Time(); err == nil && u.AddDate(0, 0, 1).Add(-time.Nanosecond).Before(end) {
			end = u.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
	}
	for {
		t = sched.Next(t)
		if t.IsZero() || t.After(end) {
			return out
		}
		t = t.In(safetybot.Shanghai)
		if !Keep(r.Filter, t) {
			continue
		}
		out = append(out, t)
		if max > 0 && len(out) >= max {
			return out
		}
	}
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

// Keep applies a rule's filter to an occurrence.
func Keep(filter string, t time.Time) bool {
	switch filter {
	case safetybot.FilterLastWorkday:
		return IsLastWorkday(t)
	}
	return true
}

// IsLastWorkday reports whether t's day is the last Monday–Friday of its
// month in Asia/Shanghai. Public holidays and adjusted working days (调休)
// are not known to the bot.
func IsLastWorkday(t time.Time) bool {
	t = t.In(safetybot.Shanghai)
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	for d := t.AddDate(0, 0, 1); d.Month() == t.Month(); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			return false
		}
	}
	return true
}
