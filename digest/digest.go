// Package digest renders the leaders' daily digest (领导每日摘要): what is
// urgent in the hazard ledger, the plan's tasks behind their deadlines, the
// duties due this week and not yet done, and the anonymous reports awaiting
// triage. The 摘要 command (bot) and the 08:30 rule (scheduler) both use it,
// so neither imports the other.
package digest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/plan"
)

// MaxBytes is WeCom's limit on a markdown message's content.
const MaxBytes = 2048

// listLimit is how many hazards of each list are read; the renderer shows
// as many as fit.
const listLimit = 8

// DutyDue is a duty with a reminder this week and not done for its period.
type DutyDue struct {
	Name   string
	Period string
	Next   time.Time
}

// Facts is everything the digest says. TasksBehind keeps the tasks
// behind by TaskStatus (a deadline passed after the system started, or a
// report below 100% on one that passed before); a task whose deadlines all
// passed before Since, and that nobody has reported on, is in PreStart:
// one line asking for a report, not an overdue list.
type Facts struct {
	*safetybot.DigestFacts
	Duties   []DutyDue
	Late     []DutyLate // duties past their deadline, not registered done
	Since    safetybot.Date
	PreStart []*safetybot.Task
	// PlanEnded is the last day of the current plan once it has ended
	// (no next plan imported), "" while it runs.
	PlanEnded safetybot.Date
	// Names maps the responsible persons (责任人) of the listed hazards to
	// the names to show (see Name); nil shows userids.
	Names map[string]string
}

// Name fills f.Names for the assignees of the listed overdue and major
// hazards from d. It runs outside the store's snapshot: a look-up may wait
// on WeCom.
func (f *Facts) Name(ctx context.Context, d safetybot.Directory) {
	names := safetybot.NewNames(d)
	f.Names = map[string]string{}
	for _, list := range [][]*safetybot.Hazard{f.OverdueList, f.MajorList} {
		for _, h := range list {
			if h.Assignee != "" {
				f.Names[h.Assignee] = names.Name(ctx, h.Assignee)
			}
		}
	}
}

// assignee is how h's responsible person is shown in a list item.
func (f *Facts) assignee(h *safetybot.Hazard) string {
	if h.Assignee == "" {
		return "未指派"
	}
	if n := f.Names[h.Assignee]; n != "" {
		return "责任人" + safetybot.MarkdownText(n)
	}
	return "责任人" + safetybot.MarkdownText(h.Assignee)
}

// Gather reads the facts at now, all from one snapshot (store.View), so
// the digest's sections agree with each other while people write.
func Gather(ctx context.Context, s safetybot.Store, now time.Time) (*Facts, error) {
	var f *Facts
	err := s.View(ctx, func(v safetybot.Store) error {
		df, err := v.DigestFacts(ctx, now, listLimit)
		if err != nil {
			return err
		}
		f = &Facts{DigestFacts: df}
		if f.Since, err = v.Since(ctx); err != nil {
			return err
		}
		f.splitPreStart()
		p, err := v.Plan(ctx)
		if err != nil {
			return err
		}
		f.dropEndedPlan(p)
		duties, err := v.Duties(ctx)
		if err != nil {
			return err
		}
		if f.Duties, err = dutiesDue(ctx, v, duties, now, 7*24*time.Hour); err != nil {
			return err
		}
		f.Late, err = lateDuties(ctx, v, duties, now, f.Since, f.PlanEnded != "")
		return err
	})
	return f, err
}

// splitPreStart moves the tasks behind only on deadlines before Since and
// not reported on yet out of TasksBehind into PreStart (one line asking for
// a report); a reported task below 100% stays behind (TaskStatus).
func (f *Facts) splitPreStart() {
	today := safetybot.DateOf(f.Now)
	behind := f.TasksBehind[:0:0]
	for _, t := range f.TasksBehind {
		switch export.TaskState(t, today, f.Since) {
		case export.TaskBehind:
			behind = append(behind, t)
		case export.TaskPreStart:
			f.PreStart = append(f.PreStart, t)
		}
	}
	f.TasksBehind = behind
}

// dropEndedPlan leaves the plan's tasks out once the plan p has ended with
// no next plan imported (PlanEnded: after the last day of its phases): it
// is no longer run, its final state is the summary's, and a daily
// "任务期限已过（启用前），请报进展" to leaders all through 2027 asked for
// work on a plan that was over (QA6c C3). The late duties bound to the
// campaign end with it, by the same rule (lateDuties).
func (f *Facts) dropEndedPlan(p *safetybot.Plan) {
	if _, end := p.Period(); end != "" && safetybot.DateOf(f.Now) > end {
		f.TasksBehind, f.PreStart, f.PlanEnded = nil, nil, end
	}
}

