package tipdesk

import (
	"strings"
	"testing"

	"safetybot"
)

// TestStatusTextFollowsTheVerifiedRule: the reporter's 查询 says 已查实
// only of a report that counts as verified (safetybot.Tip.CountsVerified);
// one whose hazard was then rejected reads 查实后被驳回 and promises no
// reward, and a declined one promises none either (qa7b #7). A reward
// already recorded is said as it is.
func TestStatusTextFollowsTheVerifiedRule(t *testing.T) {
	for _, tc := range []struct {
		name      string
		tip       safetybot.Tip
		want, not []string
	}{
		{name: "verified", tip: safetybot.Tip{Status: safetybot.TipVerified, HazardNumber: "YH2026-0008"},
			want: []string{"举报状态：已查实", "您举报的情况已查实，感谢您。", "奖励：暂无（查实后按规定核定，凭回执码领取）。"}},
		{name: "verified, hazard rejected", tip: safetybot.Tip{Status: safetybot.TipVerified, HazardNumber: "YH2026-0008", HazardRejected: true},
			want: []string{"举报状态：查实后被驳回", RejectedText, "奖励：暂无（登记的隐患已被驳回，不计入查实，暂不核定奖励）。", "补充情况请发送"},
			not:  []string{"已查实", "感谢您", "查实后按规定核定", "YH2026-0008"}},
		{name: "reward paid, hazard rejected later", tip: safetybot.Tip{Status: safetybot.TipClosed, HazardNumber: "YH2026-0008", HazardRejected: true,
			Reward: safetybot.RewardPaid, RewardYuan: 3000},
			want: []string{"举报状态：查实后被驳回", RejectedText, "奖励：已发放 3,000 元。", "本举报已结束"}, not: []string{"感谢您"}},
		{name: "reward pending, hazard rejected later", tip: safetybot.Tip{Status: safetybot.TipVerified, HazardNumber: "YH2026-0007", HazardRejected: true,
			Reward: safetybot.RewardPending, RewardYuan: 3000},
			want: []string{"举报状态：查实后被驳回", "奖励：暂无（登记的隐患已被驳回"}, not: []string{"待审核", "拟 3,000"}},
		{name: "reward approved, hazard rejected later", tip: safetybot.Tip{Status: safetybot.TipVerified, HazardNumber: "YH2026-0007", HazardRejected: true,
			Reward: safetybot.RewardApproved, RewardYuan: 3000},
			want: []string{"奖励：暂无（登记的隐患已被驳回"}, not: []string{"已批准", "领取"}},
		{name: "declined", tip: safetybot.Tip{Status: safetybot.TipDeclined, DeclineReason: "内容过于笼统，无法核查"},
			want: []string{"举报状态：不予受理", "奖励：无（本举报不予受理，不涉及奖励）。"}, not: []string{"查实后按规定核定", "感谢您"}},
		{name: "in progress", tip: safetybot.Tip{Status: safetybot.TipInProgress},
			want: []string{"举报状态：受理中", "奖励：暂无（查实后按规定核定，凭回执码领取）。"}, not: []string{"感谢您", "驳回"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.tip.Day, tc.tip.Body = "2026-12-04", "城关加油站夜间违规给无牌摩托车加油"
			got := StatusText(&tc.tip)
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
