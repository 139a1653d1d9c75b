package bot

import (
	"strings"
	"testing"
)

// QA17 #7: a question about a hazard that moved on since (closed,
// rejected, reported done) is no longer listed nor counted as waiting; a
// bare 是 that may have been meant for it answers none of the others and
// is told the hazard's state; after an answer, 「还有 N 个问题待回答」 counts
// what waits in every chat.
func TestQuestionAboutHazardThatMovedOn(t *testing.T) {
	for _, tc := range []struct {
		name, move, by string
		note           string // what a bare 是 is told of YH2026-0001
	}{
		{"closed", "销号 YH2026-0001 现场核查已整改到位 仍销号:是", "wang", "隐患 YH2026-0001 已销号，不能再报整改完成，这次回答未生效"},
		{"rejected", "驳回 YH2026-0001 重复上报", "wang", "隐患 YH2026-0001 已驳回，不能再报整改完成，这次回答未生效"},
		{"reported done", "整改 YH2026-0001 已全部整改完毕 完成:是", "li", "YH2026-0001 已报整改完成（当前待验收），这次回答未生效"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.say("admin", "授权 wang 工作人员")
			for _, d := range []string{"客运站消防通道堆放杂物", "候车厅灭火器过期", "站场护栏破损", "充电桩线缆裸露"} {
				f.say("wang", "上报 "+d+" 单位:县汽车站 领域:道路运输 等级:一般")
			}
			for _, n := range []string{"0001", "0002", "0003", "0004"} {
				f.say("wang", "确认 YH2026-"+n)
				f.say("wang", "指派 YH2026-"+n+" li 期限:2026-12-20")
			}
			f.say("li", "整改 YH2026-0001 已全部整改完毕，请验收")
			f.say("li", "整改 YH2026-0002 已整改完成")
			f.sayInGroup("li", "wrG3", "整改 YH2026-0003 已整改完成")
			if got := f.say("li", "整改 YH2026-0004 已整改完成"); !strings.Contains(got, "您另有 3 个问题待回答") {
				t.Fatalf("questions not asked: %s", got)
			}
			f.say(tc.by, tc.move)

			got := f.say("li", "是")
			for _, w := range []string{tc.note, "还有 3 个问题待回答", "「是 YH2026-0002」", "「是 YH2026-0004」", "在群聊（10:00 提出）中待回答的", "「是 YH2026-0003」"} {
				if !strings.Contains(got, w) {
					t.Errorf("bare 是 lacks %q:\n%s", w, got)
				}
			}
			if strings.Contains(got, "已记录") || strings.Contains(got, "「是 YH2026-0001」") {
				t.Errorf("bare 是 answered or listed a question:\n%s", got)
			}
			got = f.say("li", "是 YH2026-0002")
			for _, w := range []string{"已记录 YH2026-0002 整改完成", "还有 2 个问题待回答", "「是 YH2026-0004」", "「是 YH2026-0003」"} {
				if !strings.Contains(got, w) {
					t.Errorf("是 YH2026-0002 lacks %q:\n%s", w, got)
				}
			}
			if strings.Contains(got, "YH2026-0001") || strings.Contains(got, "还有一个") {
				t.Errorf("是 YH2026-0002 miscounts:\n%s", got)
			}
			if got := f.say("li", "是 YH2026-0001"); !strings.Contains(got, "没有关于 YH2026-0001 的待回答问题") {
				t.Errorf("the dropped question answered again: %s", got)
			}
			if got := f.sayInGroup("li", "wrG3", "是"); !strings.Contains(got, "您有 2 个问题待回答") {
				t.Errorf("in the group: %s", got)
			}
		})
	}
}
