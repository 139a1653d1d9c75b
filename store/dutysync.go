package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"safetybot"
)

// SyncDuties brings the duties and the plan's rules of a database seeded
// earlier up to the schedule data (issue 11: a database seeded before duties
// were standing or campaign-bound has every plan reminder ending on
// 2026-12-31, and none moves off holidays). It runs on every start after
// SeedDuties and is one transaction:
//   - a duty missing is added; an existing one takes the data's name,
//     aliases, wording, period, due day, audience, standing and basis;
//   - a plan rule (created by "plan") missing is added with its watermark at
//     now (nothing before is caught up); an existing one takes the data's
//     spec, text, audience, escalation, filter, shift, term and active days.
//     Whether it is paused, and its watermark, stay as they are.
//
// Rules the data no longer names, and administrators' rules, are left alone.
// It returns how many duties and rules it added or changed (0, 0 when the
// database already matched: nothing is written, so the scheduler does not
// reload).
func (s *Store) SyncDuties(ctx context.Context, duties []safetybot.Duty, rules []safetybot.Rule) (changedDuties, changedRules int, err error) {
	now := s.now()
	err = s.write(ctx, func(tx *sql.Tx) error {
		changedDuties, changedRules = 0, 0
		for _, d := range duties {
			aliases, _ := json.Marshal(d.Aliases)
			res, err := tx.ExecContext(ctx, `INSERT INTO duties (key, name, aliases, quote, period, due, audience, task_no, standing, basis)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET name = excluded.name, aliases = excluded.aliases, quote = excluded.quote,
					period = excluded.period, due = excluded.due, audience = excluded.audience, task_no = excluded.task_no,
					standing = excluded.standing, basis = excluded.basis
				WHERE (name, aliases, quote, period, due, audience, task_no, standing, basis) IS NOT
					(excluded.name, excluded.aliases, excluded.quote, excluded.period, excluded.due, excluded.audience,
					 excluded.task_no, excluded.standing, excluded.basis)`,
				d.Key, d.Name, string(aliases), d.Quote, d.Period, d.Due, d.Audience, d.TaskNo, d.Standing, d.Basis)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
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
			res, err := tx.ExecContext(ctx, `UPDATE rules SET kind = ?, duty = ?, spec = ?, text = ?, description = ?, audience = ?,
					escalate = ?, filter = ?, shift = ?, term = ?, active_from = ?, active_until = ?, updated_at = ?
				WHERE id = ? AND (kind, duty, spec, text, description, audience, escalate, filter, shift, term, active_from, active_until)
					IS NOT (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				append(append(ruleData(r), ms(now), id), ruleData(r)...)...)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				changedRules++
			}
		}
		return nil
	})
	return changedDuties, changedRules, err
}

// ruleData is what SyncDuties writes of r and compares, in the order of its
// statement: kind, duty, spec, text, description, audience, escalate,
// filter, shift, term, active_from, active_until, the optional ones NULL
// when empty.
func ruleData(r safetybot.Rule) []any {
	return []any{r.Kind, nullIfEmpty(r.Duty), r.Spec, r.Text, r.Description, r.Audience, r.Escalate,
		nullIfEmpty(r.Filter), nullIfEmpty(r.Shift), nullIfEmpty(r.Term), nullIfEmpty(string(r.From)), nullIfEmpty(string(r.Until))}
}
