package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"safetybot"
)

// ackWords are what people answer a notice with (收到, 好的, 明白): no
// command, and no scolding either (QA12 #3: 收到 to an 【整改指派】 card was
// told 「未识别的命令「收到」」).
var ackWords = []string{"收到", "已收到", "收到了", "收到收到", "好的", "好", "好滴", "好嘞", "明白", "明白了", "知道了",
	"了解", "嗯", "嗯嗯", "ok", "okay", "谢谢", "多谢", "感谢", "辛苦了"}

// ackParts splits text into its words and phrases, dropping punctuation,
// emoji and a polite 领导 (收到！, 好的👌, 收到，谢谢领导).
func ackParts(text string) []string {
	parts := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return strings.ContainsRune(" ，,。.!！~～、；;：:", r) || r >= 0x2000 && r < 0x2C00 || r >= 0x1F000
	})
	for i, p := range parts {
		parts[i] = strings.TrimSuffix(strings.TrimSuffix(p, "领导"), "您")
	}
	return parts
}

// ack reads text that opens with an acknowledgement; only reports whether
// nothing else was written (收到，马上整改 is an acknowledgement and more,
// which is not recorded either, and the reply says so).
func ack(text string) (ok, only bool) {
	parts := ackParts(text)
	if len(parts) == 0 || !slices.Contains(ackWords, parts[0]) {
		return false, false
	}
	for _, p := range parts[1:] {
		if p != "" && !slices.Contains(ackWords, p) {
			return true, false
		}
	}
	return true, true
}

// ackReply answers an acknowledgement with the sender's next step: the
// hazard he is responsible for and how to report on it, so 收到 to an
// assignment card leads somewhere. A group hears no hazard of his.
func (e *Engine) ackReply(ctx context.Context, m Message, only bool) string {
	lead := "好的。"
	if !only {
		lead = "这条消息不是命令，未作记录。"
	}
	// 好的 may have been meant for a question (是否已整改完成？): it is no
	// 是, and the question still waits. The next step is answering it, not
	// the assignment's 「开始整改」 advice, which after 已全部整改完毕 was
	// stale (qa14 #5).
	if open, err := e.openQuestions(ctx, m); err == nil && len(open) > 0 {
		return lead + "「" + safetybot.Truncate(strings.TrimSpace(m.Text), 10) + "」不算回答，问题仍待回答，请回复 是 / 否：" + listQuestions(open)
	}
	return lead + strings.TrimPrefix(e.ackNext(ctx, m), "好的。")
}

// ackNext is the acknowledgement and the sender's next step.
func (e *Engine) ackNext(ctx context.Context, m Message) string {
	const none = "好的。需要办理时请发送命令，发送「帮助」查看可用命令。"
	if m.ChatType == ChatGroup || strings.TrimSpace(m.UserID) == "" {
		return none
	}
	hs, err := e.store.Hazards(ctx, safetybot.HazardFilter{Assignee: m.UserID, OpenOnly: true, Order: safetybot.OrderUrgency})
	if err != nil {
		e.log.ErrorContext(ctx, "ack: hazards not read", "err", err)
		return none
	}
	var todo []*safetybot.Hazard // those waiting on him, not on 验收
	for _, h := range hs {
		if h.Status != safetybot.StatusVerifying {
			todo = append(todo, h)
		}
	}
	switch len(todo) {
	case 0:
		if len(hs) > 0 {
			return fmt.Sprintf("好的。您负责整改的隐患已报整改完成，等待工作人员验收（%s）。", hs[0].Number)
		}
		return none
	case 1:
		h := todo[0]
		return fmt.Sprintf("好的。您负责整改的隐患 %s（%s，期限 %s）：开始整改请发送「整改 %s 已收到，开始整改」，之后发送「整改 %s <进展>」报告进展，整改完成后发送「整改 %s <说明> 完成:是」提交验收。",
			h.Number, safetybot.Truncate(h.Description, 20), orText(string(h.Deadline), "未定"), h.Number, h.Number, h.Number)
	}
	nums := make([]string, 0, 3)
	for _, h := range todo[:min(len(todo), 3)] {
		nums = append(nums, h.Number)
	}
	more := ""
	if len(todo) > 3 {
		more = "等"
	}
	return fmt.Sprintf("好的。您负责整改的隐患有 %d 条（%s%s）：发送「整改 <编号> <进展>」报告进展，整改完成后加「完成:是」；发送「隐患」查看全部。",
		len(todo), strings.Join(nums, "、"), more)
}
