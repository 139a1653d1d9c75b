package export

import (
	"fmt"
	"strconv"
	"strings"

	"safetybot"
)

// Document writes the statistics part of the summary as a Doc: the prose
// an office edits, with the figures in tables. Every number comes from a
// (the same figures as the workbook).
func (a *Annual) Document() *Doc {
	asOf, _ := a.AsOf.Time()
	d := &Doc{Title: a.Title(), Subtitle: "（统计部分·草稿）"}
	note := fmt.Sprintf("本稿由 safetybot 根据系统台账自动生成，统计期间%s，统计截至%s，生成于%s。数字以系统台账为准，请核对后使用；隐患状态为生成时的状态。",
		a.PeriodName(), cnDate(asOf), a.Generated.In(safetybot.Shanghai).Format("2006年1月2日 15:04"))
	if since, err := a.Since.Time(); err == nil && a.Since > a.From {
		note += fmt.Sprintf("系统自%s起启用，此前的月份和季度标为「%s」，不计入履职统计（其间补记的记录照实列出，标为“补记”，不作评判）。", cnDate(since), NotEnabled)
	}
	d.Note = note
	a.hazardSection(d)
	a.taskSection(d)
	a.dutySection(d)
	a.tipSection(d)
	a.reviewSection(d)
	return d
}

func (a *Annual) hazardSection(d *Doc) {
	t := a.Total
	d.H1("隐患排查整治情况")
	d.H2("总体情况")
	p := fmt.Sprintf("%s，全局共排查登记各类事故隐患%d项", a.PeriodName(), t.Found)
	if src := sourceList(t); src != "" {
		p += "，其中" + src
	}
	d.P("%s。经核实驳回（不属于隐患或重复登记）%d项，不计入整改；已整改销号%d项，整改销号率%s（已销号数÷（登记数−驳回数））；截至统计日仍在整改%d项，其中逾期未整改%d项。",
		p, t.Rejected, t.Closed, t.ClosureRate(), t.Open, t.Overdue)
	d.T(&Table{Caption: "表1　隐患排查整治总体情况", Header: []string{"指标", "数值"}, Rows: [][]string{
		{"登记隐患（项）", itoa(t.Found)}, {"已驳回（项）", itoa(t.Rejected)}, {"已整改销号（项）", itoa(t.Closed)},
		{"整改销号率", t.ClosureRate()}, {"未销号（项）", itoa(t.Open)}, {"逾期未整改（项）", itoa(t.Overdue)},
		{"重大事故隐患（项）", itoa(t.Major)}, {"重大事故隐患已销号（项）", itoa(t.MajorClosed)}, {"重大事故隐患销号率", t.MajorRate()},
	}})

	d.H2("重大事故隐患")
	p = fmt.Sprintf("排查重大事故隐患%d项，已整改销号%d项，销号率%s。", t.Major, t.MajorClosed, t.MajorRate())
	if t.MajorRejected > 0 {
		p += fmt.Sprintf("另有%d项登记为重大的隐患经核实驳回，不计入重大事故隐患。", t.MajorRejected)
	}
	switch open := t.MajorOpen(); {
	case t.Major > 0 && open == 0:
		p += "登记的重大事故隐患已全部整改销号，实现动态清零。"
	case open > 0:
		p += fmt.Sprintf("尚有%d项重大事故隐患未销号，需继续挂牌督办、跟踪整改，推动动态清零。", open)
	}
	d.P("%s", p)

	d.H2("分领域情况")
	var none, parts []string
	for _, dy := range a.Domains {
		if dy.Found == 0 {
			none = append(none, DomainLabel(dy.Domain))
			continue
		}
		s := fmt.Sprintf("%s领域登记%d项（重大%d项），已销号%d项，销号率%s", DomainLabel(dy.Domain), dy.Found, dy.Major, dy.Closed, dy.ClosureRate())
		if dy.Overdue > 0 {
			s += fmt.Sprintf("，逾期未整改%d项", dy.Overdue)
		}
		parts = append(parts, s)
	}
	p = ""
	if len(parts) > 0 {
		p = "分领域看：" + strings.Join(parts, "；") + "。"
	}
	if len(none) > 0 {
		p += strings.Join(none, "、") + "领域统计期内未登记隐患。"
	}
	if p != "" {
		d.P("%s", p)
	}
	d.T(&Table{Caption: "表2　分领域隐患整治情况", Header: ClosureHeader(), Rows: a.closureRows(), Small: true})
	d.T(&Table{Caption: "表3　分领域隐患发现来源", Header: SourceHeader(), Rows: a.sourceRows(), Small: true})
}

