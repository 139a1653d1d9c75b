package store

import (
	"context"
	"strings"

	"safetybot"
)

// Ledger figures from the tallies that triggers keep in the same
// transaction as every change to a hazard (migration 0028): what a page
// load reads grows with the number of distinct statuses, grades, domains,
// years, deadline days, months and units, never with the number of hazards.
// A hazard's deadline is NULL when it has none (0025), and so is its domain
// (0030); in the tallies' keys, which cannot be NULL, they are the empty text.

// openSQL is safetybot.Status.Open as SQL.
const openSQL = "status NOT IN ('已销号', '已驳回')"

// HazardTally returns the whole ledger's counts by status, grade, domain
// and year: one row per key with at least one hazard, in no set order.
func (s *Store) HazardTally(ctx context.Context) ([]safetybot.Tally, error) {
	return list(ctx, s.q, "SELECT status, grade, domain, year, n FROM hazard_tally WHERE n > 0", scanTally)
}

func scanTally(r scanner) (t safetybot.Tally, err error) {
	err = r.Scan(&t.Status, &t.Grade, &t.Domain, &t.Year, &t.N)
	return t, err
}

// OpenDue returns the counts of open hazards whose deadline is a day in
// [from, to) (strings compared as YYYY-MM-DD; "" from means since ever, but
// a hazard without deadline is never included), one row per status, grade,
// domain and year. Overdue on today is OpenDue("", today). SQLite sums one
// tally row per deadline day in the range and key, not one per hazard.
func (s *Store) OpenDue(ctx context.Context, from, to safetybot.Date) ([]safetybot.Tally, error) {
	return list(ctx, s.q, `SELECT status, grade, domain, year, sum(n) FROM hazard_open_due
		WHERE deadline <> '' AND deadline >= ? AND deadline < ? GROUP BY status, grade, domain, year HAVING sum(n) > 0`, scanTally, from, to)
}

// HazardMonths returns the months from..to (YYYY-MM, both included) that
// have a hazard found or closed in them, oldest first.
func (s *Store) HazardMonths(ctx context.Context, from, to string) ([]safetybot.MonthFlow, error) {
	return list(ctx, s.q, "SELECT month, found, closed FROM hazard_months WHERE month >= ? AND month <= ? ORDER BY month",
		func(r scanner) (m safetybot.MonthFlow, err error) {
			err = r.Scan(&m.Month, &m.Found, &m.Closed)
			return m, err
		}, from, to)
}

// NewestHazardOf returns the id of the newest hazard of domain, 0 when
// there is none. It reads every hazard of the domain: meant for domains
// outside the plan, which few hazards carry.
func (s *Store) NewestHazardOf(ctx context.Context, domain string) (int64, error) {
	// A hazard without a domain holds NULL (0030), which = never matches.
	return one[int64](ctx, s.q, "SELECT COALESCE(max(id), 0) FROM hazards WHERE domain IS ?", nullIfEmpty(domain))
}

// CountHazards counts the hazards Hazards(f) lists, ignoring f.Limit and
// f.Offset. Without an assignee or a keyword it sums tally rows (no hazard
// is read); with an assignee it counts that person's hazards through their
// index, with a keyword the filtered hazards.
func (s *Store) CountHazards(ctx context.Context, f safetybot.HazardFilter) (int, error) {
	var where []string
	var args []any
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	table, count := "hazard_tally", "sum(n)"
	if f.Assignee != "" || f.Keyword != "" {
		f.Order = safetybot.OrderNewest // no order: the planner may use any index
		where, args = hazardWhere(f)
		table, count = "hazards", "count(*)"
	} else {
		if f.Domain != "" {
			add("domain = ?", f.Domain)
		}
		if f.Status != "" {
			add("status = ?", f.Status)
		}
		if f.Grade != "" {
			add("grade = ?", f.Grade)
		}
		if f.Year != 0 {
			add("year = ?", f.Year)
		}
		if f.OpenOnly {
			where = append(where, openSQL)
		}
		if f.Overdue {
			table = "hazard_open_due"
			add("deadline <> '' AND deadline < ?", f.Today)
		}
	}
	q := "SELECT COALESCE(" + count + ", 0) FROM " + table
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return one[int](ctx, s.q, q, args...)
}

// HazardPage is one page of Hazards(f) and CountHazards(f)
// (safetybot.HazardService); a page past the end is the last page. With a
// keyword, which no index serves, the page and the count come from one
// scan: the matches' ids and sort keys are kept (m) and counted (n), the
// offset is brought back to the last page when it is past n, and the
// page's 50 rows alone are then read whole. Counting and paging on their
// own read 200,000 hazards twice, and a page past the end, empty, then
// counted and read again as the last page, three times.
func (s *Store) HazardPage(ctx context.Context, f safetybot.HazardFilter) ([]*safetybot.Hazard, int, error) {
	if f.Keyword == "" || f.Limit <= 0 {
		n, err := s.CountHazards(ctx, f)
		if err != nil {
			return nil, 0, err
		}
		if f.Limit > 0 && f.Offset >= n {
			f.Offset = lastPage(n, f.Limit)
		}
		hs, err := s.Hazards(ctx, f)
		return hs, n, err
	}
	order := "id DESC"
	if f.Order == safetybot.OrderUrgency {
		order = urgencySQL
	}
	page := f
	page.Order = safetybot.OrderNewest // plain conditions: m is a scan
	where, args := hazardWhere(page)
	// lastPage in SQL: the offset as asked while it is before the end.
	q := "WITH m AS MATERIALIZED (SELECT id, status, grade, deadline FROM hazards WHERE " + strings.Join(where, " AND ") + ")," +
		" c AS (SELECT count(*) AS n FROM m)" +
		" SELECT " + hazardColumns + ", (SELECT n FROM c) FROM hazards WHERE id IN (SELECT id FROM m ORDER BY " + order +
		" LIMIT ? OFFSET (SELECT iif(? < n, ?, max(n - 1, 0) / ? * ?) FROM c)) ORDER BY +" + order
	off := max(f.Offset, 0)
	var hs []*safetybot.Hazard
	var n int // 0 when no row: no match
	err := s.each(ctx, q, func(r scanner) error {
		h, err := scanHazard(withExtra{r, []any{&n}})
		hs = append(hs, h)
		return err
	}, append(args, f.Limit, off, off, f.Limit, f.Limit)...)
	return hs, n, err
}

// lastPage is the offset of the last page of n rows, limit a page; 0 when
// there is none.
func lastPage(n, limit int) int {
	return max(n-1, 0) / limit * limit
}

// HazardAssignees lists the distinct responsible persons of the hazards
// Hazards(f) lists (f.Limit and f.Offset aside), in no set order: a search
// by name resolves them before walking the hazards, rather than asking the
// directory (which may read this store) while a cursor is open.
func (s *Store) HazardAssignees(ctx context.Context, f safetybot.HazardFilter) ([]string, error) {
	where, args := hazardWhere(f)
	q := "SELECT DISTINCT assignee FROM hazards WHERE assignee IS NOT NULL"
	if len(where) > 0 {
		q += " AND " + strings.Join(where, " AND ")
	}
	return list(ctx, s.q, q, scanValue[string], args...)
}
