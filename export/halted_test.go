package export

import (
	"slices"
	"testing"

	"safetybot"
)

// TestHaltedCell: 是否停产停业 shows the answer given, and stays empty when
// nobody gave one, as the README promises for columns not recorded (qa2
// #11: every hazard read 否).
func TestHaltedCell(t *testing.T) {
	col := slices.Index(Columns, "是否停产停业")
	for _, c := range []struct {
		halted safetybot.Answer
		want   string
	}{{safetybot.AnswerNone, ""}, {safetybot.AnswerNo, "否"}, {safetybot.AnswerYes, "是"}} {
		h := &safetybot.Hazard{Number: "YH2026-0001", Description: "候车厅灭火器过期", Halted: c.halted}
		row := ledgerRow(h, nil, nil, "2026-12-07", func(id string) string { return id })
		if row[col] != c.want {
			t.Errorf("halted %q: cell %q, want %q", c.halted, row[col], c.want)
		}
	}
}
