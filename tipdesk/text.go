package tipdesk

import (
	"fmt"
	"strings"

	"safetybot"
)

// StatusText is what the reporter reads about their report.
func StatusText(t *safetybot.Tip) string {
	var b strings.Builder
	fmt.Fprintf(&b, "举报状态：%s（收到于 %s）\n", t.Shown(), t.Day)
	fmt.Fprintf(&b, "举报内容：%s\n", safetybot.Truncate(t.Body, 60))
	var added int
	var replies []safetybot.TipMessage
	for _, m := range t.Messages {
		if m.FromHandler {
			replies = append(replies, m)
		} else {
			added++
		}
	}
	if added > 0 {
		fmt.Fprintf(&b, "您的补充：%d 条\n", added)
	}
	if t.Photos > 0 { // sent on the report page; how many, never the photos
		fmt.Fprintf(&b, "已收到照片 %d 张\n", t.Photos)
	}
	if len(replies) == 0 {
		b.WriteString("受理人回复：暂无\n")
	} else {
		b.WriteString("受理人回复：\n")
		for _, m := range replies {
			fmt.Fprintf(&b, "· %s：%s\n", m.Day, m.Body)
		}
	}
	switch {
	case t.Status == safetybot.TipDeclined && !t.DeclineReplied():
		reason := t.DeclineReason
		if strings.TrimSpace(reason) == "" {
			reason = "见受理人回复"
		}
		fmt.Fprintf(&b, "不予受理的原因：%s\n", reason)
	case t.HazardRejected:
		b.WriteString(RejectedText + "\n")
	case t.CountsVerified():
		b.WriteString("您举报的情况已查实，感谢您。\n")
	}
	b.WriteString(RewardText(t) + "\n")
	if t.Status.Closed() {
		b.WriteString("本举报已结束，将在规定期限后删除。")
	} else {
		b.WriteString("补充情况请发送「补充 <回执码> <内容>」。")
	}
	return b.String()
}

// RejectedText is what the reporter reads of a report verified into a
// hazard that was then rejected (safetybot.Tip.HazardRejected): it no
// longer counts as verified, by the rule of the leaders' counts and the
// annual summary. Why is the handlers' to say (the rejection's note is
// staff's words, not written for the reporter).
const RejectedText = "根据您的举报登记的隐患，经复核已被驳回（不属于隐患或与已登记的隐患重复），本举报不再计入查实。具体情况请以受理人回复为准。"

// RewardText is the reward line the reporter reads: what was recorded, or
// when nothing was, whether a reward may still follow — not on a report
// declined, nor on one whose hazard was rejected (qa7b #7). It shows the
// reward by the one rule of every view (safetybot.Tip.RewardShown): a
// reward pending or approved when the hazard was rejected is suspended and
// reads as none, with the reason.
func RewardText(t *safetybot.Tip) string {
	switch t.RewardShown() {
	case safetybot.RewardPending:
		return fmt.Sprintf("奖励：待审核（拟 %s 元）", safetybot.FormatYuan(t.RewardYuan))
	case safetybot.RewardApproved:
		return fmt.Sprintf("奖励：已批准 %s 元。请凭回执码按受理人回复的方式领取；回执码是唯一凭证。", safetybot.FormatYuan(t.RewardYuan))
	case safetybot.RewardPaid:
		return fmt.Sprintf("奖励：已发放 %s 元。", safetybot.FormatYuan(t.RewardYuan))
	case safetybot.RewardRefused:
		return "奖励：不予奖励（原因见受理人回复）。"
	}
	switch {
	case t.Status == safetybot.TipDeclined:
		return "奖励：无（本举报不予受理，不涉及奖励）。"
	case t.HazardRejected:
		return "奖励：暂无（登记的隐患已被驳回，不计入查实，暂不核定奖励）。"
	}
	return "奖励：暂无（查实后按规定核定，凭回执码领取）。"
}
