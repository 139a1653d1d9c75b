package export

import (
	"time"

	"safetybot"
)

// planEnded gives the last day of the plan summed up, and whether the plan
// had ended by the report's last day counted: that day is the plan's end or
// later, and today is past it (on its last day a plan still runs).
func (a *Annual) planEnded(now time.Time) (safetybot.Date, bool) {
	_, end := (&safetybot.Plan{Phases: a.Phases}).Period()
	return end, end != "" && a.AsOf >= end && safetybot.DateOf(now) > end
}

// judgeTasks gives the tasks the figures judge, and the day they are
// judged on. Once the plan has ended, its term was every task's last
// deadline: a task unfinished at the end is 逾期未完成 even when the plan
// set it no dated deadline, or its last one on the plan's last day, and
// the final 自查自评 said "逾期未完成0项" of a campaign with most tasks
// unfinished (QA6c C4). Such tasks are judged, as copies carrying the
// plan's end as a deadline, on the day after it; before the end, as they
// are, on the report's last day.
func judgeTasks(tasks []*safetybot.Task, asOf, end safetybot.Date, ended bool) ([]*safetybot.Task, safetybot.Date) {
	if !ended {
		return tasks, asOf
	}
	last, err := end.Time()
	if err != nil {
		return tasks, asOf
	}
	out := make([]*safetybot.Task, len(tasks))
	for i, t := range tasks {
		c := *t
		c.Deadlines = append(append([]safetybot.Deadline(nil), t.Deadlines...), safetybot.Deadline{Due: end, What: "方案期满"})
		out[i] = &c
	}
	return out, safetybot.DateOf(last.AddDate(0, 0, 1))
}
