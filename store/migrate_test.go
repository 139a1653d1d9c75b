package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"safetybot"
)

// legacyApplied is when the legacy database's migrations were applied.
const legacyApplied = 1764000000000

// legacyDB makes, at file, a database as the code before the renumbering
// did: the migration files of then (testdata/legacy_migrations), recorded
// under their old numbers, then data, as that code wrote it.
func legacyDB(t *testing.T, file string, skip map[string]bool, data string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("testdata/legacy_migrations/*.sql")
	if err != nil || len(files) != legacyLast {
		t.Fatalf("legacy migrations %d, %v", len(files), err)
	}
	sort.Strings(files)
	for _, f := range files {
		name := filepath.Base(f)
		if skip[name] {
			continue
		}
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := strconv.Atoi(name[:4])
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := db.Exec("INSERT INTO schema_migrations VALUES (?, ?, ?)", v, name, legacyApplied); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(data); err != nil {
		t.Fatalf("legacy data: %v", err)
	}
}

// Rows every table holds alike before and after the migration.
const commonData = `
INSERT INTO user_roles (user_id, role, granted_by, granted_at) VALUES
	('admin1', 'admin', 'SAFETYBOT_ADMINS', 1764000000000), ('leader1', 'leader', 'admin1', 1764000001000);
INSERT INTO grant_events (id, at, actor, user_id, role, action) VALUES
	(1, 1764000000000, 'SAFETYBOT_ADMINS', 'admin1', 'admin', '授权');
INSERT INTO hazard_seq (year, last) VALUES (2026, 2);
INSERT INTO hazard_evidence (id, hazard_id, kind, content_type, data, lat, lng, label, actor, at) VALUES
	(1, 1, 'location', '', NULL, 30.1, 120.2, '北环路口', 'zhangsan', 1764000002000),
	(2, 2, 'image', 'image/jpeg', x'FFD8FF', 0, 0, '', 'zhangsan', 1764000003000);
INSERT INTO tip_messages (id, tip_id, seq, day, from_handler, body) VALUES (1, 654321, 1, '2026-11-02', 1, '已收到');
INSERT INTO tip_audit (id, tip_id, at, actor, action) VALUES (1, NULL, 1764000000000, 'h1', 'list'), (2, 654321, 1764000000000, 'h1', 'reply');
INSERT INTO duties (key, name, quote, period, audience, standing) VALUES ('party_topic', '专题研究', '每月', 'month', 'leader', 1);
INSERT INTO rules (id, name, kind, duty, spec, text, audience, watermark, created_by, created_at, updated_at, shift) VALUES
	(1, '专题研究提醒', 'duty', 'party_topic', '0 9 1 * *', '请研究', 'leader', 1764000000000, 'plan', 1764000000000, 1764000000000, 'next');
INSERT INTO deliveries (id, rule_id, scheduled_for, status, note, holder, created_at) VALUES
	(1, 1, 1764000000000, 'sent', '', 'host-1', 1764000000000), (2, 1, 1764086400000, 'empty', '', 'host-1', 1764086400000);
INSERT INTO cards (task_id, hazard, kind, recipients, card, created_at) VALUES ('t1', 'YH2026-0002', 'major', 'leader1', '{}', 1764000000000);
INSERT INTO cards (task_id, hazard, kind, recipients, card, created_at, done_at, done_by, done_text) VALUES
	('t2', 'YH2026-0001', 'assign', 'lisi', '{}', 1764000000000, 1764000005000, 'lisi', '已收到');
INSERT INTO card_clicks (task_id, key, done_at, done_by, text) VALUES ('t1', '督办', 1764000000000, 'leader1', '已督办');
INSERT INTO duty_records (id, duty, period, unit, note, actor, at) VALUES
	(1, 'enterprise_inspection', '2026Q4', '某运输公司', '', 'zhangsan', 1764000000000);
`

// The same facts as the code before the renumbering stored them: empty text and 0
// for none, two secrets tables.
const legacyData = `
INSERT INTO hazards (id, number, year, description, unit, domain, location, grade, source, status,
	reporter, assignee, deadline, confirmed, found_at, closed_at, updated_at) VALUES
	(1, 'YH2026-0001', 2026, '消防通道堵塞', '某运输公司', '道路运输', '', '一般', '群众上报', '待确认',
		'zhangsan', '', '', 0, 1764000000000, 0, 1764000000000),
	(2, 'YH2026-0002', 2026, '应急照明失效', '', '', '北环路', '重大', '企业自查', '已销号',
		'zhangsan', 'lisi', '2026-12-01', 1, 1764000000000, 1764100000000, 1764100000000);
INSERT INTO hazard_events (id, hazard_id, at, actor, action, note, from_status, to_status, prior, undone) VALUES
	(1, 1, 1764000000000, 'zhangsan', '上报', '消防通道堵塞', '', '待确认', '', 0),
	(2, 2, 1764000000000, 'zhangsan', '上报', '应急照明失效', '', '待确认', '', 0),
	(3, 2, 1764100000000, 'lisi', '销号', '验收合格', '待验收', '已销号', '{"status":"待验收"}', 0);
INSERT INTO tips (id, receipt_hash, day, body, status, hazard_number, decline_reason, reward_yuan, reward_status, new_info, closed_day) VALUES
	(123456, x'01', '2026-11-28', '夜间违规运输', '待受理', '', '', 0, '', 1, ''),
	(654321, x'02', '2026-11-01', '超载', '已办结', 'YH2026-0002', '', 500, '已发放', 0, '2026-11-20');
INSERT INTO outbox (id, target_kind, target, format, body, dedup_key, status, attempts, next_attempt_at,
	last_error, created_at, sent_at, lease_owner, lease_until, parts_sent, coalesce) VALUES
	(1, 'user', 'lisi', 'text', '请整改', NULL, 'sent', 1, 1764000000000, '', 1764000000000, 1764000001000, '', 0, 1, ''),
	(2, 'webhook', 'ops', 'markdown', '**摘要**', 'digest:1', 'pending', 0, 1764000000000, '', 1764000000000, 0, '', 0, 0, 'leader');
INSERT INTO wecom_secrets (name, value) VALUES ('dedup_hmac', x'AA');
INSERT INTO tip_secrets (name, value) VALUES ('receipt_salt', x'BB');
INSERT INTO user_names (user_id, set_name, set_by, set_at, book_name, book_status, checked_at) VALUES
	('lisi', '', '', 0, '李四', 'ok', 1764000000000), ('wang', '王科长', 'admin1', 1764000000000, '', '', 0),
	('zhao', '', '', 0, '', 'denied', 1764000000000);
INSERT INTO web_login_tokens (token_hash, user_id, created_at, expires_at, used_at) VALUES
	('aa', 'leader1', 1764000000000, 1764000900000, 0), ('bb', 'leader1', 1764000000000, 1764000900000, 1764000100000);
INSERT INTO cards (task_id, hazard, kind, recipients, card, created_at, done_at, done_by, done_text) VALUES
	('t3', 'YH2026-0002', 'assign', 'lisi', '{}', 1764000000000, 1764100000000, '', '已处理 · 当前已销号');
` + commonData

// freshData is legacyData as today's code stores it.
const freshData = `
INSERT INTO hazards (id, number, year, description, unit, domain, location, grade, source, status,
	reporter, assignee, deadline, confirmed, found_at, closed_at, updated_at) VALUES
	(1, 'YH2026-0001', 2026, '消防通道堵塞', '某运输公司', '道路运输', NULL, '一般', '群众上报', '待确认',
		'zhangsan', NULL, NULL, 0, 1764000000000, NULL, 1764000000000),
	(2, 'YH2026-0002', 2026, '应急照明失效', NULL, NULL, '北环路', '重大', '企业自查', '已销号',
		'zhangsan', 'lisi', '2026-12-01', 1, 1764000000000, 1764100000000, 1764100000000);
INSERT INTO hazard_events (id, hazard_id, at, actor, action, note, from_status, to_status, prior, undone) VALUES
	(1, 1, 1764000000000, 'zhangsan', '上报', '消防通道堵塞', NULL, '待确认', '', 0),
	(2, 2, 1764000000000, 'zhangsan', '上报', '应急照明失效', NULL, '待确认', '', 0),
	(3, 2, 1764100000000, 'lisi', '销号', '验收合格', '待验收', '已销号', '{"status":"待验收"}', 0);
INSERT INTO tips (id, receipt_hash, day, body, status, hazard_number, decline_reason, reward_yuan, reward_status, new_info, closed_day) VALUES
	(123456, x'01', '2026-11-28', '夜间违规运输', '待受理', NULL, '', 0, NULL, 1, NULL),
	(654321, x'02', '2026-11-01', '超载', '已办结', 'YH2026-0002', '', 500, '已发放', 0, '2026-11-20');
INSERT INTO outbox (id, target_kind, target, format, body, dedup_key, status, attempts, next_attempt_at,
	last_error, created_at, sent_at, lease_owner, lease_until, parts_sent, coalesce) VALUES
	(1, 'user', 'lisi', 'text', '请整改', NULL, 'sent', 1, 1764000000000, '', 1764000000000, 1764000001000, NULL, NULL, 1, ''),
	(2, 'webhook', 'ops', 'markdown', '**摘要**', 'digest:1', 'pending', 0, 1764000000000, '', 1764000000000, NULL, NULL, NULL, 0, 'leader');
INSERT INTO secrets (name, value) VALUES ('dedup_hmac', x'AA'), ('receipt_salt', x'BB');
INSERT INTO user_names (user_id, set_name, set_by, set_at, book_name, book_status, checked_at) VALUES
	('lisi', NULL, NULL, NULL, '李四', 'ok', 1764000000000), ('wang', '王科长', 'admin1', 1764000000000, NULL, NULL, NULL),
	('zhao', NULL, NULL, NULL, NULL, 'denied', 1764000000000);
INSERT INTO web_login_tokens (token_hash, user_id, created_at, expires_at, used_at) VALUES
	('aa', 'leader1', 1764000000000, 1764000900000, NULL), ('bb', 'leader1', 1764000000000, 1764000900000, 1764000100000);
INSERT INTO cards (task_id, hazard, kind, recipients, card, created_at, done_at, done_by, done_text) VALUES
	('t3', 'YH2026-0002', 'assign', 'lisi', '{}', 1764000000000, 1764100000000, NULL, '已处理 · 当前已销号');
` + commonData

var spaces = regexp.MustCompile(`\s+`)

// schemaOf is sqlite_master, its SQL with whitespace and quotes folded.
func schemaOf(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var typ, name, tbl, q string
		if err := rows.Scan(&typ, &name, &tbl, &q); err != nil {
			t.Fatal(err)
		}
		q = spaces.ReplaceAllString(strings.ReplaceAll(q, `"`, ""), " ")
		out = append(out, typ+" "+name+" on "+tbl+": "+q)
	}
	return out
}

