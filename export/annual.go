package export

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"safetybot"
)

// DomainYear is one field's hazard figures for the period. Hazards counted
// are those found in the period (for whole years, the year of their
// number); their status is the status when the report is made. A rejected
// hazard (驳回: not a hazard, or a duplicate) is registered but never open
// and never a major hazard: Found = Closed + Rejected + Open.
type DomainYear struct {
	Domain   string
	Found    int            // registered (登记), rejected ones included
	BySource map[string]int // Found by 发现来源
	// RejectedBySource is Rejected by 发现来源: a source's count in
	// BySource includes its rejected hazards, said apart where it is
	// written (a 举报查实 hazard rejected is no verified report).
	RejectedBySource map[string]int
	Major            int // 重大隐患 found and not rejected
	MajorClosed      int // of those, closed (销号)
	MajorRejected    int // 重大 as registered, then rejected
	Closed           int // all grades, closed
	Rejected         int // 驳回
	Open             int // neither closed nor rejected
	Overdue          int // open and past their deadline on AsOf
}

// ClosureRate is closed ÷ (found − rejected), as "12.3%" ("—" for none).
func (d DomainYear) ClosureRate() string { return Rate(d.Closed, ClosureBase(d.Found, d.Rejected)) }

// MajorRate is major closed ÷ major (rejected ones excluded).
func (d DomainYear) MajorRate() string { return Rate(d.MajorClosed, d.Major) }

// MajorOpen is the major hazards neither closed nor rejected.
func (d DomainYear) MajorOpen() int { return d.Major - d.MajorClosed }

func (d *DomainYear) add(h *safetybot.Hazard, asOf safetybot.Date) {
	d.Found++
	d.BySource[h.SourceLabel()]++
	major := h.Grade == safetybot.GradeMajor
	switch h.Status {
	case safetybot.StatusClosed:
		d.Closed++
	case safetybot.StatusRejected:
		d.Rejected++
		if d.RejectedBySource == nil {
			d.RejectedBySource = map[string]int{}
		}
		d.RejectedBySource[h.SourceLabel()]++
		if major {
			d.MajorRejected++
		}
		return
	default:
		d.Open++
	}
	if major {
		d.Major++
		if h.Status == safetybot.StatusClosed {
			d.MajorClosed++
		}
	}
	if h.Overdue(asOf) {
		d.Overdue++
	}
}

// TaskYear is the plan's task figures when the report is made. Every task
// is in exactly one of Done, Behind, PreStart, InProgress, NotStarted.
type TaskYear struct {
	Total      int
	Done       int
	Behind     int // a deadline passed unfinished after the system started
	PreStart   int // only deadlines before the system started passed (期限已过（启用前）)
	InProgress int
	NotStarted int
	Updates    int  // progress reports made during the period
	Earlier    int  // progress reports made before the period (a task in progress may have none in it)
	Ended      bool // the plan had ended by the last day counted: every unfinished task is Behind (safetybot.JudgeTasks)
	Late       int  // progress reports on the plan filed after it ended, up to the last day counted (not in Updates)
	ByAction   []ActionProgress
	Review     []TaskReview // 自查自评: one row per task, plan order
}

// Annual is a period's figures: the statistics of the 年度工作总结 (one
// year) or of the campaign's 全面总结 (its whole span).
type Annual struct {
	Year      int            // the year summed up; 0 for a span of several years
	From, To  safetybot.Date // the period, both days included
	AsOf      safetybot.Date // the last day counted: today, or To when it is past
	Since     safetybot.Date // the first day the system holds a record of (store.Since)
	Generated time.Time
	PlanTitle string
	Phases    []safetybot.Phase
	Domains   []DomainYear // one per field, plan order
	Total     DomainYear
	Tasks     TaskYear
	Duties    Duties
	Tips      safetybot.TipYear // anonymous reports received in the period
}

// LoadAnnual computes the figures of year from the store as of now. Every
// figure is read from one snapshot (store.View), so hazards, tasks, duties
// and reports agree with each other even while people keep writing.
func LoadAnnual(ctx context.Context, s safetybot.Store, year int, now time.Time) (*Annual, error) {
	return LoadPeriod(ctx, s, safetybot.Date(fmt.Sprintf("%04d-01-01", year)), safetybot.Date(fmt.Sprintf("%04d-12-31", year)), now)
}

