package export

import (
	"fmt"
	"strings"

	"safetybot"
)

// TaskReview is one row of the 自查自评 table: a task of the plan with its
// state, its last update and the evidence on record, for the 总结评估阶段.
type TaskReview struct {
	No         int
	Action     string // the action's title
	Title      string
	Owner      string // the working group's name, or the office the plan names
	Deadlines  string // "2024-06-30 建立清单；2026-12-31 …", "—" when the plan sets none
	Due        string // the deadlines' days only: "2024-06-30；2026-12-31", "—" for none
	State      string // TaskLabel: 已完成, 已逾期, 期限已过（启用前），请报进展, 进行中, 未开始
	Progress   int    // latest reported completion, 0–100
	Updates    int    // progress reports on record up to the report's day
	LastUpdate string // "2026-11-20" of the newest report, "" for none
	Evidence   string // the newest reports' notes, newest first, "" for none
}

// reviewNotes is how many of a task's newest notes the evidence column
// quotes, and reviewNoteRunes how long each may be.
const (
	reviewNotes     = 3
	reviewNoteRunes = 60
)

// ReviewTasks builds the 自查自评 rows of p's tasks (plan order) as of day
// today: updates after today are left out.
func ReviewTasks(p *safetybot.Plan, tasks []*safetybot.Task, ups []safetybot.TaskUpdate, today, since safetybot.Date) []TaskReview {
	actions := map[int]string{}
	for _, a := range p.Actions {
		actions[a.No] = a.Title
	}
	groups := map[string]string{}
	for _, g := range p.Groups {
		groups[g.Key] = g.Name
	}
	byTask := map[int][]safetybot.TaskUpdate{}
	for _, u := range ups {
		if safetybot.DateOf(u.At) <= today {
			byTask[u.TaskNo] = append(byTask[u.TaskNo], u)
		}
	}
	out := make([]TaskReview, 0, len(tasks))
	for _, t := range tasks {
		r := TaskReview{No: t.No, Action: actions[t.Action], Title: t.Title, Owner: t.Owner, Progress: t.Progress, State: TaskLabel(t, today, since)}
		if n, ok := groups[t.Owner]; ok {
			r.Owner = n
		} else if t.Owner == "" || t.Owner == "office" {
			r.Owner = "领导组办公室" // the plan's office key, as 任务 names it
		}
		var dl, due []string
		for _, d := range t.Deadlines {
			dl = append(dl, safetybot.JoinNonEmpty(" ", string(d.Due), d.What))
			due = append(due, string(d.Due))
		}
		r.Deadlines, r.Due = strings.Join(dl, "；"), strings.Join(due, "；")
		if r.Deadlines == "" {
			r.Deadlines, r.Due = "—", "—"
		}
		us := byTask[t.No]
		r.Updates = len(us)
		var notes []string
		reports := len(us) // the records of work: corrections are not (QA16 #2)
		for _, u := range us {
			if u.Correction {
				reports--
			}
		}
		for i := len(us) - 1; i >= 0 && len(notes) < reviewNotes; i-- {
			u := us[i]
			if r.LastUpdate == "" {
				r.LastUpdate = string(safetybot.DateOf(u.At))
			}
			if u.Correction {
				continue // a figure put right, not a report of work (QA16 #2)
			}
			if note := safetybot.OneLine(u.Note, reviewNoteRunes); note != "" {
				notes = append(notes, fmt.Sprintf("%s %s", safetybot.DateOf(u.At), note))
			}
		}
		r.Evidence = strings.Join(notes, "；")
		if extra := reports - len(notes); extra > 0 && len(notes) > 0 {
			r.Evidence += fmt.Sprintf("（另有%d条进展记录）", extra)
		}
		out = append(out, r)
	}
	return out
}

// ReviewHeader is the header of the 自查自评 table.
func ReviewHeader() []string {
	return []string{"序号", "所属行动", "任务", "责任单位", "完成时限", "完成情况", "完成度", "最后更新", "佐证材料（进展记录）"}
}

// Row is r under ReviewHeader.
func (r TaskReview) Row() []string {
	last := r.LastUpdate
	if last == "" {
		last = "无记录"
	}
	ev := r.Evidence
	if ev == "" {
		ev = "无"
	}
	return []string{itoa(r.No), r.Action, r.Title, r.Owner, r.Deadlines, r.State, itoa(r.Progress) + "%", last, ev}
}
