package export_test

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"safetybot/export"
	"safetybot/internal/fixture"
)

// TestAnnualWorkbookFiguresAreNumbers opens the annual workbook with
// excelize and checks the type of representative cells: counts and amounts
// are number cells, percentages numbers under a percent format (shown as
// the text shows them), and only what is not a number stays text — before,
// every cell was text, so SUM gave 0 and Excel flagged each figure.
func TestAnnualWorkbookFiguresAreNumbers(t *testing.T) {
	ctx := context.Background()
	open := func(year int) (*excelize.File, *export.Annual) {
		a, err := export.LoadAnnual(ctx, seeded(t).Store, year, fixture.Now)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := export.WriteAnnualXLSX(&b, a); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f, a
	}
	f, a := open(2026)
	old, _ := open(2025) // the fixture's system started in 2025-05: earlier months are 未启用
	tot := a.Total
	tests := []struct {
		f            *excelize.File
		sheet, row   string // row: the text of its first cell
		col          int
		number       bool
		shown, raw   string // raw: the stored value, when it differs from shown
		percentStyle string // the number format of a percentage
	}{
		{f, export.SheetSummary, "登记隐患（项）", 2, true, strconv.Itoa(tot.Found), "", ""},
		{f, export.SheetSummary, "已整改销号（项）", 2, true, strconv.Itoa(tot.Closed), "", ""},
		{f, export.SheetSummary, "整改销号率", 2, true, tot.ClosureRate(), rawRate(tot.ClosureRate()), "0.0%"},
		{f, export.SheetSummary, "奖励金额（元）", 2, true, "6000", "", ""},
		{f, export.SheetSummary, "统计期间", 2, false, "2026-01-01 至 2026-12-31", "", ""},
		{f, export.SheetSummary, "统计截至", 2, false, "2026-11-28", "", ""},
		{f, export.SheetSummary, "工作专班月度专题研究（次）", 2, false, fmt.Sprintf("%d / %d", a.Duties.GroupStudies(), a.Duties.GroupStudiesDue()), "", ""},
		{f, export.SheetDomains, "合计", 2, true, strconv.Itoa(tot.Found), "", ""},
		{f, export.SheetDomains, "合计", 1, false, "合计", "", ""},
		{f, export.SheetDomains, "合计", len(export.DomainHeader()), true, tot.ClosureRate(), rawRate(tot.ClosureRate()), "0.0%"},
		{f, export.SheetTasks, "1", 1, true, "1", "", ""},
		{f, export.SheetTasks, "1", 7, true, strconv.Itoa(a.Tasks.ByAction[0].Progress) + "%", "", "0%"},
		{f, export.SheetTips, "12", 6, true, "6000", "", ""},
		{old, export.SheetDuties, "2025-01", 2, false, export.NotEnabled, "", ""},
		{old, export.SheetQuarters, "2025-Q1", 5, false, export.NotEnabled, "", ""},
		{old, export.SheetQuarters, "2025-Q4", 2, true, "", "", ""},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s/%s/%d", tt.sheet, tt.row, tt.col)
		cell := findCell(t, tt.f, tt.sheet, tt.row, tt.col)
		typ, err := tt.f.GetCellType(tt.sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		// A number cell has no type attribute (CellTypeUnset) or t="n".
		if isNumber := typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber; isNumber != tt.number {
			t.Errorf("%s (%s): type %v, want number %v", name, cell, typ, tt.number)
		}
		if shown, _ := tt.f.GetCellValue(tt.sheet, cell); tt.shown != "" && shown != tt.shown {
			t.Errorf("%s (%s) shows %q, want %q", name, cell, shown, tt.shown)
		}
		if raw, _ := tt.f.GetCellValue(tt.sheet, cell, excelize.Options{RawCellValue: true}); tt.raw != "" && raw != tt.raw {
			t.Errorf("%s (%s) holds %q, want %q", name, cell, raw, tt.raw)
		}
		if tt.percentStyle != "" {
			id, _ := tt.f.GetCellStyle(tt.sheet, cell)
			st, err := tt.f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			if got := percentFormat(st); got != tt.percentStyle {
				t.Errorf("%s (%s) number format %q, want %q", name, cell, got, tt.percentStyle)
			}
		}
	}

	// SUM over the fields gives the total row, as it did not over text.
	rows, _ := f.GetRows(export.SheetDomains)
	total := len(rows) // the last row is 合计
	if err := f.SetCellFormula(export.SheetDomains, "Z1", fmt.Sprintf("SUM(B2:B%d)", total-1)); err != nil {
		t.Fatal(err)
	}
	if got, err := f.CalcCellValue(export.SheetDomains, "Z1"); err != nil || got != strconv.Itoa(tot.Found) {
		t.Errorf("SUM of 登记隐患 over the fields = %q (%v), want %d", got, err, tot.Found)
	}
}

// findCell is the cell in column col of the first row of sheet whose first
// cell reads row.
func findCell(t *testing.T, f *excelize.File, sheet, row string, col int) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == row {
			name, _ := excelize.CoordinatesToCellName(col, i+1)
			return name
		}
	}
	t.Fatalf("%s has no row %q", sheet, row)
	return ""
}

// rawRate is the fraction a rate such as 85.7% is stored as: 0.857.
func rawRate(rate string) string {
	x, _ := strconv.ParseFloat(rate[:len(rate)-1]+"e-2", 64)
	return strconv.FormatFloat(x, 'f', -1, 64)
}

func percentFormat(st *excelize.Style) string {
	switch {
	case st.CustomNumFmt != nil:
		return *st.CustomNumFmt
	case st.NumFmt == 9:
		return "0%"
	}
	return fmt.Sprint("numFmt ", st.NumFmt)
}
