package wecom

import (
	"context"
	"log/slog"
	"strings"

	"safetybot"
	"safetybot/bot"
	"safetybot/wecom/robotcard"
)

// AIBotMessage is a message or event of the intelligent robot (智能机器人),
// the same JSON on both of its transports: the webhook's decrypted callback
// (aibot.go) and the body of the long connection's aibot_msg_callback and
// aibot_event_callback (wecom/longconn, 101463).
type AIBotMessage struct {
	MsgID      string `json:"msgid"`
	CreateTime int64  `json:"create_time,omitempty"`
	AIBotID    string `json:"aibotid"`
	ChatID     string `json:"chatid,omitempty"`
	ChatType   string `json:"chattype"` // single | group
	From       struct {
		UserID string `json:"userid"`
	} `json:"from"`
	ResponseURL string `json:"response_url,omitempty"` // the webhook's only
	MsgType     string `json:"msgtype"`
	Text        *struct {
		Content string `json:"content"`
	} `json:"text,omitempty"`
	Voice *struct {
		Content string `json:"content"` // WeCom's transcript
	} `json:"voice,omitempty"`
	Mixed *struct {
		Items []struct {
			MsgType string `json:"msgtype"`
			Text    struct {
				Content string `json:"content"`
			} `json:"text"`
		} `json:"msg_item"`
	} `json:"mixed,omitempty"`
	Event *AIBotEvent `json:"event,omitempty"`
}

// AIBotEvent is the event of a robot callback with msgtype "event" (101027).
type AIBotEvent struct {
	EventType string `json:"eventtype"`
	// TemplateCardEvent is a card's button pressed (template_card_event).
	TemplateCardEvent *AIBotCardEvent `json:"template_card_event,omitempty"`
}

// AIBotCardEvent is a template_card_event of the robot (101027): the
// button's key and the card's task_id. The click is answered with the card
// updated (update_template_card, see wecom/robotcard) and the text apart
// (the webhook's response_url, the long connection's aibot_send_msg).
// response_code is taken when present (the robot's event does not document
// one; with it, the app's message/update_template_card is queued too).
type AIBotCardEvent struct {
	CardType     string `json:"card_type"`
	EventKey     string `json:"event_key"`
	TaskID       string `json:"task_id"`
	ResponseCode string `json:"response_code,omitempty"`
}

// RobotWords is what sets one robot transport apart from the other in
// handling: its name and the words it answers with. The webhook and the
// long connection were written apart and say different things in the
// same cases; the merge kept each one's words so that no reply changed.
type RobotWords struct {
	Source string // bot.Message.Source
	Hello  string // the welcome's first line
	Other  string // the answer to a message without text
	// NoVoice answers a voice message without a transcript; "" hands its
	// empty text to the engine.
	NoVoice string
	Mixed   bool // a mixed message's text items are read (else: Other)
}

// Answer is how a message's reply goes back.
type Answer int

const (
	AnswerText    Answer = iota // the engine's answer (the robot's: a markdown stream)
	AnswerOther                 // Other or NoVoice, as a markdown stream
	AnswerWelcome               // enter_chat: a text message
	AnswerClick                 // the card updated; the text apart
)

// Work is a message as the transports handle it: what runs, how its answer
// goes back, and whether it is an anonymous report's.
type Work struct {
	Answer Answer
	// Sensitive: an anonymous-report command (Engine.Sensitive), known
	// before it runs: no log line at all, even for a duplicate.
	Sensitive bool
	// NoRecord: a 举报 in a group, which the engine refuses saying nothing
	// was recorded: run without deduplication (no row, no memory; the
	// refusal changes nothing, so a retry is refused again).
	NoRecord bool
	run      func(context.Context) reply
}

// Robot turns the intelligent robot's messages into the engine's work, the
// same for its webhook and its long connection: each transport only frames
// the answers and deduplicates by its own key.
type Robot struct {
	runner
	words RobotWords
}

// NewRobot is the robot's handling for a transport that logs no line of
// its own per message (the long connection): the engine logs its commands.
func NewRobot(e Engine, w RobotWords, log *slog.Logger) *Robot {
	return &Robot{runner{kind: w.Source, engine: e, log: log}, w}
}

// Work reads m; false when nothing is to be done (a stream refresh: every
// reply is already finished; an event other than a click or enter_chat).
// Texts lose the characters XML forbids (safetybot.CleanText).
func (r *Robot) Work(m *AIBotMessage) (Work, bool) {
	msg := bot.Message{Source: r.words.Source, ChatType: bot.ChatSingle, ChatID: m.ChatID, UserID: m.From.UserID, MsgID: m.MsgID}
	if m.ChatType == "group" {
		msg.ChatType = bot.ChatGroup
	}
	w := Work{Answer: AnswerOther, run: constant(r.words.Other)}
	text, hasText := "", false
	switch m.MsgType {
	case "event":
		ev := m.Event
		switch {
		case ev != nil && ev.EventType == "template_card_event" && ev.TemplateCardEvent != nil:
			c := ev.TemplateCardEvent
			msg.Kind, msg.TaskID, msg.EventKey, msg.ResponseCode = bot.KindCardClick, c.TaskID, c.EventKey, c.ResponseCode
			w.Answer, w.run = AnswerClick, r.handler(msg)
		case ev != nil && ev.EventType == "enter_chat":
			w.Answer, w.run = AnswerWelcome, r.welcome(msg, r.words.Hello, robotcard.MaxStreamBytes)
		default:
			return w, false
		}
		return w, true
	case "stream":
		return w, false
	case "text":
		if m.Text == nil {
			return w, false
		}
		text, hasText = safetybot.CleanText(m.Text.Content), true
	case "voice":
		if m.Voice != nil {
			text = safetybot.CleanText(m.Voice.Content)
		}
		if hasText = text != "" || r.words.NoVoice == ""; !hasText {
			w.run = constant(r.words.NoVoice)
		}
	case "mixed":
		if !r.words.Mixed || m.Mixed == nil {
			break
		}
		var b strings.Builder
		for _, it := range m.Mixed.Items {
			if it.MsgType == "text" {
				if b.Len() > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(it.Text.Content)
			}
		}
		text, hasText = safetybot.CleanText(b.String()), b.Len() > 0
	}
	if hasText {
		msg.Text = text
		w.Answer, w.run = AnswerText, r.handler(msg)
		w.Sensitive = text != "" && r.engine.Sensitive(msg)
		w.NoRecord = w.Sensitive && msg.ChatType == bot.ChatGroup
	}
	return w, true
}

// Run runs w (a panic answers the engine's internal-error text) and
// returns the text to answer and a click's card update.
func (r *Robot) Run(ctx context.Context, w Work) (string, *bot.CardUpdate) {
	rp := r.safeRun(ctx, w.run)
	return rp.text, rp.card
}
