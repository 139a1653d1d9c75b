package safetybot

import (
	"context"
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

// PlanImport is a plan to make current in place of the loaded one.
type PlanImport struct {
	Plan *Plan
	// Duties and Rules are the new plan's duties and their RuleDuty rules
	// (plan.FileSchedule). They replace the loaded plan's; a rule of the
	// same name keeps its id, watermark and paused state, so no reminder
	// is sent twice and what an admin paused stays paused. Rules of other
	// kinds (custom, digest, overdue) are not touched.
	Duties []Duty
	Rules  []Rule
	// Archive is the loaded plan as a plan file (plan.Export), stored as
	// the archived version.
	Archive *PlanFile
	// Carry lists the task numbers whose updates stay with the new plan
	// (a revision of the same plan: same number and title); the updates
	// of every other task move to the archive.
	Carry []int
	Actor string // who imported, for the archive row
}

// PlanService is the loaded campaign plan, its imports and archived
// versions.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type PlanService interface {
	// SeedPlan loads p into an empty plan; it reports false and changes nothing
	// when a plan is already loaded (task updates refer to it; plan import
	// replaces a loaded plan), except that a ledger seeded before titles were
	// kept records p's title. Its errors are internal.
	SeedPlan(ctx context.Context, p *Plan) (bool, error)

	// Plan reads the loaded plan back (without task progress).
	// Its errors are internal.
	Plan(ctx context.Context) (*Plan, error)

	// PlanVersions lists the archived plans, oldest first, with their numbers
	// of tasks and archived task updates. Its errors are internal.
	PlanVersions(ctx context.Context) ([]PlanVersion, error)

	// ArchivedPlan returns archived plan id as it was when archived, its tasks'
	// Progress and Updates filled from its archived updates, and those updates,
	// oldest first. An unknown id is ENOTFOUND.
	ArchivedPlan(ctx context.Context, id int64) (*PlanFile, []TaskUpdate, error)

	// PlanOfYear returns the plan whose reports cover year, with its tasks
	// (progress filled) and all its task updates, oldest first: the loaded plan
	// when its period includes the year or no archived plan's does, otherwise
	// the most recently archived plan whose period includes it.
	// Its errors are internal.
	PlanOfYear(ctx context.Context, year int) (*Plan, []*Task, []TaskUpdate, error)

	// ImportPlan archives the loaded plan with its task updates and makes
	// imp.Plan current, in one transaction: hazards, enterprises, duty records,
	// deliveries and every other table stay as they are. It returns the id of
	// the archived version (方案<id>). On any error nothing changes.
	// A rule name used twice in imp.Rules is ECONFLICT.
	ImportPlan(ctx context.Context, imp PlanImport) (int64, error)

	// Since returns the first day (Asia/Shanghai) the system was in use: the
	// day the database was created (its first migration), or an earlier day a
	// record written then is about — a hazard's discovery, a task update, a
	// tip's day, the time a duty record was written. Reports show the periods
	// before it as 未启用 rather than as failures. It returns "" only for a
	// database with no migration applied, which Open never leaves behind.
	//
	// A backfilled duty (议题 日期:2026-09-15 …, done_on) does not move it: the
	// counting is fixed instead (QA 11 §8). Before, a backfill moved the start
	// to its month, so one backfilled 议题 in September made September and
	// October count as months of missed 专班 studies for a system installed in
	// November, while a backfilled inspection (a quarter, not a month) moved
	// nothing and was counted in a quarter shown as 未启用. Now the start is
	// the day the system began, and a backfilled record before it is listed
	// and counted as done in its period (export.DutyCompliance), which stays
	// 未启用: it is never judged, so nothing there is a failure.
	// Its errors are internal.
	Since(ctx context.Context) (Date, error)
}
