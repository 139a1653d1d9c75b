package main

import (
	"context"
	"log/slog"

	"safetybot/outbox"
	"safetybot/wecom"
	"safetybot/wecom/longconn"
	"safetybot/wecom/sender"
)

// outbound is the delivery side serve wires: the outbox's sender, what the
// callbacks need from it (nil without the app's credentials), and the
// intelligent robot's long connection (nil when off).
type outbound struct {
	sender outbox.Sender
	out    wecomOut
	conn   *longconn.Client
	mode   string // for the start-up log line
}

// wecomOutbound builds the senders whose settings are present (loadConfig
// has refused a group set in part). With none, the outbox prints to the
// console (outbox.LogSender), as before. Secrets are never logged.
// admins (SAFETYBOT_ADMINS) are told, with the admin role's holders, when
// the long connection is displaced.
func wecomOutbound(ctx context.Context, c wecomOutConfig, a *app, admins []string, console outbox.Sender, log *slog.Logger) (*outbound, error) {
	o := &outbound{sender: console, mode: "off: notifications go to the console"}
	appOn, keys := c.appOn(), c.WebhookKeys
	if c.longConnOn() {
		dedup, err := wecom.NewDedup(ctx, a.store, wecom.DedupOptions{Logger: log})
		if err != nil {
			return nil, err
		}
		o.conn, err = longconn.New(longconn.Config{URL: c.AIBotWSURL, BotID: c.AIBotID, Secret: c.AIBotSecret,
			Handler: a.engine, Dedup: dedup, Log: log, KickWaitMin: c.KickWaitMin, KickWaitMax: c.KickWaitMax,
			OnDisplaced: tellAdminsDisplaced(a.store, admins, log), PublicURL: c.PublicURL})
		if err != nil {
			return nil, usagef("%v", err)
		}
	}
	if !appOn && len(keys) == 0 && o.conn == nil {
		return o, nil
	}
	cfg := sender.Config{APIBase: c.APIBase, WebhookKeys: keys, Log: log, AppMarkdown: c.AppMarkdown, PublicURL: c.PublicURL}
	if appOn {
		cfg.Client, cfg.CorpID, cfg.AgentID, cfg.Secret = a.api, c.CorpID, c.AgentID, c.Secret
	}
	if o.conn != nil {
		cfg.AIBot = o.conn
	}
	snd, err := sender.New(cfg)
	if err != nil {
		return nil, usagef("%v", err)
	}
	o.sender, o.mode = snd, "on: app "+onOff(appOn)+", webhooks "+onOff(len(keys) > 0)+", aibot long connection "+onOff(o.conn != nil)
	if appOn {
		o.out = snd
	}
	return o, nil
}

// run keeps the long connection up until ctx ends, on a goroutine of g.
func (o *outbound) run(ctx context.Context, g *group, log *slog.Logger) {
	if o.conn == nil {
		return
	}
	g.Go("longconn", func() {
		if err := o.conn.Run(ctx); err != nil {
			log.Error("intelligent robot long connection stopped", "err", err)
		}
	})
}
