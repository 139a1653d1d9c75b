package store

import (
	"context"
	"path/filepath"
	"testing"

	"safetybot"
)

// data0031 is what the code of migration 0031 stored for 是否停产停业: 0
// for both 否 and not recorded. The history tells some apart: 整改 wrote
// 「停产停业：否」 (hazard 2), 修改 「停产停业：是 → 否」 (hazard 4); hazard 5's
// answer was undone; hazard 1 was never asked.
const data0031 = `
INSERT INTO hazard_seq (year, last) VALUES (2026, 5);
INSERT INTO hazards (id, number, year, description, unit, domain, location, grade, source, status,
	reporter, assignee, deadline, confirmed, found_at, closed_at, updated_at, halted) VALUES
	(1, 'YH2026-0001', 2026, '消防通道堵塞', '某运输公司', '道路运输', NULL, '一般', '群众上报', '待确认',
		'zhangsan', NULL, NULL, 0, 1764000000000, NULL, 1764000000000, 0),
	(2, 'YH2026-0002', 2026, '候车厅灭火器过期', '某客运站', '道路运输', NULL, '一般', '督导检查', '整改中',
		'lisi', 'lisi', '2026-12-01', 1, 1764100000000, NULL, 1764100000000, 0),
	(3, 'YH2026-0003', 2026, '渡口趸船锚链锈蚀', '长河航运有限公司', '水上交通', NULL, '重大', '企业自查', '整改中',
		'wang', NULL, '2026-11-01', 1, 1761000000000, NULL, 1764200000000, 1),
	(4, 'YH2026-0004', 2026, '桥梁支座脱空', '县公路段', '公路运营', NULL, '一般', '督导检查', '整改中',
		'wang', NULL, NULL, 1, 1762000000000, NULL, 1762000000000, 0),
	(5, 'YH2026-0005', 2026, '隧道照明失效', '县公路段', '公路运营', NULL, '一般', '督导检查', '整改中',
		'wang', NULL, NULL, 1, 1762000000000, NULL, 1762000000000, 0);
INSERT INTO hazard_events (hazard_id, at, actor, action, note, from_status, to_status, prior, undone) VALUES
	(1, 1764000000000, 'zhangsan', '上报', '消防通道堵塞', NULL, '待确认', '', 0),
	(2, 1764100000000, 'lisi', '上报', '候车厅灭火器过期', NULL, '待确认', '', 0),
	(2, 1764100001000, 'lisi', '整改', '已更换灭火器；停产停业：否', '整改中', '整改中', '', 0),
	(3, 1761000000000, 'wang', '上报', '渡口趸船锚链锈蚀', NULL, '待确认', '', 0),
	(4, 1762000000000, 'wang', '上报', '桥梁支座脱空', NULL, '待确认', '', 0),
	(4, 1762000001000, 'wang', '修改', '停产停业：是 → 否', NULL, NULL, '{"Description":"桥梁支座脱空","Unit":"县公路段","Domain":"公路运营","Location":"","Grade":"一般","Status":"整改中","Assignee":"","Deadline":"","Confirmed":true,"ClosedAt":0,"Cause":"","Basis":"","Measures":"","Funds":"","Interim":"","Supervision":"","Halted":true}', 0),
	(5, 1762000000000, 'wang', '上报', '隧道照明失效', NULL, '待确认', '', 0),
	(5, 1762000001000, 'wang', '整改', '停产停业：否', '整改中', '整改中', '{"Description":"隧道照明失效","Unit":"县公路段","Domain":"公路运营","Location":"","Grade":"一般","Status":"整改中","Assignee":"","Deadline":"","Confirmed":true,"ClosedAt":0,"Cause":"","Basis":"","Measures":"","Funds":"","Interim":"","Supervision":"","Halted":false}', 1),
	(5, 1762000002000, 'wang', '撤销', '撤销「整改」：停产停业：否', NULL, NULL, '', 0);
`

