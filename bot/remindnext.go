package bot

import (
	"context"
	"time"

	"safetybot"
	"safetybot/plan"
)

// dutyNext is what 提醒 shows as the next time of r, which nextText gives
// as next: for a duty's rule whose next reminders fall in a period
// registered done, the first reminder in a period that is not, marked
// with the period done ("2027-01-20 09:00（2026年12月已登记完成）"), or
// "已登记完成（2026年12月）" when none is left. QA6a item 13: after 议题, 提醒 still
// listed 党组议题·20日 as coming, though the scheduler stays silent for a
// period done. An enterprise inspection is done only when every enterprise
// is; its rule keeps next. done caches DutyDone by duty and period.
func (e *Engine) dutyNext(ctx context.Context, r *safetybot.Rule, next string, duties []safetybot.Duty, done map[string]bool) (string, error) {
	if r.Kind != safetybot.RuleDuty || r.Paused || next == "" || next[0] < '0' || next[0] > '9' {
		return next, nil
	}
	d := plan.DutyFor(duties, r.Duty)
	if d == nil || d.Key == safetybot.DutyInspection {
		return next, nil
	}
	sched, err := plan.ParseSpec(r.Spec)
	if err != nil {
		return next, nil
	}
	now := e.now()
	skipped := ""
	for _, at := range plan.Occurrences(r, sched, now, now.AddDate(1, 0, 1), 0) {
		period := safetybot.PeriodKey(d.Period, at)
		k := d.Key + "|" + period
		isDone, ok := done[k]
		if !ok {
			if isDone, err = e.store.DutyDone(ctx, d.Key, period); err != nil {
				return "", err
			}
			done[k] = isDone
		}
		switch {
		case !isDone && skipped == "":
			return next, nil
		case !isDone:
			return at.In(safetybot.Shanghai).Format(time.DateOnly+" 15:04") + "（" + dutyPeriodName(skipped) + "已登记完成）", nil
		case skipped == "":
			skipped = period
		}
	}
	if skipped == "" {
		return next, nil
	}
	if name := dutyPeriodName(skipped); name != "" {
		return "已登记完成（" + name + "）", nil
	}
	return "已登记完成", nil
}

// dutyPeriodName is how a reply about a duty names its period
// ("2026年12月", "2026年第4季度"), or "" for a one-off duty: its only
// period is the duty itself, and "一次性" before its name says nothing.
func dutyPeriodName(period string) string {
	if period == safetybot.PeriodOnce {
		return ""
	}
	return safetybot.PeriodName(period)
}
