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

const ruleColumns = `id, name, kind, duty, spec, text, description, audience, escalate, filter,
	active_from, active_until, paused, watermark, created_by, updated_at, shift, term`

func scanRule(row scanner) (*safetybot.Rule, error) {
	var r safetybot.Rule
	err := row.Scan(&r.ID, &r.Name, &r.Kind, (*nullText)(&r.Duty), &r.Spec, &r.Text, &r.Description, &r.Audience, &r.Escalate,
		(*nullText)(&r.Filter), (*nullText)(&r.From), (*nullText)(&r.Until), &r.Paused, (*msTime)(&r.Watermark), &r.CreatedBy,
		(*msTime)(&r.UpdatedAt), (*nullText)(&r.Shift), (*nullText)(&r.Term)) // NULL: none (0030)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Rules lists every rule, paused ones included, by id.
func (s *Store) Rules(ctx context.Context) ([]*safetybot.Rule, error) {
	return list(ctx, s.q, "SELECT "+ruleColumns+" FROM rules ORDER BY id", scanRule)
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
		n, err := affected(tx.ExecContext(ctx, q, args...))
		if err != nil {
			return err
		}
		if n == 0 {
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
	_, err = s.exec(ctx, "DELETE FROM rules WHERE id = ?", id)
	return r, err
}

// GroupStaff lists the staff limited to a working group.
func (s *Store) GroupStaff(ctx context.Context, group string) ([]string, error) {
	// IS: a staff member of no group holds NULL (0030).
	return list(ctx, s.q, "SELECT user_id FROM user_roles WHERE role = ? AND working_group IS ? ORDER BY user_id",
		scanValue[string], safetybot.RoleStaff, nullIfEmpty(group))
}
