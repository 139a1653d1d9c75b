package bot

import (
	"strings"
	"testing"
)

// TestAcknowledgementGetsTheNextStep: 收到 (好的, 已收到, 明白) answering an
// 【整改指派】 card is no unknown command (QA12 #3: 「未识别的命令「收到」」):
// the reply acknowledges it and says what to do next, records nothing, and
// in a group names no hazard.
func TestAcknowledgementGetsTheNextStep(t *testing.T) {
	for _, tc := range []struct {
		name, user, text string
		group            bool
		want             []string
		not              []string
	}{
		{name: "one assigned hazard", user: "li", text: "收到",
			want: []string{"好的。您负责整改的隐患 YH2026-0001（客运站消防通道堆放杂物，期限 2026-12-20）", "「整改 YH2026-0001 已收到，开始整改」", "完成:是"}},
		{name: "with punctuation and emoji", user: "li", text: "收到！👌", want: []string{"好的。您负责整改的隐患 YH2026-0001"}},
		{name: "好的，谢谢领导", user: "li", text: "好的，谢谢领导", want: []string{"好的。您负责整改的隐患 YH2026-0001"}},
		{name: "已收到", user: "li", text: "已收到", want: []string{"「整改 YH2026-0001 <进展>」"}},
		{name: "明白", user: "li", text: "明白", want: []string{"YH2026-0001"}},
		{name: "more than an acknowledgement: not recorded, said", user: "li", text: "收到，马上安排整改",
			want: []string{"这条消息不是命令，未作记录。您负责整改的隐患 YH2026-0001"}},
		{name: "nobody's assignee", user: "wang", text: "好的", want: []string{"好的。需要办理时请发送命令"}, not: []string{"YH2026"}},
		{name: "in a group: no hazard named", user: "li", text: "收到", group: true, want: []string{"好的。"}, not: []string{"YH2026", "消防通道"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.say("admin", "授权 wang 工作人员")
			f.say("wang", "上报 客运站消防通道堆放杂物 单位:县汽车站 领域:道路运输")
			f.say("wang", "确认 YH2026-0001")
			f.say("wang", "指派 YH2026-0001 li 期限:2026-12-20")
			var got string
			if tc.group {
				got = f.sayInGroup(tc.user, "wrkgrp1", tc.text)
			} else {
				got = f.say(tc.user, tc.text)
			}
			for _, w := range append(tc.want, "") {
				if !strings.Contains(got, w) {
					t.Errorf("reply lacks %q:\n%s", w, got)
				}
			}
			for _, w := range append(tc.not, "未识别") {
				if strings.Contains(got, w) {
					t.Errorf("reply says %q:\n%s", w, got)
				}
			}
			if h := f.hazard("YH2026-0001"); h.Status != "整改中" {
				t.Errorf("status %s", h.Status)
			}
		})
	}
}

// TestAckIsNoAnswer: 好的 to 是否已整改完成？ is no 是: the question is
// shown again, still open, and 是 then answers it.
func TestAckIsNoAnswer(t *testing.T) {
	f := newFixture(t)
	f.say("admin", "授权 wang 工作人员")
	f.say("wang", "上报 客运站消防通道堆放杂物 单位:县汽车站 领域:道路运输")
	f.say("wang", "确认 YH2026-0001")
	f.say("wang", "指派 YH2026-0001 li 期限:2026-12-20")
	f.say("li", "整改 YH2026-0001 已全部整改完毕，请验收")
	// The next step is the answer, not the assignment's 开始整改 (qa14 #5).
	got := f.say("li", "好的")
	if !strings.Contains(got, "「好的」不算回答，问题仍待回答，请回复 是 / 否") || !strings.Contains(got, "YH2026-0001 是否已整改完成？") {
		t.Errorf("好的: %s", got)
	}
	if strings.Contains(got, "开始整改") || strings.Contains(got, "整改 YH2026-0001 <进展>") {
		t.Errorf("好的 with a question open gives the assignment's advice: %s", got)
	}
	if got := f.say("li", "是"); !strings.Contains(got, "状态：待验收") {
		t.Errorf("是: %s", got)
	}
}

// TestAck reads acknowledgements, and only them.
func TestAck(t *testing.T) {
	for _, tc := range []struct {
		text     string
		ok, only bool
	}{
		{"收到", true, true}, {"收到！", true, true}, {"好的👍", true, true}, {"OK", true, true},
		{"收到，谢谢", true, true}, {"明白了，辛苦了", true, true},
		{"收到，马上整改", true, false},
		{"收到货物", false, false}, {"好人", false, false}, {"整改", false, false}, {"", false, false},
	} {
		if ok, only := ack(tc.text); ok != tc.ok || only != tc.only {
			t.Errorf("ack(%q) = %v, %v; want %v, %v", tc.text, ok, only, tc.ok, tc.only)
		}
	}
}
