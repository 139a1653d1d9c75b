package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// dbAt makes at file a database migrated up to version last only, on a
// connection of the test's own, with foreign keys on as the store has them:
// a database a build of that version left behind.
func dbAt(t *testing.T, file string, last int) *sql.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	all, err := loadMigrations(migrations)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range all[:last] {
		if err := apply(ctx, conn, all[:last], m, func() time.Time { return time.UnixMilli(legacyApplied) }); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// data0029 is what the code of migration 0029 stored: empty text and 0 for none.
// Hazard 2 was verified from an anonymous report (no reporter), hazard 4
// written by a tool without a source; delivery 3's rule was deleted.
const data0029 = `
INSERT INTO hazard_seq (year, last) VALUES (2026, 4);
INSERT INTO hazards (id, number, year, description, unit, domain, location, grade, source, status,
	reporter, assignee, deadline, confirmed, found_at, closed_at, updated_at) VALUES
	(1, 'YH2026-0001', 2026, '消防通道堵塞', '某运输公司', '道路运输', '', '一般', '群众上报', '待确认',
		'zhangsan', NULL, NULL, 0, 1764000000000, NULL, 1764000000000),
	(2, 'YH2026-0002', 2026, '超载运输', '', '', '北环路', '重大', '举报查实', '整改中',
		'', 'lisi', '2026-12-01', 1, 1764100000000, NULL, 1764100000000),
	(3, 'YH2026-0003', 2026, '护栏缺失', '县公路段', '水上交通', '', '一般', '企业自查', '已销号',
		'wang', 'lisi', '2026-11-01', 1, 1761000000000, 1764200000000, 1764200000000),
	(4, 'YH2026-0004', 2026, '照明不足', '', '', '', '一般', '', '待验收',
		'wang', NULL, '2026-11-20', 1, 1762000000000, NULL, 1762000000000);
INSERT INTO user_roles (user_id, role, working_group, granted_by, granted_at) VALUES
	('admin1', 'admin', '', 'SAFETYBOT_ADMINS', 1764000000000), ('s1', 'staff', 'road_water', 'admin1', 1764000000000),
	('s2', 'staff', '', 'admin1', 1764000000000);
INSERT INTO grant_events (at, actor, user_id, role, working_group, action) VALUES
	(1764000000000, 'admin1', 's1', 'staff', 'road_water', '授权'), (1764000000000, 'admin1', 's2', 'staff', '', '授权');
INSERT INTO enterprises (name, principal, added_by, added_at) VALUES
	('某运输公司', 'zhao', 'admin1', 1764000000000), ('长河航运有限公司', '', 'admin1', 1764000000000);
INSERT INTO duties (key, name, quote, period, audience, standing) VALUES ('party_topic', '专题研究', '每月', 'month', 'leader', 1);
INSERT INTO rules (id, name, kind, duty, spec, text, audience, filter, active_from, active_until, watermark,
	created_by, created_at, updated_at, shift, term) VALUES
	(1, '专题研究提醒', 'duty', 'party_topic', '0 9 1 * *', '请研究', 'role:leader', '', '', '', 1764000000000,
		'plan', 1764000000000, 1764000000000, 'next', 'standing'),
	(2, '周报', 'custom', '', '0 9 * * 1', '请报周报', 'role:staff', '', '2026-01-01', '2026-12-31', 1764000000000,
		'admin1', 1764000000000, 1764000000000, '', '');
INSERT INTO deliveries (id, rule_id, scheduled_for, status, note, holder, created_at) VALUES
	(1, 1, 1764000000000, 'sent', '', 'host-1', 1764000000000), (2, 2, 1764000000000, 'empty', '', '', 1764000000000),
	(3, 99, 1763000000000, 'sent', '', '', 1763000000000);
INSERT INTO duty_records (id, duty, period, unit, note, actor, at, done_on) VALUES
	(1, 'party_topic', '2026-11', '', '研究', 'leader1', 1764000000000, ''),
	(2, 'enterprise_inspection', '2026-Q4', '某运输公司', '带队检查', 'zhao', 1764000000000, '2026-11-20'),
	(3, 'enterprise_inspection', '2026-Q4', '县公路段', '', 'lisi', 1764000000000, '');
INSERT INTO duty_records_undone (duty, period, unit, note, actor, at, undone_by, undone_at, done_on) VALUES
	('party_topic', '2026-10', '', '', 'leader1', 1761000000000, 'admin1', 1761000001000, '');
INSERT INTO outbox (id, target_kind, target, body, status, next_attempt_at, created_at, lease_owner, lease_until) VALUES
	(1, 'user', 'lisi', '请整改', 'pending', 1764000000000, 1764000000000, '', 0),
	(2, 'user', 'wang', '请验收', 'pending', 1764000000000, 1764000000000, 'w1', 1900000000000);
`

// noneColumns are the columns 0030 turns from empty text (or 0) into NULL.
var noneColumns = []struct{ table, column, none string }{
	{"hazards", "unit", "''"}, {"hazards", "domain", "''"}, {"hazards", "location", "''"},
	{"hazards", "reporter", "''"}, {"hazards", "source", "''"},
	{"user_roles", "working_group", "''"}, {"grant_events", "working_group", "''"},
	{"outbox", "lease_owner", "''"}, {"outbox", "lease_until", "0"},
	{"rules", "duty", "''"}, {"rules", "filter", "''"}, {"rules", "active_from", "''"}, {"rules", "active_until", "''"},
	{"rules", "shift", "''"}, {"rules", "term", "''"},
	{"deliveries", "holder", "''"},
	{"duty_records", "unit", "''"}, {"duty_records", "done_on", "''"},
	{"duty_records_undone", "unit", "''"}, {"duty_records_undone", "done_on", "''"},
	{"enterprises", "principal", "''"},
}

// rowsOf is every row of the named tables as text, sorted.
func rowsOf(t *testing.T, db *sql.DB, tables ...string) []string {
	t.Helper()
	var out []string
	for _, d := range dataOf(t, db) {
		if slices.Contains(tables, strings.SplitN(d, " ", 2)[0]) {
			out = append(out, d)
		}
	}
	return out
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestMigrate0030NoneIsNull upgrades a database of migration 0029 holding
// empty text and 0 for none: each becomes NULL, no row is lost, the tallies and
// units are the same, an orphan delivery is detached, and the store reads
// everything back as before (none as "") and keeps its tallies right
// through changes afterwards.
func TestMigrate0030NoneIsNull(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "at29.db")
	db := dbAt(t, file, 29)
	if _, err := db.Exec(data0029); err != nil {
		t.Fatal(err)
	}
	tallies := []string{"hazard_tally", "hazard_open_due", "hazard_months", "units"}
	before := rowsOf(t, db, tallies...)
	empty := map[string]int{}
	for _, c := range noneColumns {
		empty[c.table+"."+c.column] = count(t, db, fmt.Sprintf("SELECT count(*) FROM %s WHERE %s = %s", c.table, c.column, c.none))
	}
	rowCounts := map[string]int{}
	for _, table := range []string{"hazards", "user_roles", "grant_events", "outbox", "rules", "deliveries", "duty_records", "duty_records_undone", "enterprises"} {
		rowCounts[table] = count(t, db, "SELECT count(*) FROM "+table)
	}
	db.Close()

	s, err := openAt(t, file)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	diff(t, "tallies", rowsOf(t, s.r, tallies...), before)
	for _, c := range noneColumns {
		key := c.table + "." + c.column
		if empty[key] == 0 {
			t.Errorf("%s: the fixture has no none to convert", key)
		}
		if n := count(t, s.r, fmt.Sprintf("SELECT count(*) FROM %s WHERE %s IS NULL", c.table, c.column)); n != empty[key] {
			t.Errorf("%s: %d NULL after the migration, want the %d %s before", key, n, empty[key], c.none)
		}
	}
	for table, n := range rowCounts {
		if got := count(t, s.r, "SELECT count(*) FROM "+table); got != n {
			t.Errorf("%s: %d rows after the migration, %d before", table, got, n)
		}
	}
	if n := count(t, s.r, "SELECT count(*) FROM deliveries WHERE rule_id IS NULL"); n != 1 {
		t.Errorf("%d deliveries detached, want the one whose rule was gone", n)
	}

	// Read back through the store: none is "".
	h, _, err := s.Hazard(ctx, "YH2026-0002")
	if err != nil || h.Reporter != "" || h.Unit != "" || h.Domain != "" || h.Source != safetybot.SourceTip || h.Location != "北环路" {
		t.Fatalf("hazard 2: %+v, %v", h, err)
	}
	if h, _, err = s.Hazard(ctx, "YH2026-0004"); err != nil || h.Source != "" || h.Location != "" || h.Reporter != "wang" {
		t.Fatalf("hazard 4: %+v, %v", h, err)
	}
	if hs, err := s.Hazards(ctx, safetybot.HazardFilter{Order: safetybot.OrderUrgency}); err != nil || len(hs) != 4 {
		t.Fatalf("hazards: %d, %v", len(hs), err)
	}
	rules, err := s.Rules(ctx)
	if err != nil || len(rules) != 2 || rules[0].Duty != "party_topic" || rules[0].Shift != "next" || rules[0].Term != "standing" ||
		rules[0].From != "" || rules[1].Duty != "" || rules[1].Shift != "" || rules[1].From != "2026-01-01" || rules[1].Until != "2026-12-31" {
		t.Fatalf("rules: %+v, %v", rules, err)
	}
	ds, err := s.Deliveries(ctx, 0)
	if err != nil || len(ds) != 3 || ds[0].RuleID != 0 || ds[0].Holder != "" || ds[2].Holder != "host-1" && ds[1].Holder != "host-1" {
		t.Fatalf("deliveries: %+v, %v", ds, err)
	}
	recs, err := s.DutyRecords(ctx, "party_topic", "2026-11")
	if err != nil || len(recs) != 1 || recs[0].Unit != "" || recs[0].On != "" {
		t.Fatalf("duty records: %+v, %v", recs, err)
	}
	if recs, err = s.DutyRecords(ctx, safetybot.DutyInspection, "2026-Q4"); err != nil || len(recs) != 2 || recs[0].On != "2026-11-20" {
		t.Fatalf("inspections: %+v, %v", recs, err)
	}
	u, err := s.User(ctx, "s2")
	if err != nil || len(u.Grants) != 1 || u.Grants[0].WorkingGroup != "" {
		t.Fatalf("user s2: %+v, %v", u, err)
	}
	if u, err = s.User(ctx, "zhao"); err != nil || !slices.Equal(u.Enterprises, []string{"某运输公司"}) {
		t.Fatalf("user zhao: %+v, %v", u, err)
	}
	if staff, err := s.GroupStaff(ctx, "road_water"); err != nil || !slices.Equal(staff, []string{"s1"}) {
		t.Fatalf("group staff: %v, %v", staff, err)
	}
	if evs, err := s.GrantEvents(ctx, 10); err != nil || len(evs) != 2 || evs[0].Grant.WorkingGroup != "" || evs[1].Grant.WorkingGroup != "road_water" {
		t.Fatalf("grant events: %+v, %v", evs, err)
	}
	// The row with no lease is claimed; the one leased to w1 is not.
	msgs, err := s.ClaimOutbox(ctx, "w2", 10, time.Date(2026, 11, 28, 10, 1, 0, 0, safetybot.Shanghai))
	if err != nil || len(msgs) != 1 || msgs[0].ID != 1 {
		t.Fatalf("claimed %+v, %v", msgs, err)
	}
	if err := s.ReleaseOutbox(ctx, "w2", 1); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s.r, "SELECT count(*) FROM outbox WHERE id = 1 AND lease_owner IS NULL AND lease_until IS NULL"); n != 1 {
		t.Error("a released row keeps a lease")
	}
	checkTallies(t, s, "after the migration")
	checkUnits(t, s, "after the migration", "2026-Q4")

	// Changes from none to a value and back keep the tallies right.
	for _, set := range []func(*safetybot.Hazard){
		func(h *safetybot.Hazard) { h.Domain, h.Unit = "道路运输", "长河航运有限公司" },
		func(h *safetybot.Hazard) { h.Domain, h.Unit, h.Location = "", "", "" },
	} {
		if _, err := s.ChangeHazard(ctx, "YH2026-0002", "lisi", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
			set(h)
			return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "修改"}}, nil
		}); err != nil {
			t.Fatal(err)
		}
		checkTallies(t, s, "after a change")
		checkUnits(t, s, "after a change", "2026-Q4")
	}
	if n := count(t, s.r, "SELECT count(*) FROM hazards WHERE id = 2 AND domain IS NULL AND unit IS NULL AND location IS NULL"); n != 1 {
		t.Error("a field cleared by a change is not NULL")
	}
}