func (a *Annual) taskSection(d *Doc) {
	tk := a.Tasks
	d.H1(a.taskHeading())
	if _, end := (&safetybot.Plan{Phases: a.Phases}).Period(); end != "" && a.From > end {
		// No plan covers the period (the next one is not imported yet):
		// the ended plan's tasks are listed as they stood, and said so.
		endT, _ := end.Time()
		d.P("《%s》已于%s结束，统计期不在其期限内。以下为该方案各项任务的最终状态，仅供参考；%s的工作任务请导入新方案（safetybot plan import）后统计。",
			a.PlanTitle, cnDate(endT), a.PeriodName())
	}
	p := fmt.Sprintf("方案确定的%d项任务中，已完成%d项，正在推进%d项，逾期未完成%d项，尚未启动%d项", tk.Total, tk.Done, tk.InProgress, tk.Behind, tk.NotStarted)
	if _, end := (&safetybot.Plan{Phases: a.Phases}).Period(); tk.Ended {
		endT, _ := end.Time()
		p += fmt.Sprintf("（方案已于%s期满，届时未完成的任务均计为逾期未完成，方案未规定具体时限的任务也不例外）", cnDate(endT))
	}
	if tk.PreStart > 0 {
		p += fmt.Sprintf("；另有%d项任务的期限在系统启用前已过，系统无当时记录，需报送进展后据实评估", tk.PreStart)
	}
	p += fmt.Sprintf("。统计期内共报送任务进展%d条", tk.Updates)
	if tk.Earlier > 0 {
		p += fmt.Sprintf("（此前累计%d条）", tk.Earlier)
	}
	if tk.Late > 0 {
		p += fmt.Sprintf("；方案期满后另报送%d条，不计入", tk.Late)
	}
	p += "。"
	var behind []string
	for _, ap := range tk.ByAction {
		if ap.Behind > 0 {
			behind = append(behind, fmt.Sprintf("%s（%d项）", ap.Title, ap.Behind))
		}
	}
	if len(behind) > 0 {
		p += "存在逾期任务的行动：" + strings.Join(behind, "、") + "，需加快推进。"
	}
	d.P("%s", p)
	caption := "表4　十二大行动任务进展"
	if !a.campaignWording() {
		caption = "表4　各项行动任务进展"
	}
	d.T(&Table{Caption: caption, Header: TaskHeader(), Rows: a.taskRows(), Small: true})
}

func (a *Annual) dutySection(d *Doc) {
	du := a.Duties
	d.H1("安全生产责任落实情况")
	enabled, off := du.EnabledMonths(), len(du.Months)-du.EnabledMonths()
	span := fmt.Sprintf("统计的%d个月", enabled)
	if off > 0 {
		span = fmt.Sprintf("系统启用后的%d个月（此前%d个月系统未启用，不作统计）", enabled, off)
	}
	d.H2("局党组研究安全生产议题")
	var missed []string
	topics := 0
	for _, m := range du.Months {
		if m.Enabled {
			topics += m.Topics
		}
		if m.Enabled && m.TopicsAll == 0 && !m.Open {
			name := monthName(m.Month)
			if a.Year == 0 { // several years: name the year too
				name = m.Month[:4] + "年" + name
			}
			missed = append(missed, name+a.inPart(m.Month))
		}
	}
	// A month not ended without a topic is not judged: the months counted
	// are those ended (「1个月中，0个月研究了…」 read as a miss, QA14 #8).
	open := du.OpenMonth()
	pending := open != nil && open.Enabled && open.TopicsAll == 0
	topicSpan, judged := span, enabled
	if pending {
		judged--
		topicSpan = fmt.Sprintf("已结束的%d个月", judged)
		if off > 0 {
			topicSpan = fmt.Sprintf("系统启用后已结束的%d个月（此前%d个月系统未启用，不作统计）", judged, off)
		}
	}
	p := fmt.Sprintf("%s中，%d个月研究了安全生产相关议题，共%d项", topicSpan, du.TopicMonths(), topics)
	switch {
	case pending && judged == 0:
		p = a.openMonth(*open) + "，暂未记录议题，月底前完成即可，不计为未完成"
	case len(missed) > 0:
		p += "；" + strings.Join(missed, "、") + "未记录议题"
	case judged > 0:
		p += "，做到每月至少研究一项"
	}
	if pending && judged > 0 {
		p += "；" + a.openMonth(*open) + "，暂未记录议题，月底前完成即可，不计为未完成"
	}
	if outside := du.RecordedOutside(); outside != "" {
		p += "。" + outside
	}
	if len(du.Months) == 0 {
		p = "统计期尚未开始，暂无履职记录，不作统计"
	}
	if t, st, in := du.Backfilled(); t+st+in > 0 {
		if a.studies() {
			p += fmt.Sprintf("。系统启用前补记议题%d项、专班研究%d次、带队检查%d次，列入各表，不计入完成率", t, st, in)
		} else {
			p += fmt.Sprintf("。系统启用前补记议题%d项、带队检查%d次，列入各表，不计入完成率", t, in)
		}
	}
	d.P("%s。", p)
	a.studySection(d, span, enabled)
	d.T(&Table{Caption: "表5　逐月履职情况", Header: a.dutyHeader(), Rows: a.dutyRows()})
	a.inspectionSection(d)
}

