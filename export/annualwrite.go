package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"safetybot"
)

// Sheet names of the annual workbook.
const (
	SheetSummary  = "总体情况"
	SheetDomains  = "分领域隐患"
	SheetTasks    = "任务进展"
	SheetReview   = "自查自评"
	SheetDuties   = "履职情况"
	SheetQuarters = "季度检查"
	SheetTips     = "举报受理"
)

// DomainHeader is the header of the by-field sheet: ClosureHeader with
// the sources.
func DomainHeader() []string {
	h := []string{"行业领域", "登记隐患"}
	h = append(h, Sources...)
	return append(h, "重大隐患", "重大已销号", "重大销号率", "已销号", "已驳回", "未销号", "逾期未整改", "整改销号率")
}

// DomainRow is one field's row under DomainHeader.
func DomainRow(d DomainYear) []string {
	r := []string{DomainLabel(d.Domain), itoa(d.Found)}
	for _, s := range Sources {
		r = append(r, itoa(d.BySource[s]))
	}
	return append(r, itoa(d.Major), itoa(d.MajorClosed), d.MajorRate(), itoa(d.Closed), itoa(d.Rejected),
		itoa(d.Open), itoa(d.Overdue), d.ClosureRate())
}

// ClosureHeader is the header of the by-field closure table of the text.
func ClosureHeader() []string {
	return []string{"行业领域", "登记", "驳回", "已销号", "未销号", "逾期", "销号率", "重大", "重大已销号"}
}

// SourceHeader is the header of the by-field source table of the text.
func SourceHeader() []string { return append([]string{"行业领域", "登记"}, Sources...) }

// TaskHeader is the header of the by-action table.
func TaskHeader() []string {
	return []string{"行动", "名称", "任务数", "已完成", "逾期未完成", "启用前到期", "平均进度"}
}

// DutyHeader is the header of the monthly duty table.
func DutyHeader() []string {
	return []string{"月份", "局党组安全生产议题（项）", "工作专班专题研究（个专班）", "应研究专班数"}
}

// QuarterHeader is the header of the quarterly inspection table.
func QuarterHeader() []string {
	return []string{"季度", "企业主要负责人带队检查（次）", "涉及单位（家）", "已知企业（家）", "覆盖率"}
}

func (a *Annual) domainRows() [][]string {
	rows := make([][]string, 0, len(a.Domains)+1)
	for _, d := range a.Domains {
		rows = append(rows, DomainRow(d))
	}
	return append(rows, DomainRow(a.Total))
}

func (a *Annual) closureRows() [][]string {
	var rows [][]string
	for _, d := range append(a.Domains, a.Total) {
		rows = append(rows, []string{DomainLabel(d.Domain), itoa(d.Found), itoa(d.Rejected), itoa(d.Closed), itoa(d.Open),
			itoa(d.Overdue), d.ClosureRate(), itoa(d.Major), itoa(d.MajorClosed)})
	}
	return rows
}

func (a *Annual) sourceRows() [][]string {
	var rows [][]string
	for _, d := range append(a.Domains, a.Total) {
		r := []string{DomainLabel(d.Domain), itoa(d.Found)}
		for _, s := range Sources {
			r = append(r, itoa(d.BySource[s]))
		}
		rows = append(rows, r)
	}
	return rows
}

func (a *Annual) taskRows() [][]string {
	var rows [][]string
	for _, ap := range a.Tasks.ByAction {
		rows = append(rows, []string{itoa(ap.No), ap.Title, itoa(ap.Tasks), itoa(ap.Done), itoa(ap.Behind), itoa(ap.PreStart), itoa(ap.Progress) + "%"})
	}
	return rows
}

// dutyHeader is DutyHeader, less the working groups' study columns when
// no month of the period asked for the study (a plan without it).
func (a *Annual) dutyHeader() []string {
	if !a.studies() {
		return DutyHeader()[:2]
	}
	return DutyHeader()
}

// studies reports whether the working groups' monthly study belongs in the
// summary: the plan summed up is the campaign that asked for it (after it
// ended the summary says so), some month of the period asked for it, or a
// study was recorded.
func (a *Annual) studies() bool {
	if a.campaign() {
		return true
	}
	for _, m := range a.Duties.Months {
		if !m.NoStudy || m.Groups > 0 {
			return true
		}
	}
	return false
}

