package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"safetybot"
)

// RecordDuty records a duty done for a period, with its notifications, in
// one transaction (safetybot.DutyService).
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
	// COALESCE: no unit and no backfill day are NULL (0030).
	return list(ctx, s.q, "SELECT duty, period, COALESCE(unit, ''), note, actor, COALESCE(done_on, ''), at FROM duty_records WHERE duty = ? AND period = ? ORDER BY id",
		func(r scanner) (d safetybot.DutyRecord, err error) {
			err = r.Scan(&d.Duty, &d.Period, &d.Unit, &d.Note, &d.Actor, &d.On, (*msTime)(&d.At))
			return d, err
		}, duty, period)
}

// DutyCounts tallies every duty record by duty, period and unit.
func (s *Store) DutyCounts(ctx context.Context) ([]safetybot.DutyCount, error) {
	return list(ctx, s.q, "SELECT duty, period, COALESCE(unit, ''), count(*) FROM duty_records GROUP BY duty, period, unit ORDER BY duty, period, unit",
		scanDutyCount)
}

// DutyCountsBetween is DutyCounts of the records dated from..to (both
// included): a backfill (补记) by the day it gives, any other record by the
// day it was made, in Asia/Shanghai. A summary of part of a month or
// quarter counts what happened in it, not the whole period's records (QA9
// #1). A day that does not parse is EINVALID.
func (s *Store) DutyCountsBetween(ctx context.Context, from, to safetybot.Date) ([]safetybot.DutyCount, error) {
	first, err := from.Time()
	if err != nil {
		return nil, safetybot.Errorf(safetybot.EINVALID, "日期「%s」无效。", from)
	}
	last, err := to.Time()
	if err != nil {
		return nil, safetybot.Errorf(safetybot.EINVALID, "日期「%s」无效。", to)
	}
	return list(ctx, s.q, `SELECT duty, period, COALESCE(unit, ''), count(*) FROM duty_records
		WHERE CASE WHEN COALESCE(done_on, '') = '' THEN at >= ? AND at < ? ELSE done_on BETWEEN ? AND ? END
		GROUP BY duty, period, unit ORDER BY duty, period, unit`,
		scanDutyCount, ms(first), ms(last.AddDate(0, 0, 1)), string(from), string(to))
}

func scanDutyCount(r scanner) (c safetybot.DutyCount, err error) {
	err = r.Scan(&c.Duty, &c.Period, &c.Unit, &c.N)
	return c, err
}

// SeedDuties loads duties and rules into an empty duty table, watermarks
// at now; false when duties are loaded (safetybot.DutyService).
func (s *Store) SeedDuties(ctx context.Context, duties []safetybot.Duty, rules []safetybot.Rule) (bool, error) {
	seeded := false
	now := s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM duties").Scan(&n); err != nil || n > 0 {
			return err
		}
		for _, d := range duties {
			if _, err := saveDuty(ctx, tx, d); err != nil {
				return err
			}
		}
		for _, r := range rules {
			r.Watermark = now
			if _, err := insertRule(ctx, tx, &r, now); err != nil {
				return err
			}
		}
		seeded = true
		return nil
	})
	return seeded, err
}

// Duties lists the loaded duties in their seeding order.
func (s *Store) Duties(ctx context.Context) ([]safetybot.Duty, error) {
	return list(ctx, s.q, "SELECT key, name, aliases, quote, period, due, audience, task_no, standing, basis FROM duties ORDER BY rowid",
		func(r scanner) (d safetybot.Duty, err error) {
			var aliases string
			if err = r.Scan(&d.Key, &d.Name, &aliases, &d.Quote, &d.Period, &d.Due, &d.Audience, &d.TaskNo, &d.Standing, &d.Basis); err == nil {
				err = json.Unmarshal([]byte(aliases), &d.Aliases)
			}
			return d, err
		})
}

// DutyDone reports whether duty was recorded as done for period: a
// duty_records row, or for a task deadline the task reported 100 %.
func (s *Store) DutyDone(ctx context.Context, duty, period string) (bool, error) {
	return dutyDone(ctx, s.q, duty, period)
}

