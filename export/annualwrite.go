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
	SheetDuties   = "履职情况"
	SheetQuarters = "季度检查"
	SheetTips     = "举报受理"
)

// DomainHeader is the header of the by-field sheet and table.
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

// Summary is the headline figures as label/value pairs, the first sheet.
func (a *Annual) Summary() [][]string {
	t := a.Total
	rows := [][]string{
		{"统计年度", itoa(a.Year)},
		{"统计截至", string(a.AsOf)},
		{"登记隐患（项）", itoa(t.Found)},
	}
	for _, s := range Sources {
		rows = append(rows, []string{"　其中" + s, itoa(t.BySource[s])})
	}
	rows = append(rows,
		[]string{"已整改销号（项）", itoa(t.Closed)},
		[]string{"已驳回（项）", itoa(t.Rejected)},
		[]string{"整改销号率", t.ClosureRate()},
		[]string{"未销号（项）", itoa(t.Open)},
		[]string{"逾期未整改（项）", itoa(t.Overdue)},
		[]string{"重大隐患（项）", itoa(t.Major)},
		[]string{"重大隐患已销号（项）", itoa(t.MajorClosed)},
		[]string{"重大隐患销号率", t.MajorRate()},
		[]string{"方案任务（项）", itoa(a.Tasks.Total)},
		[]string{"任务已完成（项）", itoa(a.Tasks.Done)},
		[]string{"任务逾期未完成（项）", itoa(a.Tasks.Behind)},
		[]string{"全年任务进展报送（条）", itoa(a.Tasks.Updates)},
		[]string{"统计月数", itoa(len(a.Duties.Months))},
		[]string{"局党组研究安全生产议题的月数", itoa(a.Duties.TopicMonths())},
		[]string{"工作专班月度专题研究（次）", fmt.Sprintf("%d / %d", a.Duties.GroupStudies(), len(a.Duties.Months)*a.Duties.GroupsTotal)},
		[]string{"企业主要负责人带队检查（次）", itoa(a.Duties.Inspections())},
	)
	return append(rows,
		[]string{"受理匿名举报（件）", itoa(a.Tips.Received)},
		[]string{"举报查实（件）", itoa(a.Tips.Verified)},
		[]string{"兑现奖励（件）", itoa(a.Tips.Rewarded)},
		[]string{"奖励金额（元）", strconv.FormatInt(a.Tips.PaidYuan, 10)},
	)
}

// WriteAnnualXLSX writes the figures as a workbook, one sheet per section.
func WriteAnnualXLSX(w io.Writer, a *Annual) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	sheets := []struct {
		name   string
		header []string
		rows   [][]string
	}{
		{SheetSummary, []string{"指标", "数值"}, a.Summary()},
		{SheetDomains, DomainHeader(), a.domainRows()},
		{SheetTasks, []string{"行动", "名称", "任务数", "已完成", "逾期未完成", "平均进度"}, a.taskRows()},
		{SheetDuties, []string{"月份", "局党组安全生产议题（项）", "工作专班专题研究（个专班）", "应研究专班数"}, a.dutyRows()},
		{SheetQuarters, []string{"季度", "企业主要负责人带队检查（次）", "涉及单位（家）", "已知企业（家）", "覆盖率"}, a.quarterRows()},
		{SheetTips, []string{"受理匿名举报（件）", "查实（件）", "兑现奖励（件）", "奖励金额（元）"},
			[][]string{{itoa(a.Tips.Received), itoa(a.Tips.Verified), itoa(a.Tips.Rewarded), strconv.FormatInt(a.Tips.PaidYuan, 10)}}},
	}
	for i, s := range sheets {
		if i > 0 {
			if _, err := f.NewSheet(s.name); err != nil {
				return err
			}
		}
		if err := writeTable(f, s.name, s.header, s.rows); err != nil {
			return err
		}
	}
	_, err := f.WriteTo(w)
	return err
}

func (a *Annual) domainRows() [][]string {
	rows := make([][]string, 0, len(a.Domains)+1)
	for _, d := range a.Domains {
		rows = append(rows, DomainRow(d))
	}
	return append(rows, DomainRow(a.Total))
}

func (a *Annual) taskRows() [][]string {
	var rows [][]string
	for _, ap := range a.Tasks.ByAction {
		rows = append(rows, []string{itoa(ap.No), ap.Title, itoa(ap.Tasks), itoa(ap.Done), itoa(ap.Behind), itoa(ap.Progress) + "%"})
	}
	return rows
}

func (a *Annual) dutyRows() [][]string {
	var rows [][]string
	for _, m := range a.Duties.Months {
		rows = append(rows, []string{m.Month, itoa(m.Topics), itoa(m.Groups), itoa(a.Duties.GroupsTotal)})
	}
	return rows
}

func (a *Annual) quarterRows() [][]string {
	var rows [][]string
	for _, q := range a.Duties.Quarters {
		rows = append(rows, []string{q.Quarter, itoa(q.Inspections), itoa(q.Units), itoa(a.Duties.Enterprises), a.Duties.Coverage(q)})
	}
	return rows
}

