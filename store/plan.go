package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"safetybot"
)

// SeedPlan loads p into an empty plan; it reports false and changes nothing
// when a plan is already loaded (task updates refer to it; plan import
// replaces a loaded plan), except that a ledger seeded before titles were
// kept records p's title.
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
		for _, a := range p.Actions {
			if _, err := tx.ExecContext(ctx, "INSERT INTO plan_actions (no, title) VALUES (?, ?)", a.No, a.Title); err != nil {
				return err
			}
		}
		for _, t := range p.Tasks {
			if _, err := tx.ExecContext(ctx, "INSERT INTO plan_tasks (no, action_no, title, text, owner) VALUES (?, ?, ?, ?, ?)",
				t.No, t.Action, t.Title, t.Text, t.Owner); err != nil {
				return err
			}
			for _, d := range t.Deadlines {
				if _, err := tx.ExecContext(ctx, "INSERT INTO plan_task_deadlines (task_no, due, what) VALUES (?, ?, ?)",
					t.No, d.Due, d.What); err != nil {
					return err
				}
			}
		}
		if err := insertPlanParts(ctx, tx, p); err != nil {
			return err
		}
		seeded = true
		return nil
	})
	return seeded, err
}

// Plan reads the loaded plan back (without task progress).
func (s *Store) Plan(ctx context.Context) (*safetybot.Plan, error) {
	p := &safetybot.Plan{}
	if err := s.each(ctx, "SELECT title FROM plan_current", func(r scanner) error { return r.Scan(&p.Title) }); err != nil {
		return nil, err
	}
	if err := s.each(ctx, "SELECT no, title FROM plan_actions ORDER BY no", func(r scanner) error {
		var a safetybot.Action
		err := r.Scan(&a.No, &a.Title)
		p.Actions = append(p.Actions, a)
		return err
	}); err != nil {
		return nil, err
	}
	if err := s.each(ctx, "SELECT key, name, leader, deputies, members FROM plan_groups ORDER BY rowid", func(r scanner) error {
		var g safetybot.WorkingGroup
		var deputies string
		if err := r.Scan(&g.Key, &g.Name, &g.Leader, &deputies, &g.Members); err != nil {
			return err
		}
		p.Groups = append(p.Groups, g)
		return json.Unmarshal([]byte(deputies), &p.Groups[len(p.Groups)-1].Deputies)
	}); err != nil {
		return nil, err
	}
	if err := s.each(ctx, "SELECT name, group_key FROM plan_domains ORDER BY rowid", func(r scanner) error {
		var d safetybot.Domain
		err := r.Scan(&d.Name, &d.Group)
		p.Domains = append(p.Domains, d)
		return err
	}); err != nil {
		return nil, err
	}
	for i, g := range p.Groups {
		for _, d := range p.Domains {
			if d.Group == g.Key {
				p.Groups[i].Domains = append(p.Groups[i].Domains, d.Name)
			}
		}
	}
	if err := s.each(ctx, "SELECT name, start, end FROM plan_phases ORDER BY start", func(r scanner) error {
		var ph safetybot.Phase
		err := r.Scan(&ph.Name, &ph.Start, &ph.End)
		p.Phases = append(p.Phases, ph)
		return err
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

func (s *Store) each(ctx context.Context, q string, fn func(scanner) error, args ...any) error {
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
