package store

import (
	"context"
	"path/filepath"
	"testing"

	"safetybot"
)

// TestMigrate0034RuleNumbersNotReused upgrades a database of migration
// 0033 and deletes the newest reminder: the next one added gets a new
// number, not the deleted one's (qa6a #14a: "提醒 暂停 79" meant for a
// deleted rule paused the new #79). Rules and their delivery log keep
// their ids.
func TestMigrate0034RuleNumbersNotReused(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "at33.db")
	db := dbAt(t, file, 33)
	for _, q := range []string{
		`INSERT INTO rules (id, name, kind, spec, text, audience, watermark, created_by, created_at, updated_at)
			VALUES (5, '晨检', 'custom', '30 8 * * 1-5', '晨检', 'role:staff', 1, 'admin', 1, 1),
			(9, '周例会', 'custom', '0 9 * * 1', '例会', 'role:leader', 1, 'admin', 1, 1)`,
		`INSERT INTO deliveries (id, rule_id, scheduled_for, status, created_at) VALUES (1, 9, 1764000000000, 'sent', 1764000000000)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := openAt(t, file)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if r, err := s.Rule(ctx, 9); err != nil || r.Name != "周例会" {
		t.Fatalf("rule 9 after the migration: %+v, %v", r, err)
	}
	if n := count(t, s.r, "SELECT count(*) FROM deliveries WHERE rule_id = 9"); n != 1 {
		t.Errorf("rule 9's delivery log: %d rows, want 1", n)
	}
	add := func(name string) int64 {
		t.Helper()
		r := &safetybot.Rule{Name: name, Kind: safetybot.RuleCustom, Spec: "0 9 * * 2", Text: name, Audience: "role:leader", CreatedBy: "admin"}
		if err := s.AddRule(ctx, r); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	for _, step := range []struct {
		del  int64
		want int64
	}{
		{9, 10},  // the newest before the migration
		{10, 11}, // the newest after it
		{11, 12},
	} {
		if _, err := s.DeleteRule(ctx, step.del); err != nil {
			t.Fatal(err)
		}
		if got := add("新提醒"); got != step.want {
			t.Errorf("after deleting #%d the next rule is #%d, want #%d", step.del, got, step.want)
		}
		if _, err := s.exec(ctx, "UPDATE rules SET name = name || id WHERE name = '新提醒'"); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, s.r, "SELECT count(*) FROM deliveries WHERE rule_id IS NULL"); n != 1 {
		t.Errorf("the deleted rule 9's log: %d detached rows, want 1", n)
	}
}

// undo0034 takes a database back to before migration 0034: the rebuilt
// table has the same columns, and applying it again rebuilds it again.
var undo0034 = []string{"DELETE FROM schema_migrations WHERE version = 34"}
