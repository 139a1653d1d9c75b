// Package plan owns the campaign plan as data: the twelve actions, the 29
// tasks with their owners and every deadline the text gives, the five working
// groups, the domains and the phases. The bureau's plan is embedded; a bureau
// with another plan points SAFETYBOT_PLAN at its own file of the same shape.
package plan

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"safetybot"
)

//go:embed campaign.json
var campaign []byte

// Default returns the embedded plan (沁水县 2024–2026).
func Default() *safetybot.Plan {
	p, err := Parse(campaign)
	if err != nil {
		panic(err) // the embedded file is checked by TestDefault
	}
	return p
}

// Load reads a plan file; an empty path means the embedded plan.
func Load(path string) (*safetybot.Plan, error) {
	if path == "" {
		return Default(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 8<<20))
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Parse decodes and checks a plan: every task names an existing action and
// owner, every domain an existing group, every date is a real date.
func Parse(b []byte) (*safetybot.Plan, error) {
	var p safetybot.Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	actions := map[int]bool{}
	for _, a := range p.Actions {
		actions[a.No] = true
	}
	groups := map[string]bool{"office": true, "": true}
	for _, g := range p.Groups {
		groups[g.Key] = true
	}
	seen := map[int]bool{}
	for _, t := range p.Tasks {
		switch {
		case seen[t.No]:
			return nil, fmt.Errorf("plan: task %d appears twice", t.No)
		case !actions[t.Action]:
			return nil, fmt.Errorf("plan: task %d names unknown action %d", t.No, t.Action)
		case !groups[t.Owner]:
			return nil, fmt.Errorf("plan: task %d names unknown owner %q", t.No, t.Owner)
		}
		seen[t.No] = true
		for _, d := range t.Deadlines {
			if _, err := d.Due.Time(); err != nil {
				return nil, fmt.Errorf("plan: task %d deadline: %w", t.No, err)
			}
		}
	}
	for _, d := range p.Domains {
		if !groups[d.Group] {
			return nil, fmt.Errorf("plan: domain %s names unknown group %q", d.Name, d.Group)
		}
	}
	for _, ph := range p.Phases {
		if _, err := ph.Start.Time(); err != nil {
			return nil, fmt.Errorf("plan: phase %s: %w", ph.Name, err)
		}
		if _, err := ph.End.Time(); err != nil {
			return nil, fmt.Errorf("plan: phase %s: %w", ph.Name, err)
		}
	}
	for i := range p.Groups {
		for _, d := range p.Domains {
			if d.Group == p.Groups[i].Key {
				p.Groups[i].Domains = append(p.Groups[i].Domains, d.Name)
			}
		}
	}
	return &p, nil
}
