package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"safetybot"
)

// SeedPlan loads p into an empty plan and reports whether it did
// (safetybot.PlanService).
func (s *Store) SeedPlan(ctx context.Context, p *safetybot.Plan) (bool, error) {
	seeded := false
	err := s.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM plan_tasks").Scan(&n); err != nil {
			return err
		}
		// A ledger seeded before plan_current existed learns its title
		// from the plan it was seeded with.
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_current (id, title, loaded_at, loaded_by) VALUES (1, ?, ?, 'seed')
			ON CONFLICT (id) DO NOTHING`, p.Title, ms(s.now())); err != nil || n > 0 {
			return err
		}
		err := writePlan(ctx, tx, p)
		seeded = err == nil
		return err
	})
	return seeded, err
}

// Plan reads the loaded plan back (without task progress).
func (s *Store) Plan(ctx context.Context) (*safetybot.Plan, error) {
	p := &safetybot.Plan{}
	err := s.each(ctx, "SELECT title FROM plan_current", func(r scanner) error { return r.Scan(&p.Title) })
	if err != nil {
		return nil, err
	}
	if p.Actions, err = list(ctx, s.q, "SELECT no, title FROM plan_actions ORDER BY no", func(r scanner) (a safetybot.Action, err error) {
		err = r.Scan(&a.No, &a.Title)
		return a, err
	}); err != nil {
		return nil, err
	}
	if p.Groups, err = list(ctx, s.q, "SELECT key, name, leader, deputies, members FROM plan_groups ORDER BY rowid", func(r scanner) (g safetybot.WorkingGroup, err error) {
		var deputies string
		if err = r.Scan(&g.Key, &g.Name, &g.Leader, &deputies, &g.Members); err == nil {
			err = json.Unmarshal([]byte(deputies), &g.Deputies)
		}
		return g, err
	}); err != nil {
		return nil, err
	}
	if p.Domains, err = list(ctx, s.q, "SELECT name, group_key FROM plan_domains ORDER BY rowid", func(r scanner) (d safetybot.Domain, err error) {
		err = r.Scan(&d.Name, &d.Group)
		return d, err
	}); err != nil {
		return nil, err
	}
	groupDomains(p)
	if p.Phases, err = list(ctx, s.q, "SELECT name, start, end FROM plan_phases ORDER BY start", func(r scanner) (ph safetybot.Phase, err error) {
		err = r.Scan(&ph.Name, &ph.Start, &ph.End)
		return ph, err
	}); err != nil {
		return nil, err
	}
	tasks, err := s.Tasks(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		p.Tasks = append(p.Tasks, *t)
	}
	return p, nil
}

// groupDomains fills each working group's Domains from p.Domains: they are
// stored once, by domain.
func groupDomains(p *safetybot.Plan) {
	for i, g := range p.Groups {
		for _, d := range p.Domains {
			if d.Group == g.Key {
				p.Groups[i].Domains = append(p.Groups[i].Domains, d.Name)
			}
		}
	}
}

// ImportPlan archives the loaded plan and makes imp.Plan current, in one
// transaction, and returns the archived version's id (safetybot.PlanService).
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
		n, err := affected(tx.ExecContext(ctx, `UPDATE rules SET duty = ?, spec = ?, text = ?, description = ?, audience = ?,
			escalate = ?, filter = ?, active_from = ?, active_until = ?, updated_at = ?, shift = ?, term = ?
			WHERE name = ? AND kind = ? AND created_by = 'plan'`,
			nullIfEmpty(r.Duty), r.Spec, r.Text, r.Description, r.Audience, r.Escalate, nullIfEmpty(r.Filter),
			nullIfEmpty(string(r.From)), nullIfEmpty(string(r.Until)), ms(now), nullIfEmpty(r.Shift), nullIfEmpty(r.Term),
			r.Name, safetybot.RuleDuty))
		if err != nil {
			return err
		}
		if n > 0 {
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

// PlanVersions lists the archived plans, oldest first, with their numbers
// of tasks and archived task updates.
func (s *Store) PlanVersions(ctx context.Context) ([]safetybot.PlanVersion, error) {
	return list(ctx, s.q, `SELECT id, title, start, end, archived_at, archived_by, json_array_length(body, '$.tasks'),
		(SELECT count(*) FROM plan_archive_updates u WHERE u.plan_id = a.id)
		FROM plan_archive a ORDER BY id`, func(r scanner) (v safetybot.PlanVersion, err error) {
		err = r.Scan(&v.ID, &v.Title, &v.Start, &v.End, (*msTime)(&v.ArchivedAt), &v.ArchivedBy, &v.Tasks, &v.Updates)
		return v, err
	})
}

// ArchivedPlan returns archived plan id as it was when archived, its tasks'
// Progress and Updates filled from its archived updates, and those updates,
// oldest first. An unknown id is ENOTFOUND.
func (s *Store) ArchivedPlan(ctx context.Context, id int64) (*safetybot.PlanFile, []safetybot.TaskUpdate, error) {
	body, err := one[string](ctx, s.q, "SELECT body FROM plan_archive WHERE id = ?", id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, safetybot.Errorf(safetybot.ENOTFOUND, "没有「方案%d」。发送「方案」查看当前方案和历史方案。", id)
	}
	if err != nil {
		return nil, nil, err
	}
	var f safetybot.PlanFile
	if err := json.Unmarshal([]byte(body), &f); err != nil {
		return nil, nil, err
	}
	ups, err := list(ctx, s.q, "SELECT task_no, at, actor, note, progress FROM plan_archive_updates WHERE plan_id = ? ORDER BY id",
		scanTaskUpdate, id)
	if err != nil {
		return nil, nil, err
	}
	safetybot.ApplyUpdates(f.Tasks, ups)
	groupDomains(&f.Plan)
	return &f, ups, nil
}

// PlanOfYear returns the plan, loaded or archived, whose reports cover
// year, with its tasks and updates (safetybot.PlanService).
func (s *Store) PlanOfYear(ctx context.Context, year int) (*safetybot.Plan, []*safetybot.Task, []safetybot.TaskUpdate, error) {
	p, err := s.Plan(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	if !p.Covers(year) {
		vs, err := s.PlanVersions(ctx)
		if err != nil {
			return nil, nil, nil, err
		}
		for i := len(vs) - 1; i >= 0; i-- {
			v := &safetybot.Plan{Phases: []safetybot.Phase{{Start: vs[i].Start, End: vs[i].End}}}
			if !v.Covers(year) {
				continue
			}
			f, ups, err := s.ArchivedPlan(ctx, vs[i].ID)
			if err != nil {
				return nil, nil, nil, err
			}
			return &f.Plan, taskPointers(f.Tasks), ups, nil
		}
	}
	ups, err := s.TaskUpdates(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	return p, taskPointers(p.Tasks), ups, nil
}

func taskPointers(ts []safetybot.Task) []*safetybot.Task {
	out := make([]*safetybot.Task, len(ts))
	for i := range ts {
		out[i] = &ts[i]
	}
	return out
}

// Since returns the first day the system was in use, from the first
// migration and the earliest records (safetybot.PlanService says which).
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
