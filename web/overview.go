package web

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/plan"
)

// DueSoonDays is how far ahead "due soon" looks.
const DueSoonDays = 7

// overviewData is the overview page's figures. Every number on the page
// comes from here, and the browser test compares them with the store.
type overviewData struct {
	Urgent      []*safetybot.Hazard // overdue 重大, most days overdue first, at most UrgentMax
	UrgentTotal int
	Total       int
	Open        int
	OpenMajor   int
	Overdue     int
	DueSoon     int
	Closed      int
	Rejected    int
	ClosureRate string // closed ÷ (all − rejected), all years
	Year        int
	YearFound   int
	YearRate    string
	ByDomain    []domainOpen
	Trend       []monthFlow
	Duties      export.Duties
	Actions     []export.ActionProgress

	// Plans are the plans whose summaries the page links: the current
	// plan (Ref "1") first, once it has begun, then the archived ones
	// (Ref "方案N"), each under its own title.
	Plans []planLink

	DomainChart template.HTML
	TrendChart  template.HTML
	DutyChart   template.HTML
	TaskChart   template.HTML
}

type domainOpen struct {
	Domain, Label             string
	General, Major, Total, Od int
}

// planLink is one plan's summary download on the overview.
type planLink struct {
	Title string
	Note  string // what tells it from a link of the same title: "方案1，<imported>，<archived>"; "" when none shares it
	Ref   string // the ?plan= value: "1" for the current plan, "方案N" for an archived one
}

// planLinks lists the current plan and the archived ones, newest archive
// first, for the summary downloads. A current plan not yet begun
// (imported early with --now) is left out: /summary refuses it, as
// report --plan does, having nothing to sum up. Links of the same title
// (revisions of one plan, each archived in full) say which is which:
// the current plan, or 方案N with when it was imported and archived
// (QA2 item 5: two identical 「…总结与自查自评（Word）」 links).
func planLinks(cur *safetybot.Plan, notBegun bool, vs []safetybot.PlanVersion) []planLink {
	title := cur.Title
	if title == "" {
		title = "当前方案"
	}
	notes, imported := plan.VersionNotes(vs, cur)
	var out []planLink
	if !notBegun {
		out = append(out, planLink{Title: title, Note: "当前方案，" + imported, Ref: "1"})
	}
	for i := len(vs) - 1; i >= 0; i-- {
		out = append(out, planLink{Title: vs[i].Title, Note: fmt.Sprintf("方案%d，%s", vs[i].ID, notes[i]), Ref: fmt.Sprintf("方案%d", vs[i].ID)})
	}
	titles := map[string]int{}
	for _, l := range out {
		titles[l.Title]++
	}
	for i := range out {
		if titles[out[i].Title] == 1 {
			out[i].Note = ""
		}
	}
	return out
}

type monthFlow struct {
	Month         string // 2026-11
	Label         string // 11月
	Found, Closed int
}

func (d *Dashboard) overview(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	ctx := r.Context()
	now := d.now()
	// One snapshot for every figure on the page (store.View), so the
	// counts agree with each other while people write.
	var l *ledgerFigures
	var tasks []*safetybot.Task
	var counts []safetybot.DutyCount
	var ents int
	var current *safetybot.Plan
	var versions []safetybot.PlanVersion
	err := d.store.View(ctx, func(v safetybot.Store) (err error) {
		if current, err = v.Plan(ctx); err != nil {
			return err
		}
		if versions, err = v.PlanVersions(ctx); err != nil {
			return err
		}
		if l, err = readLedgerFigures(ctx, v, d.plan.Domains, now); err != nil {
			return err
		}
		if tasks, err = v.Tasks(ctx); err != nil {
			return err
		}
		// Enterprise principals' inspections and their coverage count
		// enterprises only, as the report does (export.EnterpriseCounts),
		// counted by the store over its index of known enterprises.
		if counts, err = v.EnterpriseDutyCounts(ctx); err != nil {
			return err
		}
		ents, err = v.CountEnterprises(ctx)
		return err
	})
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	since, err := d.store.Since(ctx)
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	data := d.overviewFigures(l, tasks, counts, since, now)
	data.Duties.Enterprises = ents
	start, _ := current.Period()
	data.Plans = planLinks(current, start > safetybot.DateOf(now), versions)
	d.render(w, r, http.StatusOK, "overview", &page{User: u, Title: "总览", Nav: "overview", Data: data})
}

