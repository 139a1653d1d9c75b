package export

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"safetybot"
)

// PlanRef reads how a report names a plan: "" for the current plan,
// 方案N (or #N) for archived plan N, as chat's 方案 方案N does. ok is
// false for anything else.
func PlanRef(s string) (id int64, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	rest, cut := strings.CutPrefix(s, "方案")
	if !cut {
		rest, cut = strings.CutPrefix(s, "#")
	}
	if !cut {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// LoadPlan computes the figures of a plan's whole period (its first phase's
// start to its last phase's end) as of now, reviewing that plan's tasks:
// id 0 is the current plan, N archived plan N (ENOTFOUND when there is
// none). The CLI's report --plan and the dashboard's /summary?plan= both
// use it, so they agree, and both read the plan from the store at the time
// of asking (an import is seen without a restart).
func LoadPlan(ctx context.Context, s safetybot.Store, id int64, now time.Time) (*Annual, error) {
	var a *Annual
	err := s.View(ctx, func(v safetybot.Store) error {
		p, tasks, ups, err := planVersion(ctx, v, id)
		if err != nil {
			return err
		}
		from, to, ok := PlanPeriod(p.Phases)
		if !ok {
			return safetybot.Errorf(safetybot.EINVALID, "方案《%s》没有阶段安排，无法确定起止日期。请改用 --from 和 --to。", safetybot.Truncate(p.Title, 40))
		}
		// A plan imported early (plan import --now) has not begun: as for
		// a year not begun (checkPeriod), there is nothing to sum up.
		if today := safetybot.DateOf(now); from > today {
			return safetybot.Errorf(safetybot.EINVALID, "方案《%s》自 %s 开始执行，尚未开始（今天是 %s），没有可总结的内容，未生成文件。请在 %s 当天或之后生成；上一期方案的总结请选历史方案（方案N）。",
				safetybot.Truncate(p.Title, 40), from, today, from)
		}
		ft, err := from.Time()
		if err != nil {
			return fmt.Errorf("plan period: %w", err)
		}
		tt, err := to.Time()
		if err != nil {
			return fmt.Errorf("plan period: %w", err)
		}
		a, err = loadPeriod(ctx, v, ft, tt, now, func(context.Context, safetybot.Store) (*safetybot.Plan, []*safetybot.Task, []safetybot.TaskUpdate, error) {
			return p, tasks, ups, nil
		})
		return err
	})
	return a, err
}

// planVersion is the current plan (id 0) or archived plan id, with its
// tasks and their updates.
func planVersion(ctx context.Context, s safetybot.Store, id int64) (*safetybot.Plan, []*safetybot.Task, []safetybot.TaskUpdate, error) {
	var p *safetybot.Plan
	var ts []safetybot.Task
	var ups []safetybot.TaskUpdate
	var err error
	if id == 0 {
		if p, err = s.Plan(ctx); err != nil {
			return nil, nil, nil, err
		}
		ts = p.Tasks
		if ups, err = s.TaskUpdates(ctx); err != nil {
			return nil, nil, nil, err
		}
	} else {
		var f *safetybot.PlanFile
		if f, ups, err = s.ArchivedPlan(ctx, id); err != nil {
			return nil, nil, nil, err
		}
		p, ts = &f.Plan, f.Tasks
	}
	tasks := make([]*safetybot.Task, len(ts))
	for i := range ts {
		tasks[i] = &ts[i]
	}
	return p, tasks, ups, nil
}

// FirstPlanStart is the earliest first day of the current and the archived
// plans ("" when none has phases): nothing before it can be summed up.
func FirstPlanStart(ctx context.Context, s safetybot.Store) (safetybot.Date, error) {
	p, err := s.Plan(ctx)
	if err != nil {
		return "", err
	}
	start, _ := p.Period()
	vs, err := s.PlanVersions(ctx)
	if err != nil {
		return "", err
	}
	for _, v := range vs {
		if v.Start != "" && (start == "" || v.Start < start) {
			start = v.Start
		}
	}
	return start, nil
}
