package longconn

import (
	"context"
	"log/slog"
	"time"

	"safetybot"
	"safetybot/wecom"
	"safetybot/wecom/robotcard"
)

// wsWords are the long connection's (wecom.RobotWords).
var wsWords = wecom.RobotWords{Source: "aibot-ws", Hello: "您好，我是安全生产助手。\n",
	Other: "目前只能处理文字消息。照片请在「上报」后通过企业微信应用私聊发送；发送「帮助」查看命令。", Mixed: true}

// Memory of recent messages: a redelivered message within replyTTL is
// answered again with the first answer when it is at most maxCachedText
// bytes (else ignored), without being handled twice.
const (
	replyTTL      = 10 * time.Minute
	maxRecent     = 10_000
	maxCachedText = 4096
)

// callback handles one message or event callback: wecom.Robot reads it
// into the engine's work, the same as for the webhook; this deduplicates
// it and frames the answers.
func (c *Client) callback(s *session, cmd, reqID string, m *wecom.AIBotMessage) {
	if cmd == CmdEventCallback {
		m.MsgType = "event" // the frame's command says what it carries
	}
	w, ok := c.robot.Work(m)
	if !ok {
		return
	}
	// Handling uses a context that outlives the connection: a hazard being
	// registered is not cut off by a reconnect.
	ctx := context.WithoutCancel(s.ctx)
	// An anonymous-report command leaves no log line (its time beside the
	// sender's other messages would name them), and a 举报 in a group,
	// which the engine refuses saying nothing was recorded, no dedup record.
	log := c.log
	if w.Sensitive {
		log = slog.New(slog.DiscardHandler)
	}
	repeat := "" // what a duplicate is answered with; "": it is ignored
	if m.MsgID != "" && !w.NoRecord {
		kind := "msg"
		if cmd == CmdEventCallback {
			kind = "event"
		}
		key := safetybot.InboundKey("aibot-ws|"+kind, m.From.UserID, m.MsgID)
		call, first := c.recent.Join(key)
		if !first {
			if cmd == CmdMsgCallback {
				if out, ok := call.Wait(s.ctx, time.Minute); ok && out.Text != "" {
					log.Info("duplicate callback answered again from memory", "cmd", cmd)
					answer(s, log, "reply not delivered", CmdRespondMsg, reqID, stream(c.newReqID("stream"), true, out.Text))
					return
				}
			}
			log.Info("duplicate callback ignored", "cmd", cmd)
			return
		}
		defer func() { call.Finish(repeat) }()
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
	switch w.Answer {
	case wecom.AnswerClick:
		c.cardClick(ctx, s, reqID, m, w, log)
	case wecom.AnswerWelcome:
		text, _ := c.robot.Run(ctx, w)
		answer(s, log, "welcome not delivered", CmdRespondWelcome, reqID, robotcard.Text(text))
	case wecom.AnswerOther:
		text, _ := c.robot.Run(ctx, w)
		answer(s, log, "reply not delivered", CmdRespondMsg, reqID, stream(c.newReqID("stream"), true, text))
	default:
		if text := c.reply(ctx, s, reqID, w, log); len(text) <= maxCachedText {
			repeat = text
		}
	}
}

// reply answers a text on its req_id: after ThinkingAfter with a progress
// frame while the engine works, then with the answer as a finished stream,
// which it returns.
func (c *Client) reply(ctx context.Context, s *session, reqID string, w wecom.Work, log *slog.Logger) string {
	streamID := c.newReqID("stream")
	result := make(chan string, 1)
	go func() {
		text, _ := c.robot.Run(ctx, w)
		result <- text
	}()
	var thinking <-chan time.Time // nil (ThinkingAfter < 0): never
	if c.cfg.ThinkingAfter >= 0 {
		t := time.NewTimer(c.cfg.ThinkingAfter)
		defer t.Stop()
		thinking = t.C
	}
	var text string
	select {
	case text = <-result:
	case <-thinking:
		answer(s, log, "progress frame not delivered", CmdRespondMsg, reqID, stream(streamID, false, "正在处理…"))
		text = <-result
	}
	answer(s, log, "reply not delivered", CmdRespondMsg, reqID, stream(streamID, true, text))
	return text
}

// cardClick runs a card's button (bot.KindCardClick) and answers as WeCom
// wants a click answered (101463): the card updated with
// aibot_respond_update_msg on the click's req_id (within 5 s; a stream
// there fails with errcode 846605), then the text to the chat as a
// proactive push (aibot_send_msg). A refused click leaves the card as it
// is: no update, only the text.
func (c *Client) cardClick(ctx context.Context, s *session, reqID string, m *wecom.AIBotMessage, w wecom.Work, log *slog.Logger) {
	text, card := c.robot.Run(ctx, w)
	if card != nil {
		answer(s, log, "card not updated after a click", CmdRespondUpdate, reqID, robotcard.Update(card, c.cfg.PublicURL))
	}
	if text == "" {
		return
	}
	to := m.From.UserID
	if m.ChatType == "group" {
		to = m.ChatID
	}
	if err := c.Push(ctx, to, text); err != nil {
		log.Warn("card click answer not delivered", "err", err)
	}
}

// answer sends body on reqID (session.respond) and logs a failure as
// what, e.g. "reply not delivered", with the error only.
func answer(s *session, log *slog.Logger, what, cmd, reqID string, body any) {
	if err := s.respond(cmd, reqID, body); err != nil {
		log.Warn(what, "err", err)
	}
}
