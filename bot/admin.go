package bot

import (
	"context"
	"fmt"
	"strings"

	"safetybot"
)

// 授权, 撤权 and 失败投递 are private-chat only: their replies name who
// holds which role, and who is 受理人 (or the target of a failed notice to
// one) must never reach a group, whose members may include the reported
// (whistleblower protection; QA16 #7).
func (e *Engine) adminCommands() []*command {
	return []*command{
		{verb: "授权", alias: "grant", perm: permAdmin, privateOnly: true, usage: "授权 <userid> <角色> [专班]",
			summary: "授予角色：管理员、领导、工作人员、受理人；工作人员可限定专班。不带参数列出已授权人员", run: e.grant},
		{verb: "撤权", alias: "revoke", perm: permAdmin, privateOnly: true, usage: "撤权 <userid> <角色>",
			summary: "收回角色", run: e.revoke},
		{verb: "失败投递", alias: "failed", perm: permAdmin, privateOnly: true, usage: "失败投递",
			summary: "查看多次重试仍未送达的通知", run: e.failedDeliveries},
		e.nameCommand(),
	}
}

func (e *Engine) grant(ctx context.Context, r *request) (string, error) {
	if len(r.args.Words) == 0 {
		return e.listGrants(ctx)
	}
	if l := grantRows(r.rest); len(l.rows) > 1 || l.header != "" || l.role != "" {
		return e.grantEach(ctx, r, l)
	}
	if line, _, ok := roleFirst(r.rest); ok {
		r.rest, r.args = line, readArgs(line, r.cmd.fields, e.now())
	}
	return e.grantOne(ctx, r)
}

// grantOne grants the role one line of 授权 names.
func (e *Engine) grantOne(ctx context.Context, r *request) (string, error) {
	r.args.personArg(0)
	r.args.nameCell()
	if len(r.args.Words) < 2 {
		return "", r.usageError("请写明 userid 和角色。")
	}
	role, group, ok := roleWord(r.args.Words[1])
	if !ok {
		return "", r.usageError(fmt.Sprintf("角色「%s」无法识别，可选：管理员、领导、工作人员、受理人。", safetybot.Truncate(r.args.Words[1], 10)))
	}
	if len(r.args.Words) > 2 {
		group = strings.TrimSpace(group + " " + r.args.rest(2))
	}
	who, name, err := e.grantee(ctx, r.args.Words[0])
	if err != nil {
		return "", err
	}
	g := safetybot.Grant{UserID: who.ID, Role: role}
	if group != "" {
		if role != safetybot.RoleStaff {
			return "", r.usageError("只有工作人员可以限定专班。")
		}
		key, err := e.parseGroup(group)
		if err != nil {
			return "", err
		}
		g.WorkingGroup = key
	}
	if name != "" {
		note, err := e.recordName(ctx, who.ID, name, r.user.ID)
		if err != nil {
			return "", err
		}
		who.Note = withNote(who.Note, note)
	}
	held, err := e.store.User(ctx, g.UserID)
	if err != nil {
		return "", err
	}
	// A user holds each role once, so a staff grant with another 专班
	// replaces the one held; the reply says so (QA item 15).
	replaces, replacing := "", false
	for _, h := range held.Grants {
		if h.Role != g.Role {
			continue
		}
		if h.WorkingGroup == g.WorkingGroup {
			return withNote(fmt.Sprintf("%s 已有 %s%s 角色，无需重复授权。", e.nameID(ctx, g.UserID), role.Chinese(), e.groupScope(ctx, g.WorkingGroup)), who.Note), nil
		}
		replaces, replacing = h.WorkingGroup, true
	}
	var notes []safetybot.Notification
	if g.Role == safetybot.RoleHandler && strings.EqualFold(g.UserID, r.user.ID) { // userids are case-insensitive
		// 受理人 reads every anonymous report: granting it to oneself is
		// what the other admins must hear of (issue 10 §14).
		admins, err := e.store.UsersWithRole(ctx, safetybot.RoleAdmin)
		if err != nil {
			return "", err
		}
		for _, a := range admins {
			if !strings.EqualFold(a, r.user.ID) {
				notes = append(notes, safetybot.NotifyUser(a, fmt.Sprintf("【授权提醒】管理员 %s 给自己授予了「受理人」角色（可阅览全部匿名举报）。发送「授权」查看授权记录。", e.nameID(ctx, r.user.ID))))
			}
		}
	}
	if err := e.store.Grant(ctx, g, r.user.ID, notes...); err != nil {
		return "", err
	}
	reply := fmt.Sprintf("已授予 %s %s%s 角色", e.nameID(ctx, g.UserID), role.Chinese(), e.groupScope(ctx, g.WorkingGroup))
	if replacing {
		return withNote(reply+e.regrouped(ctx, g.UserID, replaces, g.WorkingGroup), who.Note), nil
	}
	return withNote(reply+"。", who.Note), nil
}

// regrouped says what a staff grant replaced: staff hold one 专班 or none
// (the whole bureau), not several.
func (e *Engine) regrouped(ctx context.Context, userID, from, to string) string {
	switch {
	case from == "":
		return "，取代原来的不限专班：今后只管本专班领域的隐患，其他领域的权限已收回。"
	case to == "":
		return fmt.Sprintf("，不再只限「%s」，今后覆盖全部领域。", e.grantGroupName(ctx, from))
	}
	return fmt.Sprintf("，取代原来的「%s」，原专班的权限已收回：工作人员只能限定一个专班。需要兼管多个专班的，请改为不限专班：「授权 %s 工作人员」。",
		e.grantGroupName(ctx, from), userID)
}

