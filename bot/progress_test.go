package bot

import (
	"context"
	"testing"
	"time"
)

// QA6c items 2 and 10: the ways staff write a completion.
func TestReadPercent(t *testing.T) {
	tests := []struct {
		in     string
		want   int
		approx string
		bad    bool
	}{
		{in: "60%", want: 60},
		{in: "60", want: 60},
		{in: "60.0%", bad: true},
		{in: "为90%", want: 90},
		{in: "已达到85%", want: 85},
		{in: "百分之六十", want: 60},
		{in: "百分之百", want: 100},
		{in: "百分之零", want: 0},
		{in: "百分之75", want: 75},
		{in: "六成", want: 60},
		{in: "九成", want: 90},
		{in: "十成", want: 100},
		{in: "6成", want: 60},
		{in: "六成五", want: 65},
		{in: "约50%", want: 50, approx: "约"},
		{in: "大约50%", want: 50, approx: "大约"},
		{in: "50%左右", want: 50, approx: "左右"},
		{in: "60%以上", want: 60, approx: "以上"},
		{in: "接近九成", want: 90, approx: "接近"},
		{in: "60.5%", bad: true},
		{in: "120%", bad: true},
		{in: "百分之一百二十", bad: true},
		{in: "十一成", bad: true},
		{in: "完成", bad: true},
		{in: "大半", bad: true},
		{in: "约", bad: true},
		{in: "", bad: true},
	}
	for _, tt := range tests {
		p, err := readPercent(tt.in)
		switch {
		case tt.bad && err == nil:
			t.Errorf("readPercent(%q) = %+v, want an error", tt.in, p)
		case !tt.bad && err != nil:
			t.Errorf("readPercent(%q): %v", tt.in, err)
		case !tt.bad && (p.pct != tt.want || p.approx != tt.approx):
			t.Errorf("readPercent(%q) = %+v, want %d approx %q", tt.in, p, tt.want, tt.approx)
		}
	}
}

// QA6c item 14b: lowering a completion, above all from 100%, is said in
// the reply with the way back.
func TestProgressDropIsSaid(t *testing.T) {
	f := newFixture(t)
	f.say("admin", "授权 clerk 工作人员")
	f.converse([]step{
		{user: "clerk", text: "进展 21 北斗全覆盖 完成度:100%", want: []string{"完成度 100%"}, not: []string{"注意"}},
		{user: "clerk", text: "进展 21 复查发现漏装 完成度:0%", want: []string{"完成度 0%", "原已登记完成（100%）", "不再算作已完成", "进展 21 更正 完成度:100%"}},
		{user: "clerk", text: "进展 21 补装中 完成度:60%", want: []string{"完成度 60%"}, not: []string{"注意"}},
		{user: "clerk", text: "进展 21 复核 完成度:50%", want: []string{"完成度由 60% 下调为 50%"}},
		{user: "clerk", text: "进展 21 补装完毕", want: []string{"已记录任务 21 的进展。"}, not: []string{"注意"}},
	})
}

// QA6c items 1 and 9: once the plan's last day has passed, its tasks take
// no progress and the duties that ended with it are not marked done, so
// the period's final documents keep their figures; work done within the
// period is still backfilled with 日期:.
func TestEndedPlanIsReadOnly(t *testing.T) {
	f := withDuties(newFixture(t))
	ctx := context.Background()
	f.say("admin", "授权 clerk 工作人员")
	f.converse([]step{{user: "clerk", text: "进展 21 北斗终端安装 完成度:70%", want: []string{"完成度 70%"}}})
	f.clock.Add(40 * 24 * time.Hour) // 2027-01-07
	f.converse([]step{
		{user: "clerk", text: "进展 21 北斗全覆盖 完成度:100%", want: []string{"已于 2026-12-31 结束", "不再记录进展", "任务 21"}, not: []string{"已记录"}},
		{user: "clerk", text: "任务进展 21 北斗全覆盖", want: []string{"已于 2026-12-31 结束"}, not: []string{"已记录"}},
		{user: "clerk", text: "完成 一线督导", want: []string{"「", "于 2026-12-31 结束", "日期:YYYY-MM-DD"}, not: []string{"已记录", "已补记"}},
		{user: "clerk", text: "完成 一线督导 日期:2026-12-28", want: []string{"已补记"}},
		{user: "clerk", text: "完成 专班研究 公路运营 研究除雪保通", want: []string{"于 2026-12-31 结束"}, not: []string{"已记录", "本期剩余提醒"}},
		{user: "clerk", text: "议题 研究春运安全", want: []string{"已记录 2027年1月"}},
		{user: "clerk", text: "任务 21", want: []string{"完成度 70%"}},
	})
	if task, _, err := f.store.Task(ctx, 21); err != nil || task.Progress != 70 {
		t.Errorf("task 21 after the plan ended: %+v, %v; want 70%%", task, err)
	}
}
