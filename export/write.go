package export

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"safetybot"
)

// Formats the ledger and the reports can be written in.
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

// Write writes l in format (xlsx or csv). It fails on another format and
// with w's error.
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

// LedgerCounts is what an export wrote: hazards (rows of the ledger) and
// events (rows of the history sheet; 0 for CSV).
type LedgerCounts struct{ Hazards, Events int }

// ExportLedger writes the ledger of f in format (xlsx or csv) straight from
// the store: hazards and events are read one row at a time inside one
// snapshot (store.View) and written as they come, so memory stays flat as
// the ledger grows (the workbook's rows go through excelize's StreamWriter,
// which keeps them in a temporary file). The rows are those Write writes
// for LoadLedger. People show by name through dir (nil: userids); dir
// should answer from its cache, since a look-up runs inside the snapshot.
// It fails on another format, with the store's error and with w's.
func ExportLedger(ctx context.Context, s safetybot.Store, format string, f Filter, now time.Time, w io.Writer, dir safetybot.Directory) (LedgerCounts, error) {
	if format != FormatXLSX && format != FormatCSV {
		return LedgerCounts{}, fmt.Errorf("unknown format %q: use xlsx or csv", format)
	}
	var n LedgerCounts
	err := s.View(ctx, func(v safetybot.Store) error {
		photos, err := evidenceCounts(ctx, v)
		if err != nil {
			return err
		}
		names := safetybot.NewNames(dir)
		src := ledgerSource{
			today:  safetybot.DateOf(now),
			screen: f.Order != "",
			photos: photos,
			person: func(id string) string {
				if id == "" {
					return ""
				}
				return names.Name(ctx, id)
			},
			// The store applies f.Hazards to both sheets; the history
			// is written after the ledger sheet.
			hazards: func(fn func(*safetybot.Hazard, []safetybot.HazardEvent) error) error {
				var kept []*safetybot.Hazard // in the screen's order (f.Order)
				evsOf := map[int64][]safetybot.HazardEvent{}
				err := v.EachLedgerHazard(ctx, f.Hazards, func(h *safetybot.Hazard, evs []safetybot.HazardEvent) error {
					if f.Order == "" {
						return fn(h, evs)
					}
					kept, evsOf[h.ID] = append(kept, h), evs
					return nil
				})
				if err != nil || f.Order == "" {
					return err
				}
				switch f.Order {
				case OrderUrgency:
					safetybot.SortByUrgency(kept, safetybot.DateOf(now))
				default:
					slices.Reverse(kept) // newest number first
				}
				for _, h := range kept {
					if err := fn(h, evsOf[h.ID]); err != nil {
						return err
					}
				}
				return nil
			},
			events: func(fn func(safetybot.LedgerEvent) error) error {
				return v.EachHazardEvent(ctx, f.Hazards, fn)
			},
		}
		if format == FormatCSV {
			n.Hazards, err = writeLedgerCSV(w, src)
			return err
		}
		n, err = writeLedgerXLSX(w, src)
		return err
	})
	return n, err
}

// WriteCSV writes the ledger sheet as CSV with a UTF-8 byte-order mark, so
// Excel opens the Chinese text correctly. CSV has one sheet: the event
// history is only in the xlsx. Every cell passes through Cell, so text
// that would start a formula is written as text.
func WriteCSV(w io.Writer, l *Ledger) error {
	_, err := writeLedgerCSV(w, l.source())
	return err
}

func writeLedgerCSV(w io.Writer, src ledgerSource) (int, error) {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return 0, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what Excel writes and expects
	if err := cw.Write(src.columns()); err != nil {
		return 0, err
	}
	n := 0
	err := src.hazards(func(h *safetybot.Hazard, evs []safetybot.HazardEvent) error {
		n++
		return cw.Write(Cells(src.row(h, evs)))
	})
	if err != nil {
		return n, err
	}
	cw.Flush()
	return n, cw.Error()
}

// WriteXLSX writes the ledger workbook: the ledger, one row per hazard, and
// the event history on a second sheet.
func WriteXLSX(w io.Writer, l *Ledger) error {
	_, err := writeLedgerXLSX(w, l.source())
	return err
}

func writeLedgerXLSX(w io.Writer, src ledgerSource) (LedgerCounts, error) {
	var n LedgerCounts
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetLedger); err != nil {
		return n, err
	}
	if _, err := f.NewSheet(SheetEvents); err != nil {
		return n, err
	}
	var err error
	cols := src.columns()
	n.Hazards, err = writeStream(f, SheetLedger, cols, presetWidths(cols), ledgerValues(cols), func(emit func([]string) error) error {
		return src.hazards(func(h *safetybot.Hazard, evs []safetybot.HazardEvent) error {
			return emit(src.row(h, evs))
		})
	})
	if err != nil {
		return n, err
	}
	n.Events, err = writeStream(f, SheetEvents, EventColumns, presetWidths(EventColumns), ledgerValues(EventColumns), func(emit func([]string) error) error {
		return src.events(func(e safetybot.LedgerEvent) error { return emit(eventRow(e, src.person)) })
	})
	if err != nil {
		return n, err
	}
	_, err = f.WriteTo(w)
	return n, err
}

// columnWidths are the ledger's column widths in Excel's units (about one
// Latin character): a streamed sheet sets them before its first row, so
// they cannot be measured from the rows.
var columnWidths = map[string]int{
	"编号": 14, "隐患名称/描述": 40, "产生原因": 20, "所属单位": 22, "行业领域": 12, "位置/路段/船名": 20,
	"隐患等级": 10, "判定依据": 24, "发现来源": 12, "发现时间": 18, "发现人": 10, "整改措施": 30,
	"责任单位/责任人": 18, ColumnFunds: 16, "整改期限": 12, "临时管控措施": 22, "挂牌督办（级别、督办单位、文号）": 30,
	"是否停产停业": 14, "进展记录": 50, "完成时间": 18, "企业自验收（人、日期）": 24, "部门复核（人、日期、结论）": 30,
	"销号时间": 18, "整改前后照片": 14, "当前状态": 10, "是否逾期": 10, ColumnDaysOverdue: 10,
	"时间": 18, "操作人": 10, "操作": 14, "说明": 40, "原状态": 10, "新状态": 10,
}

