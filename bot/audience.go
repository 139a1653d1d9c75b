package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"safetybot"
)

// The targets of 提醒 添加 (对象:…): reading them, and saying what was
// meant when they cannot be read.

// parseAudience resolves working group names (专班:铁路沿线) to keys and
// checks the rest. A part it cannot read is refused with what it most
// likely meant (qa3 #11): a configured robot's or a working group's name
// typed without 群: or 专班:, or an empty 群: answered with the robots
// that are configured rather than an example that is not. 用户: takes a
// userid in any case or a person's name and stores the account the ledger
// knows (qa6a #2): a name stored as user:王强 would only fail when it is
// sent. notes say how a person was read, or warn of an unknown account.
func (e *Engine) parseAudience(ctx context.Context, s string) (audience string, notes []string, err error) {
	var parts []string
	for _, p := range fieldsOutsideBrackets(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == '+' }) {
		p = strings.TrimSpace(strings.Replace(p, "：", ":", 1))
		k, v, _ := strings.Cut(p, ":")
		kind, ok := safetybot.AudienceWord(k)
		switch {
		case !ok:
			return "", nil, e.unknownAudience(p)
		case kind == safetybot.AudienceWebhook && strings.TrimSpace(v) == "":
			return "", nil, e.missingWebhook(p)
		case kind == safetybot.AudienceGroup:
			key, err := e.parseGroup(strings.TrimSpace(v))
			if err != nil {
				return "", nil, err
			}
			p = safetybot.AudienceGroup + ":" + key
		case kind == safetybot.AudienceUser && strings.TrimSpace(v) != "":
			who, err := e.resolvePerson(ctx, v, true)
			if err != nil {
				return "", nil, safetybot.Errorf(safetybot.EINVALID, "提醒对象「%s」：%s提醒未添加。", safetybot.Truncate(p, 30), safetybot.ErrorMessage(err))
			}
			p = safetybot.AudienceUser + ":" + who.ID
			if who.Note != "" {
				notes = append(notes, who.Note)
			}
		}
		parts = append(parts, p)
	}
	parsed, err := safetybot.ParseAudience(strings.Join(parts, ","))
	if err != nil {
		return "", nil, err
	}
	if err := safetybot.CheckWebhooks(parsed, e.webhooks, safetybot.AudienceTyped); err != nil {
		return "", nil, err
	}
	return safetybot.FormatAudience(parsed), notes, nil
}

// unknownAudience refuses a target that names no kind, suggesting 群: or
// 专班: when the word is a configured robot or a working group, and
// listing every kind with the robots actually configured.
func (e *Engine) unknownAudience(p string) error {
	shown := safetybot.Truncate(p, 20)
	guess := ""
	if slices.Contains(e.webhooks, p) {
		guess = fmt.Sprintf("是群机器人「%s」吗？请写 对象:群:%s。", p, p)
	} else if _, err := e.parseGroup(p); err == nil {
		guess = fmt.Sprintf("是专班「%s」吗？请写 对象:专班:%s。", shown, shown)
	}
	return safetybot.Errorf(safetybot.EINVALID, "提醒对象「%s」无法识别，提醒未添加。%s可写：领导、工作人员、管理员、企业负责人、专班:<专班>、%s、群聊:<群聊ID>、用户:<userid>，多个用逗号或顿号分隔。",
		shown, guess, e.webhookHint())
}

// webhookHint is how to name a group robot: the configured ones, or the
// placeholder when there are none.
func (e *Engine) webhookHint() string {
	if len(e.webhooks) == 0 {
		return "群:<机器人名称>（WECOM_WEBHOOK_KEYS 中的名字，尚未配置）"
	}
	names := make([]string, len(e.webhooks))
	for i, w := range e.webhooks {
		names[i] = "群:" + w
	}
	return "群机器人（已配置：" + strings.Join(names, "、") + "）"
}

// missingWebhook refuses 群: with no name after it.
func (e *Engine) missingWebhook(p string) error {
	if len(e.webhooks) == 0 {
		return safetybot.Errorf(safetybot.EINVALID, "提醒对象「%s」缺少群机器人名称，提醒未添加：尚未配置任何群机器人（WECOM_WEBHOOK_KEYS 为空）。"+
			"请在 WECOM_WEBHOOK_KEYS 中加入「<名称>=<key>」并重启服务后再添加，或改用 群聊:<群聊ID>、领导、工作人员、专班:<专班> 等对象。", p)
	}
	return safetybot.Errorf(safetybot.EINVALID, "提醒对象「%s」缺少群机器人名称，提醒未添加。已配置的群机器人：%s（WECOM_WEBHOOK_KEYS 中的名字），例如 对象:群:%s。",
		p, strings.Join(e.webhooks, "、"), e.webhooks[0])
}

// audienceExample is the example of 对象: for a 提醒 添加 that has none,
// naming a working group of the plan and a configured robot, never one
// that is not there.
func (e *Engine) audienceExample() string {
	ex := "对象:领导"
	if len(e.plan.Groups) > 0 {
		ex += "、对象:专班:" + strings.TrimSuffix(e.plan.Groups[0].Name, "工作专班")
	}
	if len(e.webhooks) > 0 {
		ex += "、对象:群:" + e.webhooks[0]
	}
	return ex
}

// audienceName shows a stored audience for people, a person as 名字（userid）
// (qa6a #8: "发给wang" showed the account where every other reply shows
// the name, and a name alone cannot tell two 王强 apart).
func (e *Engine) audienceName(ctx context.Context, s string) string {
	parts, err := safetybot.ParseAudience(s)
	if err != nil {
		return s
	}
	names := make([]string, len(parts))
	for i, p := range parts {
		if p.Kind == safetybot.AudienceUser {
			names[i] = e.nameID(ctx, p.Target)
			continue
		}
		names[i] = safetybot.AudienceName(safetybot.FormatAudience(parts[i:i+1]), e.ownerName)
	}
	return strings.Join(names, "、")
}
