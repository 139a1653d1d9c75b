package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestMigrate0033Reclassifies upgrades a database of migration 0032 where
// the earlier rule counted 县公路段（养护站） as an enterprise (the row is set
// as that rule left it): afterwards it is a government body and no longer
// in 企业's list; an enterprise and a registered name keep their class.
func TestMigrate0033Reclassifies(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "at32.db")
	db := dbAt(t, file, 32)
	if _, err := db.Exec(data0031); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO hazard_seq (year, last) VALUES (2026, 6) ON CONFLICT DO UPDATE SET last = 6`,
		`INSERT INTO hazards (id, number, year, description, unit, domain, grade, source, status, reporter, confirmed, found_at, updated_at)
			VALUES (6, 'YH2026-0006', 2026, '养护站围挡缺失', '县公路段（养护站）', '公路运营', '一般', '督导检查', '待确认', 'wang', 0, 1764000000000, 1764000000000)`,
		`UPDATE units SET enterprise = 1 WHERE name = '县公路段（养护站）'`,
		`INSERT INTO enterprises (name, principal, added_by, added_at) VALUES ('县公路段（二分公司）', 'zhang', 'admin', 1764000000000)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, db, "SELECT count(*) FROM units WHERE enterprise = 1 AND name = '县公路段（养护站）'"); n != 1 {
		t.Fatalf("before: %d rows of the old class", n)
	}
	units := count(t, db, "SELECT count(*) FROM units")
	db.Close()

	s, err := openAt(t, file)
	if err != nil {
		t.Fatal(err)
	}
	es, err := s.Enterprises(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name)
	}
	for _, c := range []struct {
		name string
		want bool
	}{
		{"县公路段（养护站）", false},
		{"县公路段", false},
		{"某运输公司", true},
		{"长河航运有限公司", true},
		{"县公路段（二分公司）", true},
	} {
		if got := slices.Contains(names, c.name); got != c.want {
			t.Errorf("%s in Enterprises: %v, want %v (%v)", c.name, got, c.want, names)
		}
	}
	if n := count(t, s.r, "SELECT count(*) FROM units"); n != units {
		t.Errorf("units: %d rows, was %d", n, units)
	}
	checkTallies(t, s, "after the migration")
}

// undo0033 takes a database back to before migration 0033: the classes it
// fixed are what the rule says either way.
var undo0033 = []string{"DELETE FROM schema_migrations WHERE version = 33"}
