package digest

import (
	"context"
	"sort"
	"time"

	"safetybot"
)

// DutyLate is a duty whose deadline in its current period has passed
// without its being registered done.
type DutyLate struct {
	Name   string
	Period string
	Due    safetybot.Date // the last day it was due
}

// lateDuties lists the duties (s.Duties) with a deadline of their own
// (年度总结 by 12-03, a one-off's day) that passed before now in the
// current period and are not registered done, oldest deadline first.
// QA6a item 13: 年度总结, due 12-03 and its registration taken back, never
// showed in the digest, whose duty section covers the coming week's
// reminders only, so a missed deadline went quiet once its last reminder
// had been sent. A deadline before since (the day the system began) is not
// judged, as the annual summary does not judge periods before it; nor is a
// campaign-bound duty once the plan has ended (planEnded), nor a plan
// task's deadline (the task section's).
func lateDuties(ctx context.Context, s safetybot.Store, duties []safetybot.Duty, now time.Time, since safetybot.Date, planEnded bool) ([]DutyLate, error) {
	var out []DutyLate
	for i := range duties {
		d := &duties[i]
		if d.TaskNo != 0 || d.Key == safetybot.DutyInspection {
			continue
		}
		due, missed := d.LastDue(now, since) // the rule 完成 shows too
		if !missed {
			continue
		}
		if planEnded && !d.Standing {
			continue
		}
		period := safetybot.PeriodKey(d.Period, now)
		done, err := s.DutyDone(ctx, d.Key, period)
		if err != nil {
			return nil, err
		}
		if !done {
			out = append(out, DutyLate{Name: d.Name, Period: period, Due: due})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Due < out[j].Due })
	return out, nil
}
