package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"time"

	"safetybot"
	"safetybot/plan"
	"safetybot/store"
)

// seedDuties loads the plan's duties and reminder rules into the store on
// first start (like the plan itself). Later starts bring the loaded plan's
// duties and rules up to the schedule data when the loaded plan is the one
// given (standing or campaign-bound, moved off holidays: issue 11), keeping
// what administrators changed (paused rules, their own rules). A ledger
// whose plan came from plan import keeps the imported duties as they are,
// even when the file kept the given plan's title: a same-period revision
// does, and bringing it "up to" the given data put back every duty it had
// dropped and every reminder text it had changed, at the next command of
// any kind (QA report item 1). A ledger seeded before the plan-end reminder
// existed gets it for the plan it has loaded.
func seedDuties(ctx context.Context, s *store.Store, f *safetybot.PlanFile, log *slog.Logger) error {
	sch, err := plan.SeedSchedule(f, time.Now())
	if err != nil {
		return err
	}
	seeded, err := s.SeedDuties(ctx, sch.Duties, sch.Rules)
	if err != nil {
		return err
	}
	if seeded {
		log.Info("duties and reminder rules loaded into the store", "duties", len(sch.Duties), "rules", len(sch.Rules))
	}
	loaded, err := s.Plan(ctx)
	if err != nil {
		return err
	}
	imported, err := s.PlanVersions(ctx) // plan import always archives the plan it replaces
	if err != nil {
		return err
	}
	if !seeded && len(imported) == 0 && loaded.Title == f.Plan.Title {
		nd, nr, err := s.SyncDuties(ctx, sch.Duties, sch.Rules)
		if err != nil {
			return err
		}
		if nd+nr > 0 {
			log.Info("duties and reminder rules brought up to the plan's schedule", "duties", nd, "rules", nr)
		}
	}
	if d, r, ok := plan.EndDuty(loaded, time.Now()); ok {
		if added, err := s.EnsureDuty(ctx, d, r); err != nil {
			return err
		} else if added {
			log.Info("plan-end reminder added", "duty", d.Key, "at", r.From)
		}
	}
	return nil
}

// calendarMaxDays bounds the window (both days included) so a typo cannot
// print years of lines: 3 × 366 = 1098 days, three years at most.
const calendarMaxDays = 3 * 366

// calendarUsage is how to call calendar, in every refusal.
const calendarUsage = "用法：calendar --from YYYY-MM-DD --to YYYY-MM-DD"

// calendar prints every reminder occurrence in [from, to] (whole days,
// Asia/Shanghai), one a line, sorted: "2026-12-01 09:00  <rule>  <text>".
// Paused rules are left out: they will not fire. A duty's text starts with
// 〔常态化〕 or 〔方案期内〕 (standing or campaign-bound), and an occurrence
// moved off a day off ends with where it was planned:
// "（原定1月1日，逢元旦节顺延）". A bad call is refused in Chinese.
func calendar(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("calendar", flag.ContinueOnError)
	fromS := fs.String("from", "", "第一天，YYYY-MM-DD")
	toS := fs.String("to", "", "最后一天，YYYY-MM-DD")
	if err := parseFlags(fs, args, "calendar", calendarUsage, nil); err != nil {
		return err
	}
	if *fromS == "" || *toS == "" {
		return usagef("calendar：需要 --from 和 --to 两个日期。%s", calendarUsage)
	}
	from, err := time.ParseInLocation(time.DateOnly, *fromS, safetybot.Shanghai)
	if err != nil {
		return usagef("calendar：--from「%s」不是日期，请写成 YYYY-MM-DD，例如 2026-12-01", *fromS)
	}
	to, err := time.ParseInLocation(time.DateOnly, *toS, safetybot.Shanghai)
	if err != nil {
		return usagef("calendar：--to「%s」不是日期，请写成 YYYY-MM-DD，例如 2026-12-31", *toS)
	}
	if to.Before(from) {
		return usagef("calendar：--from %s 晚于 --to %s", *fromS, *toS)
	}
	// Asia/Shanghai has no daylight saving time: every day is 24 hours.
	if days := int(to.Sub(from)/(24*time.Hour)) + 1; days > calendarMaxDays {
		return usagef("calendar：窗口 %d 天（含首尾），最多 %d 天（3 × 366）。请分段查看", days, calendarMaxDays)
	}
	a, err := openApp(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer a.store.Close()
	lines, err := calendarLines(ctx, a.store, from, to.AddDate(0, 0, 1).Add(-time.Nanosecond))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	return w.Flush()
}

// calendarLines lists the occurrences of the active rules in [from, until].
func calendarLines(ctx context.Context, s *store.Store, from, until time.Time) ([]string, error) {
	rules, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	type occ struct {
		at   time.Time
		id   int64
		line string
	}
	var all []occ
	oneLine := strings.NewReplacer("\n", " ", "\r", " ", "\t", " ")
	for _, r := range rules {
		if r.Paused {
			continue
		}
		sched, err := plan.ParseSpec(r.Spec)
		if err != nil {
			continue
		}
		tag := ""
		if n := safetybot.TermName(r.Term); n != "" {
			tag = "〔" + n + "〕"
		}
		for _, o := range plan.OccurrencesOf(r, sched, from.Add(-time.Nanosecond), until, 0) {
			all = append(all, occ{o.At, r.ID, o.At.In(safetybot.Shanghai).Format("2006-01-02 15:04") + "  " + r.Name + "  " +
				tag + oneLine.Replace(r.Text) + o.Note()})
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if !all[i].at.Equal(all[j].at) {
			return all[i].at.Before(all[j].at)
		}
		return all[i].id < all[j].id
	})
	lines := make([]string, len(all))
	for i, o := range all {
		lines[i] = o.line
	}
	return lines, nil
}
