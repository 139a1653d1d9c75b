package export

import (
	"context"
	"strings"

	"safetybot"
)

// studySpan is a run of months in which the working groups' monthly study
// (专班研究) is due: the period of a plan that has the duty, from its first
// month to its last ("" last: a standing duty, due from then on).
type studySpan struct{ first, last string }

// studyMonths says in which months the working groups' study is due. It is
// campaign-bound (plan/duties.json: "方案期内"), so it is due only in the
// months of a plan, current or archived, whose duties include it, or whose
// duties were never loaded (then the built-in ones, which include it,
// apply); a standing study duty is due from its plan's start on. After the
// 2024–2026 campaign ends, a 2027 plan that keeps only the standing duties
// asks no study, and reports do not count one as missed.
func studyMonths(ctx context.Context, s safetybot.Store) (func(month string) bool, error) {
	var spans []studySpan
	add := func(p *safetybot.Plan, duties []safetybot.Duty) {
		start, end := p.Period()
		if start == "" || end == "" {
			return
		}
		has, standing := len(duties) == 0, false
		for _, d := range duties {
			if d.Key == DutyGroupStudy || strings.HasPrefix(d.Key, DutyGroupStudy+":") {
				has = true
				standing = standing || d.Standing
			}
		}
		if !has {
			return
		}
		sp := studySpan{first: string(start)[:7], last: string(end)[:7]}
		if standing {
			sp.last = ""
		}
		spans = append(spans, sp)
	}
	p, err := s.Plan(ctx)
	if err != nil {
		return nil, err
	}
	duties, err := s.Duties(ctx)
	if err != nil {
		return nil, err
	}
	add(p, duties)
	vs, err := s.PlanVersions(ctx)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		f, _, err := s.ArchivedPlan(ctx, v.ID)
		if err != nil {
			return nil, err
		}
		add(&f.Plan, f.Duties)
	}
	return func(month string) bool {
		for _, sp := range spans {
			if month >= sp.first && (sp.last == "" || month <= sp.last) {
				return true
			}
		}
		return false
	}, nil
}

// markStudies sets NoStudy on the months of d in which no working-group
// study was due.
func markStudies(d *Duties, due func(month string) bool) {
	for i := range d.Months {
		d.Months[i].NoStudy = !due(d.Months[i].Month)
	}
}