// LoadPeriod computes the figures of the days from..to (YYYY-MM-DD, both
// included) as of now, from one snapshot. When from is 1 January and to
// 31 December, hazards are counted by the year of their number; otherwise
// by the day they were found. It refuses (EINVALID, in words for the
// user) a date that does not parse, to before from, and a period with
// nothing to sum up (checkPeriod); other errors are the store's.
func LoadPeriod(ctx context.Context, s safetybot.Store, from, to safetybot.Date, now time.Time) (*Annual, error) {
	ft, err := from.Time()
	if err != nil {
		return nil, safetybot.Errorf(safetybot.EINVALID, "统计期间的开始日期「%s」不是有效日期，请写成 YYYY-MM-DD，例如 2026-01-01。", from)
	}
	tt, err := to.Time()
	if err != nil {
		return nil, safetybot.Errorf(safetybot.EINVALID, "统计期间的结束日期「%s」不是有效日期，请写成 YYYY-MM-DD，例如 2026-12-31。", to)
	}
	if tt.Before(ft) {
		return nil, safetybot.Errorf(safetybot.EINVALID, "统计期间的开始日期 %s 晚于结束日期 %s，请对调或改正。", from, to)
	}
	var a *Annual
	err = s.View(ctx, func(v safetybot.Store) error {
		if err := checkPeriod(ctx, v, from, to, now); err != nil {
			return err
		}
		var err error
		a, err = loadPeriod(ctx, v, ft, tt, now, func(ctx context.Context, v safetybot.Store) (*safetybot.Plan, []*safetybot.Task, []safetybot.TaskUpdate, error) {
			// The plan of the period's last year: an archived plan's tasks
			// stay in its years' reports.
			return v.PlanOfYear(ctx, tt.Year())
		})
		return err
	})
	return a, err
}

// wholeYears reports whether from..to is 1 January … 31 December.
func wholeYears(from, to time.Time) bool {
	return from.Month() == 1 && from.Day() == 1 && to.Month() == 12 && to.Day() == 31
}

// planSource gives the plan whose tasks a report reviews, with its tasks
// and their updates.
type planSource func(context.Context, safetybot.Store) (*safetybot.Plan, []*safetybot.Task, []safetybot.TaskUpdate, error)

