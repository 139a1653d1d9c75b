package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/testkit"
)

// tallyKey is one row of a tally, as text, for comparing whole tables.
func tallyKey(deadline safetybot.Date, t safetybot.Tally) string {
	return fmt.Sprintf("%s|%s|%s|%s|%d", deadline, t.Status, t.Grade, t.Domain, t.Year)
}

// checkTallies compares every tally of migration 0028 with the same
// figures counted from the hazards themselves (the months in Go, with
// safetybot.Month, not with SQL's arithmetic).
func checkTallies(t *testing.T, s *Store, when string) {
	t.Helper()
	ctx := context.Background()
	hs, err := s.Hazards(ctx, safetybot.HazardFilter{})
	if err != nil {
		t.Fatal(err)
	}
	all, open, months := map[string]int{}, map[string]int{}, map[string][2]int{}
	for _, h := range hs {
		year := 0
		fmt.Sscanf(h.Number, "YH%d-", &year)
		all[tallyKey("", safetybot.Tally{Status: h.Status, Grade: h.Grade, Domain: h.Domain, Year: year})]++
		if h.Status.Open() {
			open[tallyKey(h.Deadline, safetybot.Tally{Status: h.Status, Grade: h.Grade, Domain: h.Domain, Year: year})]++
		}
		m := months[safetybot.Month(h.FoundAt)]
		m[0]++
		months[safetybot.Month(h.FoundAt)] = m
		if !h.ClosedAt.IsZero() {
			m := months[safetybot.Month(h.ClosedAt)]
			m[1]++
			months[safetybot.Month(h.ClosedAt)] = m
		}
	}
	tally, err := s.HazardTally(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range tally {
		got[tallyKey("", r)] += r.N
	}
	if !maps.Equal(got, all) {
		t.Errorf("%s: hazard_tally\n got %v\nwant %v", when, got, all)
	}
	got = map[string]int{}
	if err := s.each(ctx, "SELECT deadline, status, grade, domain, year, n FROM hazard_open_due", func(r scanner) error {
		var d safetybot.Date
		var t safetybot.Tally
		err := r.Scan(&d, &t.Status, &t.Grade, &t.Domain, &t.Year, &t.N)
		got[tallyKey(d, t)] = t.N
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, open) {
		t.Errorf("%s: hazard_open_due\n got %v\nwant %v", when, got, open)
	}
	// OpenDue sums the days of a range.
	today := safetybot.Date("2026-06-15")
	due, err := s.OpenDue(ctx, "", today)
	if err != nil {
		t.Fatal(err)
	}
	wantDue := map[string]int{}
	for _, h := range hs {
		if h.Overdue(today) {
			year := 0
			fmt.Sscanf(h.Number, "YH%d-", &year)
			wantDue[tallyKey("", safetybot.Tally{Status: h.Status, Grade: h.Grade, Domain: h.Domain, Year: year})]++
		}
	}
	got = map[string]int{}
	for _, r := range due {
		got[tallyKey("", r)] += r.N
	}
	if !maps.Equal(got, wantDue) {
		t.Errorf("%s: OpenDue before %s\n got %v\nwant %v", when, today, got, wantDue)
	}
	flows, err := s.HazardMonths(ctx, "0000-00", "9999-99")
	if err != nil {
		t.Fatal(err)
	}
	gotMonths := map[string][2]int{}
	for _, m := range flows {
		if m.Found != 0 || m.Closed != 0 {
			gotMonths[m.Month] = [2]int{m.Found, m.Closed}
		}
	}
	if !maps.Equal(gotMonths, months) {
		t.Errorf("%s: hazard_months\n got %v\nwant %v", when, gotMonths, months)
	}
	units := map[string]int{}
	for _, h := range hs {
		if h.Unit != "" {
			units[h.Unit]++
		}
	}
	gotUnits := map[string]int{}
	if err := s.each(ctx, "SELECT name, hazards FROM units WHERE hazards > 0", func(r scanner) error {
		var u string
		var n int
		err := r.Scan(&u, &n)
		gotUnits[u] = n
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(gotUnits, units) {
		t.Errorf("%s: units.hazards\n got %v\nwant %v", when, gotUnits, units)
	}
	// CountHazards agrees with the list for the filters the pages use.
	for _, f := range []safetybot.HazardFilter{
		{}, {OpenOnly: true}, {Overdue: true, Today: today}, {Overdue: true, Today: today, Grade: safetybot.GradeMajor},
		{Status: safetybot.StatusClosed}, {Domain: "水上交通", Year: 2026}, {Grade: safetybot.GradeMajor, OpenOnly: true},
		{Assignee: "liuba", OpenOnly: true}, {Status: safetybot.StatusRectifying, Overdue: true, Today: today, Domain: "道路运输"},
	} {
		list, err := s.Hazards(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := s.CountHazards(ctx, f); err != nil || n != len(list) {
			t.Errorf("%s: CountHazards(%+v) = %d, %v; the list has %d", when, f, n, err, len(list))
		}
	}
}

// TestTalliesFollowEveryChange: reports, lifecycle steps, edits of grade,
// domain and deadline, closing and reopening, undo, all at times around
// midnight in Shanghai (a different UTC month), keep the tallies equal to
// a direct count; and the migration's backfill builds the same tallies
// from existing rows.
func TestTalliesFollowEveryChange(t *testing.T) {
	ctx := context.Background()
	clk := testkit.NewClock(time.Date(2025, 12, 31, 23, 30, 0, 0, safetybot.Shanghai))
	file := filepath.Join(t.TempDir(), "tally.db")
	s, err := Open(ctx, file, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	randomLedger(t, s, clk, 120, func(i int) {
		if i%20 == 19 {
			checkTallies(t, s, fmt.Sprintf("step %d", i))
		}
	})
	checkTallies(t, s, "after the changes")

	// The backfill: a database whose hazards predate migration 0028, made
	// on a connection of the test's own (the store hands out none), with
	// foreign keys off: undo0030 rebuilds hazards, as a migration would.
	s.Close()
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(0)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	if err := inTx(ctx, db, func(tx *sql.Tx) error {
		// Migrations 0029 to 0035 come after 0028: they go first, the
		// latest first (undo0030 takes the hazards' triggers and
		// hazards_urgency with the table).
		undo := append(append(append(append(append(append(append([]string{}, undo0035...), undo0034...), undo0033...), undo0032...), undo0031...), undo0030...), undo0029...)
		for _, q := range append(undo, "DROP TABLE hazard_tally", "DROP TABLE hazard_open_due", "DROP TABLE hazard_months",
			"DROP INDEX IF EXISTS hazards_urgency",
			"DROP TRIGGER IF EXISTS hazard_tally_insert", "DROP TRIGGER IF EXISTS hazard_tally_delete", "DROP TRIGGER IF EXISTS hazard_tally_update",
			"DROP TRIGGER IF EXISTS hazard_open_due_update", "DROP TRIGGER IF EXISTS hazard_months_update",
			"CREATE INDEX hazards_status ON hazards (status, deadline)", "CREATE INDEX hazards_grade ON hazards (grade, status, deadline)",
			"DELETE FROM schema_migrations WHERE version = 28") {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if s, err = Open(ctx, file, clk.Now); err != nil {
		t.Fatal(err)
	}
	if vs, _ := schemaVersions(ctx, s); !slices.Contains(vs, 28) || !slices.Contains(vs, 30) {
		t.Fatalf("migrations 28 and 30 not applied again: %v", vs)
	}
	checkTallies(t, s, "after the backfill")
}

// undo0031 takes a database back to before migration 0031 (fewer
// indexes): the indexes it dropped come back.
var undo0031 = []string{
	"CREATE INDEX hazards_unit ON hazards (unit)",
	"CREATE INDEX hazards_year ON hazards (year, status)",
	"CREATE INDEX wecom_inbound_seen ON wecom_inbound (seen_hour)",
	"DELETE FROM schema_migrations WHERE version = 31",
}

// undo0029 takes a database back to before migration 0029 (units): the
// tables, triggers and indexes it replaced come back empty of its changes.
var undo0029 = []string{
	"DROP TRIGGER IF EXISTS units_hazard_insert", "DROP TRIGGER IF EXISTS units_hazard_delete", "DROP TRIGGER IF EXISTS units_hazard_update",
	"DROP TRIGGER units_inspection_insert", "DROP TRIGGER units_inspection_delete", "DROP TRIGGER units_inspection_update",
	"DROP TRIGGER units_registry_insert", "DROP TRIGGER units_registry_delete", "DROP TRIGGER units_registry_rename",
	"DROP TABLE units",
	"CREATE TABLE known_units (name TEXT PRIMARY KEY) WITHOUT ROWID",
	"INSERT OR IGNORE INTO known_units SELECT DISTINCT unit FROM hazards WHERE unit <> ''",
	"INSERT OR IGNORE INTO known_units SELECT DISTINCT unit FROM duty_records WHERE duty = 'enterprise_inspection' AND unit <> ''",
	`CREATE TRIGGER known_units_hazard_insert AFTER INSERT ON hazards WHEN NEW.unit <> ''
	BEGIN INSERT OR IGNORE INTO known_units (name) VALUES (NEW.unit); END`,
	`CREATE TRIGGER known_units_hazard_update AFTER UPDATE OF unit ON hazards WHEN NEW.unit <> ''
	BEGIN INSERT OR IGNORE INTO known_units (name) VALUES (NEW.unit); END`,
	`CREATE TRIGGER known_units_inspection AFTER INSERT ON duty_records WHEN NEW.duty = 'enterprise_inspection' AND NEW.unit <> ''
	BEGIN INSERT OR IGNORE INTO known_units (name) VALUES (NEW.unit); END`,
	"DROP INDEX duty_records_unit",
	"CREATE INDEX duty_records_period ON duty_records (duty, period)",
	"DELETE FROM schema_migrations WHERE version = 29",
}

// randomLedger makes steps random changes to s at times moving on clk:
// reports (CreateHazard and ReportHazard), lifecycle steps, edits of grade,
// domain and deadline (修改), closing and reopening, and 撤销; after(i) runs
// after step i.
func randomLedger(t *testing.T, s *Store, clk *testkit.Clock, steps int, after func(i int)) {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(97, 12))
	domains := []string{"道路运输", "水上交通", "工程建设", ""}
	grades := []safetybot.Grade{safetybot.GradeGeneral, safetybot.GradeMajor}
	statuses := safetybot.Statuses
	var numbers []string
	for i := range steps {
		// Every few steps, half an hour past midnight in Shanghai: the UTC
		// day (and month) is still the one before.
		clk.Add(time.Duration(rng.IntN(72)+1) * time.Hour)
		if i%7 == 0 {
			n := clk.Now().In(safetybot.Shanghai)
			clk.Set(time.Date(n.Year(), n.Month()+1, 1, 0, 30, 0, 0, safetybot.Shanghai))
		}
		var err error
		switch op := rng.IntN(10); {
		case op < 3 || len(numbers) == 0:
			h := &safetybot.Hazard{Description: fmt.Sprintf("隐患%d", i), Domain: domains[rng.IntN(len(domains))],
				Unit:  []string{"", "县运输公司", "长河航运"}[rng.IntN(3)],
				Grade: grades[rng.IntN(2)], Source: safetybot.SourceSelfCheck, Reporter: "zhangsan"}
			if rng.IntN(3) > 0 {
				h.Deadline = safetybot.DateOf(clk.Now().AddDate(0, 0, rng.IntN(60)-30))
			}
			if rng.IntN(2) == 0 {
				err = s.CreateHazard(ctx, h, "zhangsan", nil)
			} else {
				err = s.ReportHazard(ctx, h, safetybot.ReportLimits{PerHour: 100, LoudPerHour: 100}, false, nil)
			}
			numbers = append(numbers, h.Number)
		case op < 8: // a step or an edit (修改) of a counted field
			_, err = s.ChangeHazard(ctx, numbers[rng.IntN(len(numbers))], "zhangsan", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
				switch rng.IntN(6) {
				case 5:
					h.Unit = []string{"", "县运输公司", "长河航运", "县公路段"}[rng.IntN(4)]
				case 0:
					h.Grade = grades[rng.IntN(2)]
				case 1:
					h.Domain = domains[rng.IntN(len(domains))]
				case 2:
					h.Deadline = safetybot.DateOf(clk.Now().AddDate(0, 0, rng.IntN(60)-30))
				default:
					h.Status = statuses[rng.IntN(len(statuses))]
					if h.Status.Open() {
						h.ClosedAt = time.Time{}
					}
				}
				return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "修改"}}, nil
			})
		default: // 撤销
			_, err = s.UndoHazard(ctx, numbers[rng.IntN(len(numbers))], "zhangsan", func(*safetybot.Hazard, safetybot.LastChange) (safetybot.HazardChange, error) {
				return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "撤销"}}, nil
			})
			if safetybot.ErrorCode(err) == safetybot.ENOTFOUND {
				err = nil
			}
		}
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		after(i)
	}
}