// dutiesDue lists the duties (s.Duties) with a reminder in [now,
// now+within) that are not done for the period of that reminder, soonest
// first, one line a duty.
func dutiesDue(ctx context.Context, s safetybot.Store, duties []safetybot.Duty, now time.Time, within time.Duration) ([]DutyDue, error) {
	rules, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []DutyDue
	for _, r := range rules {
		if r.Kind != safetybot.RuleDuty || r.Paused {
			continue
		}
		d := plan.DutyFor(duties, r.Duty)
		if d == nil {
			continue
		}
		sched, err := plan.ParseSpec(r.Spec)
		if err != nil {
			continue
		}
		for _, occ := range plan.Occurrences(r, sched, now.Add(-time.Second), now.Add(within), 0) {
			period := safetybot.PeriodKey(d.Period, occ)
			if seen[d.Key+"|"+period] {
				continue
			}
			seen[d.Key+"|"+period] = true
			done, err := s.DutyDone(ctx, d.Key, period)
			if err != nil {
				return nil, err
			}
			if d.Key == safetybot.DutyInspection {
				all, err := s.EnterprisesInspected(ctx, period)
				if err != nil {
					return nil, err
				}
				done = all && done
			}
			if !done {
				out = append(out, DutyDue{Name: d.Name, Period: period, Next: occ})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Next.Before(out[j].Next) })
	return out, nil
}

// Build gathers and renders the digest at now, people named by d (nil:
// userids).
func Build(ctx context.Context, s safetybot.Store, d safetybot.Directory, now time.Time) (string, error) {
	f, err := Gather(ctx, s, now)
	if err != nil {
		return "", err
	}
	f.Name(ctx, d)
	return Render(f), nil
}

// section is one block of the digest: a headline that is always shown and
// items shown while they fit, in the order of urgency.
type section struct {
	head  string
	items []string
	more  int // items known but not listed (beyond what was read)
}

// Render writes the digest as WeCom markdown of at most MaxBytes bytes,
// sections in order of urgency. Every headline (with its count) always fits;
// list items fill the remaining budget, two per section first, most urgent
// section first, then more of each; a list cut short says how many more.
func Render(f *Facts) string {
	now := f.Now.In(safetybot.Shanghai)
	title := fmt.Sprintf("**安全生产每日摘要** %s\n", now.Format("2006-01-02 15:04"))
	var secs []*section
	add := func(head string, items []string, total int) {
		s := &section{head: head, items: items}
		if total > len(items) {
			s.more = total - len(items)
		}
		secs = append(secs, s)
	}
	today := safetybot.DateOf(now)
	// hz is a hazard's line. Its unit and description are what anyone who
	// reported it typed: made inert (MarkdownText), so no link or mark
	// reaches the leaders through the digest.
	hz := func(h *safetybot.Hazard, extra string) string {
		unit := ""
		if h.Unit != "" {
			unit = safetybot.MarkdownText(h.Unit) + "："
		}
		return fmt.Sprintf("> %s %s%s%s", h.Number, unit, safetybot.MarkdownText(safetybot.OneLine(h.Description, 24)), extra)
	}
	var items []string
	for _, h := range f.OverdueList {
		items = append(items, hz(h, fmt.Sprintf("（%s，逾期%d天，%s）", h.Grade, daysBetween(h.Deadline, today), f.assignee(h))))
	}
	add(fmt.Sprintf("🔴 **逾期未整改 %d 条**（重大 %d）", f.Overdue, f.OverdueMajor), items, f.Overdue)
	items = nil
	for _, h := range f.MajorList {
		extra := "（" + string(h.Status)
		if h.Deadline != "" {
			extra += "，期限 " + string(h.Deadline)
		}
		extra += "，" + f.assignee(h)
		items = append(items, hz(h, extra+"）"))
	}
	add(fmt.Sprintf("🟠 **在办重大隐患 %d 条**", f.OpenMajor), items, f.OpenMajor)
	items = nil
	for _, h := range f.DueSoonList {
		items = append(items, hz(h, "（期限 "+string(h.Deadline)+"）"))
	}
	add(fmt.Sprintf("🟡 **3天内到期 %d 条**", f.DueSoon), items, f.DueSoon)
	items = nil
	for _, h := range newOrder(f.NewList) {
		items = append(items, hz(h, "（"+newLabel(h)+"）"))
	}
	add(fmt.Sprintf("🆕 **近24小时新增 %d 条**", f.New24h), items, f.New24h)
	items = nil
	for _, t := range f.TasksBehind {
		due := ""
		for _, d := range t.Deadlines {
			if d.Due < today {
				due = string(d.Due)
			}
		}
		items = append(items, fmt.Sprintf("> 任务%d %s（期限 %s，完成度 %d%%）", t.No, safetybot.MarkdownText(safetybot.OneLine(t.Title, 20)), due, t.Progress))
	}
	if f.PlanEnded != "" {
		add(fmt.Sprintf("📋 方案已于 %s 结束，尚未导入下一期方案，其任务不再列入摘要", f.PlanEnded), nil, 0)
	} else {
		add(fmt.Sprintf("📋 **方案任务逾期 %d 项**", len(f.TasksBehind)), items, len(f.TasksBehind))
	}
	items = nil
	for _, d := range f.Late {
		when := safetybot.PeriodName(d.Period) + "，"
		if d.Period == safetybot.PeriodOnce {
			when = ""
		}
		items = append(items, fmt.Sprintf("> %s（%s%s截止，逾期%d天）", safetybot.MarkdownText(d.Name), when, d.Due, daysBetween(d.Due, today)))
	}
	if len(f.Late) > 0 {
		add(fmt.Sprintf("⏰ **逾期未登记职责 %d 项**（做过的请发送「完成 <事项> 日期:…」补记）", len(f.Late)), items, len(f.Late))
	}
	items = nil
	for _, d := range f.Duties {
		items = append(items, fmt.Sprintf("> %s（%s，%s提醒）", safetybot.MarkdownText(d.Name), safetybot.PeriodName(d.Period), d.Next.In(safetybot.Shanghai).Format("01-02")))
	}
	add(fmt.Sprintf("📅 **本周待办职责 %d 项**（未登记完成）", len(f.Duties)), items, len(f.Duties))
	if len(f.PreStart) > 0 {
		add(fmt.Sprintf("📝 %d 项任务%s（发送「任务」查看）", len(f.PreStart), export.PreStartPrompt), nil, 0)
	}
	if f.TipsAwaitingOK {
		add(fmt.Sprintf("✉️ **匿名举报待受理 %d 件**", f.TipsAwaiting), nil, 0)
	}
	footer := rateLine(f.DigestFacts, now.Year()) + fmt.Sprintf("，在办 %d 条\n发送「隐患 逾期」查看全部逾期隐患。", f.OpenTotal)

	// Budget: title, every headline (with room for its "…另 N 条"), footer.
	moreLine := func(n int) string { return fmt.Sprintf("> …另 %d 条", n) }
	budget := MaxBytes - len(title) - len(footer) - 1
	for _, s := range secs {
		budget -= len(s.head) + 1
		if len(s.items) > 0 || s.more > 0 {
			budget -= len(moreLine(len(s.items)+s.more)) + 1
		}
	}
	// Two passes: the first two items of every section, most urgent section
	// first; then the rest of each section while the budget lasts.
	shown := make([]int, len(secs))
	for _, quota := range []int{2, listLimit} {
		for i, s := range secs {
			for shown[i] < len(s.items) && shown[i] < quota {
				it := s.items[shown[i]]
				if len(it)+1 > budget {
					break
				}
				budget -= len(it) + 1
				shown[i]++
			}
		}
	}
	var b strings.Builder
	b.WriteString(title)
	for i, s := range secs {
		b.WriteString(s.head + "\n")
		for _, it := range s.items[:shown[i]] {
			b.WriteString(it + "\n")
		}
		if rest := len(s.items) - shown[i] + s.more; rest > 0 && shown[i] > 0 {
			b.WriteString(moreLine(rest) + "\n")
		}
	}
	b.WriteString(footer)
	return b.String()
}

func daysBetween(from, to safetybot.Date) int {
	a, err1 := from.Time()
	b, err2 := to.Time()
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(b.Sub(a).Hours()+12) / 24
}

// rateLine is the digest's closing rate, rounded as the annual summary
// rounds it: this year's, or, while the year has no hazard yet (its first
// days), last year's, said as such. 「2027年隐患整改销号率 —（0/0）」 all
// through early January told leaders nothing (QA13 item 4).
func rateLine(f *safetybot.DigestFacts, year int) string {
	if f.YearTotal == 0 && f.LastYearTotal > 0 {
		return fmt.Sprintf("📈 %d年暂无新登记隐患；%d年隐患整改销号率 %s（%d/%d）",
			year, year-1, export.Rate(f.LastYearClosed, f.LastYearTotal), f.LastYearClosed, f.LastYearTotal)
	}
	return fmt.Sprintf("📈 %d年隐患整改销号率 %s（%d/%d）", year, export.Rate(f.YearClosed, f.YearTotal), f.YearClosed, f.YearTotal)
}