// dataOf is every row of every table but schema_migrations, as text, sorted.
func dataOf(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var tables []string
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations', 'sqlite_sequence') ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var out []string
	for _, table := range tables {
		rows, err := db.Query("SELECT * FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%s %q", table, vals))
		}
		rows.Close()
	}
	sort.Strings(out)
	return out
}

func diff(t *testing.T, what string, got, want []string) {
	t.Helper()
	g, w := strings.Join(got, "\n"), strings.Join(want, "\n")
	if g != w {
		t.Errorf("%s differs from a fresh database's:\nmigrated:\n%s\nfresh:\n%s", what, g, w)
	}
}

func openAt(t *testing.T, file string) (*Store, error) {
	return Open(context.Background(), file, func() time.Time {
		return time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	})
}

// TestMigrateLegacyDatabase opens a database made by the code before the
// renumbering, with data as that code wrote it: its migrations are
// recorded under the new numbers (nothing runs twice, applied_at kept), and
// its schema and rows are those of a fresh database given the same facts.
func TestMigrateLegacyDatabase(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	legacyDB(t, old, nil, legacyData)
	s, err := openAt(t, old)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fresh, err := openAt(t, filepath.Join(dir, "fresh.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if _, err := fresh.w.Exec(freshData); err != nil {
		t.Fatal(err)
	}
	diff(t, "schema", schemaOf(t, s.r), schemaOf(t, fresh.r))
	diff(t, "data", dataOf(t, s.r), dataOf(t, fresh.r))

	all, err := loadMigrations(migrations)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.r.Query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var v int
		var name string
		var at int64
		rows.Scan(&v, &name, &at)
		n++
		if v != n || name != all[v-1].name {
			t.Errorf("recorded %d %s, want %d %s", v, name, n, all[n-1].name)
		}
		if (v <= legacyLast) != (at == legacyApplied) {
			t.Errorf("migration %d applied_at %d (legacy ones keep theirs, %d)", v, at, legacyApplied)
		}
	}
	if n != len(all) {
		t.Errorf("%d migrations recorded, want %d", n, len(all))
	}

	// What the store reads back: none is none.
	h, evs, err := s.Hazard(context.Background(), "YH2026-0001")
	if err != nil || h.Assignee != "" || h.Deadline != "" || !h.ClosedAt.IsZero() || len(evs) != 1 || evs[0].FromStatus != "" {
		t.Fatalf("hazard %+v, events %+v, %v", h, evs, err)
	}
	h, _, err = s.Hazard(context.Background(), "YH2026-0002")
	if err != nil || h.Assignee != "lisi" || h.Deadline != "2026-12-01" || h.ClosedAt.UnixMilli() != 1764100000000 {
		t.Fatalf("hazard %+v, %v", h, err)
	}
	s.Close()
	again, err := openAt(t, old)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	again.Close()
}

