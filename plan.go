package safetybot

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Action is one of the plan's twelve actions (十二大行动).
type Action struct {
	No    int    `json:"no"`
	Title string `json:"title"`
}

// Deadline is a date the plan's text sets for part of a task.
type Deadline struct {
	Due  Date   `json:"due"`
	What string `json:"what"`
}

// Task is one of the plan's 29 numbered tasks.
type Task struct {
	No        int        `json:"no"`
	Action    int        `json:"action"`
	Title     string     `json:"title"`
	Text      string     `json:"text"`
	Owner     string     `json:"owner"` // a working group key or an office
	Deadlines []Deadline `json:"deadlines"`

	// Progress is the latest reported completion (0–100); filled by the store.
	Progress int `json:"-"`
	// Updates is the number of progress reports; filled by the store.
	Updates int `json:"-"`
}

// Task states as chat, reports and the dashboard show them. TaskPreStart is
// a task whose passed deadlines all fell before the system started and on
// which nobody has reported yet: not a failure the system saw, but a
// progress report is due (issue 11 §4). Once a report below 100% is in, the
// task is known to be unfinished past its deadline: TaskBehind.
const (
	TaskDone       = "已完成"
	TaskBehind     = "已逾期"
	TaskPreStart   = "期限已过（启用前）"
	TaskInProgress = "进行中"
	TaskNotStarted = "未开始"
)

// TaskStatus is what users read about a task's progress on day today, for
// a system that started on since ("" when unknown: every passed deadline
// counts as behind). A deadline that passed before the system started only
// excuses the task while nothing is known of it: a report of 85% on a task
// due two years ago says it is behind, and calling it 期限已过（启用前）
// took it out of every overdue count a leader reads (QA13 item 1). Digest,
// chat, dashboard and documents all judge by this one rule.
func (t *Task) TaskStatus(today, since Date) string {
	if t.Progress >= 100 {
		return TaskDone
	}
	reported := t.Progress > 0 || t.Updates > 0
	passed := false
	for _, d := range t.Deadlines {
		if d.Due < today {
			if since == "" || d.Due >= since || reported {
				return TaskBehind
			}
			passed = true
		}
	}
	switch {
	case passed:
		return TaskPreStart
	case reported:
		return TaskInProgress
	}
	return TaskNotStarted
}

// JudgeTasks gives the tasks to judge for a plan whose last day is end,
// and the day to judge them on. Once the plan has ended, its term was every
// task's last deadline: a task unfinished at the end is 逾期未完成 (已逾期)
// even when the plan set it no dated deadline, or its last one on the
// plan's last day (QA6c C4: the final 自查自评 said "逾期未完成0项" of a
// campaign with most tasks unfinished). Such tasks are judged, as copies
// carrying the plan's end as a deadline, on the day after it; before the
// end, as they are, on asOf. Shared by the documents and chat, so that 方案
// and 任务 count as the summaries do (QA7a item 8).
func JudgeTasks(tasks []*Task, asOf, end Date, ended bool) ([]*Task, Date) {
	if !ended {
		return tasks, asOf
	}
	last, err := end.Time()
	if err != nil {
		return tasks, asOf
	}
	out := make([]*Task, len(tasks))
	for i, t := range tasks {
		c := *t
		c.Deadlines = append(append([]Deadline(nil), t.Deadlines...), Deadline{Due: end, What: "方案期满"})
		out[i] = &c
	}
	return out, DateOf(last.AddDate(0, 0, 1))
}

// Behind reports whether an unfinished task has a deadline before today.
func (t *Task) Behind(today Date) bool {
	if t.Progress >= 100 {
		return false
	}
	for _, d := range t.Deadlines {
		if d.Due < today {
			return true
		}
	}
	return false
}

// TaskUpdate is one progress report on a task.
type TaskUpdate struct {
	TaskNo   int
	At       time.Time
	Actor    string
	Note     string
	Progress int // -1 when the update gave none
	// Correction marks an update that puts right a completion typed wrongly
	// (进展 6 更正 完成度:95%): it sets the figure and stays in the task's
	// trail, but it is no report of work, so its note (the reason, if any)
	// is never quoted as 进展说明 or evidence (QA16 #2: 「更正」 was quoted
	// as evidence in the 自查自评 table handed in).
	Correction bool
}

