package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Formats the ledger can be written in.
const (
	FormatXLSX = "xlsx"
	FormatCSV  = "csv"
	FormatDOCX = "docx"
)

// Sheet names of the ledger workbook.
const (
	SheetLedger = "隐患台账"
	SheetEvents = "处置记录"
)

// Write writes l in format (xlsx or csv).
func Write(w io.Writer, format string, l *Ledger) error {
	switch format {
	case FormatXLSX:
		return WriteXLSX(w, l)
	case FormatCSV:
		return WriteCSV(w, l)
	}
	return fmt.Errorf("unknown format %q: use xlsx or csv", format)
}

// ContentType is the MIME type of format, for the download.
func ContentType(format string) string {
	switch format {
	case FormatCSV:
		return "text/csv; charset=utf-8"
	case FormatDOCX:
		return ContentTypeDOCX
	}
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

// WriteCSV writes the ledger sheet as CSV with a UTF-8 byte-order mark, so
// Excel opens the Chinese text correctly. CSV has one sheet: the event
// history is only in the xlsx. Every cell passes through Cell, so text
// that would start a formula is written as text.
func WriteCSV(w io.Writer, l *Ledger) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what Excel writes and expects
	if err := cw.Write(Columns); err != nil {
		return err
	}
	for _, row := range l.Rows() {
		if err := cw.Write(Cells(row)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes the ledger workbook: the ledger, one row per hazard, and
// the event history on a second sheet.
func WriteXLSX(w io.Writer, l *Ledger) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetLedger); err != nil {
		return err
	}
	if _, err := f.NewSheet(SheetEvents); err != nil {
		return err
	}
	if err := writeTable(f, SheetLedger, Columns, l.Rows()); err != nil {
		return err
	}
	if err := writeTable(f, SheetEvents, EventColumns, l.EventRows()); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}

// writeTable writes a header (bold, frozen, filterable) and rows through the
// stream writer, sizing columns to their content. Header cells must be
// unique (an Excel table's rule). Every value passes through Cell: a text
// cell is not evaluated when the file opens, but it would become a live
// formula once someone edits it or saves the sheet as CSV.
func writeTable(f *excelize.File, sheet string, header []string, rows [][]string) error {
	bold, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	widths := make([]int, len(header))
	measure := func(i int, s string) {
		n := 0
		for _, r := range s {
			if r < utf8.RuneSelf {
				n++
			} else {
				n += 2 // a CJK character is about two Latin widths
			}
		}
		widths[i] = max(widths[i], min(n, 60))
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{Value: h, StyleID: bold}
		measure(i, h)
	}
	for _, row := range rows {
		for i, v := range row {
			measure(i, v)
		}
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, float64(wd+2)); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for r, row := range rows {
		vals := make([]any, len(row))
		for i, v := range row {
			vals[i] = Cell(v)
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	// A table gives the header its filter buttons; File.AutoFilter after
	// streaming would read the whole sheet back (most of the export's time).
	last, _ := excelize.CoordinatesToCellName(len(header), max(len(rows)+1, 2))
	idx, _ := f.GetSheetIndex(sheet)
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: fmt.Sprintf("Table%d", idx+1), StyleName: "TableStyleLight1"}); err != nil {
		return err
	}
	return sw.Flush()
}
