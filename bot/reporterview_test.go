package bot

import (
	"strings"
	"testing"
)

// TestReporterShownOnlyToStaffPrivately: 隐患 <编号> names the reporter
// (上报人 and the actor of their entries in the history) only to staff,
// leaders and admins in a private chat. The principal it is assigned to
// sees it withheld (fix9-8 #5: after 指派 … boss1, boss1's 隐患 showed
// 上报人：<employee> and the history naming him); a group chat is shown no
// detail at all (QA16 #7).
func TestReporterShownOnlyToStaffPrivately(t *testing.T) {
	f := newFixture(t)
	for _, s := range []string{"授权 leader1 领导", "授权 staff1 工作人员"} {
		f.say("admin", s)
	}
	if got := f.say("worker7", "上报 码头老板逼司机超载装卸，护栏缺失 单位:某码头公司 领域:水上交通"); !strings.Contains(got, "YH2026-0001") {
		t.Fatalf("上报: %s", got)
	}
	f.say("worker7", "修改 YH2026-0001 地点:3号泊位") // the reporter's own entry in the history
	if got := f.say("admin", "指派 YH2026-0001 boss1 期限:2026-12-31"); !strings.Contains(got, "boss1") {
		t.Fatalf("指派: %s", got)
	}
	for _, tc := range []struct {
		name, user, chat string // chat "" is the private chat
		shown            bool
	}{
		{"admin, private", "admin", "", true},
		{"leader, private", "leader1", "", true},
		{"staff, private", "staff1", "", true},
		{"the principal, private", "boss1", "", false},
		{"the principal, in a group", "boss1", "wr001", false},
		{"staff, in a group", "staff1", "wr001", false},
		{"admin, in a group", "admin", "wr001", false},
	} {
		var got string
		if tc.chat == "" {
			got = f.say(tc.user, "隐患 YH2026-0001")
		} else {
			// QA16 #7: a group is shown no detail at all, the reporter
			// least of all (hazardgroup_test.go).
			got = f.sayInGroup(tc.user, tc.chat, "隐患 YH2026-0001")
			if strings.Contains(got, "worker7") || strings.Contains(got, "码头老板") || !strings.Contains(got, "私聊中发送「隐患 YH2026-0001」") {
				t.Errorf("%s: the detail in a group:\n%s", tc.name, got)
			}
			continue
		}
		if !strings.Contains(got, "码头老板逼司机超载") {
			t.Fatalf("%s: not the detail: %s", tc.name, got)
		}
		if tc.shown {
			if !strings.Contains(got, "上报人：worker7") || !strings.Contains(got, "worker7 上报") {
				t.Errorf("%s: reporter not shown:\n%s", tc.name, got)
			}
			continue
		}
		if strings.Contains(got, "worker7") || !strings.Contains(got, "上报人："+reporterWithheld) ||
			!strings.Contains(got, reporterWithheld+" 上报") || !strings.Contains(got, reporterWithheld+" 修改") {
			t.Errorf("%s: reporter not withheld:\n%s", tc.name, got)
		}
		if !strings.Contains(got, "指派：责任人 boss1") {
			t.Errorf("%s: the rest of the history is gone:\n%s", tc.name, got)
		}
	}
}