// number is v as a number cell's value when v is a plain decimal number
// (3, 0.8, -0.00035); a percentage or any text is not.
func number(v string) (float64, bool) {
	if !plainNumber.MatchString(v) || strings.HasSuffix(v, "%") {
		return 0, false
	}
	x, err := strconv.ParseFloat(v, 64)
	return x, err == nil
}

// presetWidths is columnWidths for header, or the header's own width.
func presetWidths(header []string) []int {
	ws := make([]int, len(header))
	for i, h := range header {
		ws[i] = max(columnWidths[h], textWidth(h)+2)
	}
	return ws
}

// textWidth is s's width in Latin characters, a CJK character counting
// two, at most 60.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		if r < utf8.RuneSelf {
			n++
		} else {
			n += 2
		}
	}
	return min(n, 60)
}

// writeTable writes a small table (the annual workbook's) with its columns
// sized to their content; value makes each cell (figureValues).
func writeTable(f *excelize.File, sheet string, header []string, rows [][]string, value func(string) any) error {
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = textWidth(h)
	}
	for _, row := range rows {
		for i, v := range row {
			widths[i] = max(widths[i], textWidth(v))
		}
	}
	for i := range widths {
		widths[i] += 2
	}
	_, err := writeStream(f, sheet, header, widths, func(_ int, v string) any { return value(v) }, func(emit func([]string) error) error {
		for _, r := range rows {
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}

// numberColumns are the columns whose plain numbers are written as number
// cells, so SUM, sorting and filters treat them as amounts: Excel and WPS
// skip a number stored as text in SUM, and the README promises 整改资金
// can be summed. Other columns stay text even when a value looks like a
// number, so a phone number or a 文号 keeps its leading zeros.
var numberColumns = map[string]bool{ColumnFunds: true, ColumnDaysOverdue: true}

// ledgerValues makes the ledger's cells: Cell's text, but in numberColumns
// a plain number is a number cell.
func ledgerValues(header []string) func(i int, v string) any {
	numeric := make([]bool, len(header))
	for i, h := range header {
		numeric[i] = numberColumns[h]
	}
	return func(i int, v string) any {
		if i < len(numeric) && numeric[i] {
			if x, ok := number(v); ok {
				return x
			}
		}
		return Cell(v)
	}
}

// figureValues makes the annual workbook's cells. Every cell there is a
// figure or a label, so a count or an amount (12, 3000) is a number cell
// and a percentage (85.7%, 60%) its fraction under the percent format it
// was written with: SUM and sorting work and Excel flags no number stored
// as text. Anything else stays text: 未启用, —, 2（补记）, 12 / 30, a date,
// and digits with a leading zero (a code, not a count).
func figureValues(f *excelize.File) (func(string) any, error) {
	whole, err := f.NewStyle(&excelize.Style{NumFmt: 9}) // 0%
	if err != nil {
		return nil, err
	}
	tenths := "0.0%"
	oneDecimal, err := f.NewStyle(&excelize.Style{CustomNumFmt: &tenths})
	if err != nil {
		return nil, err
	}
	return func(v string) any {
		digits := strings.TrimLeft(v, "+-")
		if len(digits) > 1 && digits[0] == '0' && '0' <= digits[1] && digits[1] <= '9' {
			return Cell(v)
		}
		pct, isPct := strings.CutSuffix(v, "%")
		x, ok := number(pct)
		if !ok {
			return Cell(v)
		}
		if !isPct {
			return x
		}
		x, _ = strconv.ParseFloat(pct+"e-2", 64) // exactly 0.857 for 85.7, not 85.7/100
		style := whole
		if strings.Contains(pct, ".") {
			style = oneDecimal
		}
		return excelize.Cell{Value: x, StyleID: style}
	}, nil
}

// writeStream writes a header (bold, frozen, filterable) and the rows that
// rows emits through excelize's StreamWriter, and returns how many rows it
// wrote. Header cells must be unique (an Excel table's rule). Every value
// passes through Cell: a text cell is not evaluated when the file opens,
// but it would become a live formula once someone edits it or saves the
// sheet as CSV. value turns each string into the cell written (Cell's text,
// or a number: ledgerValues, figureValues).
func writeStream(f *excelize.File, sheet string, header []string, widths []int, value func(i int, v string) any, rows func(emit func([]string) error) error) (int, error) {
	bold, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	if err != nil {
		return 0, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return 0, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return 0, err
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, float64(wd)); err != nil {
			return 0, err
		}
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{Value: h, StyleID: bold}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return 0, err
	}
	n := 0
	vals := make([]any, len(header))
	err = rows(func(row []string) error {
		n++
		vals = vals[:len(row)]
		for i, v := range row {
			vals[i] = value(i, v)
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		return sw.SetRow(cell, vals)
	})
	if err != nil {
		return n, err
	}
	// A table gives the header its filter buttons; File.AutoFilter after
	// streaming would read the whole sheet back (most of the export's time).
	last, _ := excelize.CoordinatesToCellName(len(header), max(n+1, 2))
	idx, _ := f.GetSheetIndex(sheet)
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: fmt.Sprintf("Table%d", idx+1), StyleName: "TableStyleLight1"}); err != nil {
		return n, err
	}
	return n, sw.Flush()
}