// TestMigrateLegacyHole: the old migrator applied by version, so a database
// it made may lack an earlier migration it had not yet seen; it is applied.
func TestMigrateLegacyHole(t *testing.T) {
	file := filepath.Join(t.TempDir(), "old.db")
	legacyDB(t, file, map[string]bool{"0029_report_counts.sql": true}, legacyData)
	s, err := openAt(t, file)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	vs, _ := schemaVersions(context.Background(), s)
	all, _ := loadMigrations(migrations)
	if len(vs) != len(all) || vs[len(vs)-1] != len(all) {
		t.Fatalf("versions %v", vs)
	}
}

// TestMigrateRefuses: a version the binary does not know, or one that
// would apply out of order, stops Open with a reason and changes nothing.
func TestMigrateRefuses(t *testing.T) {
	for _, c := range []struct{ name, change, want string }{
		{"unknown", "INSERT INTO schema_migrations VALUES (999, '0999_future.sql', 1)", "does not know"},
		{"renamed", "UPDATE schema_migrations SET name = '0013_other_branch.sql' WHERE version = 13", "does not know"},
		{"out of order", "DELETE FROM schema_migrations WHERE version = 24", "only in order"},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "s.db")
			s, err := openAt(t, file)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.w.Exec(c.change); err != nil {
				t.Fatal(err)
			}
			s.Close()
			if s, err := openAt(t, file); err == nil || !strings.Contains(err.Error(), c.want) {
				if err == nil {
					s.Close()
				}
				t.Fatalf("Open: %v, want an error saying %q", err, c.want)
			}
		})
	}
}