// ledgerFigures is what the overview reads about the hazard ledger: the
// store's tallies and the few hazards it lists, never the whole ledger, so
// a page load costs the same with 300 hazards or 300,000.
type ledgerFigures struct {
	Tally   []safetybot.Tally     // every hazard by status, grade, domain, year
	Overdue []safetybot.Tally     // open hazards past their deadline
	DueSoon []safetybot.Tally     // open hazards due from today to the end of the due-soon window
	Months  []safetybot.MonthFlow // found and closed per month, the last twelve
	Urgent  []*safetybot.Hazard
	Domains []string // export.DomainNames of the ledger
}

// readLedgerFigures reads the overview's ledger figures at now from v.
func readLedgerFigures(ctx context.Context, v safetybot.Store, plan []safetybot.Domain, now time.Time) (*ledgerFigures, error) {
	now = now.In(safetybot.Shanghai)
	today := safetybot.DateOf(now)
	l := &ledgerFigures{}
	var err error
	if l.Tally, err = v.HazardTally(ctx); err != nil {
		return nil, err
	}
	if l.Overdue, err = v.OpenDue(ctx, "", today); err != nil {
		return nil, err
	}
	// Up to and including the last due-soon day.
	if l.DueSoon, err = v.OpenDue(ctx, today, safetybot.DateOf(now.AddDate(0, 0, DueSoonDays+1))); err != nil {
		return nil, err
	}
	first := time.Date(now.Year(), now.Month()-11, 1, 0, 0, 0, 0, safetybot.Shanghai)
	if l.Months, err = v.HazardMonths(ctx, safetybot.Month(first), safetybot.Month(now)); err != nil {
		return nil, err
	}
	l.Urgent, err = v.Hazards(ctx, safetybot.HazardFilter{Overdue: true, Today: today, Grade: safetybot.GradeMajor,
		Order: safetybot.OrderUrgency, Limit: UrgentMax})
	if err != nil {
		return nil, err
	}
	l.Domains, err = ledgerDomains(ctx, v, plan, l.Tally)
	return l, err
}

// ledgerDomains is export.DomainNames without reading every hazard: the
// plan's domains, then the others the ledger holds, the one with the
// newest hazard first, then "" (未分类) when a hazard has no domain.
func ledgerDomains(ctx context.Context, v safetybot.Store, plan []safetybot.Domain, tally []safetybot.Tally) ([]string, error) {
	out := export.DomainNames(plan, nil)
	known := map[string]bool{}
	for _, d := range out {
		known[d] = true
	}
	type extra struct {
		name   string
		newest int64
	}
	var extras []extra
	blank := false
	for _, t := range tally {
		switch {
		case t.Domain == "":
			blank = true
		case !known[t.Domain]:
			known[t.Domain] = true
			id, err := v.NewestHazardOf(ctx, t.Domain)
			if err != nil {
				return nil, err
			}
			extras = append(extras, extra{t.Domain, id})
		}
	}
	slices.SortFunc(extras, func(a, b extra) int { return cmp.Compare(b.newest, a.newest) })
	for _, e := range extras {
		out = append(out, e.name)
	}
	if blank {
		out = append(out, "")
	}
	return out, nil
}