func (a *Annual) dutyRows() [][]string {
	rows := a.dutyRowsAll()
	if !a.studies() {
		for i := range rows {
			rows[i] = rows[i][:2]
		}
	}
	return rows
}

func (a *Annual) dutyRowsAll() [][]string {
	var rows [][]string
	for _, m := range a.Duties.Months {
		switch {
		case !m.Enabled && (m.Topics > 0 || m.Groups > 0):
			// Nothing is due in a month before the system: "—" as in
			// every other such month, whatever was backfilled (QA6c C13).
			rows = append(rows, []string{m.Month, BackfilledCell(m.Topics), BackfilledCell(m.Groups), "—"})
			continue
		case !m.Enabled:
			rows = append(rows, []string{m.Month, NotEnabled, NotEnabled, "—"})
			continue
		}
		month := m.Month
		if m.Open {
			// Not ended: its 0 is not a miss (QA14 #8).
			month += "（未结束）"
		}
		if m.NoStudy {
			rows = append(rows, []string{month, itoa(m.Topics), "—", "不要求"})
			continue
		}
		rows = append(rows, []string{month, itoa(m.Topics), itoa(m.Groups), itoa(a.Duties.GroupsTotal)})
	}
	return rows
}

func (a *Annual) quarterRows() [][]string {
	var rows [][]string
	for _, q := range a.Duties.Quarters {
		switch {
		case !q.Enabled && q.Inspections > 0:
			rows = append(rows, []string{q.Quarter, BackfilledCell(q.Inspections), itoa(q.Units), "—", NotEnabled})
			continue
		case !q.Enabled:
			rows = append(rows, []string{q.Quarter, NotEnabled, NotEnabled, "—", NotEnabled})
			continue
		}
		rows = append(rows, []string{q.Quarter, itoa(q.Inspections), itoa(q.Units), itoa(a.Duties.Enterprises), a.Duties.Coverage(q)})
	}
	return rows
}

func (a *Annual) reviewRows() [][]string {
	rows := make([][]string, 0, len(a.Tasks.Review))
	for _, r := range a.Tasks.Review {
		rows = append(rows, r.Row())
	}
	return rows
}

// Summary is the headline figures as label/value pairs, the first sheet.
func (a *Annual) Summary() [][]string {
	t := a.Total
	rows := [][]string{
		{"统计期间", string(a.From) + " 至 " + string(a.To)},
		{"统计截至", string(a.AsOf)},
		{"系统启用（首条记录）", string(a.Since)},
		{"登记隐患（项）", itoa(t.Found)},
	}
	for _, s := range Sources {
		rows = append(rows, []string{"　其中" + s, itoa(t.BySource[s])})
	}
	du := a.Duties
	rows = append(rows,
		[]string{"已整改销号（项）", itoa(t.Closed)},
		[]string{"已驳回（项）", itoa(t.Rejected)},
		[]string{"整改销号率", t.ClosureRate()},
		[]string{"未销号（项）", itoa(t.Open)},
		[]string{"逾期未整改（项）", itoa(t.Overdue)},
		[]string{"重大隐患（项，不含驳回）", itoa(t.Major)},
		[]string{"重大隐患已销号（项）", itoa(t.MajorClosed)},
		[]string{"重大隐患未销号（项）", itoa(t.MajorOpen())},
		[]string{"重大隐患销号率", t.MajorRate()},
		[]string{"方案任务（项）", itoa(a.Tasks.Total)},
		[]string{"任务已完成（项）", itoa(a.Tasks.Done)},
		[]string{"任务逾期未完成（项）", itoa(a.Tasks.Behind)},
		[]string{"任务期限已过（启用前）（项）", itoa(a.Tasks.PreStart)},
		[]string{"任务进展报送（条）", itoa(a.Tasks.Updates)},
		[]string{"统计月数", itoa(len(du.Months))},
		[]string{"系统有记录的月数", itoa(du.EnabledMonths())},
		[]string{"局党组研究安全生产议题的月数", itoa(du.TopicMonths())},
		[]string{"工作专班月度专题研究（次）", fmt.Sprintf("%d / %d", du.GroupStudies(), du.GroupStudiesDue())},
		[]string{"工作专班月度专题研究完成率", Rate(du.GroupStudies(), du.GroupStudiesDue())},
	)
	// The month not ended is left out of the rate (DutyMonth.Open); what
	// it holds is said, or the sheet's 0 / 0 contradicted the document's
	// 「已记录1次」 (QA13 #3).
	if m := du.OpenMonth(); m != nil && m.Enabled && !m.NoStudy {
		rows = append(rows, []string{monthName(m.Month) + "尚未结束，已记录专班研究（次，不计完成率）", itoa(min(m.GroupsAll, du.GroupsTotal))})
	}
	rows = append(rows,
		[]string{"企业主要负责人带队检查（次）", itoa(du.Inspections())},
		[]string{"收到匿名举报（件）", itoa(a.Tips.Received)},
		[]string{"不予受理（件）", itoa(a.Tips.Declined)},
		[]string{"受理匿名举报（件）", itoa(a.Tips.Accepted())},
		[]string{"举报查实（件）", itoa(a.Tips.Verified)},
		[]string{"兑现奖励（件）", itoa(a.Tips.Rewarded)},
		[]string{"奖励金额（元）", strconv.FormatInt(a.Tips.PaidYuan, 10)},
	)
	return rows
}