func TestMigrationsNumberedWithoutGaps(t *testing.T) {
	if _, err := loadMigrations(migrations); err != nil {
		t.Fatal(err)
	}
	gap := fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte("SELECT 1;")},
		"migrations/0003_c.sql": {Data: []byte("SELECT 1;")},
	}
	if _, err := loadMigrations(gap); err == nil || !strings.Contains(err.Error(), "without gaps") {
		t.Fatalf("a gap: %v", err)
	}
}

// TestConstraintsRefuseBadValues: the CHECK constraints hold the root
// package's values and nothing else.
func TestConstraintsRefuseBadValues(t *testing.T) {
	s, _ := openNew(t)
	for _, q := range []string{
		"INSERT INTO hazards (number, year, description, grade, source, status, found_at, updated_at) VALUES ('X1', 2026, 'd', '特大', '企业自查', '待确认', 1, 1)",
		"INSERT INTO hazards (number, year, description, grade, source, status, found_at, updated_at) VALUES ('X2', 2026, 'd', '一般', '企业自查', '已完成', 1, 1)",
		"INSERT INTO hazards (number, year, description, grade, source, status, found_at, updated_at, assignee) VALUES ('X3', 2026, 'd', '一般', '企业自查', '待确认', 1, 1, '')",
		"INSERT INTO hazards (number, year, description, grade, source, status, found_at, updated_at, closed_at) VALUES ('X4', 2026, 'd', '一般', '企业自查', '待确认', 1, 1, 0)",
		"INSERT INTO hazard_events (hazard_id, at, actor, action) VALUES (424242, 1, 'a', 'x')", // no such hazard
		"INSERT INTO user_roles (user_id, role, granted_by, granted_at) VALUES ('u', 'boss', 'a', 1)",
		"INSERT INTO tips (id, receipt_hash, day, body, status) VALUES (1, x'01', '2026-11-28', 'b', '处理中')",
		"INSERT INTO outbox (target_kind, target, body, next_attempt_at, created_at) VALUES ('role', 'leader', 'b', 1, 1)",
		"INSERT INTO deliveries (rule_id, scheduled_for, status, created_at) VALUES (1, 1, 'maybe', 1)",
		"INSERT INTO tips (id, receipt_hash, day, body, status, hazard_number) VALUES (2, x'02', '2026-11-28', 'b', '已查实', 'YH2099-0001')",       // no such hazard
		"INSERT INTO cards (task_id, hazard, kind, recipients, card, created_at, done_at) VALUES ('t', 'YH2026-0001', 'major', 'u', '{}', 1, 5)", // done_text missing
		"INSERT INTO secrets (name) VALUES ('x')",
		"INSERT INTO user_names (user_id, book_status) VALUES ('u', 'maybe')",
		"INSERT INTO web_login_tokens (token_hash, user_id, created_at, expires_at, used_at) VALUES ('t', 'u', 1, 2, 0)",
		"INSERT INTO rules (name, kind, spec, text, audience, watermark, created_by, created_at, updated_at) VALUES ('r', 'weekly', '* * * * *', 't', 'a', 0, 'a', 1, 1)",
		"INSERT INTO duties (key, name, quote, period, audience) VALUES ('d', 'n', 'q', 'week', 'a')",
	} {
		if _, err := s.w.Exec(q); err == nil {
			t.Errorf("accepted: %s", q)
		}
	}
	for _, st := range safetybot.Statuses {
		if _, err := s.w.Exec("INSERT INTO hazards (number, year, description, grade, source, status, found_at, updated_at) VALUES (?, 2026, 'd', ?, '企业自查', ?, 1, 1)",
			"S"+string(st), safetybot.GradeMajor, st); err != nil {
			t.Errorf("status %s refused: %v", st, err)
		}
	}
	for i, st := range safetybot.TipStatuses {
		if _, err := s.w.Exec("INSERT INTO tips (id, receipt_hash, day, body, status, reward_status) VALUES (?, ?, '2026-11-28', 'b', ?, ?)",
			i+1, []byte{byte(i)}, st, safetybot.RewardStatuses[i%len(safetybot.RewardStatuses)]); err != nil {
			t.Errorf("tip status %s refused: %v", st, err)
		}
	}
	for i, st := range []string{safetybot.BookOK, safetybot.BookDenied, safetybot.BookMissing} {
		if _, err := s.w.Exec("INSERT INTO user_names (user_id, book_status, checked_at) VALUES (?, ?, 1)", fmt.Sprint("u", i), st); err != nil {
			t.Errorf("book status %s refused: %v", st, err)
		}
	}
	for _, k := range []string{safetybot.RuleDuty, safetybot.RuleCustom, safetybot.RuleDigest, safetybot.RuleOverdue} {
		if _, err := s.w.Exec("INSERT INTO rules (name, kind, spec, text, audience, watermark, created_by, created_at, updated_at) VALUES (?, ?, '* * * * *', 't', 'a', 0, 'a', 1, 1)", "r-"+k, k); err != nil {
			t.Errorf("rule kind %s refused: %v", k, err)
		}
	}
	for _, p := range []string{safetybot.PeriodMonth, safetybot.PeriodQuarter, safetybot.PeriodHalf, safetybot.PeriodYear, safetybot.PeriodOnce} {
		if _, err := s.w.Exec("INSERT INTO duties (key, name, quote, period, audience) VALUES (?, 'n', 'q', ?, 'a')", "d-"+p, p); err != nil {
			t.Errorf("period %s refused: %v", p, err)
		}
	}
	for _, r := range []safetybot.Role{safetybot.RoleAdmin, safetybot.RoleLeader, safetybot.RoleStaff, safetybot.RoleHandler} {
		if _, err := s.w.Exec("INSERT INTO user_roles (user_id, role, granted_by, granted_at) VALUES ('u', ?, 'a', 1)", r); err != nil {
			t.Errorf("role %s refused: %v", r, err)
		}
	}
}
