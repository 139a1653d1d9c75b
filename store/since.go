package store

import (
	"context"
	"database/sql"
	"time"

	"safetybot"
)

// Since returns the first day (Asia/Shanghai) the system holds any record
// of: the day the database was created (its first migration), or an
// earlier day that a record is about — a hazard's discovery, a task
// update, a tip's day, a duty record's time or the month a monthly duty
// record is for (a backfilled 议题 for October counts October as held).
// Reports show the periods before it as 未启用 rather than as failures.
// It returns "" only for a database with no migration applied, which
// Open never leaves behind.
func (s *Store) Since(ctx context.Context) (safetybot.Date, error) {
	var first sql.NullInt64
	err := s.q.QueryRowContext(ctx, `SELECT min(t) FROM (
		SELECT min(applied_at) AS t FROM schema_migrations
		UNION ALL SELECT min(found_at) FROM hazards WHERE found_at > 0
		UNION ALL SELECT min(at) FROM task_updates
		UNION ALL SELECT min(at) FROM duty_records)`).Scan(&first)
	if err != nil {
		return "", err
	}
	var day safetybot.Date
	if first.Valid {
		day = safetybot.DateOf(fromMS(first.Int64))
	}
	// Days and months records are about, which may precede their writing.
	var tipDay, month sql.NullString
	err = s.q.QueryRowContext(ctx, `SELECT (SELECT min(day) FROM tips),
		(SELECT min(period) FROM duty_records WHERE period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]')`).Scan(&tipDay, &month)
	if err != nil {
		return "", err
	}
	for _, d := range []sql.NullString{tipDay, {String: month.String + "-01", Valid: month.Valid}} {
		if d.Valid && d.String != "" && (day == "" || safetybot.Date(d.String) < day) {
			if _, err := time.ParseInLocation(time.DateOnly, d.String, safetybot.Shanghai); err == nil {
				day = safetybot.Date(d.String)
			}
		}
	}
	return day, nil
}