// studySection is the working groups' monthly study, left out for a plan
// that does not ask for it (QA 11b §4).
func (a *Annual) studySection(d *Doc, span string, enabled int) {
	du := a.Duties
	if !a.studies() {
		return
	}
	d.H2("工作专班月度专题研究")
	// The month not yet ended owes nothing yet: its studies are told
	// apart, and only those recorded count (GroupStudiesDue).
	open, ended, note := du.OpenMonth(), enabled, ""
	if open != nil && open.Enabled {
		ended--
		if !open.NoStudy {
			note = fmt.Sprintf("%s，已记录%d次，月底前完成即可", a.openMonth(*open), min(open.GroupsAll, du.GroupsTotal))
		}
	}
	switch sm := du.StudyMonths(); {
	case len(du.Months) == 0 || enabled == 0:
		d.P("统计期内尚无系统记录的月份，不作统计。")
	case sm == 0 && note != "":
		d.P("%s，不计完成率。", note)
	case sm == 0:
		d.P("工作专班月度专题研究是随方案结束的职责，统计期内不再要求，不作统计。")
	case sm < ended:
		d.P("%d个专班在应开展研究的%d个月中（其余月份该职责已随方案结束）应开展%d次，系统记录%d次，完成率%s%s。",
			du.GroupsTotal, sm, du.GroupStudiesDue(), du.GroupStudies(), Rate(du.GroupStudies(), du.GroupStudiesDue()), prefixed("；", note))
	case ended < enabled:
		d.P("%d个专班在已结束的%d个月中应开展%d次，系统记录%d次，完成率%s%s。",
			du.GroupsTotal, sm, du.GroupStudiesDue(), du.GroupStudies(), Rate(du.GroupStudies(), du.GroupStudiesDue()), prefixed("；", note))
	default:
		d.P("%d个专班在%s中应开展%d次，系统记录%d次，完成率%s。",
			du.GroupsTotal, strings.SplitN(span, "（", 2)[0], du.GroupStudiesDue(), du.GroupStudies(), Rate(du.GroupStudies(), du.GroupStudiesDue()))
	}
}

// openMonth names a month that had not ended on AsOf: 「12月尚未结束（统计截至12月7日）」.
func (a *Annual) openMonth(m DutyMonth) string {
	name := monthName(m.Month)
	if a.Year == 0 {
		name = m.Month[:4] + "年" + name
	}
	day := string(a.AsOf)
	if t, err := a.AsOf.Time(); err == nil {
		day = t.Format("1月2日")
	}
	return name + "尚未结束（统计截至" + day + "）"
}

// prefixed is s after sep, or "" for an empty s.
func prefixed(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + s
}

func (a *Annual) inspectionSection(d *Doc) {
	du := a.Duties
	d.H2("企业主要负责人带队检查")
	var qs []string
	for _, q := range du.Quarters {
		if q.Enabled {
			cover := "覆盖"
			if q.UnitsAll != q.Units {
				cover = fmt.Sprintf("全季度%d家，覆盖", q.UnitsAll)
			}
			qs = append(qs, fmt.Sprintf("%s%d次（%d家单位，%s%s）", quarterName(q.Quarter, a.Year == 0)+a.inPart(q.Quarter), q.Inspections, q.Units, cover, du.Coverage(q)))
		}
	}
	p := fmt.Sprintf("系统已知企业%d家，统计期内共记录带队检查%d次", du.Enterprises, du.Inspections())
	if len(qs) > 0 {
		p += "，其中" + strings.Join(qs, "，")
	}
	d.P("%s。", p)
	d.T(&Table{Caption: "表6　企业主要负责人带队检查", Header: QuarterHeader(), Rows: a.quarterRows()})
}