// WriteAnnualMarkdown writes the statistics section of the 年度工作总结 as
// Chinese prose with the figures, and the by-field table.
func WriteAnnualMarkdown(w io.Writer, a *Annual) error {
	var b strings.Builder
	t := a.Total
	asOf, _ := a.AsOf.Time()
	fmt.Fprintf(&b, "# %d年度交通运输领域安全生产治本攻坚工作总结（统计部分·草稿）\n\n", a.Year)
	fmt.Fprintf(&b, "> 本稿由 safetybot 根据系统台账自动生成，统计截至%s，生成于%s。数字以系统台账为准，请核对后使用；隐患状态为生成时的状态。\n\n",
		cnDate(asOf), a.Generated.In(safetybot.Shanghai).Format("2006年1月2日 15:04"))

	b.WriteString("## 一、隐患排查整治情况\n\n")
	fmt.Fprintf(&b, "%d年，全局共排查登记各类事故隐患%d项", a.Year, t.Found)
	if src := sourceList(t.BySource); src != "" {
		b.WriteString("，其中" + src)
	}
	fmt.Fprintf(&b, "。已整改销号%d项，经核实驳回（不属于隐患或重复登记）%d项，整改销号率%s（已销号数÷（登记数−驳回数））；截至统计日仍在整改%d项，其中逾期未整改%d项。\n\n",
		t.Closed, t.Rejected, t.ClosureRate(), t.Open, t.Overdue)
	fmt.Fprintf(&b, "排查重大事故隐患%d项，已整改销号%d项，销号率%s。", t.Major, t.MajorClosed, t.MajorRate())
	switch open := t.Major - t.MajorClosed; {
	case t.Major > 0 && open == 0:
		b.WriteString("本年度登记的重大事故隐患已全部整改销号，实现动态清零。")
	case open > 0:
		fmt.Fprintf(&b, "尚有%d项重大事故隐患未销号，需继续挂牌督办、跟踪整改，推动动态清零。", open)
	}
	b.WriteString("\n\n")
	var none []string
	var parts []string
	for _, d := range a.Domains {
		if d.Found == 0 {
			none = append(none, DomainLabel(d.Domain))
			continue
		}
		p := fmt.Sprintf("%s领域登记%d项（重大%d项），已销号%d项，销号率%s", DomainLabel(d.Domain), d.Found, d.Major, d.Closed, d.ClosureRate())
		if d.Overdue > 0 {
			p += fmt.Sprintf("，逾期未整改%d项", d.Overdue)
		}
		parts = append(parts, p)
	}
	if len(parts) > 0 {
		b.WriteString("分领域看：" + strings.Join(parts, "；") + "。")
	}
	if len(none) > 0 {
		b.WriteString(strings.Join(none, "、") + "领域本年度未登记隐患。")
	}
	b.WriteString("\n\n")
	b.WriteString(mdTable(DomainHeader(), a.domainRows()))

	b.WriteString("\n## 二、三年行动任务推进情况\n\n")
	tk := a.Tasks
	fmt.Fprintf(&b, "方案确定的%d项任务中，已完成%d项，正在推进%d项，逾期未完成%d项，尚未启动%d项；全年共报送任务进展%d条。",
		tk.Total, tk.Done, tk.InProgress, tk.Behind, tk.NotStarted, tk.Updates)
	var behind []string
	for _, ap := range tk.ByAction {
		if ap.Behind > 0 {
			behind = append(behind, fmt.Sprintf("%s（%d项）", ap.Title, ap.Behind))
		}
	}
	if len(behind) > 0 {
		b.WriteString("存在逾期任务的行动：" + strings.Join(behind, "、") + "，需加快推进。")
	}
	b.WriteString("\n\n")
	b.WriteString(mdTable([]string{"行动", "名称", "任务数", "已完成", "逾期未完成", "平均进度"}, a.taskRows()))

	b.WriteString("\n## 三、安全生产责任落实情况\n\n")
	d := a.Duties
	months := len(d.Months)
	var missed []string
	for _, m := range d.Months {
		if m.Topics == 0 {
			missed = append(missed, monthName(m.Month))
		}
	}
	topics := 0
	for _, m := range d.Months {
		topics += m.Topics
	}
	fmt.Fprintf(&b, "局党组研究安全生产议题：统计的%d个月中，%d个月研究了安全生产相关议题，共%d项", months, d.TopicMonths(), topics)
	if len(missed) > 0 {
		b.WriteString("；" + strings.Join(missed, "、") + "未记录议题")
	} else if months > 0 {
		b.WriteString("，做到每月至少研究一项")
	}
	b.WriteString("。\n\n")
	expected := months * d.GroupsTotal
	fmt.Fprintf(&b, "工作专班月度专题研究：%d个专班%d个月应开展%d次，系统记录%d次，完成率%s。\n\n",
		d.GroupsTotal, months, expected, d.GroupStudies(), Rate(d.GroupStudies(), expected))
	var qs []string
	for _, q := range d.Quarters {
		qs = append(qs, fmt.Sprintf("%s%d次（%d家单位，覆盖%s）", quarterLabel(q.Quarter), q.Inspections, q.Units, d.Coverage(q)))
	}
	fmt.Fprintf(&b, "企业主要负责人带队检查：系统已知企业%d家，全年共记录带队检查%d次，其中%s。\n\n", d.Enterprises, d.Inspections(), strings.Join(qs, "，"))

	b.WriteString("## 四、举报受理情况\n\n")
	fmt.Fprintf(&b, "全年受理匿名举报%d件，经核查属实%d件，查实率%s；兑现举报奖励%d件，金额%d元。台账中来源为「举报查实」的隐患%d项。",
		a.Tips.Received, a.Tips.Verified, Rate(a.Tips.Verified, a.Tips.Received), a.Tips.Rewarded, a.Tips.PaidYuan, t.BySource[safetybot.SourceTip])
	b.WriteString("（举报材料按保留期限删除后不再计入，如有差异以受理登记为准。）\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func sourceList(by map[string]int) string {
	var parts []string
	for _, s := range Sources {
		if by[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s%d项", s, by[s]))
		}
	}
	return strings.Join(parts, "、")
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