// TrailNote is u's note as a task's trail shows it: a correction is named
// so, with its reason after it, apart from the notes that report work.
func (u TaskUpdate) TrailNote() string {
	if !u.Correction {
		return u.Note
	}
	return JoinNonEmpty("：", "更正完成度", u.Note)
}

// CorrectionWord is the word that makes a 进展 a correction.
const CorrectionWord = "更正"

// CutCorrection reports whether note starts with the word 更正 standing
// alone (更正, 更正 误填, 更正：误填, 更正，误填) and returns the rest: a
// note that merely begins with the characters (更正了台账) is not one. The
// bot reads what staff type by it and the store its rows, which keep a
// correction as a note led by the word: rows written before Correction
// existed held the word as their note, and read as the corrections they were.
func CutCorrection(note string) (rest string, ok bool) {
	rest, ok = strings.CutPrefix(note, CorrectionWord)
	if !ok {
		return note, false
	}
	r, n := utf8.DecodeRuneInString(rest)
	switch {
	case rest == "":
		return "", true
	case r == ' ' || r == ':' || r == '：' || strings.ContainsRune("，、；。,;\n", r):
		return strings.TrimSpace(rest[n:]), true
	}
	return note, false
}

// WorkingGroup is one of the five 专班 with its leaders and the domains it covers.
type WorkingGroup struct {
	Key      string   `json:"key"`
	Name     string   `json:"name"`
	Leader   string   `json:"leader"`
	Deputies []string `json:"deputies"`
	Members  string   `json:"members"`
	Domains  []string `json:"domains,omitempty"` // derived from Plan.Domains when read
}

// Phase is one of the plan's four phases.
type Phase struct {
	Name  string `json:"name"`
	Start Date   `json:"start"`
	End   Date   `json:"end"`
}

// DutyRecord says a recurring duty was done for a period (议题 for 2026-11,
// an enterprise's inspection for 2026-Q4, the annual summary for 2026…).
type DutyRecord struct {
	Duty   string // duty key, e.g. "party_topic"
	Period string // "2026-11", "2026-Q4", "2026-H2", "2026"
	Unit   string // the enterprise, for inspections
	Note   string
	Actor  string
	// On is the day it was done when recorded afterwards (议题 日期:2026-10-28);
	// "" when it was recorded on the day. Backfilled reports On != "".
	On Date
	At time.Time // when it was recorded (DutyRecords fills it)
}

// Day is the day the duty was done: On for a backfill, else the day it was
// recorded.
func (r *DutyRecord) Day() Date {
	if r.On != "" {
		return r.On
	}
	return DateOf(r.At)
}

// Backfilled reports whether the record was entered after the day it
// happened (补记), as the history shows it.
func (r *DutyRecord) Backfilled() bool { return r.On != "" }

// Built-in duty keys the chat commands record.
const (
	DutyPartyTopic = "party_topic"           // 局党组每月至少研究一项安全生产相关议题
	DutyInspection = "enterprise_inspection" // 企业主要负责人每季度至少带队检查1次
)

// Domain is an industry field (行业领域) and the working group that covers it.
type Domain struct {
	Name  string `json:"name"`
	Group string `json:"group"` // working group key; "" for the bureau office
}

// Plan is the campaign plan as data: what the store is seeded with on first
// start.
type Plan struct {
	Title   string         `json:"title"`
	Actions []Action       `json:"actions"`
	Tasks   []Task         `json:"tasks"`
	Groups  []WorkingGroup `json:"groups"`
	Domains []Domain       `json:"domains"`
	Phases  []Phase        `json:"phases"`
}

// TaskService is the campaign plan's tasks and their progress updates.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type TaskService interface {
	// Tasks lists the plan's tasks with their deadlines and latest progress.
	// Its errors are internal.
	Tasks(ctx context.Context) ([]*Task, error)

	// Task returns one task with its updates, oldest first.
	// An unknown task number is ENOTFOUND.
	Task(ctx context.Context, no int) (*Task, []TaskUpdate, error)

	// AddTaskUpdate records a progress report (progress -1: none given).
	// An unknown task number is ENOTFOUND.
	AddTaskUpdate(ctx context.Context, u TaskUpdate) error

	// TaskUpdates lists every task update, oldest first. Its errors are internal.
	TaskUpdates(ctx context.Context) ([]TaskUpdate, error)
}
