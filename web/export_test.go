package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/plan"
)

// OverviewFigures returns the overview's figures as the page computes them
// from the store's tallies (new) and as they were computed from every
// hazard of the ledger before the tallies (old), for the test that they
// agree.
func (d *Dashboard) OverviewFigures(ctx context.Context, now time.Time) (newer, older any, err error) {
	var hs []*safetybot.Hazard
	var l *ledgerFigures
	var tasks []*safetybot.Task
	var counts, entCounts []safetybot.DutyCount
	var known []safetybot.Enterprise
	var nEnts int
	err = d.store.View(ctx, func(v safetybot.Store) (err error) {
		if hs, err = v.Hazards(ctx, safetybot.HazardFilter{}); err != nil {
			return err
		}
		if l, err = readLedgerFigures(ctx, v, d.plan.Domains, now); err != nil {
			return err
		}
		if tasks, err = v.Tasks(ctx); err != nil {
			return err
		}
		if counts, err = v.DutyCounts(ctx); err != nil {
			return err
		}
		// The enterprise figures as the page reads them (counted by the
		// store) and as it read them before migration 0029 (every known
		// unit, classified in Go).
		if entCounts, err = v.EnterpriseDutyCounts(ctx); err != nil {
			return err
		}
		if nEnts, err = v.CountEnterprises(ctx); err != nil {
			return err
		}
		known, err = v.KnownUnits(ctx)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	var ents []safetybot.Enterprise
	for _, e := range known {
		if safetybot.IsEnterprise(e.Name, e.Registered) {
			ents = append(ents, e)
		}
	}
	since, err := d.store.Since(ctx)
	if err != nil {
		return nil, nil, err
	}
	n := d.overviewFigures(l, tasks, entCounts, since, now)
	n.Duties.Enterprises = nEnts
	o := d.overviewFromHazards(hs, tasks, export.EnterpriseCounts(counts, ents), since, now)
	o.Duties.Enterprises = len(ents)
	return n, o, nil
}

// overviewFromHazards is how the overview was computed before the tallies
// of migration 0028 (every hazard read into memory), kept as the reference
// the tallies must agree with.
func (d *Dashboard) overviewFromHazards(hs []*safetybot.Hazard, tasks []*safetybot.Task, counts []safetybot.DutyCount, since safetybot.Date, now time.Time) *overviewData {
	now = now.In(safetybot.Shanghai)
	today := safetybot.DateOf(now)
	soon := safetybot.DateOf(now.AddDate(0, 0, DueSoonDays))
	o := &overviewData{Total: len(hs), Year: now.Year()}

	domains := export.DomainNames(d.plan.Domains, hs)
	idx := map[string]int{}
	for _, dn := range domains {
		idx[dn] = len(o.ByDomain)
		o.ByDomain = append(o.ByDomain, domainOpen{Domain: dn, Label: export.DomainLabel(dn)})
	}
	first := time.Date(now.Year(), now.Month()-11, 1, 0, 0, 0, 0, safetybot.Shanghai)
	months := map[string]int{}
	for m := first; !m.After(now); m = m.AddDate(0, 1, 0) {
		key := safetybot.Month(m)
		months[key] = len(o.Trend)
		o.Trend = append(o.Trend, monthFlow{Month: key, Label: fmt.Sprintf("%d月", m.Month())})
	}
	yearClosed, yearRejected := 0, 0
	for _, h := range hs {
		if i, ok := months[safetybot.Month(h.FoundAt)]; ok {
			o.Trend[i].Found++
		}
		if !h.ClosedAt.IsZero() {
			if i, ok := months[safetybot.Month(h.ClosedAt)]; ok {
				o.Trend[i].Closed++
			}
		}
		inYear := export.NumberYear(h.Number) == now.Year()
		if inYear {
			o.YearFound++
		}
		switch {
		case h.Status == safetybot.StatusClosed:
			o.Closed++
			if inYear {
				yearClosed++
			}
		case h.Status == safetybot.StatusRejected:
			o.Rejected++
			if inYear {
				yearRejected++
			}
		default:
			o.Open++
			row := &o.ByDomain[idx[h.Domain]]
			row.Total++
			if h.Grade == safetybot.GradeMajor {
				o.OpenMajor++
				row.Major++
			} else {
				row.General++
			}
			if h.Overdue(today) {
				o.Overdue++
				row.Od++
			} else if h.Deadline != "" && h.Deadline <= soon {
				o.DueSoon++
			}
		}
	}
	var urgent []*safetybot.Hazard
	for _, h := range hs {
		if h.Grade == safetybot.GradeMajor && h.Overdue(today) {
			urgent = append(urgent, h)
		}
	}
	SortByUrgency(urgent, today)
	o.UrgentTotal, o.Urgent = len(urgent), urgent[:min(len(urgent), UrgentMax)]
	o.ClosureRate = export.Rate(o.Closed, export.ClosureBase(o.Total, o.Rejected))
	o.YearRate = export.Rate(yearClosed, export.ClosureBase(o.YearFound, yearRejected))
	o.Duties = export.DutyCompliance(counts, counts, first, now, len(d.plan.Groups), since)
	judged, day := d.judgeTasks(tasks, today)
	o.Actions = export.TasksByAction(d.plan.Actions, judged, day, since)
	o.charts(today, wordsFor(d.plan.Title).Actions)
	return o
}

// HazardQuery is the list's filters as parsed from a URL, for tests.
type HazardQuery = hazardQuery

// ParseHazardQuery parses the list's URL query against the default plan's
// domains, with the filters it could not read.
func ParseHazardQuery(v url.Values) (HazardQuery, []string) {
	return parseHazardQuery(v, plan.Default().Domains)
}

// Match is the list's test of one hazard, names read through name.
func (q hazardQuery) Match(today safetybot.Date, name func(string) string, h *safetybot.Hazard) bool {
	return q.match(today, name)(h)
}

// match is the filters beyond year and domain, tested in Go: status,
// grade, overdue on today, and the keyword (or a unit it stands for,
// withUnits). It is the tests' reading of what the store's filter (filter)
// must keep, for the list and its download alike. name shows a
// responsible person, so the keyword also finds them by name.
func (q hazardQuery) match(today safetybot.Date, name func(string) string) func(*safetybot.Hazard) bool {
	number := strings.ToUpper(q.Q) // yh2026-0006 is a number, as in chat
	return func(h *safetybot.Hazard) bool {
		switch {
		case q.Status == "open" && !h.Status.Open(),
			q.Status != "" && q.Status != "open" && string(h.Status) != q.Status,
			q.Grade != "" && string(h.Grade) != q.Grade,
			q.Overdue && !h.Overdue(today):
			return false
		}
		return q.Q == "" || strings.Contains(h.Number, number) || strings.Contains(h.Description, q.Q) || strings.Contains(h.Unit, q.Q) ||
			q.units[h.Unit] || strings.Contains(h.Location, q.Q) || strings.Contains(h.Assignee, q.Q) || (h.Assignee != "" && strings.Contains(name(h.Assignee), q.Q))
	}
}