// WriteAnnualXLSX writes the figures as a workbook, one sheet per section,
// the 自查自评 table included. It fails only with w's error.
func WriteAnnualXLSX(w io.Writer, a *Annual) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	value, err := figureValues(f)
	if err != nil {
		return err
	}
	tips := a.Tips
	sheets := []struct {
		name   string
		header []string
		rows   [][]string
	}{
		{SheetSummary, []string{"指标", "数值"}, a.Summary()},
		{SheetDomains, DomainHeader(), a.domainRows()},
		{SheetTasks, TaskHeader(), a.taskRows()},
		{SheetReview, ReviewHeader(), a.reviewRows()},
		{SheetDuties, a.dutyHeader(), a.dutyRows()},
		{SheetQuarters, QuarterHeader(), a.quarterRows()},
		{SheetTips, []string{"收到匿名举报（件）", "不予受理（件）", "受理（件）", "查实（件）", "兑现奖励（件）", "奖励金额（元）"},
			[][]string{{itoa(tips.Received), itoa(tips.Declined), itoa(tips.Accepted()), itoa(tips.Verified), itoa(tips.Rewarded), strconv.FormatInt(tips.PaidYuan, 10)}}},
	}
	for i, s := range sheets {
		if i > 0 {
			if _, err := f.NewSheet(s.name); err != nil {
				return err
			}
		}
		if err := writeTable(f, s.name, s.header, s.rows, value); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// WriteMarkdown writes d as Markdown: headings, paragraphs and pipe tables.
// It fails only with w's error.
func WriteMarkdown(w io.Writer, d *Doc) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s%s\n\n> %s\n\n", d.Title, d.Subtitle, d.Note)
	for _, bl := range d.Blocks {
		switch bl.Kind {
		case BlockH1:
			b.WriteString("## " + bl.Text + "\n\n")
		case BlockH2:
			b.WriteString("### " + bl.Text + "\n\n")
		case BlockH3:
			b.WriteString("#### " + bl.Text + "\n\n")
		case BlockPara:
			b.WriteString(bl.Text + "\n\n")
		case BlockTable:
			b.WriteString(bl.Table.Caption + "\n\n" + mdTable(bl.Table.Header, bl.Table.Rows) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdTable(header []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString("| " + strings.Join(header, " | ") + " |\n|")
	for range header {
		b.WriteString(" --- |")
	}
	b.WriteString("\n")
	for _, r := range rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

func cnDate(t time.Time) string { return t.In(safetybot.Shanghai).Format("2006年1月2日") }

// monthName renders "2026-03" as 3月.
func monthName(key string) string {
	_, m, _ := strings.Cut(key, "-")
	n, _ := strconv.Atoi(m)
	return itoa(n) + "月"
}

// quarterLabel renders "2026-Q4" as 第四季度.
func quarterLabel(key string) string {
	_, q, _ := strings.Cut(key, "-Q")
	return "第" + map[string]string{"1": "一", "2": "二", "3": "三", "4": "四"}[q] + "季度"
}
