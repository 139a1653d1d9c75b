package export

import (
	"context"
	"time"

	"safetybot"
	"safetybot/store"
)

// DomainYear is one field's hazard figures for the year. Hazards counted are
// those found in the year (the year of their number); their status is the
// status when the report is made.
type DomainYear struct {
	Domain      string
	Found       int
	BySource    map[string]int
	Major       int // 重大隐患 found
	MajorClosed int // of those, closed (销号)
	Closed      int // all grades, closed
	Rejected    int // 驳回: not a hazard or a duplicate
	Open        int // still open
	Overdue     int // open and past their deadline on AsOf
}

// ClosureRate is closed ÷ (found − rejected).
func (d DomainYear) ClosureRate() string { return Rate(d.Closed, ClosureBase(d.Found, d.Rejected)) }

// MajorRate is major closed ÷ major found.
func (d DomainYear) MajorRate() string { return Rate(d.MajorClosed, d.Major) }

func (d *DomainYear) add(h *safetybot.Hazard, asOf safetybot.Date) {
	d.Found++
	d.BySource[h.Source]++
	switch h.Status {
	case safetybot.StatusClosed:
		d.Closed++
	case safetybot.StatusRejected:
		d.Rejected++
	default:
		d.Open++
	}
	if h.Grade == safetybot.GradeMajor {
		d.Major++
		if h.Status == safetybot.StatusClosed {
			d.MajorClosed++
		}
	}
	if h.Overdue(asOf) {
		d.Overdue++
	}
}

// TaskYear is the plan's task figures when the report is made.
type TaskYear struct {
	Total      int
	Done       int
	Behind     int
	InProgress int
	NotStarted int
	Updates    int // progress reports made during the year
	ByAction   []ActionProgress
}

// Annual is the year's figures: the statistics of the 年度工作总结.
type Annual struct {
	Year      int
	AsOf      safetybot.Date // the last day counted: today, or 31 December of a past year
	Generated time.Time
	Domains   []DomainYear // one per field, plan order
	Total     DomainYear
	Tasks     TaskYear
	Duties    Duties
	Tips      store.TipYear // anonymous reports received in the year
}

// LoadAnnual computes the figures of year from the store as of now. Every
// figure is read from one snapshot (store.View), so hazards, tasks, duties
// and reports agree with each other even while people keep writing.
func LoadAnnual(ctx context.Context, s *store.Store, year int, now time.Time) (*Annual, error) {
	var a *Annual
	err := s.View(ctx, func(v *store.Store) error {
		var err error
		a, err = loadAnnual(ctx, v, year, now)
		return err
	})
	return a, err
}

func loadAnnual(ctx context.Context, s *store.Store, year int, now time.Time) (*Annual, error) {
	now = now.In(safetybot.Shanghai)
	end := time.Date(year, 12, 31, 0, 0, 0, 0, safetybot.Shanghai)
	asOfT := end
	if now.Before(end) {
		asOfT = now
	}
	a := &Annual{Year: year, AsOf: safetybot.DateOf(asOfT), Generated: now}
	// The plan of the year: an archived plan's tasks stay in its years' reports.
	p, tasks, ups, err := s.PlanOfYear(ctx, year)
	if err != nil {
		return nil, err
	}
	hs, err := s.Hazards(ctx, store.HazardFilter{Year: year})
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	for _, d := range DomainNames(p.Domains, hs) {
		idx[d] = len(a.Domains)
		a.Domains = append(a.Domains, DomainYear{Domain: d, BySource: map[string]int{}})
	}
	a.Total = DomainYear{Domain: "合计", BySource: map[string]int{}}
	for _, h := range hs {
		a.Domains[idx[h.Domain]].add(h, a.AsOf)
		a.Total.add(h, a.AsOf)
	}

	a.Tasks.Total = len(tasks)
	for _, t := range tasks {
		switch t.TaskStatus(a.AsOf) {
		case "已完成":
			a.Tasks.Done++
		case "已逾期":
			a.Tasks.Behind++
		case "进行中":
			a.Tasks.InProgress++
		default:
			a.Tasks.NotStarted++
		}
	}
	a.Tasks.ByAction = TasksByAction(p.Actions, tasks, a.AsOf)
	for _, u := range ups {
		if u.At.In(safetybot.Shanghai).Year() == year {
			a.Tasks.Updates++
		}
	}

	counts, err := s.DutyCounts(ctx)
	if err != nil {
		return nil, err
	}
	first := time.Date(year, 1, 1, 0, 0, 0, 0, safetybot.Shanghai)
	if asOfT.Before(first) {
		asOfT = first
	}
	a.Duties = DutyCompliance(counts, first, asOfT, len(p.Groups))
	ents, err := s.Enterprises(ctx)
	if err != nil {
		return nil, err
	}
	a.Duties.Enterprises = len(ents)

	if a.Tips, err = s.TipsOfYear(ctx, year); err != nil {
		return nil, err
	}
	return a, nil
}
