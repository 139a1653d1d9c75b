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

// QA16 #2: the word 更正 standing first makes a 进展 a correction, with
// what follows it as its reason; the characters leading a longer word do
// not.
func TestCutCorrection(t *testing.T) {
	for _, tt := range []struct {
		in, rest string
		ok       bool
	}{
		{"更正", "", true},
		{"更正 刚才填错了", "刚才填错了", true},
		{"更正：刚才填错了", "刚才填错了", true},
		{"更正:误填", "误填", true},
		{"更正，上次填错", "上次填错", true},
		{"更正\n误填", "误填", true},
		{"更正了台账信息", "更正了台账信息", false},
		{"更正后的清单已印发", "更正后的清单已印发", false},
		{"督导检查 更正", "督导检查 更正", false},
		{"", "", false},
	} {
		rest, ok := CutCorrection(tt.in)
		if rest != tt.rest || ok != tt.ok {
			t.Errorf("CutCorrection(%q) = %q, %v; want %q, %v", tt.in, rest, ok, tt.rest, tt.ok)
		}
	}
}
