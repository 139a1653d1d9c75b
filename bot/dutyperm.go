package bot

import (
	"context"
	"strings"

	"safetybot"
)

// dutyRefusal says why u may not record duty d done (完成), or nil when
// they may. The duty's audience says whose it is, so that a word matched
// loosely (完成 方案 → 方案到期) or another group's name cannot close someone
// else's duty and silence its reminders (QA report items 4 and 16):
//   - a duty meant for admins alone (方案到期: whether the standing duties go
//     on when the plan ends) is recorded by admins;
//   - a duty meant for working groups (each group's 专班研究) is recorded by
//     the staff of those groups, and by bureau-wide staff, leaders and
//     admins, who may record for any group; staff limited to other groups
//     may not.
//
// Every other duty is recorded by anyone who may use 完成.
func (e *Engine) dutyRefusal(ctx context.Context, u safetybot.User, d *safetybot.Duty) error {
	if u.Has(safetybot.RoleAdmin) {
		return nil
	}
	parts, err := safetybot.ParseAudience(d.Audience)
	if err != nil || len(parts) == 0 {
		return nil
	}
	adminsOnly := true
	var groups []string
	for _, p := range parts {
		if p.Kind != safetybot.AudienceRole || p.Target != string(safetybot.RoleAdmin) {
			adminsOnly = false
		}
		if p.Kind == safetybot.AudienceGroup {
			groups = append(groups, p.Target)
		}
	}
	if adminsOnly {
		return safetybot.Errorf(safetybot.EFORBIDDEN, "「%s」只能由管理员登记完成，未作登记。请告知管理员，由管理员确认后发送「完成 %s」。", d.Name, d.Name)
	}
	if len(groups) == 0 || u.IsLeader() {
		return nil
	}
	var own []string
	for _, g := range u.Grants {
		if g.Role != safetybot.RoleStaff {
			continue
		}
		if g.WorkingGroup == "" {
			return nil
		}
		mine := e.groupName(g.WorkingGroup)
		for _, want := range groups {
			if e.groupName(want) == mine {
				return nil
			}
		}
		if !e.inPlan(g.WorkingGroup) {
			// A plan revision removed the group (qa6a #6): the role
			// covers nothing until an admin grants it anew.
			return safetybot.Errorf(safetybot.EFORBIDDEN, "您的工作人员角色限定于%s，当前方案已删除这个专班，未作登记。请管理员重新授权：「授权 %s 工作人员 <专班>」或「授权 %s 工作人员」（不限专班）。",
				formerName(ctx, e, g.WorkingGroup), u.ID, u.ID)
		}
		own = append(own, mine)
	}
	owners := make([]string, len(groups))
	for i, g := range groups {
		owners[i] = e.groupName(g)
	}
	return safetybot.Errorf(safetybot.EFORBIDDEN, "您的工作人员角色限定于%s，只能登记本专班的职责；「%s」属于%s，未作登记。请由%s的工作人员或局机关工作人员登记。",
		strings.Join(own, "、"), d.Name, strings.Join(owners, "、"), strings.Join(owners, "、"))
}

// groupName is the name of the working group an audience or a grant names,
// by key (railway) or by name (铁路沿线工作专班); what it does not know is
// shown as written.
func (e *Engine) groupName(g string) string {
	for _, wg := range e.plan.Groups {
		if wg.Key == g || wg.Name == g {
			return wg.Name
		}
	}
	return g
}
