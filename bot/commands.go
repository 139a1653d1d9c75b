package bot

import (
	"context"
	"strings"

	"safetybot"
)

// perm is who may run a command; checked in one place, authorize.
type perm int

const (
	permAnyone  perm = iota // anyone in the corp
	permStaff               // staff, leaders, admins
	permLeader              // leaders, admins
	permAdmin               // admins
	permHandler             // report handlers (受理人) only
)

var permNames = map[perm]string{
	permStaff: "工作人员", permLeader: "领导", permAdmin: "管理员", permHandler: "受理人",
}

// command is one row of the command table: routing, permission, help and
// argument declaration in one place.
type command struct {
	verb, alias  string
	perm         perm
	usage        string            // shown in help and on a usage error
	summary      string            // one line of help
	fields       map[string]string // accepted field keys (Chinese and English) → canonical key
	privateOnly  bool              // refused in group chats (举报)
	sensitive    bool              // never log the sender (举报 and its follow-ups)
	confidential bool              // the reply shows report content: transports never persist it
	markdown     bool              // the reply is WeCom markdown (Reply.Markdown)
	run          func(ctx context.Context, r *request) (string, error)
}

func (c *command) keys() map[string]string { return c.fields }

// request is what a handler gets.
type request struct {
	msg  Message
	user safetybot.User
	args args
	cmd  *command
}

// usageError tells the user what was wrong and shows the command's usage.
func (r *request) usageError(problem string) error {
	return safetybot.Errorf(safetybot.EINVALID, "%s\n用法：%s", problem, r.cmd.usage)
}

// authorize is the one permission check, from the command table.
func (e *Engine) authorize(c *command, u safetybot.User, m Message) error {
	if !allowed(c.perm, u) {
		return safetybot.Errorf(safetybot.EFORBIDDEN, "「%s」仅限%s使用。如需权限请联系管理员（授权）。", c.verb, permNames[c.perm])
	}
	if c.privateOnly && m.ChatType == ChatGroup {
		if c.sensitive {
			return safetybot.Errorf(safetybot.EFORBIDDEN, "「%s」只能在与机器人的私聊中使用，这条群消息未作任何记录。为保护您，请撤回这条消息，点开机器人头像发起私聊后再发送；也可使用无需登录的网页匿名举报：%s", c.verb, e.tips.ReportURL())
		}
		return safetybot.Errorf(safetybot.EFORBIDDEN, "「%s」只能在与机器人的私聊中使用，请私聊机器人后再发送。", c.verb)
	}
	return nil
}

func allowed(p perm, u safetybot.User) bool {
	switch p {
	case permAnyone:
		return true
	case permStaff:
		return u.IsStaff()
	case permLeader:
		return u.IsLeader()
	case permAdmin:
		return u.Has(safetybot.RoleAdmin)
	case permHandler:
		return u.Has(safetybot.RoleHandler)
	}
	return false
}

// fields builds a command's field table from pairs of Chinese and English keys.
func fields(pairs ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i]
		m[pairs[i+1]] = pairs[i]
	}
	return m
}

func (e *Engine) helpCommands() []*command {
	return []*command{{
		verb: "帮助", alias: "help", perm: permAnyone, usage: "帮助", summary: "查看您可以使用的命令",
		run: e.help,
	}}
}

// help lists only what the caller may run (listing forbidden commands in a
// group would leak what exists).
func (e *Engine) help(_ context.Context, r *request) (string, error) {
	var b strings.Builder
	b.WriteString("安全生产助手可用命令：\n")
	for _, c := range e.commands {
		if !allowed(c.perm, r.user) || (c.privateOnly && r.msg.ChatType == ChatGroup) {
			continue
		}
		b.WriteString("· " + c.usage + "\n  " + c.summary + "\n")
	}
	b.WriteString("字段写法：键:值（中文冒号亦可），日期如 2026-12-31、12月31日。")
	return b.String(), nil
}
