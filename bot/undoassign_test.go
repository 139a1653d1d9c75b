package bot

import (
	"strings"
	"testing"
)

// TestUndoReassignTellsWhoIsResponsible: 撤销 of a re-assignment makes the
// first assignee responsible again, and he is told so, with what to do;
// the one the hazard was re-assigned to is told he is no longer (qa6 B13).
func TestUndoReassignTellsWhoIsResponsible(t *testing.T) {
	f := newFixture(t)
	f.say("admin", "授权 li 工作人员")
	f.say("li", "上报 码头护栏缺失 领域:水上交通 单位:某港务公司")
	f.say("li", "指派 YH2026-0001 zhangsan 期限:2026-12-20")
	f.say("li", "指派 YH2026-0001 wangwu")
	if got := f.say("li", "撤销 YH2026-0001"); !strings.Contains(got, "已撤销 YH2026-0001 的「指派」") {
		t.Fatalf("撤销: %s", got)
	}
	if h := f.hazard("YH2026-0001"); h.Assignee != "zhangsan" {
		t.Fatalf("assignee after 撤销 = %q", h.Assignee)
	}
	for _, tc := range []struct {
		user      string
		want, not []string
	}{
		{user: "zhangsan", want: []string{"撤销了「指派」，改由您继续负责整改此隐患", "期限：2026-12-20", "「整改 YH2026-0001 <进展>」"}},
		{user: "wangwu", want: []string{"对您的指派已被", "您不再负责整改此隐患"}, not: []string{"改由您继续负责"}},
	} {
		got := f.outboxTo(tc.user)
		last := got[len(got)-1]
		for _, w := range tc.want {
			if !strings.Contains(last, w) {
				t.Errorf("%s's last notice lacks %q: %s", tc.user, w, last)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(last, n) {
				t.Errorf("%s's last notice says %q: %s", tc.user, n, last)
			}
		}
	}
}

// TestReassignNamesNamesakes: with two people shown as 王强, 改派 names
// each as 名字（userid） in the reply and in the notice to the one taken off
// (QA8 #10), as the README's rule for namesakes says.
func TestReassignNamesNamesakes(t *testing.T) {
	f := newNamedFixture(t, &fakeBook{denied: true})
	f.say("admin", "授权 admin2 工作人员")
	for _, id := range []string{"li", "wang"} {
		if got := f.say("admin", "姓名 "+id+" 王强"); !strings.Contains(got, "已设置") {
			t.Fatalf("姓名 %s: %s", id, got)
		}
	}
	f.say("admin2", "上报 码头护栏缺失 领域:水上交通 单位:某港务公司")
	f.say("admin2", "指派 YH2026-0001 li")
	got := f.say("admin2", "指派 YH2026-0001 wang")
	if !strings.Contains(got, "原责任人 王强（li）") {
		t.Errorf("the 指派 reply does not tell the two apart: %s", got)
	}
	notes := f.outboxTo("li")
	if last := notes[len(notes)-1]; !strings.Contains(last, "改派给 王强（wang）") {
		t.Errorf("li's notice does not say which 王强: %s", last)
	}
}

// TestUndoDoneRefusesChoice: 完成 撤销 takes back the sender's newest
// record of the period; a 说明 or 日期 after the duty cannot choose another
// and is refused, nothing withdrawn (QA8 #3).
func TestUndoDoneRefusesChoice(t *testing.T) {
	f := withDuties(newFixture(t))
	f.say("admin", "授权 clerk 工作人员")
	f.say("clerk", "议题 研究冬季道路运输安全")
	f.say("clerk", "议题 研究水上交通安全")
	f.converse([]step{
		{"clerk", "完成 撤销 党组议题 研究冬季道路运输安全", []string{"不能按说明或日期另选，未撤销"}, []string{"已撤销"}},
		{"clerk", "完成 撤销 党组议题 日期:11月20日", []string{"未撤销"}, []string{"已撤销"}},
		{"clerk", "完成 撤销 党组议题", []string{"已撤销", "研究水上交通安全"}, nil},
	})
}
