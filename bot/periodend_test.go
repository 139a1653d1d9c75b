package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"safetybot"
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

// QA7a item 7: a wrong figure typed on the plan's last day is corrected
// the next morning with 更正, by whoever typed it or an admin; other 进展
// stays refused, and a correction must give the figure.
func TestEndedPlanCorrection(t *testing.T) {
	f := withDuties(newFixture(t))
	ctx := context.Background()
	f.say("admin", "授权 clerk 工作人员")
	f.say("admin", "授权 sun 工作人员")
	f.say("admin", "授权 wang 工作人员")
	f.converse([]step{{user: "clerk", text: "进展 21 北斗终端安装 完成度:100%", want: []string{"完成度 100%"}}})
	f.converse([]step{{user: "clerk", text: "进展 22 护栏提升 完成度:40%", want: []string{"完成度 40%"}}})
	f.clock.Add(34 * 24 * time.Hour) // 2027-01-01
	f.converse([]step{
		{user: "clerk", text: "进展 21 北斗全覆盖 完成度:90%", want: []string{"已于 2026-12-31 结束", "不再记录进展", "进展 21 更正 完成度:…%"}, not: []string{"已记录"}},
		{user: "sun", text: "进展 21 更正 完成度:70%", want: []string{"只有登记人或管理员可以更正", "未作记录"}, not: []string{"已记录"}},
		{user: "clerk", text: "进展 21 更正 误填", want: []string{"请写明更正后的完成度", "未作记录"}, not: []string{"已记录"}},
		{user: "clerk", text: "进展 21 更正 完成度:70%", want: []string{"已记录任务 21 的进展，完成度 70%", "对期末完成度的更正（原为 100%）", "按 70% 统计", "不再算作已完成"}},
		{user: "admin", text: "进展 22 更正 完成度:45%", want: []string{"已记录任务 22 的进展，完成度 45%", "原为 40%"}},
		{user: "wang", text: "进展 23 更正 完成度:10%", want: []string{"没有登记过完成度", "未作记录"}, not: []string{"已记录"}},
		{user: "clerk", text: "方案", want: []string{"已完成 0，进行中 0，已逾期 29"}},
	})
	for no, want := range map[int]int{21: 70, 22: 45, 23: 0} {
		if task, _, err := f.store.Task(ctx, no); err != nil || task.Progress != want {
			t.Errorf("task %d after the correction: %+v, %v; want %d%%", no, task, err, want)
		}
	}
}

// taskCountingStore counts the reads of tasks.
type taskCountingStore struct {
	safetybot.Store
	reads int
}

func (s *taskCountingStore) Task(ctx context.Context, no int) (*safetybot.Task, []safetybot.TaskUpdate, error) {
	s.reads++
	return s.Store.Task(ctx, no)
}

// A late correction reads its task once (fix9-10 #4): lateCorrection's
// read, for who typed the figure, is the one the reply's 原为 N% comes from.
// A missing task is still told of first, before the completion is read.
func TestLateCorrectionReadsTaskOnce(t *testing.T) {
	f := withDuties(newFixture(t))
	f.say("admin", "授权 clerk 工作人员")
	f.converse([]step{{user: "clerk", text: "进展 21 北斗终端安装 完成度:100%", want: []string{"完成度 100%"}}})
	f.clock.Add(34 * 24 * time.Hour) // 2027-01-01
	ts := &taskCountingStore{Store: f.engine.store}
	f.engine.store = ts
	for _, tc := range []struct {
		text  string
		want  string
		reads int
	}{
		{"进展 21 更正 完成度:70%", "对期末完成度的更正（原为 100%）", 1},
		{"进展 99 更正 完成度:70%", "99", 1},
		{"进展 99 更正 误填", "99", 1},
	} {
		ts.reads = 0
		if got := f.say("clerk", tc.text); !strings.Contains(got, tc.want) {
			t.Errorf("%q: reply %s, want %q", tc.text, got, tc.want)
		}
		if ts.reads != tc.reads {
			t.Errorf("%q read the task %d times, want %d", tc.text, ts.reads, tc.reads)
		}
	}
}
