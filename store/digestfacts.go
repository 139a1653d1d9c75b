package store

import (
	"context"
	"time"

	"safetybot"
)

// DigestFacts gathers the ledger's part of the digest at now, with lists of
// at most limit hazards each. Each figure is one indexed aggregate query.
func (s *Store) DigestFacts(ctx context.Context, now time.Time, limit int) (*DigestFacts, error) {
	f := &DigestFacts{Now: now}
	today := safetybot.DateOf(now)
	soon := safetybot.DateOf(now.In(safetybot.Shanghai).AddDate(0, 0, 3))
	const open = "status NOT IN ('已销号', '已驳回')"
	year := now.In(safetybot.Shanghai).Year()
	err := s.q.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM hazards WHERE found_at >= ?),
		(SELECT count(*) FROM hazards WHERE `+open+` AND grade = '重大'),
		(SELECT count(*) FROM hazards WHERE `+open+` AND deadline <> '' AND deadline < ?),
		(SELECT count(*) FROM hazards WHERE `+open+` AND deadline <> '' AND deadline < ? AND grade = '重大'),
		(SELECT count(*) FROM hazards WHERE `+open+` AND deadline >= ? AND deadline <= ?),
		(SELECT count(*) FROM hazards WHERE year = ? AND status <> '已驳回'),
		(SELECT count(*) FROM hazards WHERE year = ? AND status = '已销号'),
		(SELECT count(*) FROM hazards WHERE `+open+`)`,
		ms(now.Add(-24*time.Hour)), today, today, today, soon, year, year).
		Scan(&f.New24h, &f.OpenMajor, &f.Overdue, &f.OverdueMajor, &f.DueSoon, &f.YearTotal, &f.YearClosed, &f.OpenTotal)
	if err != nil {
		return nil, err
	}
	lists := []struct {
		dst   *[]*safetybot.Hazard
		where string
		order string
		args  []any
	}{
		{&f.OverdueList, open + " AND deadline <> '' AND deadline < ?", "grade = '重大' DESC, deadline, id", []any{today}},
		{&f.MajorList, open + " AND grade = '重大'", "deadline IS NULL, deadline, id", nil},
		{&f.DueSoonList, open + " AND deadline >= ? AND deadline <= ?", "grade = '重大' DESC, deadline, id", []any{today, soon}},
		{&f.NewList, "found_at >= ?", "grade = '重大' DESC, id DESC", []any{ms(now.Add(-24 * time.Hour))}},
	}
	for _, l := range lists {
		rows, err := s.q.QueryContext(ctx, "SELECT "+hazardColumns+" FROM hazards WHERE "+l.where+" ORDER BY "+l.order+" LIMIT ?", append(l.args, limit)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			h, err := scanHazard(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			*l.dst = append(*l.dst, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
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
