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

// The robot answers the same on both transports: a user in a group does
// not know, and should not notice, which one the deployment uses.
const (
	// robotOther answers a message without text (an image, a file).
	robotOther = "暂不支持此类消息，请发送文字命令。照片和位置请在与「安全生产助手」应用的私聊中发送。发送「帮助」查看可用命令。"
	// robotNoVoice answers a voice message WeCom gave no transcript of.
	robotNoVoice = "暂不支持语音消息，请改发文字。发送「帮助」查看可用命令。"
)

// Answer is how a message's reply goes back.
type Answer int

const (
	AnswerText    Answer = iota // the engine's answer (the robot's: a markdown stream)
	AnswerOther                 // robotOther or robotNoVoice, as a markdown stream
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
	source string // bot.Message.Source: "aibot" (webhook) or "aibot-ws"
}

// NewRobot is the robot's handling for a transport that logs no line of
// its own per message (the long connection): the engine logs its commands.
func NewRobot(e Engine, source string, log *slog.Logger) *Robot {
	return &Robot{runner{kind: source, engine: e, log: log}, source}
}

// Work reads m; false when nothing is to be done (a stream refresh: every
// reply is already finished; an event other than a click or enter_chat).
// Texts lose the characters XML forbids (safetybot.CleanText).
func (r *Robot) Work(m *AIBotMessage) (Work, bool) {
	msg := bot.Message{Source: r.source, ChatType: bot.ChatSingle, ChatID: m.ChatID, UserID: m.From.UserID, MsgID: m.MsgID}
	if m.ChatType == "group" {
		msg.ChatType = bot.ChatGroup
	}
	w := Work{Answer: AnswerOther, run: constant(robotOther)}
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
			w.Answer, w.run = AnswerWelcome, r.welcome(msg, hello, robotcard.MaxStreamBytes)
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
		if hasText = text != ""; !hasText {
			w.run = constant(robotNoVoice)
		}
	case "mixed":
		if m.Mixed == nil {
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
// returns the text to answer and a click's card update. The text is the
// robot's markdown (robotMarkdown), except a welcome's, which goes as a
// text message.
func (r *Robot) Run(ctx context.Context, w Work) (string, *bot.CardUpdate) {
	rp := r.safeRun(ctx, w.run)
	if w.Answer == AnswerWelcome {
		return rp.text, rp.card
	}
	return robotMarkdown(rp.text, rp.markdown), rp.card
}

// robotMarkdown is a reply's text as the robot sends it: every answer but
// the welcome goes as markdown (a stream, response_url, aibot_send_msg),
// so a plain reply, which may quote what another user typed, is escaped
// to read as typed (safetybot.EscapeMarkdown); one written as markdown
// (摘要, bot.Reply.Markdown) escaped what it quotes itself.
func robotMarkdown(text string, markdown bool) string {
	if markdown {
		return text
	}
	return safetybot.EscapeMarkdown(text)
}