// overviewFigures computes the overview from the ledger's figures, the
// tasks and the duty records as of now, for a system holding records since
// since. It counts as the annual report does (export.DomainYear): a
// rejected hazard is never open, the year of a hazard is the year of its
// number.
func (d *Dashboard) overviewFigures(l *ledgerFigures, tasks []*safetybot.Task, counts []safetybot.DutyCount, since safetybot.Date, now time.Time) *overviewData {
	now = now.In(safetybot.Shanghai)
	today := safetybot.DateOf(now)
	o := &overviewData{Year: now.Year()}

	idx := map[string]int{}
	for _, dn := range l.Domains {
		idx[dn] = len(o.ByDomain)
		o.ByDomain = append(o.ByDomain, domainOpen{Domain: dn, Label: export.DomainLabel(dn)})
	}
	first := time.Date(now.Year(), now.Month()-11, 1, 0, 0, 0, 0, safetybot.Shanghai)
	months := map[string]int{}
	for m := first; !m.After(now); m = m.AddDate(0, 1, 0) {
		key := safetybot.Month(m)
		months[key] = len(o.Trend)
		o.Trend = append(o.Trend, monthFlow{Month: key, Label: fmt.Sprintf("%d月", m.Month())})
	}
	for _, m := range l.Months {
		if i, ok := months[m.Month]; ok {
			o.Trend[i].Found += m.Found
			o.Trend[i].Closed += m.Closed
		}
	}
	yearClosed, yearRejected := 0, 0
	for _, t := range l.Tally {
		o.Total += t.N
		inYear := t.Year == now.Year()
		if inYear {
			o.YearFound += t.N
		}
		switch {
		case t.Status == safetybot.StatusClosed:
			o.Closed += t.N
			if inYear {
				yearClosed += t.N
			}
		case t.Status == safetybot.StatusRejected:
			o.Rejected += t.N
			if inYear {
				yearRejected += t.N
			}
		default:
			o.Open += t.N
			row := &o.ByDomain[idx[t.Domain]]
			row.Total += t.N
			if t.Grade == safetybot.GradeMajor {
				o.OpenMajor += t.N
				row.Major += t.N
			} else {
				row.General += t.N
			}
		}
	}
	for _, t := range l.Overdue {
		o.Overdue += t.N
		o.ByDomain[idx[t.Domain]].Od += t.N
		if t.Grade == safetybot.GradeMajor {
			o.UrgentTotal += t.N
		}
	}
	for _, t := range l.DueSoon {
		o.DueSoon += t.N
	}
	o.Urgent = l.Urgent
	o.ClosureRate = export.Rate(o.Closed, export.ClosureBase(o.Total, o.Rejected))
	o.YearRate = export.Rate(yearClosed, export.ClosureBase(o.YearFound, yearRejected))
	o.Duties = export.DutyCompliance(counts, counts, first, now, len(d.plan.Groups), since)
	judged, day := d.judgeTasks(tasks, today)
	o.Actions = export.TasksByAction(d.plan.Actions, judged, day, since)
	o.charts(today, wordsFor(d.plan.Title).Actions)
	return o
}

