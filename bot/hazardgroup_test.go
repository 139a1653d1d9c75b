package bot

import (
	"context"
	"strings"
	"testing"

	"safetybot"
)

// TestGroupShowsNoRolesNorDescriptions (QA16 #7): in a group the bot does
// not answer what only some of its members may read. 授权 (who is 受理人
// for anonymous reports), 撤权 and 失败投递 are refused there and run
// nothing; 隐患 gives counts only, its detail not at all. The same
// messages in a private chat answer as before.
func TestGroupShowsNoRolesNorDescriptions(t *testing.T) {
	f := newFixture(t)
	for _, s := range []string{"授权 wang 受理人", "授权 staff1 工作人员", "企业 通达危货 boss1"} {
		f.say("admin", s)
	}
	f.say("worker7", "上报 危货车辆未安装智能视频监控 单位:通达危货 领域:道路运输")
	f.say("worker7", "上报 码头护栏缺失 单位:测试码头 领域:水上交通")
	if got := f.say("staff1", "指派 YH2026-0001 boss1 期限:2026-12-31"); !strings.Contains(got, "boss1") {
		t.Fatalf("指派: %s", got)
	}
	const private = ""
	for _, tc := range []struct {
		name, user, chat, text string
		want                   []string // all in the reply
		not                    []string // none in the reply
	}{
		{"授权 list, group", "admin", "wr001", "授权",
			[]string{"「授权」只能在与机器人的私聊中使用"}, []string{"wang", "受理人", "staff1"}},
		{"授权 list, private", "admin", private, "@安全助手 授权",
			[]string{"wang：受理人", "最近的授权记录"}, nil},
		{"授权 a handler, group", "admin", "wr001", "@安全助手 授权 lisi 受理人",
			[]string{"「授权」只能在与机器人的私聊中使用"}, []string{"已授予"}},
		{"撤权, group", "admin", "wr001", "撤权 wang 受理人",
			[]string{"「撤权」只能在与机器人的私聊中使用"}, []string{"已撤销"}},
		{"失败投递, group", "admin", "wr001", "失败投递",
			[]string{"「失败投递」只能在与机器人的私聊中使用"}, nil},
		{"staff list, group", "staff1", "wr001", "隐患",
			[]string{"未销号隐患共 2 条。", "私聊中发送「隐患」"}, []string{"视频监控", "护栏", "YH2026-0001"}},
		{"staff filtered list, group", "staff1", "wr001", "隐患 道路运输 待确认",
			[]string{"共 1 条", "私聊中发送「隐患 道路运输 待确认」"}, []string{"视频监控"}},
		{"staff empty list, group", "staff1", "wr001", "隐患 逾期",
			[]string{"逾期 未销号隐患：无。"}, nil},
		{"staff list, private", "staff1", private, "隐患",
			[]string{"未销号隐患共 2 条：", "危货车辆未安装智能视频", "码头护栏缺失"}, nil},
		{"staff detail, group", "staff1", "wr001", "隐患 YH2026-0002",
			[]string{"群聊中不显示", "私聊中发送「隐患 YH2026-0002」"}, []string{"护栏", "测试码头", "worker7"}},
		{"no such hazard, group: the same answer", "staff1", "wr001", "隐患 YH2026-0099",
			[]string{"群聊中不显示", "私聊中发送「隐患 YH2026-0099」"}, []string{"不存在", "没有"}},
		{"principal's list, group", "boss1", "wr001", "隐患",
			[]string{"指派给您的未销号隐患共 1 条。", "私聊中发送「隐患」"}, []string{"视频监控", "YH2026-0001"}},
		{"principal's detail, group", "boss1", "wr001", "隐患 YH2026-0001",
			[]string{"群聊中不显示"}, []string{"视频监控"}},
		{"上报 of a number in the ledger, group", "staff1", "wr001", "上报 YH2026-0002",
			[]string{"YH2026-0002，该隐患已在台账中，未重复登记"}, []string{"护栏"}},
		{"上报 of a number in the ledger, private", "staff1", private, "上报 YH2026-0002",
			[]string{"YH2026-0002（码头护栏缺失），该隐患已在台账中"}, nil},
		{"principal's list, private", "boss1", private, "隐患",
			[]string{"指派给您的未销号隐患共 1 条：", "危货车辆未安装智能视频"}, []string{"护栏"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			if tc.chat == private {
				got = f.say(tc.user, tc.text)
			} else {
				got = f.sayInGroup(tc.user, tc.chat, tc.text)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("want %q in:\n%s", w, got)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("%q must not be in:\n%s", w, got)
				}
			}
		})
	}
	// The refused grants changed nothing.
	for id, role := range map[string]safetybot.Role{"lisi": safetybot.RoleHandler, "wang": safetybot.RoleHandler} {
		u, err := f.store.User(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if want := id == "wang"; u.Has(role) != want {
			t.Errorf("%s holds %s: %v, want %v", id, role, u.Has(role), want)
		}
	}
	// Help in a group does not offer what it would refuse.
	if got := f.sayInGroup("admin", "wr001", "帮助"); strings.Contains(got, "授权 <userid>") || strings.Contains(got, "失败投递") {
		t.Errorf("help in a group offers a private-only command:\n%s", got)
	}
}

