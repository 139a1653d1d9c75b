package longconn

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"safetybot"
	"safetybot/bot"
	"safetybot/wecom/robotcard"
)

// callback handles one message or event callback.
func (c *Client) callback(s *session, cmd, reqID string, cb *Callback) {
	// Handling uses a context that outlives the connection: a hazard being
	// registered is not cut off by a reconnect.
	ctx := context.WithoutCancel(s.ctx)
	kind := "msg"
	if cmd == CmdEventCallback {
		kind = "event"
	}
	m := bot.Message{Source: "aibot-ws", ChatType: bot.ChatSingle, UserID: cb.From.UserID, MsgID: cb.MsgID}
	if cb.ChatType == "group" {
		m.ChatType, m.ChatID = bot.ChatGroup, cb.ChatID
	}
	text, isText := "", false
	if cmd == CmdMsgCallback {
		text, isText = cb.text()
		m.Text = text
	}
	// An anonymous-report command leaves no log line (its time beside the
	// sender's other messages would name them), and a 举报 in a group,
	// which the engine refuses saying nothing was recorded, no dedup record.
	sensitive := isText && c.cfg.Handler.Sensitive(m)
	log := c.log
	if sensitive {
		log = slog.New(slog.DiscardHandler)
	}
	var entry *recent
	reply, answered := "", false
	if cb.MsgID != "" && !(sensitive && m.ChatType == bot.ChatGroup) {
		key := safetybot.InboundKey("aibot-ws|"+kind, cb.From.UserID, cb.MsgID)
		e, first := c.recent.begin(key)
		if !first {
			if cmd == CmdMsgCallback {
				if text, ok := c.recent.answer(s.ctx, e, time.Minute); ok {
					log.Info("duplicate callback answered again from memory", "cmd", cmd)
					answer(s, log, "reply not delivered", CmdRespondMsg, reqID, stream(c.newReqID("stream"), true, text))
					return
				}
			}
			log.Info("duplicate callback ignored", "cmd", cmd)
			return
		}
		entry = e
		defer func() { c.recent.finish(entry, reply, answered) }()
		if c.cfg.Dedup != nil {
			first, done, err := c.cfg.Dedup.Claim(ctx, key)
			switch {
			case err != nil:
				log.Error("dedup unavailable, handling anyway", "err", err)
			case !first:
				log.Info("duplicate callback ignored (seen before a restart)", "cmd", cmd)
				return
			default:
				defer done()
			}
		}
	}
	if cmd == CmdEventCallback {
		if ev := cb.Event.TemplateCardEvent; cb.Event.EventType == "template_card_event" && ev != nil {
			m.Kind, m.TaskID, m.EventKey, m.ResponseCode = bot.KindCardClick, ev.TaskID, ev.EventKey, ev.ResponseCode
			reply = c.cardClick(ctx, s, reqID, cb, m, log)
			return
		}
		if cb.Event.EventType == "enter_chat" {
			m.Text = "帮助"
			help := joinReplies(c.cfg.Handler.Handle(ctx, m))
			answer(s, log, "welcome not delivered", CmdRespondWelcome, reqID, robotcard.Text("您好，我是安全生产助手。\n"+help))
		}
		return
	}
	streamID := c.newReqID("stream")
	if !isText {
		answer(s, log, "reply not delivered", CmdRespondMsg, reqID, stream(streamID, true, "目前只能处理文字消息。照片请在「上报」后通过企业微信应用私聊发送；发送「帮助」查看命令。"))
		return
	}
	result := make(chan string, 1)
	go func() { result <- joinReplies(c.cfg.Handler.Handle(ctx, m)) }()
	defer func() { answered = true }() // runs before finish: a duplicate gets the same answer

	var thinking <-chan time.Time // nil (ThinkingAfter < 0): never
	if c.cfg.ThinkingAfter >= 0 {
		t := time.NewTimer(c.cfg.ThinkingAfter)
		defer t.Stop()
		thinking = t.C
	}
	select {
	case reply = <-result:
	case <-thinking:
		answer(s, log, "progress frame not delivered", CmdRespondMsg, reqID, stream(streamID, false, "正在处理…"))
		reply = <-result
	}
	answer(s, log, "reply not delivered", CmdRespondMsg, reqID, stream(streamID, true, reply))
}

func joinReplies(rs []bot.Reply) string {
	var parts []string
	for _, r := range rs {
		if r.Text != "" {
			parts = append(parts, r.Text)
		}
	}
	return strings.Join(parts, "\n\n")
}

// cardClick runs a card's button (bot.KindCardClick) and answers as WeCom
// wants a click answered (101463): the card updated with
// aibot_respond_update_msg on the click's req_id (within 5 s; a stream
// there fails with errcode 846605), then the text to the chat as a
// proactive push (aibot_send_msg). A refused click leaves the card as it
// is: no update, only the text. It returns the text.
func (c *Client) cardClick(ctx context.Context, s *session, reqID string, cb *Callback, m bot.Message, log *slog.Logger) string {
	replies := c.cfg.Handler.Handle(ctx, m)
	for _, r := range replies {
		if r.Card == nil {
			continue
		}
		answer(s, log, "card not updated after a click", CmdRespondUpdate, reqID, robotcard.Update(r.Card, c.cfg.PublicURL))
		break
	}
	text := joinReplies(replies)
	if text == "" {
		return ""
	}
	to := cb.From.UserID
	if m.ChatType == bot.ChatGroup {
		to = cb.ChatID
	}
	if err := c.Push(ctx, to, text); err != nil {
		log.Warn("card click answer not delivered", "err", err)
	}
	return text
}

// answer sends body on reqID (session.respond) and logs a failure as
// what, e.g. "reply not delivered", with the error only.
func answer(s *session, log *slog.Logger, what, cmd, reqID string, body any) {
	if err := s.respond(cmd, reqID, body); err != nil {
		log.Warn(what, "err", err)
	}
}