func (o *overviewData) charts(today safetybot.Date, actionsHeading string) {
	var labels []string
	general := barSeries{Name: "一般隐患", Class: "s1"}
	major := barSeries{Name: "重大隐患", Class: "s2"}
	for _, r := range o.ByDomain {
		labels = append(labels, r.Label)
		general.Data = append(general.Data, r.General)
		major.Data = append(major.Data, r.Major)
	}
	o.DomainChart = both(func(z chartSize) template.HTML {
		return stackedRows(z, "未销号隐患（按领域、等级）", labels, []barSeries{major, general})
	})

	labels = nil
	found := barSeries{Name: "新发现", Class: "s1"}
	closed := barSeries{Name: "已销号", Class: "s3"}
	for _, m := range o.Trend {
		labels = append(labels, m.Label)
		found.Data = append(found.Data, m.Found)
		closed.Data = append(closed.Data, m.Closed)
	}
	months := labels
	o.TrendChart = both(func(z chartSize) template.HTML {
		return groupedBars(z, "近12个月隐患发现与销号", months, []barSeries{found, closed})
	})

	var cols []string
	topics := gridRow{Name: "党组议题"}
	groups := gridRow{Name: "专班研究"}
	current := safetybot.Month(mustTime(today))
	for _, m := range o.Duties.Months {
		cols = append(cols, monthLabel(m.Month))
		if !m.Enabled {
			// Before the system started: not judged, but what was
			// backfilled is shown, as the report shows it.
			off := gridCell{Text: "—", Class: "off", Title: m.Month + " " + export.NotEnabled}
			tc, gc := off, off
			if m.Topics > 0 {
				tc.Text = fmt.Sprintf("%d补", m.Topics)
				tc.Title = fmt.Sprintf("%s %s，补记局党组安全生产议题 %d 项", m.Month, export.NotEnabled, m.Topics)
			}
			if m.Groups > 0 {
				gc.Text = fmt.Sprintf("%d补", m.Groups)
				gc.Title = fmt.Sprintf("%s %s，补记工作专班专题研究 %d 个专班", m.Month, export.NotEnabled, m.Groups)
			}
			topics.Cells = append(topics.Cells, tc)
			groups.Cells = append(groups.Cells, gc)
			continue
		}
		tc := gridCell{Text: fmt.Sprint(m.Topics), Class: "ok", Title: fmt.Sprintf("%s 局党组安全生产议题 %d 项", m.Month, m.Topics)}
		if m.Topics == 0 {
			tc.Class, tc.Text = missOrPending(m.Month == current), "✗"
		}
		topics.Cells = append(topics.Cells, tc)
		gc := gridCell{Text: fmt.Sprintf("%d/%d", m.Groups, o.Duties.GroupsTotal), Class: "ok",
			Title: fmt.Sprintf("%s 工作专班专题研究 %d/%d 个专班", m.Month, m.Groups, o.Duties.GroupsTotal)}
		switch {
		case m.Groups == 0:
			gc.Class = missOrPending(m.Month == current)
		case m.Groups < o.Duties.GroupsTotal:
			gc.Class = "part"
		}
		groups.Cells = append(groups.Cells, gc)
	}
	o.DutyChart = both(func(z chartSize) template.HTML {
		return grid(z, "近12个月履职情况", cols, []gridRow{topics, groups})
	})

	var actions []string
	var pct []int
	var notes []string
	for _, a := range o.Actions {
		actions = append(actions, fmt.Sprintf("%d. %s", a.No, shortAction(a.Title)))
		pct = append(pct, a.Progress)
		note := fmt.Sprintf("完成%d/%d", a.Done, a.Tasks)
		if a.Behind > 0 {
			note += fmt.Sprintf("，逾期%d", a.Behind)
		}
		if a.PreStart > 0 {
			note += fmt.Sprintf("，启用前到期%d", a.PreStart)
		}
		notes = append(notes, note)
	}
	o.TaskChart = both(func(z chartSize) template.HTML {
		return progressRows(z, actionsHeading, actions, pct, notes)
	})
}

// missOrPending: the current month is not missed yet, only pending.
func missOrPending(current bool) string {
	if current {
		return "pending"
	}
	return "miss"
}

func mustTime(d safetybot.Date) time.Time {
	t, _ := d.Time()
	return t
}

// monthLabel renders "2026-01" as 1月 (with the year on January).
func monthLabel(key string) string {
	y, m, _ := strings.Cut(key, "-")
	m = strings.TrimPrefix(m, "0")
	if m == "1" {
		return y[2:] + "/1"
	}
	return m + "月"
}

// shortAction drops the 开展…行动 frame of an action title.
func shortAction(t string) string {
	return strings.TrimSuffix(strings.TrimPrefix(t, "开展"), "行动")
}
