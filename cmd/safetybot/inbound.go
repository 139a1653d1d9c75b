package main

import (
	"context"
	"log/slog"
	"net/http"

	"safetybot/bot"
	"safetybot/outbox"
	"safetybot/wecom"
)

// wecomInbound builds the WeCom callback handlers whose settings are
// present (nil otherwise, and the route answers 404): the app callback needs
// WECOM_CORP_ID, WECOM_TOKEN and WECOM_ENCODING_AES_KEY; the intelligent
// robot's webhook WECOM_AIBOT_TOKEN and WECOM_AIBOT_ENCODING_AES_KEY
// (loadConfig has refused a group set in part). out is
// the outbound side (wecom/sender's *Sender) when WeCom sending is configured,
// an untyped nil otherwise: it downloads images sent to the app and carries
// slow replies to anonymous reports, which never go through the outbox.
// Secrets are never logged; a key WeCom would not accept is a usage error.
// hooks are the tests' (zero in production).
func wecomInbound(ctx context.Context, c wecomInConfig, a *app, out wecomOut, hooks testHooks, log *slog.Logger) (in *inboundHandlers, err error) {
	appOn, botOn := c.appOn(), c.botOn()
	in = &inboundHandlers{}
	if !appOn && !botOn {
		return in, nil
	}
	dedup, err := wecom.NewDedup(ctx, a.store, wecom.DedupOptions{Logger: log})
	if err != nil {
		return nil, err
	}
	var engine wecom.Engine = a.engine
	if hooks.wrapEngine != nil {
		engine = hooks.wrapEngine(engine)
	}
	if appOn {
		cfg := wecom.AppConfig{CorpID: c.CorpID, Token: c.Token,
			EncodingAESKey: c.EncodingAESKey, Engine: engine, Store: a.store, Dedup: dedup, Logger: log,
			SlowAfter: hooks.slowAfter}
		if out != nil {
			cfg.Media, cfg.Direct = out, out
		}
		h, err := wecom.NewAppHandler(cfg)
		if err != nil {
			return nil, usagef("WeCom app callback: %v", err)
		}
		in.callback, in.app = h, h
	}
	if botOn {
		cfg := wecom.AIBotConfig{Token: c.AIBotToken,
			EncodingAESKey: c.AIBotAESKey, Engine: engine, Dedup: dedup, Logger: log,
			SlowAfter: hooks.slowAfter, PublicURL: c.PublicURL}
		if out != nil {
			cfg.Direct = out // a receipt code whose response_url failed
		}
		h, err := wecom.NewAIBotHandler(cfg)
		if err != nil {
			return nil, usagef("WeCom intelligent robot callback: %v", err)
		}
		in.aibotHandler, in.aibot = h, h
	}
	log.Info("wecom callbacks", "app", onOff(in.callback != nil), "aibot", onOff(in.aibotHandler != nil), "images", onOff(out != nil))
	return in, nil
}

// inboundHandlers are the configured callback handlers (nil routes answer
// 404) and what shutdown waits for.
type inboundHandlers struct {
	callback, aibotHandler http.Handler // for server.Deps; nil when off
	app                    *wecom.AppHandler
	aibot                  *wecom.AIBotHandler
}

// wait blocks until the messages both callbacks answered but are still
// handling (their slow path) are done, or ctx ends.
func (in *inboundHandlers) wait(ctx context.Context) error {
	if in.app != nil {
		if err := in.app.Wait(ctx); err != nil {
			return err
		}
	}
	if in.aibot != nil {
		return in.aibot.Wait(ctx)
	}
	return nil
}

// wecomOut is what the callbacks need from the outbound side.
type wecomOut interface {
	bot.MediaFetcher
	outbox.Sender
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}
