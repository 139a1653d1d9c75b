package bot

import (
	"strings"
	"testing"

	"safetybot"
)

// QA9 #4: a re-assignment that moves the deadline says from what to what
// (it replaced 12-18 by 12-31 without a word), the history keeps the old
// one, and the assignee's card of a deadline already past says 已逾期.
func TestAssignSaysTheDeadlineItReplaces(t *testing.T) {
	f := newFixture(t) // 2026-11-28
	f.say("admin", "授权 clerk 工作人员")
	f.say("zhangsan", "上报 桥梁护栏缺失 单位:沁水县公路段 领域:公路运营 期限:2026-12-18")
	f.say("zhangsan", "上报 站场灭火器过期 单位:沁水县汽车站 领域:道路运输")
	f.converse([]step{
		{"clerk", "指派 YH2026-0001 lisi", []string{"期限：2026-12-18"}, []string{"期限由"}},
		{"clerk", "指派 YH2026-0001 wangwu 期限:2026-12-31", []string{"期限由 12月18日 改为 12月31日"}, []string{"期限："}},
		{"clerk", "指派 YH2026-0001 wangwu 期限:明年1月5日", []string{"期限由 12月31日 改为 2027年1月5日"}, nil},
		{"clerk", "指派 YH2026-0001 lisi", []string{"期限：2027-01-05"}, []string{"期限由"}}, // no 期限 written: it stays
		{"clerk", "隐患 YH2026-0001", []string{"期限 2026-12-31（原期限 2026-12-18）", "期限 2027-01-05（原期限 2026-12-31）"}, nil},
		{"clerk", "指派 YH2026-0002 zhaoliu 期限:2026-11-20", []string{"期限：2026-11-20（早于今天，已逾期）"}, nil},
	})
	for _, tc := range []struct {
		user, want string
	}{
		{"zhaoliu", "您被指派整改，期限已过，已逾期"},
		{"wangwu", "您被指派整改"},
	} {
		if c := f.cardOf(tc.user, safetybot.CardAssign); c.Desc != tc.want || (tc.user == "wangwu" && strings.Contains(c.Text(), "逾期")) {
			t.Errorf("%s's card: %q, want %q", tc.user, c.Desc, tc.want)
		}
	}
}
