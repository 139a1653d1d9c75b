package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"safetybot"
	"safetybot/store"
)

// warnUnconfiguredRobots warns, once at serve's start, about each reminder
// rule that still fires and names a group robot webhooks (WECOM_WEBHOOK_KEYS)
// lacks: the operator removed the robot's key, or SAFETYBOT_PLAN names one
// never configured (plan import and 提醒 添加 refuse those; SAFETYBOT_PLAN
// is read by every command, many run without the WeCom settings). serve
// still starts: refusing would stop hazard reporting and every other
// reminder over one robot. When such a rule fires, the sender dead-letters
// its message with the robot's name, listed by 失败投递, so the reminder is
// not lost silently; this says so at start rather than months later.
func warnUnconfiguredRobots(ctx context.Context, s *store.Store, webhooks []string, now time.Time, log *slog.Logger) error {
	rules, err := s.Rules(ctx)
	if err != nil {
		return err
	}
	today, configured := safetybot.DateOf(now), strings.Join(webhooks, ",")
	if configured == "" {
		configured = "(none)"
	}
	for _, r := range rules {
		if r.Until != "" && r.Until < today {
			continue // ended: it sends nothing more
		}
		parts, err := safetybot.ParseAudience(r.Audience)
		if err != nil {
			continue // the scheduler logs what it cannot read when the rule fires
		}
		for _, name := range safetybot.UnconfiguredWebhooks(parts, webhooks) {
			log.Warn(fmt.Sprintf("提醒「%s」的群机器人「%s」未在 WECOM_WEBHOOK_KEYS 中配置，到时发不到群里，进入「失败投递」："+
				"请在 WECOM_WEBHOOK_KEYS 中加入「%s=<key>」后重启，或改掉该提醒的对象（自定义提醒：提醒 删除 后重新添加；方案的职责：plan import） / "+
				"reminder rule names a group robot missing from WECOM_WEBHOOK_KEYS; its messages will be dead-lettered", r.Name, name, name),
				"rule", r.Name, "id", r.ID, "robot", name, "configured", configured, "paused", r.Paused)
		}
	}
	return nil
}
