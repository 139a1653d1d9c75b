package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
	"safetybot/internal/storetest"
)

// TestProgressCellKeepsNewest: a hazard whose 进展记录 outgrows Excel's
// 32,767-character cell keeps its newest entries and says how many older
// ones are on the 处置记录 sheet, in xlsx and CSV alike.
func TestProgressCellKeepsNewest(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, func() time.Time { return fixture.Now })
	defer s.Close()
	h := &safetybot.Hazard{Description: "隧道照明长期损坏", Domain: "公路运营", Grade: safetybot.GradeGeneral, Reporter: "zhang", Source: safetybot.SourceInspection}
	if err := s.CreateHazard(ctx, h, "zhang", nil); err != nil {
		t.Fatal(err)
	}
	const n = 90 // 90 notes of 400 characters: about 37,000 in one cell
	for i := 1; i <= n; i++ {
		note := fmt.Sprintf("第%02d次：", i) + strings.Repeat("更换灯具", 99)
		if _, err := s.ChangeHazard(ctx, h.Number, "li", func(*safetybot.Hazard) (safetybot.HazardChange, error) {
			return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: string(safetybot.TransProgress), Note: note}}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	l, err := export.LoadLedger(ctx, s, export.Filter{}, fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(export.Columns, "进展记录")
	check := func(format, cell string) {
		t.Helper()
		units := len(utf16.Encode([]rune(cell)))
		if units > export.MaxCellChars {
			t.Errorf("%s: 进展记录 has %d characters, over %d", format, units, export.MaxCellChars)
		}
		if !strings.Contains(cell, fmt.Sprintf("第%02d次", n)) {
			t.Errorf("%s: the newest entry is lost", format)
		}
		kept := strings.Count(cell, "次：")
		if want := fmt.Sprintf("；…另 %d 条见 xlsx 台账「处置记录」表", n-kept); !strings.HasSuffix(cell, want) || kept == n {
			t.Errorf("%s: %d entries kept, cell ends %q, want the suffix %q", format, kept, cell[len(cell)-60:], want)
		}
		if first := fmt.Sprintf("第%02d次", n-kept+1); !strings.Contains(cell, first) {
			t.Errorf("%s: the kept entries are not the newest %d (no %s)", format, kept, first)
		}
	}

	var xb bytes.Buffer
	if err := export.WriteXLSX(&xb, l); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&xb)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(export.SheetLedger)
	check("xlsx", rows[1][col])
	events, _ := f.GetRows(export.SheetEvents)
	if got := len(events) - 1; got != n+1 {
		t.Errorf("处置记录 has %d events, want %d (上报 and every 整改)", got, n+1)
	}

	var cb bytes.Buffer
	if err := export.WriteCSV(&cb, l); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(cb.Bytes(), []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	check("csv", recs[1][col])
}
