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
	usage        string    // shown in help and on a usage error
	summary      string    // one line of help
	fields       *fieldSet // the key:value fields it reads, with their synonyms
	privateOnly  bool      // refused in group chats (举报)
	appOnly      bool      // leads to photos, which only the app's chat takes: refused in the intelligent robot's chats
	sensitive    bool      // never log the sender (举报 and its follow-ups)
	confidential bool      // the reply shows report content: transports never persist it
	markdown     bool      // the reply is WeCom markdown (Reply.Markdown)
	longHint     string    // how to send more than MaxMessageRunes with this command; "" when it depends on the sender (tooLongReply)
	run          func(ctx context.Context, r *request) (string, error)
}

// request is what a handler gets.
type request struct {
	msg  Message
	user safetybot.User
	args args
	cmd  *command
	rest string // the normalized text after the verb, fields included
	// pasted is what a pasted table held besides the text (tableRows).
	pasted pastedTable
}

// usageError tells the user what was wrong and shows the command's usage.
func (r *request) usageError(problem string) error {
	return safetybot.Errorf(safetybot.EINVALID, "%s\n用法：%s", problem, r.cmd.usage)
}

// authorize is the one permission check, from the command table. A
// private-only command is refused in a group before the role is checked:
// the refusal then reads the same whoever sent it, and a group never
// learns from it who is 受理人 or 领导 (QA16 #7).
func (e *Engine) authorize(c *command, u safetybot.User, m Message) error {
	if c.appOnly && strings.HasPrefix(m.Source, "aibot") {
		// The robot receives no photos: said now, not after they are sent.
		return safetybot.Errorf(safetybot.EFORBIDDEN, "智能机器人收不到照片和位置，这条「%s」未生效。"+
			"请在与「%s」应用的私聊中发送「%s」，再在 10 分钟内发送照片或位置。", c.verb, AppName, c.usage)
	}
	if c.privateOnly && m.ChatType == ChatGroup {
		if c.sensitive {
			return safetybot.Errorf(safetybot.EFORBIDDEN, "%s", e.tipGroupRefusal(c.verb))
		}
		return safetybot.Errorf(safetybot.EFORBIDDEN, "「%s」只能在与机器人的私聊中使用，请私聊机器人后再发送。", c.verb)
	}
	if !allowed(c.perm, u) {
		if !u.IsStaff() {
			return safetybot.Errorf(safetybot.EFORBIDDEN, "「%s」仅限%s使用。%s", c.verb, permNames[c.perm], memberCan(u))
		}
		return safetybot.Errorf(safetybot.EFORBIDDEN, "「%s」仅限%s使用。如需权限请联系管理员（授权）。", c.verb, permNames[c.perm])
	}
	return nil
}

// memberCan is what someone without a bureau role (an enterprise's
// principal, an employee) is told when refused a command: what they can
// do, not to ask for rights. 工作人员 would show them every company's
// hazards and who reported them — the retaliation the README guards
// against — so no reply suggests it to them (QA16 #4). The dashboard says
// the same (web's memberRefusal).
func memberCan(u safetybot.User) string {
	s := "您可以：发送「上报 <隐患描述>」登记隐患；发送「隐患」查看指派给您整改的隐患，" +
		"「整改 <编号> <进展>」记录整改进展，整改完成后发送「整改 <编号> <说明> 完成:是」提交验收"
	if len(u.Enterprises) > 0 {
		s += "；本季度带队检查后发送「检查 " + u.Enterprises[0] + " <检查情况>」登记"
	}
	return s + "。发送「帮助」查看您可以使用的全部命令。"
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
		return u.HandlesTips()
	}
	return false
}

func (e *Engine) helpCommands() []*command {
	return []*command{{
		verb: "帮助", alias: "help", perm: permAnyone, usage: "帮助 [字段]", summary: "查看您可以使用的命令；「帮助 字段」列出每个命令认得的字段名和同义词",
		run: e.help,
	}}
}

// help lists only what the caller may run (listing forbidden commands in a
// group would leak what exists).
func (e *Engine) help(_ context.Context, r *request) (string, error) {
	var b strings.Builder
	if len(r.args.Words) > 0 && (r.args.Words[0] == "字段" || strings.EqualFold(r.args.Words[0], "fields")) {
		b.WriteString("各命令认得的字段名（括号内为同义词，冒号中英文均可）：")
		for _, c := range e.commands {
			if c.fields == nil || !allowed(c.perm, r.user) || (c.privateOnly && r.msg.ChatType == ChatGroup) {
				continue
			}
			b.WriteString("\n· " + c.verb + "：" + c.fields.synonyms())
		}
		return b.String(), nil
	}
	b.WriteString(AppName + "可用命令：\n")
	for _, c := range e.commands {
		if !allowed(c.perm, r.user) || (c.privateOnly && r.msg.ChatType == ChatGroup) {
			continue
		}
		b.WriteString("· " + c.usage + "\n  " + c.summary + "\n")
	}
	b.WriteString(writingHelp)
	if e.formURL != "" {
		b.WriteString("\n手机填表上报（可选领域、等级、日期，直接拍照）：" + e.formURL)
	}
	return b.String(), nil
}

// writingHelp is the one paragraph of help on how fields may be written
// (issue 9 §6); the README says the same.
const writingHelp = "写法：字段写「键:值」（冒号中英文均可），用空格、逗号、顿号、分号、句号或换行隔开，值里可有空格；" +
	"常用同义词都认（级别=等级，整改期限=期限，企业=单位……）；日期可写 12月31日、本月底、两周内、即日等。「帮助 字段」列出全部字段名。"
