package safetybot

import (
	"slices"
	"strings"
)

// AudienceSource is where an audience was written. The rule on group robots
// is the same everywhere; the refusal speaks the writer's syntax and says
// what was not done.
type AudienceSource int

const (
	AudienceTyped  AudienceSource = iota // 对象: of 提醒 添加, in chat
	AudienceInFile                       // duties[].audience of a plan file (plan import)
)

// webhookRefusals are the refusals of CheckWebhooks by source: %[1]s is
// the robot, %[2]s the configured ones, %[3]s the first of them. The file's
// words use the exported form (webhook:NAME) and remind that plan import
// checks against its own environment, which must match serve's.
var webhookRefusals = [...]struct{ none, some string }{
	AudienceTyped: {
		none: "群机器人「%[1]s」未配置，提醒未添加：尚未配置任何群机器人（WECOM_WEBHOOK_KEYS 为空）。" +
			"请在 WECOM_WEBHOOK_KEYS 中加入「%[1]s=<key>」并重启服务后再添加，或改用 群聊:<群聊ID>、领导、工作人员、专班:<专班> 等对象。",
		some: "群机器人「%[1]s」未配置，提醒未添加。已配置的群机器人：%[2]s（WECOM_WEBHOOK_KEYS 中的名字），例如 对象:群:%[3]s。" +
			"新的群机器人请先在 WECOM_WEBHOOK_KEYS 中加入「%[1]s=<key>」并重启服务。",
	},
	AudienceInFile: {
		none: "群机器人「%[1]s」未配置：尚未配置任何群机器人（WECOM_WEBHOOK_KEYS 为空）。" +
			"请在 serve 和 plan import 的 WECOM_WEBHOOK_KEYS 中加入「%[1]s=<key>」并重启 serve 后再导入，或改用 role:leader、group:<专班代号>、appchat:<群聊ID> 等对象",
		some: "群机器人「%[1]s」未配置。已配置的群机器人：%[2]s（WECOM_WEBHOOK_KEYS 中的名字），例如 webhook:%[3]s。" +
			"新的群机器人请先在 serve 和 plan import 的 WECOM_WEBHOOK_KEYS 中加入「%[1]s=<key>」并重启 serve",
	},
}

// UnconfiguredWebhooks returns the group robots parts name that configured
// (the names in WECOM_WEBHOOK_KEYS) lacks, each once, in order. serve uses
// it to warn about stored rules whose robot's key was removed.
func UnconfiguredWebhooks(parts []AudiencePart, configured []string) []string {
	var out []string
	for _, p := range parts {
		if p.Kind == AudienceWebhook && !slices.Contains(configured, p.Target) && !slices.Contains(out, p.Target) {
			out = append(out, p.Target)
		}
	}
	return out
}

// CheckWebhooks refuses (EINVALID) an audience naming a group robot that
// configured lacks: the outbox could never deliver to it, and the failure
// would surface only in 失败投递 when the reminder fires, perhaps months
// later (QA2 item 6). 提醒 添加 and plan import share it, so a plan file is
// no way around the rule. The refusal names the robot and lists the
// configured ones, or says how to configure one when there are none.
func CheckWebhooks(parts []AudiencePart, configured []string, src AudienceSource) error {
	missing := UnconfiguredWebhooks(parts, configured)
	if len(missing) == 0 {
		return nil
	}
	name, words := Truncate(missing[0], 20), webhookRefusals[src]
	if len(configured) == 0 {
		return Errorf(EINVALID, words.none, name)
	}
	return Errorf(EINVALID, words.some, name, strings.Join(configured, "、"), configured[0])
}
