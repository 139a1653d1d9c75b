package reportpage

import (
	"net/http/httptest"
	"strings"
	"testing"

	"safetybot"
	"safetybot/tipdesk"
)

// TestStatusPageFollowsTheVerifiedRule: the web 查询 says what the chat
// 查询 says of a report whose hazard was rejected after verification: not
// 已查实, and no reward promised (qa7b #7).
func TestStatusPageFollowsTheVerifiedRule(t *testing.T) {
	p, err := New(Config{Desk: &tipdesk.Desk{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		tip       safetybot.Tip
		want, not []string
	}{
		{name: "verified", tip: safetybot.Tip{Status: safetybot.TipVerified, HazardNumber: "YH2026-0008"},
			want: []string{"举报状态：已查实"}, not: []string{"驳回"}},
		{name: "hazard rejected", tip: safetybot.Tip{Status: safetybot.TipVerified, HazardNumber: "YH2026-0008", HazardRejected: true},
			want: []string{"举报状态：查实后被驳回", tipdesk.RejectedText, "奖励：暂无（登记的隐患已被驳回"}, not: []string{"已查实", "查实后按规定核定"}},
		{name: "reward pending, hazard rejected (qa13 #1)", tip: safetybot.Tip{Status: safetybot.TipVerified, HazardNumber: "YH2026-0007", HazardRejected: true,
			Reward: safetybot.RewardPending, RewardYuan: 3000},
			want: []string{"举报状态：查实后被驳回", "奖励：暂无（登记的隐患已被驳回"}, not: []string{"待审核", "拟 3,000"}},
		{name: "declined", tip: safetybot.Tip{Status: safetybot.TipDeclined, DeclineReason: "内容过于笼统"},
			want: []string{"举报状态：不予受理", "奖励：无（本举报不予受理"}, not: []string{"查实后按规定核定"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.tip.Day, tc.tip.Body = "2026-12-04", "城关加油站夜间违规给无牌摩托车加油"
			rec := httptest.NewRecorder()
			p.render(rec, 200, "status", statusView(&tc.tip, "1234 5678 9012 3456", ""))
			got := rec.Body.String()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("lacks %q:\n%s", w, got)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("says %q:\n%s", n, got)
				}
			}
		})
	}
}