func dutyDone(ctx context.Context, q reader, duty, period string) (bool, error) {
	n, err := one[int](ctx, q, "SELECT count(*) FROM duty_records WHERE duty = ? AND period = ?", duty, period)
	if err != nil || n > 0 {
		return n > 0, err
	}
	taskNo, err := one[int](ctx, q, "SELECT task_no FROM duties WHERE key = ?", duty)
	if errors.Is(err, sql.ErrNoRows) || taskNo == 0 {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	progress, err := one[int](ctx, q, `SELECT COALESCE((SELECT progress FROM task_updates WHERE task_no = ? AND progress >= 0
		ORDER BY id DESC LIMIT 1), 0)`, taskNo)
	return progress >= 100, err
}

// SyncDuties brings the duties and plan rules of a database seeded earlier
// up to the schedule data in one transaction, writing nothing when they
// match (safetybot.DutyService says what changes and what stays).
func (s *Store) SyncDuties(ctx context.Context, duties []safetybot.Duty, rules []safetybot.Rule) (changedDuties, changedRules int, err error) {
	now := s.now()
	err = s.write(ctx, func(tx *sql.Tx) error {
		changedDuties, changedRules = 0, 0
		for _, d := range duties {
			changed, err := saveDuty(ctx, tx, d)
			if err != nil {
				return err
			}
			if changed {
				changedDuties++
			}
		}
		for _, r := range rules {
			var id int64
			var createdBy string
			err := tx.QueryRowContext(ctx, "SELECT id, created_by FROM rules WHERE name = ?", r.Name).Scan(&id, &createdBy)
			if errors.Is(err, sql.ErrNoRows) {
				r.Watermark = now
				if _, err := insertRule(ctx, tx, &r, now); err != nil {
					return err
				}
				changedRules++
				continue
			}
			if err != nil {
				return err
			}
			if createdBy != "plan" {
				continue // an administrator's rule that happens to share the name
			}
			// ruleData gives the optional fields as NULL when empty (0030):
			// IS NOT compares them as stored.
			n, err := affected(tx.ExecContext(ctx, `UPDATE rules SET kind = ?, duty = ?, spec = ?, text = ?, description = ?, audience = ?,
					escalate = ?, filter = ?, shift = ?, term = ?, active_from = ?, active_until = ?, updated_at = ?
				WHERE id = ? AND (kind, duty, spec, text, description, audience, escalate, filter, shift, term, active_from, active_until)
					IS NOT (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				append(append(ruleData(r), ms(now), id), ruleData(r)...)...))
			if err != nil {
				return err
			}
			changedRules += int(n) // 0 or 1: by id
		}
		return nil
	})
	return changedDuties, changedRules, err
}

// saveDuty adds d, or updates the duty of d's key where it differs, and
// reports whether it wrote. Aliases are stored as json.Marshal writes
// them, as seeding always did (null for none; ImportPlan's insertDuty
// writes []).
func saveDuty(ctx context.Context, tx *sql.Tx, d safetybot.Duty) (bool, error) {
	aliases, _ := json.Marshal(d.Aliases)
	n, err := affected(tx.ExecContext(ctx, `INSERT INTO duties (key, name, aliases, quote, period, due, audience, task_no, standing, basis)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET name = excluded.name, aliases = excluded.aliases, quote = excluded.quote,
			period = excluded.period, due = excluded.due, audience = excluded.audience, task_no = excluded.task_no,
			standing = excluded.standing, basis = excluded.basis
		WHERE (name, aliases, quote, period, due, audience, task_no, standing, basis) IS NOT
			(excluded.name, excluded.aliases, excluded.quote, excluded.period, excluded.due, excluded.audience,
			 excluded.task_no, excluded.standing, excluded.basis)`,
		d.Key, d.Name, string(aliases), d.Quote, d.Period, d.Due, d.Audience, d.TaskNo, d.Standing, d.Basis))
	return n > 0, err
}

// ruleData is what SyncDuties writes of r and compares, in the order of its
// statement: kind, duty, spec, text, description, audience, escalate,
// filter, shift, term, active_from, active_until, the optional ones NULL
// when empty.
func ruleData(r safetybot.Rule) []any {
	return []any{r.Kind, nullIfEmpty(r.Duty), r.Spec, r.Text, r.Description, r.Audience, r.Escalate,
		nullIfEmpty(r.Filter), nullIfEmpty(r.Shift), nullIfEmpty(r.Term), nullIfEmpty(string(r.From)), nullIfEmpty(string(r.Until))}
}

func insertDuty(ctx context.Context, tx *sql.Tx, d *safetybot.Duty) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO duties (key, name, aliases, quote, period, due, audience, task_no, standing, basis)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.Key, d.Name, jsonList(d.Aliases), d.Quote, d.Period, d.Due, d.Audience, d.TaskNo, d.Standing, d.Basis)
	return err
}

// EnsureDuty adds d and those of its rules whose name is free when no duty
// has d's key, and reports whether it did (safetybot.DutyService).
func (s *Store) EnsureDuty(ctx context.Context, d safetybot.Duty, rules ...safetybot.Rule) (bool, error) {
	now := s.now()
	added := false
	err := s.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM duties WHERE key = ?", d.Key).Scan(&n); err != nil || n > 0 {
			return err
		}
		if err := insertDuty(ctx, tx, &d); err != nil {
			return err
		}
		for _, r := range rules {
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM rules WHERE name = ?", r.Name).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			r.Watermark = now
			if _, err := insertRule(ctx, tx, &r, now); err != nil {
				return err
			}
		}
		added = true
		return nil
	})
	return added, err
}
