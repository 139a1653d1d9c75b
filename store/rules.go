package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"safetybot"
)

// SeedDuties loads the plan's duties and their rules (plus the system rules)
// into an empty duty table; it reports false and changes nothing when duties
// are already loaded, so rules an administrator paused stay paused. Seeded
// rules start with their watermark at now: nothing before the first start is
// caught up.
func (s *Store) SeedDuties(ctx context.Context, duties []safetybot.Duty, rules []safetybot.Rule) (bool, error) {
	seeded := false
	now := s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM duties").Scan(&n); err != nil || n > 0 {
			return err
		}
		for _, d := range duties {
			aliases, _ := json.Marshal(d.Aliases)
			if _, err := tx.ExecContext(ctx, `INSERT INTO duties (key, name, aliases, quote, period, due, audience, task_no, standing, basis)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.Key, d.Name, string(aliases), d.Quote, d.Period, d.Due, d.Audience, d.TaskNo,
				d.Standing, d.Basis); err != nil {
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

func insertRule(ctx context.Context, tx *sql.Tx, r *safetybot.Rule, now time.Time) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO rules (name, kind, duty, spec, text, description, audience, escalate,
		filter, active_from, active_until, paused, watermark, created_by, created_at, updated_at, shift, term)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Name, r.Kind, nullIfEmpty(r.Duty), r.Spec, r.Text, r.Description, r.Audience, r.Escalate, nullIfEmpty(r.Filter),
		nullIfEmpty(string(r.From)), nullIfEmpty(string(r.Until)), r.Paused, ms(r.Watermark), r.CreatedBy, ms(now), ms(now),
		nullIfEmpty(r.Shift), nullIfEmpty(r.Term))
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return 0, safetybot.Errorf(safetybot.ECONFLICT, "已有名为「%s」的提醒，请换一个名称（名称:…）。", r.Name)
		}
		return 0, err
	}
	return res.LastInsertId()
}

// Duties lists the loaded duties in their seeding order.
func (s *Store) Duties(ctx context.Context) ([]safetybot.Duty, error) {
	var out []safetybot.Duty
	err := s.each(ctx, "SELECT key, name, aliases, quote, period, due, audience, task_no, standing, basis FROM duties ORDER BY rowid", func(r scanner) error {
		var d safetybot.Duty
		var aliases string
		if err := r.Scan(&d.Key, &d.Name, &aliases, &d.Quote, &d.Period, &d.Due, &d.Audience, &d.TaskNo, &d.Standing, &d.Basis); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(aliases), &d.Aliases); err != nil {
			return err
		}
		out = append(out, d)
		return nil
	})
	return out, err
}

const ruleColumns = `id, name, kind, duty, spec, text, description, audience, escalate, filter,
	active_from, active_until, paused, watermark, created_by, updated_at, shift, term`

func scanRule(row scanner) (*safetybot.Rule, error) {
	var r safetybot.Rule
	var duty, filter, from, until, shift, term sql.NullString // NULL: none (0030)
	var wm, updated int64
	if err := row.Scan(&r.ID, &r.Name, &r.Kind, &duty, &r.Spec, &r.Text, &r.Description, &r.Audience, &r.Escalate,
		&filter, &from, &until, &r.Paused, &wm, &r.CreatedBy, &updated, &shift, &term); err != nil {
		return nil, err
	}
	r.Duty, r.Filter, r.Shift, r.Term = duty.String, filter.String, shift.String, term.String
	r.From, r.Until, r.Watermark, r.UpdatedAt = safetybot.Date(from.String), safetybot.Date(until.String), fromMS(wm), fromMS(updated)
	return &r, nil
}

// Rules lists every rule, paused ones included, by id.
func (s *Store) Rules(ctx context.Context) ([]*safetybot.Rule, error) {
	var out []*safetybot.Rule
	err := s.each(ctx, "SELECT "+ruleColumns+" FROM rules ORDER BY id", func(row scanner) error {
		r, err := scanRule(row)
		out = append(out, r)
		return err
	})
	return out, err
}

// Rule returns one rule by id.
func (s *Store) Rule(ctx context.Context, id int64) (*safetybot.Rule, error) {
	r, err := scanRule(s.q.QueryRowContext(ctx, "SELECT "+ruleColumns+" FROM rules WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, safetybot.Errorf(safetybot.ENOTFOUND, "没有编号为 %d 的提醒。发送「提醒」查看清单。", id)
	}
	return r, err
}

// RulesVersion changes whenever a rule is added, changed or deleted; the
// scheduler polls it to reload.
func (s *Store) RulesVersion(ctx context.Context) (string, error) {
	var n, maxID, maxUpdated int64
	err := s.q.QueryRowContext(ctx, "SELECT count(*), COALESCE(max(id), 0), COALESCE(max(updated_at), 0) FROM rules").Scan(&n, &maxID, &maxUpdated)
	b, _ := json.Marshal([]int64{n, maxID, maxUpdated})
	return string(b), err
}

// AddRule stores an administrator's rule; its watermark is now, so it only
// fires from now on. It fills r.ID.
func (s *Store) AddRule(ctx context.Context, r *safetybot.Rule) error {
	now := s.now()
	r.Watermark = now
	return s.write(ctx, func(tx *sql.Tx) error {
		var err error
		r.ID, err = insertRule(ctx, tx, r, now)
		return err
	})
}

// SetRulePaused pauses or resumes a rule. Resuming moves the watermark to
// now: occurrences while paused are not caught up.
func (s *Store) SetRulePaused(ctx context.Context, id int64, paused bool) (*safetybot.Rule, error) {
	now := s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		q := "UPDATE rules SET paused = ?, updated_at = ? WHERE id = ?"
		args := []any{paused, ms(now), id}
		if !paused {
			q = "UPDATE rules SET paused = 0, updated_at = ?, watermark = max(watermark, ?) WHERE id = ?"
			args = []any{ms(now), ms(now), id}
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return safetybot.Errorf(safetybot.ENOTFOUND, "没有编号为 %d 的提醒。发送「提醒」查看清单。", id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Rule(ctx, id)
}

// DeleteRule deletes an administrator's rule; the plan's rules can only be
// paused (their duties are the plan's requirements).
func (s *Store) DeleteRule(ctx context.Context, id int64) (*safetybot.Rule, error) {
	r, err := s.Rule(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.Kind != safetybot.RuleCustom {
		return nil, safetybot.Errorf(safetybot.ECONFLICT, "「%s」是方案规定的提醒，不能删除；如需停止请发送「提醒 暂停 %d」。", r.Name, id)
	}
	return r, s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM rules WHERE id = ?", id)
		return err
	})
}

// DutyDone reports whether duty was recorded as done for period: a
// duty_records row, or for a task deadline the task reported 100 %.
func (s *Store) DutyDone(ctx context.Context, duty, period string) (bool, error) {
	return dutyDone(ctx, s.q, duty, period)
}

func dutyDone(ctx context.Context, q querier, duty, period string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM duty_records WHERE duty = ? AND period = ?", duty, period).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return true, nil
	}
	var taskNo int
	err := q.QueryRowContext(ctx, "SELECT task_no FROM duties WHERE key = ?", duty).Scan(&taskNo)
	if errors.Is(err, sql.ErrNoRows) || taskNo == 0 {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var progress int
	err = q.QueryRowContext(ctx, `SELECT COALESCE((SELECT progress FROM task_updates WHERE task_no = ? AND progress >= 0
		ORDER BY id DESC LIMIT 1), 0)`, taskNo).Scan(&progress)
	return progress >= 100, err
}

// GroupStaff lists the staff limited to a working group.
func (s *Store) GroupStaff(ctx context.Context, group string) ([]string, error) {
	var out []string
	// IS: a staff member of no group holds NULL (0030).
	err := s.each(ctx, "SELECT user_id FROM user_roles WHERE role = ? AND working_group IS ? ORDER BY user_id", func(r scanner) error {
		var id string
		err := r.Scan(&id)
		out = append(out, id)
		return err
	}, safetybot.RoleStaff, nullIfEmpty(group))
	return out, err
}
