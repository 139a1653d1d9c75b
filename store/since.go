package store

import (
	"context"
	"database/sql"

	"safetybot"
)

// Since returns the first day (Asia/Shanghai) the system was in use: the
// day the database was created (its first migration), or an earlier day a
// record written then is about — a hazard's discovery, a task update, a
// tip's day, the time a duty record was written. Reports show the periods
// before it as 未启用 rather than as failures. It returns "" only for a
// database with no migration applied, which Open never leaves behind.
//
// A backfilled duty (议题 日期:2026-09-15 …, done_on) does not move it: the
// counting is fixed instead (QA 11 §8). Before, a backfill moved the start
// to its month, so one backfilled 议题 in September made September and
// October count as months of missed 专班 studies for a system installed in
// November, while a backfilled inspection (a quarter, not a month) moved
// nothing and was counted in a quarter shown as 未启用. Now the start is
// the day the system began, and a backfilled record before it is listed
// and counted as done in its period (export.DutyCompliance), which stays
// 未启用: it is never judged, so nothing there is a failure.
func (s *Store) Since(ctx context.Context) (safetybot.Date, error) {
	var first sql.NullInt64
	var day, tipDay safetybot.Date // a tip's day may precede its writing
	err := s.q.QueryRowContext(ctx, `SELECT min(t), (SELECT min(day) FROM tips) FROM (
		SELECT min(applied_at) AS t FROM schema_migrations
		UNION ALL SELECT min(found_at) FROM hazards WHERE found_at > 0
		UNION ALL SELECT min(at) FROM task_updates
		UNION ALL SELECT min(at) FROM duty_records)`).Scan(&first, (*nullText)(&tipDay))
	if err != nil {
		return "", err
	}
	if first.Valid {
		day = safetybot.DateOf(fromMS(first.Int64))
	}
	if _, err := tipDay.Time(); err == nil && (day == "" || tipDay < day) {
		day = tipDay
	}
	return day, nil
}
