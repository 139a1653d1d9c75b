package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"safetybot"
)

// ImportPlan archives the loaded plan with its task updates and makes
// imp.Plan current, in one transaction: hazards, enterprises, duty records,
// deliveries and every other table stay as they are. It returns the id of
// the archived version (方案<id>). On any error nothing changes.
func (s *Store) ImportPlan(ctx context.Context, imp safetybot.PlanImport) (int64, error) {
	body, err := json.Marshal(imp.Archive)
	if err != nil {
		return 0, err
	}
	now := s.now()
	var id int64
	err = s.write(ctx, func(tx *sql.Tx) error {
		start, end := imp.Archive.Period()
		if err := tx.QueryRowContext(ctx, `INSERT INTO plan_archive (title, start, end, body, archived_at, archived_by)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, imp.Archive.Title, start, end, string(body), ms(now), imp.Actor).Scan(&id); err != nil {
			return err
		}
		if err := archiveUpdates(ctx, tx, id, imp.Carry); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_current (id, title, loaded_at, loaded_by) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET title = excluded.title, loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by`,
			imp.Plan.Title, ms(now), imp.Actor); err != nil {
			return err
		}
		if err := writePlan(ctx, tx, imp.Plan); err != nil {
			return err
		}
		return replaceDuties(ctx, tx, imp.Duties, imp.Rules, now)
	})
	return id, err
}

// archiveUpdates copies every task update to the archive, then removes from
// task_updates those of tasks not carried over.
func archiveUpdates(ctx context.Context, tx *sql.Tx, id int64, carry []int) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO plan_archive_updates (plan_id, task_no, at, actor, note, progress)
		SELECT ?, task_no, at, actor, note, progress FROM task_updates ORDER BY id`, id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM task_updates WHERE task_no NOT IN (SELECT value FROM json_each(?))", jsonList(carry))
	return err
}

// writePlan makes p the loaded plan (SeedPlan's on an empty one). Actions
// and tasks are updated in place (carried updates refer to their task), the
// rest is replaced.
func writePlan(ctx context.Context, tx *sql.Tx, p *safetybot.Plan) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM plan_task_deadlines"); err != nil {
		return err
	}
	var actions, tasks []int
	for _, a := range p.Actions {
		actions = append(actions, a.No)
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_actions (no, title) VALUES (?, ?)
			ON CONFLICT (no) DO UPDATE SET title = excluded.title`, a.No, a.Title); err != nil {
			return err
		}
	}
	for _, t := range p.Tasks {
		tasks = append(tasks, t.No)
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_tasks (no, action_no, title, text, owner) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (no) DO UPDATE SET action_no = excluded.action_no, title = excluded.title, text = excluded.text,
			owner = excluded.owner`, t.No, t.Action, t.Title, t.Text, t.Owner); err != nil {
			return err
		}
		for _, d := range t.Deadlines {
			if _, err := tx.ExecContext(ctx, "INSERT INTO plan_task_deadlines (task_no, due, what) VALUES (?, ?, ?)",
				t.No, d.Due, d.What); err != nil {
				return err
			}
		}
	}
	// Tasks before the actions they refer to; the rest is inserted again.
	for _, del := range [][]any{
		{"DELETE FROM plan_tasks WHERE no NOT IN (SELECT value FROM json_each(?))", jsonList(tasks)},
		{"DELETE FROM plan_actions WHERE no NOT IN (SELECT value FROM json_each(?))", jsonList(actions)},
		{"DELETE FROM plan_groups"}, {"DELETE FROM plan_domains"}, {"DELETE FROM plan_phases"},
	} {
		if _, err := tx.ExecContext(ctx, del[0].(string), del[1:]...); err != nil {
			return err
		}
	}
	for _, g := range p.Groups {
		if _, err := tx.ExecContext(ctx, "INSERT INTO plan_groups (key, name, leader, deputies, members) VALUES (?, ?, ?, ?, ?)",
			g.Key, g.Name, g.Leader, jsonList(g.Deputies), g.Members); err != nil {
			return err
		}
	}
	for _, d := range p.Domains {
		if _, err := tx.ExecContext(ctx, "INSERT INTO plan_domains (name, group_key) VALUES (?, ?)", d.Name, d.Group); err != nil {
			return err
		}
	}
	for _, ph := range p.Phases {
		if _, err := tx.ExecContext(ctx, "INSERT INTO plan_phases (name, start, end) VALUES (?, ?, ?)", ph.Name, ph.Start, ph.End); err != nil {
			return err
		}
	}
	return nil
}

// replaceDuties replaces the duties and the plan's duty rules, matching
// rules by name.
func replaceDuties(ctx context.Context, tx *sql.Tx, duties []safetybot.Duty, rules []safetybot.Rule, now time.Time) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM duties"); err != nil {
		return err
	}
	for _, d := range duties {
		if err := insertDuty(ctx, tx, &d); err != nil {
			return err
		}
	}
	var names []string
	for _, r := range rules {
		names = append(names, r.Name)
		res, err := tx.ExecContext(ctx, `UPDATE rules SET duty = ?, spec = ?, text = ?, description = ?, audience = ?,
			escalate = ?, filter = ?, active_from = ?, active_until = ?, updated_at = ?, shift = ?, term = ?
			WHERE name = ? AND kind = ? AND created_by = 'plan'`,
			nullIfEmpty(r.Duty), r.Spec, r.Text, r.Description, r.Audience, r.Escalate, nullIfEmpty(r.Filter),
			nullIfEmpty(string(r.From)), nullIfEmpty(string(r.Until)), ms(now), nullIfEmpty(r.Shift), nullIfEmpty(r.Term),
			r.Name, safetybot.RuleDuty)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			continue
		}
		r.Watermark, r.CreatedBy = now, "plan"
		if _, err := insertRule(ctx, tx, &r, now); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM rules WHERE kind = ? AND created_by = 'plan'
		AND name NOT IN (SELECT value FROM json_each(?))`, safetybot.RuleDuty, jsonList(names))
	return err
}