// TestConstraints0030RefuseNone: a fresh database refuses empty text and 0 where
// none is NULL, a source outside safetybot.Source*, and a delivery of a
// rule that is not there; every source is accepted, and deleting a rule
// detaches its deliveries.
func TestConstraints0030RefuseNone(t *testing.T) {
	s, _ := openNew(t)
	const hz = "INSERT INTO hazards (number, year, description, grade, status, found_at, updated_at, "
	for _, q := range []string{
		hz + "source) VALUES ('X1', 2026, 'd', '一般', '待确认', 1, 1, '自查')",
		hz + "source) VALUES ('X2', 2026, 'd', '一般', '待确认', 1, 1, '')",
		hz + "domain) VALUES ('X3', 2026, 'd', '一般', '待确认', 1, 1, '')",
		hz + "unit) VALUES ('X4', 2026, 'd', '一般', '待确认', 1, 1, '')",
		hz + "location) VALUES ('X5', 2026, 'd', '一般', '待确认', 1, 1, '')",
		hz + "reporter) VALUES ('X6', 2026, 'd', '一般', '待确认', 1, 1, '')",
		"INSERT INTO user_roles (user_id, role, working_group, granted_by, granted_at) VALUES ('u', 'staff', '', 'a', 1)",
		"INSERT INTO grant_events (at, actor, user_id, role, working_group, action) VALUES (1, 'a', 'u', 'staff', '', '授权')",
		"INSERT INTO outbox (target_kind, target, body, next_attempt_at, created_at, lease_owner) VALUES ('user', 'u', 'b', 1, 1, '')",
		"INSERT INTO outbox (target_kind, target, body, next_attempt_at, created_at, lease_until) VALUES ('user', 'u', 'b', 1, 1, 0)",
		"INSERT INTO rules (name, kind, spec, text, audience, watermark, created_by, created_at, updated_at, duty) VALUES ('r', 'custom', '* * * * *', 't', 'a', 0, 'a', 1, 1, '')",
		"INSERT INTO rules (name, kind, spec, text, audience, watermark, created_by, created_at, updated_at, active_from) VALUES ('r', 'custom', '* * * * *', 't', 'a', 0, 'a', 1, 1, '')",
		"INSERT INTO rules (name, kind, spec, text, audience, watermark, created_by, created_at, updated_at, shift) VALUES ('r', 'custom', '* * * * *', 't', 'a', 0, 'a', 1, 1, '')",
		"INSERT INTO deliveries (rule_id, scheduled_for, status, created_at) VALUES (4242, 1, 'sent', 1)", // no such rule
		"INSERT INTO duty_records (duty, period, unit, actor, at) VALUES ('d', '2026-11', '', 'a', 1)",
		"INSERT INTO duty_records (duty, period, done_on, actor, at) VALUES ('d', '2026-11', '', 'a', 1)",
		"INSERT INTO enterprises (name, principal, added_by, added_at) VALUES ('e', '', 'a', 1)",
	} {
		if _, err := s.w.Exec(q); err == nil {
			t.Errorf("accepted: %s", q)
		}
	}
	for i, src := range []string{safetybot.SourceSelfCheck, safetybot.SourceInspection, safetybot.SourceTip, safetybot.SourceAssigned, safetybot.SourceChat} {
		if _, err := s.w.Exec(hz+"source) VALUES (?, 2026, 'd', '一般', '待确认', 1, 1, ?)", fmt.Sprint("S", i), src); err != nil {
			t.Errorf("source %s refused: %v", src, err)
		}
	}
	ctx := context.Background()
	r := &safetybot.Rule{Name: "周报", Kind: safetybot.RuleCustom, Spec: "0 9 * * 1", Text: "t", Audience: "role:staff"}
	if err := s.AddRule(ctx, r); err != nil {
		t.Fatal(err)
	}
	if st, err := s.Deliver(ctx, safetybot.Occurrence{RuleID: r.ID, At: time.UnixMilli(1764000000000), Status: safetybot.DeliveryEmpty}); err != nil || st != safetybot.DeliveryEmpty {
		t.Fatalf("deliver: %q, %v", st, err)
	}
	if _, err := s.DeleteRule(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if ds, err := s.Deliveries(ctx, 0); err != nil || len(ds) != 1 || ds[0].RuleID != 0 {
		t.Fatalf("deliveries after the rule's deletion: %+v, %v", ds, err)
	}
	// An occurrence of the rule deleted meanwhile is recorded nowhere.
	if st, err := s.Deliver(ctx, safetybot.Occurrence{RuleID: r.ID, At: time.UnixMilli(1764100000000), Status: safetybot.DeliveryEmpty}); err != nil || st != "" {
		t.Fatalf("deliver for a deleted rule: %q, %v", st, err)
	}
}

// undo0030 takes the hazards of a database back to before migration 0030:
// the table as 0025 made it, empty text for none, without the indexes and triggers
// of 0028 and 0029 (the steps after it drop them). The other tables 0030
// rebuilt keep their NULLs: 0030 run again converts nothing in them.
var undo0030 = []string{
	`CREATE TABLE hazards_old (
		id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, year INTEGER NOT NULL, description TEXT NOT NULL,
		unit TEXT NOT NULL DEFAULT '', domain TEXT NOT NULL DEFAULT '', location TEXT NOT NULL DEFAULT '',
		grade TEXT NOT NULL CHECK (grade IN ('一般', '重大')), source TEXT NOT NULL,
		status TEXT NOT NULL CHECK (status IN ('待确认', '整改中', '待验收', '已销号', '已驳回')),
		reporter TEXT NOT NULL DEFAULT '', assignee TEXT CHECK (assignee <> ''), deadline TEXT CHECK (deadline <> ''),
		confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)), found_at INTEGER NOT NULL,
		closed_at INTEGER CHECK (closed_at > 0), updated_at INTEGER NOT NULL,
		cause TEXT NOT NULL DEFAULT '', basis TEXT NOT NULL DEFAULT '', measures TEXT NOT NULL DEFAULT '',
		funds TEXT NOT NULL DEFAULT '', interim TEXT NOT NULL DEFAULT '', supervision TEXT NOT NULL DEFAULT '',
		halted INTEGER NOT NULL DEFAULT 0 CHECK (halted IN (0, 1)))`,
	`INSERT INTO hazards_old SELECT id, number, year, description, COALESCE(unit, ''), COALESCE(domain, ''), COALESCE(location, ''),
		grade, COALESCE(source, ''), status, COALESCE(reporter, ''), assignee, deadline, confirmed, found_at, closed_at, updated_at,
		cause, basis, measures, funds, interim, supervision, halted FROM hazards`,
	"DROP TABLE hazards",
	"ALTER TABLE hazards_old RENAME TO hazards",
	"CREATE INDEX hazards_domain ON hazards (domain, status)",
	"CREATE INDEX hazards_assignee ON hazards (assignee, status)",
	"CREATE INDEX hazards_reporter ON hazards (reporter, found_at)",
	"CREATE INDEX hazards_found ON hazards (found_at)",
	"CREATE INDEX hazards_year ON hazards (year, status)",
	"CREATE INDEX hazards_unit ON hazards (unit)",
	"DELETE FROM schema_migrations WHERE version = 30",
}
