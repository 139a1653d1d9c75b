package export_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
)

func TestAnnualFiguresMatchTheStore(t *testing.T) {
	w := seeded(t)
	ctx := context.Background()
	a, err := export.LoadAnnual(ctx, w.Store, 2026, fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	if a.AsOf != "2026-11-28" {
		t.Errorf("as of %s", a.AsOf)
	}
	// Count independently with the store's own filters.
	count := func(f safetybot.HazardFilter) int {
		f.Year = 2026
		hs, err := w.Store.Hazards(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return len(hs)
	}
	tot := a.Total
	checks := []struct {
		name      string
		got, want int
	}{
		{"found", tot.Found, count(safetybot.HazardFilter{})},
		{"closed", tot.Closed, count(safetybot.HazardFilter{Status: safetybot.StatusClosed})},
		{"rejected", tot.Rejected, count(safetybot.HazardFilter{Status: safetybot.StatusRejected})},
		{"open", tot.Open, count(safetybot.HazardFilter{OpenOnly: true})},
		{"overdue", tot.Overdue, count(safetybot.HazardFilter{Overdue: true, Today: "2026-11-28"})},
		{"major (rejected left out)", tot.Major, count(safetybot.HazardFilter{Grade: safetybot.GradeMajor}) - count(safetybot.HazardFilter{Grade: safetybot.GradeMajor, Status: safetybot.StatusRejected})},
		{"major open", tot.MajorOpen(), count(safetybot.HazardFilter{Grade: safetybot.GradeMajor, OpenOnly: true})},
		{"found = closed + rejected + open", tot.Found, tot.Closed + tot.Rejected + tot.Open},
		{"major closed", tot.MajorClosed, count(safetybot.HazardFilter{Grade: safetybot.GradeMajor, Status: safetybot.StatusClosed})},
	}
	for _, d := range a.Domains {
		checks = append(checks, struct {
			name      string
			got, want int
		}{"found in " + d.Domain, d.Found, count(safetybot.HazardFilter{Domain: d.Domain})})
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: report %d, store %d", c.name, c.got, c.want)
		}
	}
	if tot.Found == 0 || tot.Major == 0 || tot.Closed == 0 || tot.Overdue == 0 {
		t.Fatalf("fixture too thin: %+v", tot)
	}
	sources := 0
	for _, n := range tot.BySource {
		sources += n
	}
	if sources != tot.Found {
		t.Errorf("sources add up to %d of %d", sources, tot.Found)
	}
	if want := export.Rate(tot.Closed, tot.Found-tot.Rejected); tot.ClosureRate() != want {
		t.Errorf("closure rate %s, want %s", tot.ClosureRate(), want)
	}

	// Duties: eleven months of 2026; the fixture records topics in 3 of
	// every 4 months and inspections in the quarters' middle months.
	if len(a.Duties.Months) != 11 || a.Duties.Months[0].Month != "2026-01" || a.Duties.Months[10].Month != "2026-11" {
		t.Fatalf("months %+v", a.Duties.Months)
	}
	for _, m := range a.Duties.Months {
		recs, err := w.Store.DutyRecords(ctx, safetybot.DutyPartyTopic, m.Month)
		if err != nil {
			t.Fatal(err)
		}
		if m.Topics != len(recs) {
			t.Errorf("%s topics %d, store %d", m.Month, m.Topics, len(recs))
		}
		studied := 0
		for _, g := range w.Plan.Groups {
			recs, err := w.Store.DutyRecords(ctx, "group_study:"+g.Key, m.Month)
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) > 0 {
				studied++
			}
		}
		if m.Groups != studied {
			t.Errorf("%s groups %d, store %d", m.Month, m.Groups, studied)
		}
	}
	insp := 0
	for _, q := range []string{"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"} {
		recs, _ := w.Store.DutyRecords(ctx, safetybot.DutyInspection, q)
		insp += len(recs)
	}
	if a.Duties.Inspections() != insp || insp == 0 {
		t.Errorf("inspections %d, store %d", a.Duties.Inspections(), insp)
	}
	ents, _ := w.Store.Enterprises(ctx)
	if a.Duties.Enterprises != len(ents) || len(ents) == 0 {
		t.Errorf("enterprises %d, store %d", a.Duties.Enterprises, len(ents))
	}

	// Anonymous reports of 2026 (the fixture adds one in 2025 too).
	if got, want := a.Tips, (safetybot.TipYear{Received: 12, Declined: 2, Verified: 5, Rewarded: 2, PaidYuan: 6000}); got != want {
		t.Errorf("tips %+v, want %+v", got, want)
	}

	// Tasks.
	tasks, err := w.Store.Tasks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	done := 0
	for _, tk := range tasks {
		if tk.Progress >= 100 {
			done++
		}
	}
	if a.Tasks.Total != len(tasks) || a.Tasks.Done != done || done == 0 ||
		a.Tasks.Done+a.Tasks.Behind+a.Tasks.PreStart+a.Tasks.InProgress+a.Tasks.NotStarted != a.Tasks.Total {
		t.Errorf("tasks %+v, store %d tasks %d done", a.Tasks, len(tasks), done)
	}
}