// TestMigrate0032HaltedNoneIsNull upgrades a database of migration 0031:
// a 0 nobody gave becomes NULL and the store reads it as not recorded (the
// ledger cell is empty, qa2 #11); a 0 the history shows was answered stays
// 否, a 1 stays 是; no row is lost, the tallies are the same, the column
// refuses anything but 0, 1 and NULL, and a change writes NULL back.
func TestMigrate0032HaltedNoneIsNull(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "at31.db")
	db := dbAt(t, file, 31)
	if _, err := db.Exec(data0031); err != nil {
		t.Fatal(err)
	}
	tallies := []string{"hazard_tally", "hazard_open_due", "hazard_months", "units"}
	before := rowsOf(t, db, tallies...)
	events := count(t, db, "SELECT count(*) FROM hazard_events")
	db.Close()

	s, err := openAt(t, file)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	diff(t, "tallies", rowsOf(t, s.r, tallies...), before)
	if n := count(t, s.r, "SELECT count(*) FROM hazards"); n != 5 {
		t.Errorf("%d hazards after the migration, want 5", n)
	}
	if n := count(t, s.r, "SELECT count(*) FROM hazard_events"); n != events {
		t.Errorf("%d events after the migration, want %d", n, events)
	}
	for _, c := range []struct {
		number string
		want   safetybot.Answer
	}{
		{"YH2026-0001", safetybot.AnswerNone}, // never asked
		{"YH2026-0002", safetybot.AnswerNo},   // 整改 … 停产:否
		{"YH2026-0003", safetybot.AnswerYes},
		{"YH2026-0004", safetybot.AnswerNo},   // 修改 … 停产:否
		{"YH2026-0005", safetybot.AnswerNone}, // answered, then undone
	} {
		h, _, err := s.Hazard(ctx, c.number)
		if err != nil || h.Halted != c.want {
			t.Errorf("%s: halted %q, %v; want %q", c.number, h.Halted, err, c.want)
		}
	}
	if _, err := s.w.Exec("UPDATE hazards SET halted = 2 WHERE id = 1"); err == nil {
		t.Error("halted took 2")
	}

	// A change that does not touch 停产 keeps it not recorded; an answer
	// is written as given; undoing a change made before 0032 (a prior with
	// the bool) puts back 是 for true.
	if _, err := s.ChangeHazard(ctx, "YH2026-0001", "admin", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		h.Measures = "清理通道"
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "修改", Note: "整改措施：清理通道"}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s.r, "SELECT count(*) FROM hazards WHERE id = 1 AND halted IS NULL"); n != 1 {
		t.Error("a change wrote 否 for 停产停业 nobody answered")
	}
	if _, err := s.ChangeHazard(ctx, "YH2026-0001", "admin", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		h.Halted = safetybot.AnswerNo
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "修改", Note: "停产停业：— → 否"}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if h, _, _ := s.Hazard(ctx, "YH2026-0001"); h.Halted != safetybot.AnswerNo {
		t.Errorf("answered 否: %q", h.Halted)
	}
	h, err := s.UndoHazard(ctx, "YH2026-0004", "wang", func(*safetybot.Hazard, safetybot.LastChange) (safetybot.HazardChange, error) {
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "撤销", Note: "撤销「修改」"}}, nil
	})
	if err != nil || h.Halted != safetybot.AnswerYes {
		t.Errorf("undo of a change made before 0032: %+v, %v", h, err)
	}
	checkTallies(t, s, "after the migration")
}

// undo0032 takes hazards.halted back to before migration 0032: NOT NULL,
// 0 for not recorded.
var undo0032 = []string{
	"ALTER TABLE hazards ADD COLUMN halted_old INTEGER NOT NULL DEFAULT 0 CHECK (halted_old IN (0, 1))",
	"UPDATE hazards SET halted_old = COALESCE(halted, 0)",
	"ALTER TABLE hazards DROP COLUMN halted",
	"ALTER TABLE hazards RENAME COLUMN halted_old TO halted",
	"DELETE FROM schema_migrations WHERE version = 32",
}
