package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/testkit"
)

// TestUrgencyIndexServesLists: after every migration (0025 rebuilt hazards
// with its indexes, 0028 drops two of them), hazards has hazards_urgency
// and not the indexes it superseded, and SQLite reads the list pages and
// the digest's short lists through it, written with NULL for no deadline,
// instead of scanning the table.
func TestUrgencyIndexServesLists(t *testing.T) {
	ctx := context.Background()
	s := ledgerOf40(t)
	indexes := indexesOn(t, s, "hazards")
	if !slices.Contains(indexes, "hazards_urgency") || slices.Contains(indexes, "hazards_status") || slices.Contains(indexes, "hazards_grade") {
		t.Errorf("indexes on hazards: %v (want hazards_urgency, not hazards_status nor hazards_grade)", indexes)
	}

	today := safetybot.Date("2026-03-01")
	type query struct {
		name string
		sql  string
		args []any
	}
	var qs []query
	for _, f := range []safetybot.HazardFilter{
		{Order: safetybot.OrderUrgency, Limit: 50, Offset: 100},
		{Order: safetybot.OrderUrgency, OpenOnly: true, Domain: "道路运输", Limit: 50},
		{Order: safetybot.OrderUrgency, Overdue: true, Today: today, Grade: safetybot.GradeMajor, Limit: 10},
	} {
		q, args := hazardSelect(f)
		qs = append(qs, query{"list", q, args})
	}
	const open = openExpr + " AND "
	for _, p := range []listPart{
		{open + majorExpr + " AND " + overdueExpr, "deadline, id", []any{today}},
		{open + notMajorExpr + " AND " + overdueExpr, "deadline, id", []any{today}},
		{open + majorExpr + " AND " + datedExpr, "deadline, id", nil},
		{open + majorExpr + " AND " + undatedExpr, "id", nil},
		{open + notMajorExpr + " AND " + dueBetweenExpr, "deadline, id", []any{today, today}},
	} {
		qs = append(qs, query{"digest", "SELECT " + hazardColumns + " FROM hazards WHERE " + p.where + " ORDER BY " + p.order + " LIMIT ?", append(p.args, 5)})
	}
	for _, q := range qs {
		var plan []string
		rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q.sql, q.args...)
		if err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
		for rows.Next() {
			var id, parent, notused int
			var detail string
			rows.Scan(&id, &parent, &notused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		p := strings.Join(plan, "; ")
		if !strings.Contains(p, "USING INDEX hazards_urgency") || slices.Contains(plan, "SCAN hazards") || (q.name == "list" && strings.Contains(p, "TEMP B-TREE")) {
			t.Errorf("%s\nplan: %s", q.sql, p)
		}
	}
}

// ledgerOf40 is a store with a random ledger of 40 hazards, closed at the
// end of the test: enough rows for SQLite's planner to prefer an index.
func ledgerOf40(t *testing.T) *Store {
	t.Helper()
	clk := testkit.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, safetybot.Shanghai))
	s, _ := openCopy(t, clk.Now)
	t.Cleanup(func() { s.Close() })
	randomLedger(t, s, clk, 40, func(int) {})
	return s
}

// indexesOn names the indexes declared on the tables, sorted (SQLite's
// automatic ones for UNIQUE and PRIMARY KEY left out).
func indexesOn(t *testing.T, s *Store, tables ...string) []string {
	t.Helper()
	names, err := list(context.Background(), s.r, `SELECT name FROM sqlite_master WHERE type = 'index'
		AND tbl_name IN (SELECT value FROM json_each(?)) AND sql IS NOT NULL ORDER BY name`,
		scanValue[string], jsonList(tables))
	if err != nil {
		t.Fatal(err)
	}
	return names
}
