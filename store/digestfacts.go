package store

import (
	"context"
	"time"

	"safetybot"
)

// SQL conditions on hazards written as the expressions of the index
// hazards_urgency (migration 0028), so that SQLite searches a range of it
// for the digest's short lists.
const (
	openExpr       = "(status IN ('已销号', '已驳回')) = 0" // safetybot.Status.Open
	majorExpr      = "(grade <> '重大') = 0"
	notMajorExpr   = "(grade <> '重大') = 1"
	datedExpr      = "(deadline IS NULL) = 0"
	undatedExpr    = "(deadline IS NULL) = 1"
	overdueExpr    = datedExpr + " AND deadline < ?"
	dueBetweenExpr = datedExpr + " AND deadline >= ? AND deadline <= ?"
)

// DigestFacts gathers the ledger's part of the digest at now, with lists of
// at most limit hazards each. The counts come from the tallies of migration
// 0028 (and the last day's reports, through their index); each list is read
// in order from an index and cut at limit, in parts when it puts 重大 or
// dated hazards first. Nothing it reads grows with the ledger.
func (s *Store) DigestFacts(ctx context.Context, now time.Time, limit int) (*safetybot.DigestFacts, error) {
	f := &safetybot.DigestFacts{Now: now}
	today := safetybot.DateOf(now)
	soon := safetybot.DateOf(now.In(safetybot.Shanghai).AddDate(0, 0, 3))
	year := now.In(safetybot.Shanghai).Year()
	dayAgo := ms(now.Add(-24 * time.Hour))
	err := s.q.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM hazards WHERE found_at >= ?),
		(SELECT COALESCE(sum(n), 0) FROM hazard_tally WHERE `+openSQL+` AND grade = '重大'),
		(SELECT COALESCE(sum(n), 0) FROM hazard_open_due WHERE deadline <> '' AND deadline < ?),
		(SELECT COALESCE(sum(n), 0) FROM hazard_open_due WHERE deadline <> '' AND deadline < ? AND grade = '重大'),
		(SELECT COALESCE(sum(n), 0) FROM hazard_open_due WHERE deadline >= ? AND deadline <= ?),
		(SELECT COALESCE(sum(n), 0) FROM hazard_tally WHERE year = ? AND status <> '已驳回'),
		(SELECT COALESCE(sum(n), 0) FROM hazard_tally WHERE year = ? AND status = '已销号'),
		(SELECT COALESCE(sum(n), 0) FROM hazard_tally WHERE year = ? AND status <> '已驳回'),
		(SELECT COALESCE(sum(n), 0) FROM hazard_tally WHERE year = ? AND status = '已销号'),
		(SELECT COALESCE(sum(n), 0) FROM hazard_tally WHERE `+openSQL+`)`,
		dayAgo, today, today, today, soon, year, year, year-1, year-1).
		Scan(&f.New24h, &f.OpenMajor, &f.Overdue, &f.OverdueMajor, &f.DueSoon, &f.YearTotal, &f.YearClosed, &f.LastYearTotal, &f.LastYearClosed, &f.OpenTotal)
	if err != nil {
		return nil, err
	}
	const open = openExpr + " AND "
	lists := []struct {
		dst   *[]*safetybot.Hazard
		parts []listPart // read in turn until the list has limit hazards
	}{
		// Majors first, then the longest overdue.
		{&f.OverdueList, []listPart{
			{open + majorExpr + " AND " + overdueExpr, "deadline, id", []any{today}},
			{open + notMajorExpr + " AND " + overdueExpr, "deadline, id", []any{today}},
		}},
		// Overdue first, then by deadline, those without one last.
		{&f.MajorList, []listPart{
			{open + majorExpr + " AND " + datedExpr, "deadline, id", nil},
			{open + majorExpr + " AND " + undatedExpr, "id", nil},
		}},
		{&f.DueSoonList, []listPart{
			{open + majorExpr + " AND " + dueBetweenExpr, "deadline, id", []any{today, soon}},
			{open + notMajorExpr + " AND " + dueBetweenExpr, "deadline, id", []any{today, soon}},
		}},
		// Newest first, majors first: a day's reports, sorted.
		{&f.NewList, []listPart{{"found_at >= ?", "grade = '重大' DESC, id DESC", []any{dayAgo}}}},
	}
	for _, l := range lists {
		for _, p := range l.parts {
			if len(*l.dst) >= limit {
				break
			}
			if err := s.appendHazards(ctx, l.dst, p, limit-len(*l.dst)); err != nil {
				return nil, err
			}
		}
	}
	tasks, err := s.Tasks(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		if t.Behind(today) {
			f.TasksBehind = append(f.TasksBehind, t)
		}
	}
	if n, err := s.TipsAwaitingTriage(ctx); err == nil {
		f.TipsAwaiting, f.TipsAwaitingOK = n, true
	}
	return f, nil
}

// listPart is one query of a short hazard list: its condition, order and
// arguments.
type listPart struct {
	where string
	order string
	args  []any
}

// appendHazards appends to dst at most n hazards matching p, in p's order.
func (s *Store) appendHazards(ctx context.Context, dst *[]*safetybot.Hazard, p listPart, n int) error {
	hs, err := list(ctx, s.q, "SELECT "+hazardColumns+" FROM hazards WHERE "+p.where+" ORDER BY "+p.order+" LIMIT ?",
		scanHazard, append(append([]any{}, p.args...), n)...)
	*dst = append(*dst, hs...)
	return err
}
