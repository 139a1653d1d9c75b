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
