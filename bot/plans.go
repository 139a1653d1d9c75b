package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"safetybot"
	"safetybot/plan"
)

func (e *Engine) planCommands() []*command {
	return []*command{
		{verb: "方案", alias: "plan", perm: permStaff, usage: "方案 [方案1]",
			summary: "当前方案、期限和定期职责；带编号查看归档的历史方案", run: e.showPlan},
	}
}

// dutyStanding says whether d continues after its plan ends (常态化) or ends
// with it (campaign-bound), as the plan data says (issue 11 §1). known is
// false for a duty that gives no basis for either (a plan file written by
// hand without it).
func dutyStanding(d *safetybot.Duty) (standing, known bool) {
	return d.Standing, d.Standing || d.Basis != "" || d.TaskNo != 0
}

var periodWords = map[string]string{
	safetybot.PeriodMonth: "每月", safetybot.PeriodQuarter: "每季度", safetybot.PeriodHalf: "每半年",
	safetybot.PeriodYear: "每年", safetybot.PeriodOnce: "一次",
}

// showPlan answers 方案: the loaded plan, or with 方案N an archived one.
func (e *Engine) showPlan(ctx context.Context, r *request) (string, error) {
	if len(r.args.Words) > 0 {
		id, ok := versionRef(r.args.Words[0])
		if !ok {
			return "", r.usageError(fmt.Sprintf("「%s」不是历史方案的编号，例如 方案1。", safetybot.Truncate(r.args.Words[0], 20)))
		}
		f, _, err := e.store.ArchivedPlan(ctx, id)
		if err != nil {
			return "", err
		}
		tasks := make([]*safetybot.Task, len(f.Tasks))
		for i := range f.Tasks {
			tasks[i] = &f.Tasks[i]
		}
		note, err := e.versionNote(ctx, id)
		if err != nil {
			return "", err
		}
		head := fmt.Sprintf("历史方案「方案%d」（已归档，只读%s）：《%s》\n", id, note, f.Title)
		return strings.TrimRight(head+e.planBody(&f.Plan, tasks, f.Duties, fmt.Sprintf("任务 方案%d", id), true), "\n"), nil
	}
	p, err := e.store.Plan(ctx)
	if err != nil {
		return "", err
	}
	duties, err := e.store.Duties(ctx)
	if err != nil {
		return "", err
	}
	tasks := make([]*safetybot.Task, len(p.Tasks))
	for i := range p.Tasks {
		tasks[i] = &p.Tasks[i]
	}
	vs, err := e.store.PlanVersions(ctx)
	if err != nil {
		return "", err
	}
	notes, imported := plan.VersionNotes(vs, p)
	var b strings.Builder
	fmt.Fprintf(&b, "当前方案：《%s》", p.Title)
	if imported != "" {
		fmt.Fprintf(&b, "（%s）", imported)
	}
	b.WriteString("\n")
	b.WriteString(e.planBody(p, tasks, duties, "任务", false))
	b.WriteString(e.planEnd(ctx, p, duties))
	if len(vs) > 0 {
		// One line each, with its whole title and when it was imported
		// and archived: revisions share title and period (QA2 item 5).
		b.WriteString("\n历史方案（已归档，只读）：")
		for i, v := range vs {
			fmt.Fprintf(&b, "\n· 方案%d《%s》：%s 至 %s，%d 项任务；%s", v.ID, safetybot.Truncate(v.Title, 40), v.Start, v.End, v.Tasks, notes[i])
		}
		fmt.Fprintf(&b, "\n发送「方案 方案%d」或「任务 方案%d <编号>」查看。", vs[len(vs)-1].ID, vs[len(vs)-1].ID)
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

// versionNote is "；<when imported>，<when and why archived>" of archived
// plan id, for the head of 方案 方案N; "" for an id not archived (the
// store then says it has no such plan).
func (e *Engine) versionNote(ctx context.Context, id int64) (string, error) {
	vs, err := e.store.PlanVersions(ctx)
	if err != nil {
		return "", err
	}
	p, err := e.store.Plan(ctx)
	if err != nil {
		return "", err
	}
	notes, _ := plan.VersionNotes(vs, p)
	for i, v := range vs {
		if v.ID == id {
			return "；" + notes[i], nil
		}
	}
	return "", nil
}

// planBody is the period, the phase of today, the task counts and the
// recurring duties of p. taskCmd is how its tasks are listed. An archived
// plan has no days left nor a current phase: it is no longer run (even
// when it was archived early, with plan import --now), and its tasks are
// judged on its last day or today, whichever is earlier.
func (e *Engine) planBody(p *safetybot.Plan, tasks []*safetybot.Task, duties []safetybot.Duty, taskCmd string, archived bool) string {
	var b strings.Builder
	today := e.today()
	start, end := p.Period()
	fmt.Fprintf(&b, "期限：%s 至 %s", start, end)
	asOf := today
	switch last, err := end.Time(); {
	case archived:
		b.WriteString("（已归档，不再执行）")
		if end != "" && end < asOf {
			asOf = end
		}
	case err == nil && today >= start && today <= end:
		now, _ := today.Time()
		fmt.Fprintf(&b, "（还剩 %d 天）", int(last.Sub(now).Hours()/24)+1)
	case today > end:
		b.WriteString("（已结束）")
	}
	for _, ph := range p.Phases {
		if !archived && ph.Start <= today && today <= ph.End {
			fmt.Fprintf(&b, "；当前阶段：%s（%s 至 %s）", ph.Name, ph.Start, ph.End)
		}
	}
	counts := map[string]int{}
	for _, st := range e.taskStates(tasks, asOf, end) {
		counts[st]++
	}
	fmt.Fprintf(&b, "\n任务 %d 项：%s。发送「%s」查看。\n", len(tasks), taskCounts(counts), taskCmd)
	b.WriteString(recurringDuties(duties))
	return b.String()
}

// recurringDuties lists the duties that are not derived from the plan (task
// deadlines, plan end), one line per duty in the plan's words; the
// per-working-group copies of a duty are one line.
func recurringDuties(duties []safetybot.Duty) string {
	type line struct {
		text   string
		groups int
	}
	var order []string
	lines := map[string]*line{}
	var standing, bound, unknown []string
	for _, d := range duties {
		if plan.Derived(&d) {
			continue
		}
		base, _, grouped := strings.Cut(d.Key, ":")
		if l := lines[base]; l != nil && grouped {
			l.groups++
			continue
		}
		text := fmt.Sprintf("· %s｜%s：%s", periodWords[d.Period], d.Name, safetybot.Truncate(d.Quote, 60))
		if grouped {
			text = fmt.Sprintf("· %s｜%s", periodWords[d.Period], safetybot.Truncate(d.Quote, 60))
		}
		if d.Due != "" {
			text += "（期限 " + d.Due + "）"
		}
		lines[base] = &line{text: text, groups: 1}
		order = append(order, base)
		switch st, known := dutyStanding(&d); {
		case !known:
			unknown = append(unknown, base)
		case st:
			standing = append(standing, base)
		default:
			bound = append(bound, base)
		}
	}
	render := func(keys []string) string {
		var b strings.Builder
		for _, k := range keys {
			b.WriteString(lines[k].text)
			if n := lines[k].groups; n > 1 {
				fmt.Fprintf(&b, "（%d 个专班各一项）", n)
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	if len(order) == 0 {
		return "方案没有定期职责。\n"
	}
	var b strings.Builder
	if len(standing) > 0 {
		fmt.Fprintf(&b, "常态化职责 %d 项（方案结束后继续提醒）：\n%s", len(standing), render(standing))
	}
	if len(bound) > 0 {
		fmt.Fprintf(&b, "随方案结束的职责 %d 项：\n%s", len(bound), render(bound))
	}
	if len(unknown) > 0 {
		fmt.Fprintf(&b, "定期职责 %d 项（方案数据尚未标注哪些为常态化、哪些随方案结束）：\n%s", len(unknown), render(unknown))
	}
	return b.String()
}

// planEnd says when the admins are reminded that the plan ends, and
// whether they confirmed. The reminder day is the stored rule's (1 December
// for a plan ending 31 December, or the day after the plan was loaded when
// that was later: plan.EndDuty), and the words follow today: advice to be
// reminded on a day already past, or to act on a plan already ended, was
// stale (QA6c item 12).
func (e *Engine) planEnd(ctx context.Context, p *safetybot.Plan, duties []safetybot.Duty) string {
	_, end := p.Period()
	d := plan.DutyFor(duties, plan.EndDutyKey+string(end))
	if d == nil {
		return ""
	}
	recs, err := e.store.DutyRecords(ctx, d.Key, safetybot.PeriodOnce)
	if err != nil {
		return ""
	}
	if len(recs) > 0 {
		return e.planEndConfirmed(ctx, end, recs)
	}
	var day safetybot.Date
	if rules, err := e.store.Rules(ctx); err == nil {
		for _, r := range rules {
			if r.Duty == d.Key && r.From != "" {
				day = r.From
			}
		}
	}
	return planEndAdvice(e.now(), day, end)
}

// planImportCmd is the command that imports the next plan, as the README
// and the plan-end reminder give it: 方案's line shows what an operator
// types, not the bare subcommand name.
const planImportCmd = "safetybot plan import <方案文件>"

// planEndAdvice is 方案's line on an unconfirmed plan end, as of now: the
// reminder still to come, the reminder sent, or the plan ended with no
// next plan imported. Before the end the import is dated, as the reminder
// dates it: plan import refuses to archive a plan still running.
func planEndAdvice(now time.Time, day, end safetybot.Date) string {
	today := safetybot.DateOf(now)
	confirm := fmt.Sprintf("确认后发送「完成 %s」", plan.EndDutyName)
	next := "导入下一期方案（新方案开始当天或之后运行 " + planImportCmd + "）"
	switch {
	case end != "" && today > end:
		return fmt.Sprintf("方案到期：方案已于 %s 结束，尚未导入下一期方案。请管理员导入下一期方案（%s）；暂不导入的，请确认上面的常态化职责，%s。\n", end, planImportCmd, confirm)
	case day == "":
		return fmt.Sprintf("方案到期：提醒管理员%s或确认常态化职责；%s。\n", next, confirm)
	case today > day || today == day && now.In(safetybot.Shanghai).Hour() >= 9:
		return fmt.Sprintf("方案到期：已于 %s 提醒管理员%s或确认常态化职责，尚未确认；%s。\n", day, next, confirm)
	}
	return fmt.Sprintf("方案到期：%s 提醒管理员%s或确认常态化职责；%s。\n", day, next, confirm)
}

// planEndConfirmed says who confirmed the plan end. Only admins may
// (dutyRefusal), but staff could before that was checked, and 方案 said
// "管理员已确认" of their record too (QA report item 4): a record by no
// admin is named as such, with how an admin takes it back.
func (e *Engine) planEndConfirmed(ctx context.Context, end safetybot.Date, recs []safetybot.DutyRecord) string {
	for _, r := range recs {
		if u, err := e.store.User(ctx, r.Actor); err == nil && u.Has(safetybot.RoleAdmin) {
			return fmt.Sprintf("方案到期（%s）：管理员已确认，到期提醒不再发送。\n", end)
		}
	}
	return fmt.Sprintf("方案到期（%s）：%s登记已确认，但登记人不是管理员，到期提醒因此不再发送；管理员核实后可发送「完成 撤销 %s」撤回，再自行确认。\n",
		end, e.name(ctx, recs[0].Actor), plan.EndDutyName)
}

// versionRef reads 方案3 (or #3) as archived plan 3.
func versionRef(w string) (int64, bool) {
	w = strings.TrimPrefix(strings.TrimPrefix(w, "方案"), "#")
	id, err := strconv.ParseInt(w, 10, 64)
	return id, err == nil && id > 0
}

// archivedTasks answers 任务 方案N [编号] and 任务 <年份> [编号] for a year an
// archived plan covered: its tasks, or one with its updates. ok is false
// when the first word names no archived plan (the loaded plan's tasks).
func (e *Engine) archivedTasks(ctx context.Context, r *request) (string, bool, error) {
	if len(r.args.Words) == 0 {
		return "", false, nil
	}
	w := r.args.Words[0]
	var id int64
	switch {
	case strings.HasPrefix(w, "方案") || strings.HasPrefix(w, "#"):
		var ok bool
		if id, ok = versionRef(w); !ok {
			return "", true, r.usageError(fmt.Sprintf("「%s」不是历史方案的编号，例如 方案1。", safetybot.Truncate(w, 20)))
		}
	case len(w) == 4 && w >= "2000" && w <= "2100":
		year, _ := strconv.Atoi(w)
		vs, err := e.store.PlanVersions(ctx)
		if err != nil {
			return "", true, err
		}
		cur, err := e.store.Plan(ctx)
		if err != nil {
			return "", true, err
		}
		for _, v := range vs {
			p := safetybot.Plan{Phases: []safetybot.Phase{{Start: v.Start, End: v.End}}}
			if p.Covers(year) && !cur.Covers(year) {
				id = v.ID
			}
		}
		if id == 0 {
			return "", false, nil
		}
	default:
		return "", false, nil
	}
	f, ups, err := e.store.ArchivedPlan(ctx, id)
	if err != nil {
		return "", true, err
	}
	reply, err := e.archivedTaskReply(ctx, r, id, f, ups)
	return reply, true, err
}

func (e *Engine) archivedTaskReply(ctx context.Context, r *request, id int64, f *safetybot.PlanFile, ups []safetybot.TaskUpdate) (string, error) {
	asOf := e.today()
	_, end := f.Period()
	if end != "" && end < asOf {
		asOf = end // an archived plan's tasks are judged on its last day
	}
	tasks := make([]*safetybot.Task, len(f.Tasks))
	for i := range f.Tasks {
		tasks[i] = &f.Tasks[i]
	}
	states := e.taskStates(tasks, asOf, end)
	var b strings.Builder
	if len(r.args.Words) < 2 {
		fmt.Fprintf(&b, "方案%d《%s》（已归档）任务 %d 项：\n", id, safetybot.Truncate(f.Title, 30), len(f.Tasks))
		for i, t := range f.Tasks {
			fmt.Fprintf(&b, "%d %s｜%s %d%%\n", t.No, safetybot.Truncate(t.Title, 14), states[i], t.Progress)
		}
		fmt.Fprintf(&b, "发送「任务 方案%d <编号>」查看详情。", id)
		return b.String(), nil
	}
	no, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSuffix(r.args.Words[1], "项"), "第"))
	if err != nil {
		return "", r.usageError(fmt.Sprintf("「%s」不是任务编号。", safetybot.Truncate(r.args.Words[1], 20)))
	}
	for i, t := range f.Tasks {
		if t.No != no {
			continue
		}
		fmt.Fprintf(&b, "方案%d 任务 %d：%s\n状态（截至 %s）：%s，完成度 %d%%\n", id, t.No, t.Title, asOf, states[i], t.Progress)
		for _, d := range t.Deadlines {
			fmt.Fprintf(&b, "期限 %s：%s\n", d.Due, d.What)
		}
		fmt.Fprintf(&b, "要求：%s\n", safetybot.Truncate(t.Text, 160))
		n := 0
		for _, u := range ups {
			if u.TaskNo != no {
				continue
			}
			if n == 0 {
				b.WriteString("进展：")
			}
			n++
			fmt.Fprintf(&b, "\n%s %s：%s", u.At.In(safetybot.Shanghai).Format(time.DateOnly), e.name(ctx, u.Actor), u.TrailNote())
			if u.Progress >= 0 {
				fmt.Fprintf(&b, "（%d%%）", u.Progress)
			}
		}
		if n == 0 {
			b.WriteString("暂无进展记录。")
		}
		return strings.TrimRight(b.String(), "\n"), nil
	}
	return "", safetybot.Errorf(safetybot.ENOTFOUND, "方案%d 没有第 %d 项任务（共 %d 项）。发送「任务 方案%d」查看清单。", id, no, len(f.Tasks), id)
}