func loadPeriod(ctx context.Context, s safetybot.Store, from, to time.Time, now time.Time, source planSource) (*Annual, error) {
	now = now.In(safetybot.Shanghai)
	asOfT := to
	if today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, safetybot.Shanghai); today.Before(to) {
		asOfT = today
	}
	a := &Annual{From: safetybot.DateOf(from), To: safetybot.DateOf(to), AsOf: safetybot.DateOf(asOfT), Generated: now}
	if from.Year() == to.Year() && wholeYears(from, to) {
		a.Year = from.Year()
	}
	var err error
	if a.Since, err = s.Since(ctx); err != nil {
		return nil, err
	}
	p, tasks, ups, err := source(ctx, s)
	if err != nil {
		return nil, err
	}
	a.PlanTitle, a.Phases = p.Title, p.Phases
	idx := map[string]int{}
	for _, d := range DomainNames(p.Domains, nil) {
		idx[d] = len(a.Domains)
		a.Domains = append(a.Domains, DomainYear{Domain: d, BySource: map[string]int{}})
	}
	a.Total = DomainYear{Domain: "合计", BySource: map[string]int{}}
	blank := -1
	err = eachPeriodHazard(ctx, s, from, to, func(h *safetybot.Hazard) {
		i, ok := idx[h.Domain]
		if !ok {
			i = len(a.Domains)
			idx[h.Domain] = i
			a.Domains = append(a.Domains, DomainYear{Domain: h.Domain, BySource: map[string]int{}})
			if h.Domain == "" {
				blank = i
			}
		}
		a.Domains[i].add(h, a.AsOf)
		a.Total.add(h, a.AsOf)
	})
	if err != nil {
		return nil, err
	}
	if blank >= 0 { // 未分类 comes last, as DomainNames puts it
		b := a.Domains[blank]
		a.Domains = append(append(a.Domains[:blank:blank], a.Domains[blank+1:]...), b)
	}

	end, ended := a.planEnded(now)
	judged, day := safetybot.JudgeTasks(tasks, a.AsOf, end, ended)
	a.Tasks.Total = len(tasks)
	for _, t := range judged {
		switch TaskState(t, day, a.Since) {
		case TaskDone:
			a.Tasks.Done++
		case TaskBehind:
			a.Tasks.Behind++
		case TaskPreStart:
			a.Tasks.PreStart++
		case TaskInProgress:
			a.Tasks.InProgress++
		default:
			a.Tasks.NotStarted++
		}
	}
	a.Tasks.ByAction = TasksByAction(p.Actions, judged, day, a.Since)
	for _, u := range ups {
		switch d := safetybot.DateOf(u.At); {
		case ended && d > end && d <= a.AsOf:
			// Filed on the ended plan after its end: not the period's
			// work on it (QA6c C6), said apart.
			a.Tasks.Late++
		case d < a.From:
			a.Tasks.Earlier++
		case d <= a.AsOf:
			a.Tasks.Updates++
		}
	}
	a.Tasks.Review = ReviewTasks(p, tasks, ups, a.AsOf, a.Since)
	for i := range a.Tasks.Review { // plan order, as judged
		a.Tasks.Review[i].State = TaskLabel(judged[i], day, a.Since)
	}
	a.Tasks.Ended = ended

	// Duty records by their day, not their month or quarter: a period that
	// ends or begins inside one counts only what was done in it (QA9 #1).
	counts, err := s.DutyCountsBetween(ctx, a.From, a.To)
	if err != nil {
		return nil, err
	}
	ents, err := s.Enterprises(ctx)
	if err != nil {
		return nil, err
	}
	counts = EnterpriseCounts(counts, ents)
	// Whether a duty was done is judged on the whole months and quarters
	// the period touches, up to AsOf (DutyCompliance).
	whole := counts
	if qs := quarterStart(from); qs != a.From && a.AsOf >= qs {
		if whole, err = s.DutyCountsBetween(ctx, qs, a.AsOf); err != nil {
			return nil, err
		}
		whole = EnterpriseCounts(whole, ents)
	}
	// Months after today are not counted (asOfT is before from for a
	// period that has not begun: no month at all).
	a.Duties = DutyCompliance(counts, whole, from, asOfT, len(p.Groups), a.Since)
	due, err := studyMonths(ctx, s)
	if err != nil {
		return nil, err
	}
	markStudies(&a.Duties, due)
	a.Duties.Enterprises = len(ents)

	if a.Tips, err = s.TipsBetween(ctx, a.From, a.To); err != nil {
		return nil, err
	}
	return a, nil
}

// eachPeriodHazard calls fn with each hazard of the period, one at a time
// (memory does not grow with the ledger): by number year for whole years,
// else by the day found.
func eachPeriodHazard(ctx context.Context, s safetybot.Store, from, to time.Time, fn func(*safetybot.Hazard)) error {
	whole := wholeYears(from, to)
	f := safetybot.HazardFilter{}
	if whole && from.Year() == to.Year() {
		f.Year = from.Year()
	}
	fd, td := safetybot.DateOf(from), safetybot.DateOf(to)
	return s.EachHazard(ctx, f, func(h *safetybot.Hazard) error {
		if whole {
			if y := NumberYear(h.Number); y >= from.Year() && y <= to.Year() {
				fn(h)
			}
		} else if d := safetybot.DateOf(h.FoundAt); d >= fd && d <= td {
			fn(h)
		}
		return nil
	})
}

// NumberYear is the year in a hazard number ("YH2026-0001" → 2026), 0 if
// the number has none.
func NumberYear(number string) int {
	rest, ok := strings.CutPrefix(number, "YH")
	if !ok || len(rest) < 4 {
		return 0
	}
	y, err := strconv.Atoi(rest[:4])
	if err != nil {
		return 0
	}
	return y
}