func TestAnnualWorkbookAndDocument(t *testing.T) {
	w := seeded(t)
	a, err := export.LoadAnnual(context.Background(), w.Store, 2026, fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	var xb, db bytes.Buffer
	if err := export.WriteAnnualXLSX(&xb, a); err != nil {
		t.Fatal(err)
	}
	if err := export.WriteDOCX(&db, a.Document(), a.Generated); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&xb)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, s := range []string{export.SheetSummary, export.SheetDomains, export.SheetTasks, export.SheetReview, export.SheetDuties, export.SheetQuarters, export.SheetTips} {
		if !slices.Contains(f.GetSheetList(), s) {
			t.Errorf("workbook lacks sheet %s", s)
		}
	}
	rows, _ := f.GetRows(export.SheetDomains)
	last := rows[len(rows)-1]
	if last[0] != "合计" || last[1] != fmt.Sprint(a.Total.Found) {
		t.Errorf("total row %v, want 合计 %d", last, a.Total.Found)
	}
	sum, _ := f.GetRows(export.SheetSummary)
	vals := map[string]string{}
	for _, r := range sum[1:] {
		vals[r[0]] = r[1]
	}
	if vals["登记隐患（项）"] != fmt.Sprint(a.Total.Found) || vals["重大隐患（项，不含驳回）"] != fmt.Sprint(a.Total.Major) ||
		vals["整改销号率"] != a.Total.ClosureRate() || vals["受理匿名举报（件）"] != "10" || vals["不予受理（件）"] != "2" {
		t.Errorf("summary %v", vals)
	}
	review, _ := f.GetRows(export.SheetReview)
	if len(review) != 1+a.Tasks.Total {
		t.Errorf("自查自评 has %d rows for %d tasks", len(review)-1, a.Tasks.Total)
	}

	text := readDOCX(t, db.Bytes())
	for _, want := range []string{
		"沁水县交通运输安全生产治本攻坚三年行动2026年度工作总结",
		"一、隐患排查整治情况", "（一）总体情况", "二、三年行动任务推进情况", "三、安全生产责任落实情况", "四、举报受理情况",
		fmt.Sprintf("全局共排查登记各类事故隐患%d项", a.Total.Found),
		fmt.Sprintf("排查重大事故隐患%d项，已整改销号%d项", a.Total.Major, a.Total.MajorClosed),
		fmt.Sprintf("整改销号率%s", a.Total.ClosureRate()),
		fmt.Sprintf("逾期未整改%d项", a.Total.Overdue),
		fmt.Sprintf("已完成%d项", a.Tasks.Done),
		fmt.Sprintf("%d个月研究了安全生产相关议题", a.Duties.TopicMonths()),
		fmt.Sprintf("系统已知企业%d家，统计期内共记录带队检查%d次", a.Duties.Enterprises, a.Duties.Inspections()),
		"收到匿名举报12件，其中不予受理2件，受理10件；经核查属实5件，查实率50.0%",
		"表2　分领域隐患整治情况", "表7　三年行动任务自查自评表",
		// The total row of table 2, cell by cell.
		strings.Join([]string{"合计", fmt.Sprint(a.Total.Found), fmt.Sprint(a.Total.Rejected), fmt.Sprint(a.Total.Closed),
			fmt.Sprint(a.Total.Open), fmt.Sprint(a.Total.Overdue), a.Total.ClosureRate()}, "|"),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q", want)
		}
	}
	// QA 11b §7: the README says how many columns table 7 has; the
	// document's header row has that many.
	header := ""
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "序号|") {
			header = line
		}
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`表 7 任务自查自评，后者([一二三四五六七八九十]+)列`).FindSubmatch(readme)
	if m == nil || header == "" {
		t.Fatalf("README states no column count for table 7, or the document has no 序号 row (%q)", header)
	}
	cols := strings.Count(header, "|") + 1
	if said := strings.Index("一二三四五六七八九十", string(m[1]))/len("一") + 1; said != cols {
		t.Errorf("README says table 7 has %s columns, the document has %d: %s", m[1], cols, header)
	}
}
