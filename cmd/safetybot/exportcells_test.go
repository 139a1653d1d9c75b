package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"safetybot/export"
	"safetybot/internal/storetest"
)

// TestExportNeutralisesFormulas: what a reporter types in chat reaches the
// CSV and xlsx ledgers as text, never as a formula Excel would run; a real
// number (资金 3.5万元, exported in 万元 as 3.5) stays a number.
func TestExportNeutralisesFormulas(t *testing.T) {
	db := storetest.File(t)
	out := chatAs(t, db, "admin", `上报 =HYPERLINK("http://evil.example","点击") 地点:+某路段 领域:道路运输`+"\n"+
		"确认 YH2026-0001\n整改 YH2026-0001 =SUM(1) 资金:3.5万元 措施:-整改\n")
	if !strings.Contains(out, "已记录 YH2026-0001 的整改进展") {
		t.Fatalf("chat: %s", out)
	}
	col := func(name string) int { return slices.Index(export.Columns, name) }
	want := map[string]string{
		"隐患名称/描述":          `'=HYPERLINK("http://evil.example","点击")`,
		"位置/路段/船名":         "'+某路段", // a formula-like 单位 is refused in chat (fix9-10 #2)
		"整改措施":             "'-整改",
		export.ColumnFunds: "3.5",
	}
	dir := t.TempDir()

	csvFile := filepath.Join(dir, "台账.csv")
	if _, stderr, err := runCLI(t, db, "export", "--out", csvFile); err != nil {
		t.Fatalf("export csv: %v %s", err, stderr)
	}
	b, _ := os.ReadFile(csvFile)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("csv: %d records, %v", len(recs), err)
	}
	for name, v := range want {
		if got := recs[1][col(name)]; got != v {
			t.Errorf("csv %s = %q, want %q", name, got, v)
		}
	}

	xlsxFile := filepath.Join(dir, "台账.xlsx")
	if _, stderr, err := runCLI(t, db, "export", "--out", xlsxFile); err != nil {
		t.Fatalf("export xlsx: %v %s", err, stderr)
	}
	f, err := excelize.OpenFile(xlsxFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(export.SheetLedger)
	for name, v := range want {
		if got := rows[1][col(name)]; got != v {
			t.Errorf("xlsx %s = %q, want %q", name, got, v)
		}
	}
	events, _ := f.GetRows(export.SheetEvents)
	var notes []string
	for _, r := range events[1:] {
		if len(r) > 4 {
			notes = append(notes, r[4])
		}
	}
	if !slices.ContainsFunc(notes, func(n string) bool { return strings.HasPrefix(n, "'=SUM(1)；") }) {
		t.Errorf("处置记录 notes %q lack the neutralised '=SUM(1)", notes)
	}
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for r, row := range rows {
			for c := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s holds the formula %q", sheet, cell, formula)
				}
			}
		}
	}
}
