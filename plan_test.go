package safetybot

import "testing"

// QA13 item 1: a task due before the system started left every overdue
// count for good once someone reported partial progress on it.
func TestTaskStatus(t *testing.T) {
	const since, today = Date("2026-11-30"), Date("2026-12-08")
	pre := []Deadline{{Due: "2025-12-31"}}
	tests := []struct {
		name      string
		deadlines []Deadline
		progress  int
		updates   int
		since     Date
		want      string
	}{
		{"pre-start, no report", pre, 0, 0, since, TaskPreStart},
		{"pre-start, 85%", pre, 85, 1, since, TaskBehind},
		{"pre-start, 60% after two reports", pre, 60, 2, since, TaskBehind},
		{"pre-start, a note without a figure", pre, 0, 1, since, TaskBehind},
		{"pre-start, done", pre, 100, 1, since, TaskDone},
		{"passed after start, no report", []Deadline{{Due: "2026-12-01"}}, 0, 0, since, TaskBehind},
		{"start unknown", pre, 0, 0, "", TaskBehind},
		{"not yet due, reported", []Deadline{{Due: "2027-06-30"}}, 30, 1, since, TaskInProgress},
		{"not yet due, no report", []Deadline{{Due: "2027-06-30"}}, 0, 0, since, TaskNotStarted},
		{"no deadline, reported", nil, 10, 1, since, TaskInProgress},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tk := &Task{Deadlines: tc.deadlines, Progress: tc.progress, Updates: tc.updates}
			if got := tk.TaskStatus(today, tc.since); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