// Title is the report's name, after the plan summed up: its title less
// the period and the word 方案 (planSubject), so the bureau the plan names
// heads the summary sent to 县安委办 and 市交通运输局 (QA6c C7):
// 沁水县交通运输安全生产治本攻坚三年行动2026年度工作总结, …（2024—2026年）
// 工作总结, 沁水县交通运输安全生产2027年度工作总结. A period after the plan
// ended, no next plan imported, is no year of that plan: it is the
// bureau's 安全生产 summary (QA6c C6). With no plan title, the campaign's
// generic names.
func (a *Annual) Title() string {
	from, _ := a.From.Time()
	to, _ := a.To.Time()
	if a.PlanTitle == "" {
		switch {
		case a.Year != 0:
			return fmt.Sprintf("%d年度交通运输领域安全生产治本攻坚工作总结", a.Year)
		case wholeYears(from, to):
			return fmt.Sprintf("安全生产治本攻坚三年行动（%d—%d年）工作总结", from.Year(), to.Year())
		}
		return fmt.Sprintf("%s至%s交通运输领域安全生产治本攻坚工作总结", cnDate(from), cnDate(to))
	}
	subject := planSubject(a.PlanTitle)
	if a.afterPlan() {
		subject = bureauOf(subject) + "安全生产"
	}
	switch {
	case a.Year != 0:
		return fmt.Sprintf("%s%d年度工作总结", subject, a.Year)
	case wholeYears(from, to):
		return fmt.Sprintf("%s（%s）工作总结", subject, a.PeriodName())
	}
	return fmt.Sprintf("%s%s至%s工作总结", subject, cnDate(from), cnDate(to))
}

// bureauOf is who a plan's subject names, the words before 安全生产
// (沁水县交通运输安全生产治本攻坚三年行动 → 沁水县交通运输); "" when it has
// none.
func bureauOf(subject string) string {
	if i := strings.Index(subject, "安全生产"); i > 0 {
		return subject[:i]
	}
	return ""
}

// campaign reports whether the plan summed up is the 2024–2026 three-year
// campaign (or unknown), whose summaries keep the campaign's wording.
func (a *Annual) campaign() bool {
	return a.PlanTitle == "" || strings.Contains(a.PlanTitle, "三年行动")
}

// afterPlan reports whether the period begins after the plan summed up
// ended: no plan covers it (the next one is not imported yet), and its
// summary does not speak as one of the plan's years.
func (a *Annual) afterPlan() bool {
	_, end := (&safetybot.Plan{Phases: a.Phases}).Period()
	return end != "" && a.From > end
}

// campaignWording reports whether headings and captions speak of the
// three-year campaign: a period of the campaign, not one after it.
func (a *Annual) campaignWording() bool {
	return a.campaign() && !a.afterPlan()
}

// planSubject is what a summary's title says of the plan: its title less
// the period in brackets and the words 方案 or 工作要点 at its end.
func planSubject(title string) string {
	s := strings.TrimSpace(title)
	if strings.HasSuffix(s, "）") || strings.HasSuffix(s, ")") {
		if i := strings.LastIndexAny(s, "（("); i > 0 {
			s = strings.TrimSpace(s[:i])
		}
	}
	for _, w := range []string{"实施方案", "工作方案", "方案", "工作要点", "要点"} {
		if t, ok := strings.CutSuffix(s, w); ok && t != "" {
			return t
		}
	}
	return s
}

// PeriodName is how the text names the period: 2026年, 2024—2026年, or
// the days.
func (a *Annual) PeriodName() string {
	from, _ := a.From.Time()
	to, _ := a.To.Time()
	switch {
	case a.Year != 0:
		return fmt.Sprintf("%d年", a.Year)
	case wholeYears(from, to) && from.Year() == to.Year():
		return fmt.Sprintf("%d年", from.Year())
	case wholeYears(from, to):
		return fmt.Sprintf("%d—%d年", from.Year(), to.Year())
	}
	return cnDate(from) + "至" + cnDate(to)
}

// quarterStart is the first day of t's quarter, in Beijing time.
func quarterStart(t time.Time) safetybot.Date {
	t = t.In(safetybot.Shanghai)
	return safetybot.DateOf(time.Date(t.Year(), (t.Month()-1)/3*3+1, 1, 0, 0, 0, 0, safetybot.Shanghai))
}
