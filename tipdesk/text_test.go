package tipdesk

import (
	"strings"
	"testing"

	"safetybot"
)

// TestStatusTextSaysTheDeclineReasonOnce: a 不予受理 sends its reason as a
// dated reply; the reporter's 查询 says it there once, not again on a line
// of its own (qa6 B13). A report declined without that reply (older data)
// still shows the reason.
func TestStatusTextSaysTheDeclineReasonOnce(t *testing.T) {
	const reason = "不属于交通运输领域，已转县市场监管局处理"
	for _, tc := range []struct {
		name     string
		messages []safetybot.TipMessage
		want     []string
	}{
		{name: "reason replied", messages: []safetybot.TipMessage{{Day: "2026-12-07", FromHandler: true, Body: safetybot.DeclineReply(reason)}},
			want: []string{"· 2026-12-07：不予受理：" + reason}},
		{name: "an earlier reply, then the reason", messages: []safetybot.TipMessage{
			{Day: "2026-12-05", FromHandler: true, Body: "已收到，正在核实"},
			{Day: "2026-12-07", FromHandler: true, Body: safetybot.DeclineReply(reason)}},
			want: []string{"· 2026-12-05：已收到，正在核实", "· 2026-12-07：不予受理：" + reason}},
		{name: "no reply carries it", want: []string{"受理人回复：暂无", "不予受理的原因：" + reason}},
		{name: "the reporter wrote the same words", messages: []safetybot.TipMessage{{Day: "2026-12-06", Body: safetybot.DeclineReply(reason)}},
			want: []string{"不予受理的原因：" + reason}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tip := &safetybot.Tip{Day: "2026-12-04", Body: "某加油站夜间违规给无牌摩托车加油", Status: safetybot.TipDeclined,
				DeclineReason: reason, Messages: tc.messages}
			got := StatusText(tip)
			if n := strings.Count(got, reason); n != 1 {
				t.Errorf("the reason shows %d times:\n%s", n, got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("lacks %q:\n%s", w, got)
				}
			}
		})
	}
}
