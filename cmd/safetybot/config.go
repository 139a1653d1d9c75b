package main

import (
	"strings"
	"time"

	"safetybot/wecom"
)

// config is the environment of the architecture page, read once.
type config struct {
	DB       string
	Addr     string
	Admins   []string
	PlanFile string
	Holidays string   // SAFETYBOT_HOLIDAYS: override file of official holidays and 调休 working days
	BotNames []string // WECOM_BOT_NAME: the names the bot is @mentioned by, comma-separated
	WeComOut wecomOutConfig
	getenv   func(string) string
	hooks    testHooks
}

// testHooks let tests reach what no environment variable should: a slower
// engine and a shorter wait before a callback is answered empty. Zero in
// production.
type testHooks struct {
	slowAfter  time.Duration                   // wecom.AppConfig.SlowAfter (0: the default)
	now        func() time.Time                // the administrator's clock for plan import (nil: time.Now)
	wrapEngine func(wecom.Engine) wecom.Engine // wraps the engine the callbacks use
}

// wecomOutConfig is the outbound side of WeCom: the app's credentials for
// message/send and appchat, the group robots' webhook keys, and the
// intelligent robot's long connection. Each part is off when its variables
// are empty.
type wecomOutConfig struct {
	APIBase     string // WECOM_API_BASE
	CorpID      string // WECOM_CORP_ID
	AgentID     string // WECOM_AGENT_ID
	Secret      string // WECOM_SECRET
	WebhookKeys string // WECOM_WEBHOOK_KEYS, name=key,name=key
	AIBotID     string // WECOM_AIBOT_ID
	AIBotSecret string // WECOM_AIBOT_SECRET
	AIBotWSURL  string // WECOM_AIBOT_WS_URL
	AppMarkdown bool   // WECOM_APP_MARKDOWN=1: app messages as markdown (default plain text)
	KickWait    string // WECOM_WS_RECONNECT_AFTER_KICK, parsed by parseKickWait
	PublicURL   string // SAFETYBOT_PUBLIC_URL: where a card's 详情 button links
}

// now is the time the administrator's commands act at.
func (c config) now() time.Time {
	if c.hooks.now != nil {
		return c.hooks.now()
	}
	return time.Now()
}

func loadConfig(getenv func(string) string) config {
	c := config{
		DB:       getenv("SAFETYBOT_DB"),
		Addr:     getenv("SAFETYBOT_ADDR"),
		PlanFile: getenv("SAFETYBOT_PLAN"),
		Holidays: strings.TrimSpace(getenv("SAFETYBOT_HOLIDAYS")),
		getenv:   getenv,
	}
	env := func(k string) string { return strings.TrimSpace(getenv(k)) }
	c.WeComOut = wecomOutConfig{PublicURL: env("SAFETYBOT_PUBLIC_URL"), APIBase: env("WECOM_API_BASE"), CorpID: env("WECOM_CORP_ID"),
		AgentID: env("WECOM_AGENT_ID"), Secret: env("WECOM_SECRET"), WebhookKeys: env("WECOM_WEBHOOK_KEYS"),
		AIBotID: env("WECOM_AIBOT_ID"), AIBotSecret: env("WECOM_AIBOT_SECRET"), AIBotWSURL: env("WECOM_AIBOT_WS_URL"),
		AppMarkdown: env("WECOM_APP_MARKDOWN") == "1", KickWait: env("WECOM_WS_RECONNECT_AFTER_KICK")}
	if c.DB == "" {
		c.DB = "./safetybot.db"
	}
	if c.Addr == "" {
		c.Addr = ":8080"
	}
	for _, n := range strings.Split(getenv("WECOM_BOT_NAME"), ",") {
		if n = strings.TrimSpace(n); n != "" {
			c.BotNames = append(c.BotNames, n)
		}
	}
	for _, a := range strings.Split(getenv("SAFETYBOT_ADMINS"), ",") {
		if a = strings.TrimSpace(a); a != "" {
			c.Admins = append(c.Admins, a)
		}
	}
	return c
}
