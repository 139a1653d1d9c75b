package safetybot

import (
	"fmt"
	"time"
)

// PlanFile is a plan as `safetybot plan export` writes it and `plan import`
// reads it: the fields of plan/campaign.json (title, actions, tasks, groups,
// domains, phases) and the plan's recurring duties with their reminders.
// Duties derived from the plan (one per task deadline, the plan-end
// reminder) are not listed: they are made again from the tasks and the
// period when the file is loaded. A file without duties gets the built-in
// ones, as on first start.
type PlanFile struct {
	Plan
	Duties []Duty `json:"duties,omitempty"`
}

// PlanVersion is a plan that was current once and was archived when another
// was imported. Its tasks and their updates stay readable.
type PlanVersion struct {
	ID         int64 // 1, 2, … in archiving order; users write 方案1
	Title      string
	Start, End Date // the plan's period (first phase start, last phase end)
	ArchivedAt time.Time
	ArchivedBy string
	Tasks      int // tasks in the archived plan
	Updates    int // task updates archived with it
}

// Period returns the plan's first and last day: the start of its earliest
// phase and the end of its latest. Both are "" when it has no phases.
func (p *Plan) Period() (start, end Date) {
	for _, ph := range p.Phases {
		if start == "" || ph.Start < start {
			start = ph.Start
		}
		if ph.End > end {
			end = ph.End
		}
	}
	return start, end
}

// Covers reports whether the plan's period includes some day of year.
func (p *Plan) Covers(year int) bool {
	start, end := p.Period()
	y := fmt.Sprintf("%04d", year)
	return len(start) >= 4 && len(end) >= 4 && string(start[:4]) <= y && y <= string(end[:4])
}

// ApplyUpdates fills each task's Updates (how many) and Progress (the
// latest progress given, 0 when none) from ups, oldest first, as the store
// does for the loaded plan.
func ApplyUpdates(tasks []Task, ups []TaskUpdate) {
	byNo := map[int]*Task{}
	for i := range tasks {
		tasks[i].Progress, tasks[i].Updates = 0, 0
		byNo[tasks[i].No] = &tasks[i]
	}
	for _, u := range ups {
		if t := byNo[u.TaskNo]; t != nil {
			t.Updates++
			if u.Progress >= 0 {
				t.Progress = u.Progress
			}
		}
	}
}