func (a *Annual) tipSection(d *Doc) {
	tp := a.Tips
	d.H1("举报受理情况")
	undone := "" // verified, then the hazard rejected: said, not counted
	if tp.VerifiedRejected > 0 {
		undone = fmt.Sprintf("（另有%d件查实后登记的隐患经核查被驳回，不计入属实）", tp.VerifiedRejected)
	}
	d.P("统计期内收到匿名举报%d件，其中不予受理%d件，受理%d件；经核查属实%d件%s，查实率%s（查实数÷受理数）；兑现举报奖励%d件，金额%s元。台账中来源为「举报查实」的隐患%d项%s。举报材料按保留期限删除后不再计入，如有差异以受理登记为准。",
		tp.Received, tp.Declined, tp.Accepted(), tp.Verified, undone, Rate(tp.Verified, tp.Accepted()), tp.Rewarded,
		strconv.FormatInt(tp.PaidYuan, 10), a.Total.BySource[safetybot.SourceTip], tipRejected(a.Total))
}

func (a *Annual) reviewSection(d *Doc) {
	if len(a.Tasks.Review) == 0 {
		return
	}
	d.Landscape(true) // eight columns: the section reads on landscape pages
	defer d.Landscape(false)
	d.H1("任务自查自评")
	d.P("方案%d项任务逐项自查情况见表7。完成情况按系统记录的完成度和完成时限评定；“期限已过（启用前）”的任务，其期限在系统启用前已过，请责任单位报送进展和佐证材料后据实评定。", len(a.Tasks.Review))
	rows := make([][]string, 0, len(a.Tasks.Review))
	for _, r := range a.Tasks.Review {
		row := r.Row()
		row[4] = r.Due                                     // what each deadline asks is in the workbook
		rows = append(rows, append(row[:1:1], row[2:]...)) // so is the action: the page is narrow
	}
	h := ReviewHeader()
	caption := "表7　三年行动任务自查自评表"
	if !a.campaignWording() {
		caption = "表7　方案任务自查自评表"
	}
	d.T(&Table{Caption: caption, Header: append(h[:1:1], h[2:]...), Rows: rows, Small: true})
}

func sourceList(t DomainYear) string {
	var parts []string
	for _, s := range Sources {
		if n := t.BySource[s]; n > 0 {
			part := fmt.Sprintf("%s%d项", s, n)
			if s == safetybot.SourceTip {
				part += tipRejected(t)
			}
			parts = append(parts, part)
		}
	}
	return strings.Join(parts, "、")
}

// tipRejected is what follows the count of 举报查实 hazards wherever the
// summary writes it (the hazard section's sources, the tip section): how
// many of them were then rejected, as the tip section's 属实 leaves them
// out (qa13 #4: 「举报查实2项」 beside 「属实1件」 with no word of the
// rejected one). "" when none was.
func tipRejected(t DomainYear) string {
	if n := t.RejectedBySource[safetybot.SourceTip]; n > 0 {
		return fmt.Sprintf("（其中%d项经核实驳回）", n)
	}
	return ""
}

// quarterName renders "2026-Q4" as 第四季度, or 2026年第四季度 with the year.
func quarterName(key string, withYear bool) string {
	y, _, _ := strings.Cut(key, "-Q")
	if withYear {
		return y + "年" + quarterLabel(key)
	}
	return quarterLabel(key)
}

// taskHeading names the task section after the plan summed up: the
// 2024–2026 campaign's is 三年行动任务推进情况, another plan's (a yearly
// 工作要点) 方案任务推进情况, and after the plan ended, no next plan
// imported, 原方案任务完成情况 (QA6c C6).
func (a *Annual) taskHeading() string {
	switch {
	case a.afterPlan():
		return "原方案任务完成情况"
	case strings.Contains(a.PlanTitle, "三年行动"):
		return "三年行动任务推进情况"
	}
	return "方案任务推进情况"
}
