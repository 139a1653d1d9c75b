package store

import (
	"context"
	"database/sql"

	"safetybot"
)

// RecordDuty records that a duty was done for a period, with notifications
// (the scheduler reads duty_records to stay silent about done duties). A
// record with On set is a backfill (补记) of a day already past; the caller
// checks the day (bot: not in the future, not before the plan began).
func (s *Store) RecordDuty(ctx context.Context, r safetybot.DutyRecord, notes ...safetybot.Notification) error {
	now := s.now()
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO duty_records (duty, period, unit, note, actor, at, done_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
			r.Duty, r.Period, nullIfEmpty(r.Unit), r.Note, r.Actor, ms(now), nullIfEmpty(string(r.On)))
		if err != nil {
			return err
		}
		return queue(ctx, tx, now, notes...)
	})
}

// DutyRecords lists what was recorded for a duty in a period, oldest first.
func (s *Store) DutyRecords(ctx context.Context, duty, period string) ([]safetybot.DutyRecord, error) {
	var out []safetybot.DutyRecord
	// COALESCE: no unit and no backfill day are NULL (0030).
	err := s.each(ctx, "SELECT duty, period, COALESCE(unit, ''), note, actor, COALESCE(done_on, '') FROM duty_records WHERE duty = ? AND period = ? ORDER BY id",
		func(r scanner) error {
			var d safetybot.DutyRecord
			err := r.Scan(&d.Duty, &d.Period, &d.Unit, &d.Note, &d.Actor, &d.On)
			out = append(out, d)
			return err
		}, duty, period)
	return out, err
}
