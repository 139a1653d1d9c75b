package bot

import (
	"context"
	"strings"
	"testing"

	"safetybot"
)

// QA6a item 3: one meeting registered twice (same duty, day and subject,
// whoever sends it) and an empty 完成 党组议题 do not add to what the
// year-end summary counts; another subject, another day or another unit
// does.
func TestDutyRecordedOnce(t *testing.T) {
	f := withDuties(newFixture(t)) // today is 2026-11-28
	ctx := context.Background()
	f.say("admin", "授权 clerk 工作人员")
	f.say("admin", "授权 leader 领导")
	for _, tc := range []struct {
		user, text string
		want       string
		added      bool // a record was stored
	}{
		{"clerk", "议题 研究冬季道路运输安全", "本月第 1 项", true},
		{"clerk", "完成 党组议题", "请写明研究的安全生产议题", false},
		{"leader", "议题 研究冬季道路运输安全", "未重复登记：", false},
		{"leader", "议题 研究 冬季道路运输安全。", "未重复登记：", false},
		{"clerk", "完成 党组议题 研究冬季道路运输安全", "未重复登记：", false},
		{"clerk", "议题 研究危货运输专项整治", "本月第 2 项", true},
		{"leader", "议题 研究G5高速冬季安全", "本月第 3 项", true},
		{"clerk", "议题 研究g5高速冬季安全", "未重复登记：", false}, // QA7a item 4: ASCII case
		{"clerk", "议题 研究Ｇ５高速冬季安全", "未重复登记：", false},
		{"clerk", "议题 研究冬季道路运输安全 日期:11月5日", "该月第 4 项", true}, // another day: another meeting
		{"clerk", "议题 日期:11月5日 研究冬季道路运输安全", "未重复登记：", false},
		{"clerk", "检查 某运输公司 总经理带队检查车辆", "本季度第 1 次", true},
		{"clerk", "检查 某运输公司 总经理带队检查车辆", "未重复登记：", false},
		{"clerk", "检查 另一运输公司 总经理带队检查车辆", "本季度第 1 次", true},
		{"clerk", "检查 某运输公司 检查危货车辆动态监控", "本季度第 2 次", true},
		{"clerk", "完成 年度总结", "已记录2026年「年度总结」完成", true},
		{"clerk", "完成 年度总结", "未重复登记：", false},
	} {
		before := dutyTotal(t, f)
		got := f.say(tc.user, tc.text)
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q\nreply %s\nwant %q", tc.user, tc.text, got, tc.want)
		}
		if added := dutyTotal(t, f) > before; added != tc.added {
			t.Errorf("%s: %q stored a record: %v, want %v", tc.user, tc.text, added, tc.added)
		}
	}
	counts, err := f.store.DutyCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts {
		if c.Duty == safetybot.DutyPartyTopic && c.Period == "2026-11" && c.N != 4 {
			t.Errorf("November counts %d topics, want 4 (three meetings on the 28th, one on the 5th)", c.N)
		}
	}
}

// dutyTotal is how many duty records the store holds.
func dutyTotal(t *testing.T, f *fixture) int {
	t.Helper()
	counts, err := f.store.DutyCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range counts {
		n += c.N
	}
	return n
}
