package bot

import "testing"

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
		{in: "60.0%", want: 60},
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
