package bot

import (
	"strings"
	"testing"
	"time"
)

// QA7a item 8: once the plan has ended, 方案 and 任务 count a task
// unfinished at its end as 已逾期, as 全面总结 and 自查自评 count it
// 逾期未完成 (safetybot.JudgeTasks); before the end, as its deadlines say.
func TestEndedPlanTaskCounts(t *testing.T) {
	f := withDuties(newFixture(t))
	f.say("admin", "授权 clerk 工作人员")
	f.converse([]step{
		{user: "clerk", text: "进展 21 北斗全覆盖 完成度:100%", want: []string{"完成度 100%"}},
		{user: "clerk", text: "进展 22 护栏提升 完成度:40%", want: []string{"完成度 40%"}},
		{user: "clerk", text: "方案", want: []string{"已完成 1，进行中 1，"}, not: []string{"已逾期 28"}},
	})
	f.clock.Add(34 * 24 * time.Hour) // 2027-01-01
	for _, tc := range []struct{ text, want string }{
		{"方案", "任务 29 项：已完成 1，进行中 0，已逾期 28，未开始 0"},
		{"任务", "方案任务 29 项：已完成 1，进行中 0，已逾期 28，未开始 0"},
		{"任务 22", "状态：已逾期，完成度 40%"},
		{"任务 21", "状态：已完成，完成度 100%"},
	} {
		if got := f.say("clerk", tc.text); !strings.Contains(got, tc.want) {
			t.Errorf("%s after the plan ended:\n%s\nwant %q", tc.text, got, tc.want)
		}
	}
}
