package bot

import (
	"strings"
	"testing"
)

// TestReturnedHazardSaysWhoWasTold: a 驳回 that sends a 待验收 hazard back
// to rectification claims to have told the responsible person only when
// there is one other than the one returning it: a hazard reported done
// before anyone was assigned has nobody to tell, so the reply asks for one
// (qa7b #12).
func TestReturnedHazardSaysWhoWasTold(t *testing.T) {
	for _, tc := range []struct {
		name     string
		assign   string // "" leaves it unassigned
		returner string
		want     string
		not      string
	}{
		{name: "assigned", assign: "指派 YH2026-0001 zhangsan 期限:2026-12-31", returner: "wang",
			want: "YH2026-0001 验收不通过，已退回整改并通知责任人。"},
		{name: "unassigned", returner: "wang", not: "通知责任人",
			want: "YH2026-0001 验收不通过，已退回整改。该隐患尚未指派责任人，没有责任人收到退回通知：请发送「指派 YH2026-0001 <userid> 期限:」"},
		{name: "returned by its own responsible person", assign: "指派 YH2026-0001 wang 期限:2026-12-31", returner: "wang",
			not: "通知责任人", want: "YH2026-0001 验收不通过，已退回整改（责任人是您本人）。"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.say("admin", "授权 wang 工作人员 道路运输")
			f.say("clerk", "上报 客运站自动扶梯运行异响 领域:道路运输 单位:县汽车站")
			if tc.assign != "" {
				f.say("admin", tc.assign)
			}
			if got := f.say("wang", "整改 YH2026-0001 已更换扶梯轴承 完成:是"); !strings.Contains(got, "待验收") {
				t.Fatalf("整改: %s", got)
			}
			got := f.say(tc.returner, "驳回 YH2026-0001 扶梯仍异响")
			if !strings.Contains(got, tc.want) || tc.not != "" && strings.Contains(got, tc.not) {
				t.Errorf("驳回: %s", got)
			}
		})
	}
}