// groupScope is how a grant's 专班 follows the role's name: （铁路沿线工作专班）,
// or nothing for the whole bureau.
func (e *Engine) groupScope(ctx context.Context, group string) string {
	if group == "" {
		return ""
	}
	return "（" + e.grantGroupName(ctx, group) + "）"
}

func (e *Engine) revoke(ctx context.Context, r *request) (string, error) {
	r.args.personArg(0)
	if len(r.args.Words) < 2 {
		return "", r.usageError("请写明 userid 和角色。")
	}
	role, ok := safetybot.ParseRole(r.args.Words[1])
	if !ok {
		return "", r.usageError("角色可选：管理员、领导、工作人员、受理人。")
	}
	who, err := e.resolvePerson(ctx, r.args.Words[0], true)
	if err != nil {
		return "", err
	}
	id := who.ID
	held, err := e.store.Revoke(ctx, id, role, r.user.ID)
	if err != nil {
		return "", err
	}
	if !held {
		reply := fmt.Sprintf("%s 没有 %s 角色，无需撤销。", e.nameID(ctx, id), role.Chinese())
		if role == safetybot.RoleAdmin && e.admins[id] {
			reply += "（该用户由 SAFETYBOT_ADMINS 配置为管理员，需修改配置。）"
		}
		return withNote(reply, who.Note), nil
	}
	reply := fmt.Sprintf("已撤销 %s 的 %s 角色。", e.nameID(ctx, id), role.Chinese())
	if role == safetybot.RoleAdmin && e.admins[id] {
		reply += "（该用户列在 SAFETYBOT_ADMINS 中，服务重启时会重新成为管理员，请同时修改配置。）"
	}
	return withNote(reply, who.Note), nil
}

func (e *Engine) listGrants(ctx context.Context) (string, error) {
	gs, err := e.store.Grants(ctx)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("已授权人员：")
	for _, g := range gs {
		fmt.Fprintf(&b, "\n%s：%s", e.nameID(ctx, g.UserID), g.Role.Chinese())
		if g.WorkingGroup != "" {
			b.WriteString("（" + e.grantGroupName(ctx, g.WorkingGroup) + "）")
		}
	}
	if len(gs) == 0 {
		b.WriteString("暂无。")
	}
	evs, err := e.store.GrantEvents(ctx, 10)
	if err != nil {
		return "", err
	}
	if len(evs) > 0 {
		b.WriteString("\n最近的授权记录：")
		for _, ev := range evs {
			actor := e.name(ctx, ev.Actor)
			if ev.Actor == ConfiguredAdmins {
				actor = "配置（SAFETYBOT_ADMINS）"
			}
			fmt.Fprintf(&b, "\n%s %s %s %s %s", ev.At.In(safetybot.Shanghai).Format("01-02 15:04"), actor, ev.Action, e.nameID(ctx, ev.Grant.UserID), ev.Grant.Role.Chinese())
			if ev.Grant.WorkingGroup != "" {
				b.WriteString("（" + e.grantGroupName(ctx, ev.Grant.WorkingGroup) + "）")
			}
		}
	}
	return b.String(), nil
}

// parseGroup accepts a working group's key, name, a part of its name, a
// domain it covers, or a shortened name whose characters stand in one
// group's name in order and in no other's (公路建设 is 公路工程建设工作专班,
// 公路 could be two): the one rule for a working group's name, which 授权,
// 对象:专班: and 完成's group duties share (fix9 #9: 授权 refused 公路建设,
// which 完成 read).
func (e *Engine) parseGroup(s string) (string, error) {
	for _, g := range e.plan.Groups {
		if s == g.Key || s == g.Name || strings.TrimSuffix(g.Name, "工作专班") == strings.TrimSuffix(strings.TrimSuffix(s, "工作专班"), "专班") {
			return g.Key, nil
		}
	}
	if d, err := e.parseDomain(s); err == nil {
		for _, dom := range e.plan.Domains {
			if dom.Name == d && dom.Group != "" {
				return dom.Group, nil
			}
		}
	}
	if key := e.shortGroup(s); key != "" {
		return key, nil
	}
	names := make([]string, len(e.plan.Groups))
	for i, g := range e.plan.Groups {
		names[i] = g.Name
	}
	return "", safetybot.Errorf(safetybot.EINVALID, "专班「%s」无法识别，可选：%s。", safetybot.Truncate(s, 20), strings.Join(names, "、"))
}

func (e *Engine) failedDeliveries(ctx context.Context, _ *request) (string, error) {
	dead, err := e.store.DeadOutbox(ctx, 20)
	if err != nil {
		return "", err
	}
	if len(dead) == 0 {
		return "没有失败的投递。", nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "最近 %d 条未送达的通知：", len(dead))
	for _, m := range dead {
		fmt.Fprintf(&b, "\n#%d %s 发往 %s:%s，尝试 %d 次，原因：%s｜%s",
			m.ID, m.CreatedAt.Format("01-02 15:04"), m.TargetKind, m.Target, m.Attempts, safetybot.Truncate(m.LastError, 40), safetybot.Truncate(m.Body, 30))
	}
	return b.String(), nil
}