// TestRefusalTellsMemberWhatHeCan (QA16 #4): someone without a bureau role
// refused a staff command is told what he can do — his hazards, 整改, 完成:是
// (and 检查 for a principal) — never to ask for rights: 工作人员 would show
// an enterprise's boss every company's hazards and who reported them.
// Staff refused a leader's or admin's command are still pointed to 授权.
func TestRefusalTellsMemberWhatHeCan(t *testing.T) {
	f := newFixture(t)
	for _, s := range []string{"授权 staff1 工作人员", "企业 通达危货 boss1"} {
		f.say("admin", s)
	}
	f.say("worker7", "上报 危货车辆未安装智能视频监控 单位:通达危货 领域:道路运输")
	f.say("staff1", "指派 YH2026-0001 boss1 期限:2026-12-31")
	can := []string{"您可以", "发送「隐患」查看指派给您整改的隐患", "整改 <编号> <进展>", "完成:是"}
	for _, tc := range []struct {
		name, user, text string
		want, not        []string
	}{
		{"principal, 确认", "boss1", "确认 YH2026-0001", append(can, "「确认」仅限工作人员使用", "检查 通达危货"), []string{"授权", "联系管理员", "boss1"}},
		{"principal, 销号 in a group", "boss1", "销号 YH2026-0001 已整改", append(can, "「销号」仅限工作人员使用"), []string{"授权", "联系管理员"}},
		{"principal, 摘要", "boss1", "摘要", append(can, "「摘要」仅限领导使用"), []string{"授权", "联系管理员"}},
		{"employee, 指派", "worker7", "指派 YH2026-0001 worker7", append(can, "「指派」仅限工作人员使用"), []string{"授权", "联系管理员", "检查"}},
		{"staff, 授权: as before", "staff1", "授权 worker7 工作人员", []string{"「授权」仅限管理员使用。如需权限请联系管理员（授权）。"}, []string{"您可以"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			if strings.Contains(tc.name, "group") {
				got = f.sayInGroup(tc.user, "wr001", tc.text)
			} else {
				got = f.say(tc.user, tc.text)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("want %q in:\n%s", w, got)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("%q must not be in:\n%s", w, got)
				}
			}
		})
	}
}

// TestGroupRefusalSameForEveryRole (QA16 #7): a private-only command sent
// in a group is refused alike whoever sends it. Checked by role first, a
// 受理人's 受理 was refused as private-only and anyone else's as 仅限受理人,
// so the group read who the handler is.
func TestGroupRefusalSameForEveryRole(t *testing.T) {
	f := newFixture(t)
	for _, s := range []string{"授权 wang 受理人", "授权 zhao 领导", "授权 staff1 工作人员"} {
		f.say("admin", s)
	}
	for _, tc := range []struct {
		text  string
		users []string
	}{
		{"受理", []string{"wang", "staff1", "boss1"}},
		{"回复 1234567 您好", []string{"wang", "staff1"}},
		{"摘要", []string{"zhao", "staff1", "boss1"}},
		{"举报统计", []string{"zhao", "boss1"}},
		{"授权", []string{"admin", "staff1", "boss1"}},
	} {
		first := f.sayInGroup(tc.users[0], "wr001", "@安全助手 "+tc.text)
		if !strings.Contains(first, "只能在与机器人的私聊中使用") {
			t.Errorf("%s by %s: %s", tc.text, tc.users[0], first)
		}
		for _, u := range tc.users[1:] {
			if got := f.sayInGroup(u, "wr001", "@安全助手 "+tc.text); got != first {
				t.Errorf("%s: %s reads %q, %s reads %q", tc.text, tc.users[0], first, u, got)
			}
		}
	}
}
