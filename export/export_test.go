package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
	"safetybot/internal/storetest"
)

// world is one seeded store shared by the tests of this package; they only
// read it.
var world *fixture.World

func TestMain(m *testing.M) { os.Exit(fixture.Shared(m, 300, &world)) }

func seeded(testing.TB) *fixture.World { return world }

func TestLedgerXLSXHasEveryHazard(t *testing.T) {
	w := seeded(t)
	ctx := context.Background()
	l, err := export.LoadLedger(ctx, w.Store, export.Filter{}, fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	all, err := w.Store.Hazards(ctx, safetybot.HazardFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 300 {
		t.Fatalf("fixture has %d hazards, want 300", len(all))
	}
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, l); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{export.SheetLedger, export.SheetEvents}) {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows(export.SheetLedger)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], export.Columns) {
		t.Fatalf("header %v", rows[0])
	}
	for _, want := range []string{"编号", "隐患名称/描述", "行业领域", "隐患等级", "发现来源", "整改期限", "销号时间", "整改前后照片", "部门复核（人、日期、结论）"} {
		if !slices.Contains(rows[0], want) {
			t.Errorf("header lacks %s", want)
		}
	}
	if len(rows)-1 != len(all) {
		t.Fatalf("ledger has %d rows, store %d hazards", len(rows)-1, len(all))
	}
	col := func(name string) int { return slices.Index(export.Columns, name) }
	byNumber := map[string][]string{}
	for _, r := range rows[1:] {
		byNumber[r[0]] = r
	}
	closed := 0
	for _, h := range all {
		r, ok := byNumber[h.Number]
		if !ok {
			t.Fatalf("hazard %s missing from the xlsx", h.Number)
		}
		if r[col("隐患名称/描述")] != h.Description || r[col("行业领域")] != h.Domain || r[col("隐患等级")] != string(h.Grade) ||
			r[col("发现来源")] != h.Source || cell(r, col("当前状态")) != string(h.Status) {
			t.Fatalf("row of %s = %v, hazard %+v", h.Number, r, h)
		}
		if h.Status == safetybot.StatusClosed {
			closed++
			if cell(r, col("销号时间")) == "" || !strings.Contains(cell(r, col("部门复核（人、日期、结论）")), "通过") {
				t.Fatalf("closed %s lacks closing columns: %v", h.Number, r)
			}
		}
		if want := map[bool]string{true: "是", false: "否"}[h.Overdue(safetybot.DateOf(fixture.Now))]; cell(r, col("是否逾期")) != want {
			t.Fatalf("%s 是否逾期 = %q, want %q", h.Number, cell(r, col("是否逾期")), want)
		}
	}
	for i := 1; i <= fixture.PhotoHazards; i++ {
		if r := byNumber[fmt.Sprintf("YH2026-%04d", i)]; cell(r, col("整改前后照片")) != "1 张" {
			t.Errorf("%s photos %q, want 1 张", r[0], cell(r, col("整改前后照片")))
		}
	}
	if closed == 0 {
		t.Fatal("fixture has no closed hazard")
	}
	if rows[1][0] >= rows[len(rows)-1][0] {
		t.Errorf("ledger not oldest first: %s … %s", rows[1][0], rows[len(rows)-1][0])
	}
	evs, err := f.GetRows(export.SheetEvents)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(evs[0], export.EventColumns) || len(evs)-1 != len(l.Events) || len(l.Events) < len(all) {
		t.Fatalf("event sheet: header %v, %d rows for %d events", evs[0], len(evs)-1, len(l.Events))
	}
}

func cell(r []string, i int) string {
	if i < len(r) {
		return r[i]
	}
	return "" // GetRows drops trailing empty cells
}

func TestLedgerFiltersByYearAndDomain(t *testing.T) {
	w := seeded(t)
	ctx := context.Background()
	f := export.Filter{Hazards: safetybot.HazardFilter{Year: 2026, Domain: "道路运输"}}
	l, err := export.LoadLedger(ctx, w.Store, f, fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	want, err := w.Store.Hazards(ctx, safetybot.HazardFilter{Year: 2026, Domain: "道路运输"})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || len(l.Hazards) != len(want) {
		t.Fatalf("%d hazards, want %d", len(l.Hazards), len(want))
	}
	for _, r := range l.Rows() {
		if !strings.HasPrefix(r[0], "YH2026-") || r[4] != "道路运输" {
			t.Fatalf("row outside the filter: %v", r)
		}
	}
	for _, e := range l.EventRows() {
		if !strings.HasPrefix(e[0], "YH2026-") {
			t.Fatalf("event outside the filter: %v", e)
		}
	}
	if l.Title() != "2026年隐患台账（道路运输）" {
		t.Errorf("title %q", l.Title())
	}
}

func TestLedgerCSVHasBOMAndChineseHeader(t *testing.T) {
	w := seeded(t)
	l, err := export.LoadLedger(context.Background(), w.Store, export.Filter{Hazards: safetybot.HazardFilter{Year: 2026}}, fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, export.FormatCSV, l); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatal("csv lacks the UTF-8 BOM Excel needs")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], export.Columns) || len(recs)-1 != len(l.Hazards) {
		t.Fatalf("csv: header %v, %d rows for %d hazards", recs[0], len(recs)-1, len(l.Hazards))
	}
	if err := export.Write(&buf, "pdf", l); err == nil {
		t.Fatal("unknown format accepted")
	}
}

func BenchmarkLedgerXLSX(b *testing.B) {
	w := seeded(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		l, err := export.LoadLedger(ctx, w.Store, export.Filter{}, fixture.Now)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := export.WriteXLSX(&buf, l); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLedgerDetailColumns: the details the chat collects (原因, 依据, 措施,
// 资金, 管控, 督办, 停产) land in their ledger columns.
func TestLedgerDetailColumns(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, func() time.Time { return fixture.Now })
	defer s.Close()
	h := &safetybot.Hazard{Description: "隧道照明失效", Grade: safetybot.GradeMajor, Source: safetybot.SourceInspection,
		Cause: "线路老化", Basis: "判定标准第5条", Measures: "更换线路", Funds: "3.5万元", Interim: "限速通行",
		Supervision: "县级，沁交督〔2026〕3号", Halted: safetybot.AnswerYes}
	if err := s.CreateHazard(ctx, h, "zhangsan", nil); err != nil {
		t.Fatal(err)
	}
	l, err := export.LoadLedger(ctx, s, export.Filter{}, fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	row := l.Rows()[0]
	for col, want := range map[string]string{
		"产生原因": "线路老化", "判定依据": "判定标准第5条", "整改措施": "更换线路", export.ColumnFunds: "3.5万元",
		"临时管控措施": "限速通行", "挂牌督办（级别、督办单位、文号）": "县级，沁交督〔2026〕3号", "是否停产停业": "是",
	} {
		if got := row[slices.Index(export.Columns, col)]; got != want {
			t.Errorf("%s = %q, want %q", col, got, want)
		}
	}
}
