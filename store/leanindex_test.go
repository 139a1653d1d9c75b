package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"safetybot"
)

// TestLeanIndexes: after migration 0031 each remaining index on hazards,
// hazard_events and wecom_inbound is named by a query that needs it, and
// the queries that used the dropped ones (hazards_unit, hazards_year,
// wecom_inbound_seen) neither sort in a temporary b-tree nor lose an index
// they still need.
func TestLeanIndexes(t *testing.T) {
	ctx := context.Background()
	s := ledgerOf40(t)
	indexes := indexesOn(t, s, "hazards", "hazard_events", "wecom_inbound")
	want := []string{"hazard_events_hazard", "hazards_assignee", "hazards_domain", "hazards_found", "hazards_reporter", "hazards_urgency"}
	if !slices.Equal(indexes, want) {
		t.Errorf("indexes: %v, want %v", indexes, want)
	}

	newest, newestArgs := hazardSelect(safetybot.HazardFilter{Year: 2026, Limit: 50})
	newestStatus, newestStatusArgs := hazardSelect(safetybot.HazardFilter{Year: 2026, Status: safetybot.StatusPending, Limit: 50})
	mine, mineArgs := hazardSelect(safetybot.HazardFilter{Assignee: "lisi", OpenOnly: true, Limit: 50})
	for _, q := range []struct {
		sql  string
		args []any
		want string // in the plan; "" for a scan of the table
		sort bool   // a sort of what the index found is expected (one person's hazards)
	}{
		// The indexes kept, each with its query.
		{"SELECT " + hazardColumns + " FROM hazards WHERE number = ?", []any{"YH2026-0001"}, "USING INDEX sqlite_autoindex_hazards_1", false},
		{"SELECT COALESCE(max(id), 0) FROM hazards WHERE domain = ?", []any{"x"}, "USING COVERING INDEX hazards_domain", false}, // overview
		{mine, mineArgs, "USING INDEX hazards_assignee", true},                                                                  // 我的隐患
		{"SELECT " + hazardColumns + " FROM hazards WHERE reporter = ? AND found_at >= ? ORDER BY found_at DESC, id DESC LIMIT 1", // evidence
			[]any{"zhangsan", 0}, "USING INDEX hazards_reporter", false},
		{"SELECT count(*) FROM hazards WHERE found_at >= ?", []any{0}, "USING COVERING INDEX hazards_found", false}, // 摘要
		{"SELECT at FROM hazard_events WHERE hazard_id = ? ORDER BY id", []any{1}, "USING INDEX hazard_events_hazard", false},
		{"INSERT INTO wecom_inbound (key, seen_hour) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", []any{[]byte("k"), 1}, "", false},
		// The queries of the dropped indexes: the table in id order, no sort.
		{newest, newestArgs, "", false},
		{newestStatus, newestStatusArgs, "", false},
		{"SELECT h.id, e.id FROM hazards h LEFT JOIN hazard_events e ON e.hazard_id = h.id WHERE h.year = ? ORDER BY h.id, e.id",
			[]any{2026}, "USING COVERING INDEX hazard_events_hazard", false},
		{"DELETE FROM wecom_inbound WHERE seen_hour < ?", []any{1}, "", false}, // hourly
	} {
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
		if strings.Contains(p, "TEMP B-TREE") != q.sort || !strings.Contains(p, q.want) {
			t.Errorf("%s\nplan: %s (want %q, temporary b-tree %v)", q.sql, p, q.want, q.sort)
		}
	}
}
