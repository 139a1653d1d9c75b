package export_test

import (
	"testing"

	"safetybot"
	"safetybot/export"
)

// QA13 item 4: 表4 平均进度 truncated (0+80+0)/3 = 26.67 to 26%; it is
// rounded half up.
func TestTasksByActionRoundsAverage(t *testing.T) {
	actions := []safetybot.Action{{No: 1, Title: "行动一"}}
	for _, tc := range []struct {
		progress []int
		want     int
	}{
		{[]int{0, 80, 0}, 27},
		{[]int{0, 50, 0}, 17},    // 16.67
		{[]int{0, 1}, 1},         // 0.5 rounds up
		{[]int{0, 0, 1}, 0},      // 0.33
		{[]int{85, 60}, 73},      // 72.5
		{[]int{100, 100}, 100},   // exact
		{[]int{120, -5, 40}, 47}, // clamped to 100, 0, 40: 46.67
	} {
		var tasks []*safetybot.Task
		for i, p := range tc.progress {
			tasks = append(tasks, &safetybot.Task{No: i + 1, Action: 1, Progress: p})
		}
		got := export.TasksByAction(actions, tasks, "2026-12-08", "2026-11-30")
		if got[0].Progress != tc.want {
			t.Errorf("%v: average %d%%, want %d%%", tc.progress, got[0].Progress, tc.want)
		}
	}
}
