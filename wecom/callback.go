package wecom

import (
	"context"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"safetybot"
	"safetybot/bot"
	"safetybot/outbox"
)

// AppConfig configures the self-built app's callback.
type AppConfig struct {
	CorpID         string // receiveid of the app's messages
	Token          string // WECOM_TOKEN
	EncodingAESKey string // WECOM_ENCODING_AES_KEY
	Engine         Engine
	Store          safetybot.OutboxService // for slow replies
	Dedup          *Dedup
	// Media downloads images sent to the app (wecom/sender's media/get);
	// nil: images get an answer saying they cannot be kept.
	Media     bot.MediaFetcher
	Now       safetybot.Clock
	Logger    *slog.Logger
	SlowAfter time.Duration // default DefaultSlowAfter
	// Direct sends one message at once without persisting it (wecom/sender's
	// Sender). It carries slow replies to anonymous-report commands, which
	// must not reach the outbox table; nil: such a reply is dropped, with an
	// error logged (no content, no user).
	Direct outbox.Sender
}

// AppHandler serves GET/POST /wecom/callback.
type AppHandler struct {
	in     inbound
	corpID string
	media  bot.MediaFetcher
	store  safetybot.OutboxService
	direct outbox.Sender
}

// firstToday reports whether user opens the app for the first time today
// (Asia/Shanghai): WeCom sends enter_agent on every opening, the robot's
// enter_chat only on the first of the day, and the app follows the robot
// (README: 每天第一次进入应用). The day is claimed in the deduplication's
// table, as a keyed hash of the user and the date that is dropped after
// Keep like every event's, so a restart welcomes nobody twice; the
// enter_agent event itself is recorded there already, so this tells the
// database nothing new about anyone. Should the database fail, the user is
// welcomed: a second welcome beats none.
func (h *AppHandler) firstToday(ctx context.Context, user string) bool {
	day := h.in.now().In(safetybot.Shanghai).Format(time.DateOnly)
	first, _, err := h.in.dedup.Claim(ctx, safetybot.InboundKey("app|welcome", user, day))
	if err != nil {
		h.in.log.WarnContext(ctx, "wecom app: recording today's welcome failed", "err", err)
		return true
	}
	return first
}

// NewAppHandler checks the configuration and returns the handler.
func NewAppHandler(c AppConfig) (*AppHandler, error) {
	if c.CorpID == "" {
		return nil, errors.New("wecom app callback: WECOM_CORP_ID is empty")
	}
	if c.Engine == nil || c.Dedup == nil || c.Store == nil {
		return nil, errors.New("wecom app callback: engine, store and dedup are required")
	}
	cr, err := NewCrypto(c.Token, c.EncodingAESKey, c.CorpID)
	if err != nil {
		return nil, err
	}
	return &AppHandler{in: newInbound("app", cr, c.Engine, c.Dedup, c.Now, c.Logger, c.SlowAfter),
		corpID: c.CorpID, media: c.Media, store: c.Store, direct: c.Direct}, nil
}

// deliver sends a reply that was too slow for the passive answer: through
// the outbox (message/send, retried), or for an anonymous-report command
// directly and only once, so neither the text nor the recipient is stored.
func (h *AppHandler) deliver(ctx context.Context, user string, r reply) error {
	if !r.sensitive {
		n := safetybot.NotifyUser(user, r.text)
		n.Markdown = r.markdown // the sender sends it as text unless WECOM_APP_MARKDOWN=1
		return h.store.Queue(ctx, n)
	}
	if h.direct == nil {
		return errors.New("slow reply to a sensitive command dropped: no direct sender configured")
	}
	return h.direct.Send(ctx, safetybot.OutboxMessage{TargetKind: safetybot.TargetUser, Target: user, Body: r.text, Markdown: r.markdown})
}

// passiveText is the text of an app passive reply: passive replies are
// text messages (90241 lists no markdown), so markdown goes as plain text
// (safetybot.PlainText), readable in the WeChat plugin too.
func passiveText(text string, markdown bool) string {
	if markdown {
		return safetybot.PlainText(text)
	}
	return text
}

// appEnvelope is the POST body: the ciphertext and where it is going.
type appEnvelope struct {
	ToUserName string `xml:"ToUserName"`
	AgentID    string `xml:"AgentID"`
	Encrypt    string `xml:"Encrypt"`
}

// AppMessage is a decrypted app callback (messages and events): the
// elements the handler reads (an image's PicUrl, a voice's Format, a
// location's Scale and a card's CardType are left to encoding/xml to skip).
type AppMessage struct {
	ToUserName   string  `xml:"ToUserName"`
	FromUserName string  `xml:"FromUserName"`
	CreateTime   int64   `xml:"CreateTime"`
	MsgType      string  `xml:"MsgType"`
	MsgID        string  `xml:"MsgId"` // 64-bit: kept as text
	AgentID      string  `xml:"AgentID"`
	Content      string  `xml:"Content"`
	MediaID      string  `xml:"MediaId"`
	Recognition  string  `xml:"Recognition"`
	LocationX    float64 `xml:"Location_X"` // latitude
	LocationY    float64 `xml:"Location_Y"` // longitude
	Label        string  `xml:"Label"`
	Event        string  `xml:"Event"`
	EventKey     string  `xml:"EventKey"`
	// template_card_event (90240): the card's task_id and the click's
	// response_code (one use within 72 h, for update_template_card).
	TaskID       string `xml:"TaskId"`
	ResponseCode string `xml:"ResponseCode"`
}

// ParseAppEnvelope reads the outer XML of a POST.
func ParseAppEnvelope(body []byte) (string, error) {
	var env appEnvelope
	if err := xml.Unmarshal(body, &env); err != nil || env.Encrypt == "" {
		return "", refuse(http.StatusBadRequest, "malformed xml")
	}
	return env.Encrypt, nil
}

// ParseAppMessage reads a decrypted app message. Characters XML forbids
// (pasted from WPS or Word) and invalid UTF-8 are cleaned out first
// (safetybot.CleanXML): a signed message is never refused for its text.
func ParseAppMessage(plain []byte) (*AppMessage, error) {
	plain = safetybot.CleanXML(plain)
	m := new(AppMessage)
	if err := xml.Unmarshal(plain, m); err != nil {
		return nil, refuse(http.StatusBadRequest, "malformed message")
	}
	if m.MsgType == "" || m.FromUserName == "" {
		return nil, refuse(http.StatusBadRequest, "malformed message")
	}
	return m, nil
}

func (h *AppHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.in.serve(w, r, ParseAppEnvelope, h.decode)
}

func (h *AppHandler) decode(plain []byte) (decoded, error) {
	m, err := ParseAppMessage(plain)
	if err != nil {
		return decoded{}, err
	}
	if err := h.addressed(m); err != nil {
		return decoded{}, err
	}
	d := decoded{msgType: validMsgType(m.MsgType)}
	if j, ok := h.job(m); ok {
		d.job = &j
		d.reply = func(w http.ResponseWriter, out Outcome) {
			h.writeReply(w, m.FromUserName, passiveText(out.Text, out.Markdown))
		}
	}
	return d, nil
}

// addressed refuses a message that WeCom did not send to this app: every
// message and event it sends has ToUserName = the CorpID and a user (or
// "sys") as FromUserName (90239, 90240). The receiveid check (Crypto.Open)
// cannot tell: the app's own passive reply (writeReply) is encrypted with
// the same key and receiveid, and with its own signature, timestamp and
// nonce it can be posted back within the timestamp window; its plaintext
// has the roles the other way round.
func (h *AppHandler) addressed(m *AppMessage) error {
	if m.ToUserName != h.corpID || m.FromUserName == h.corpID {
		return refuse(http.StatusForbidden, "not a message to this app")
	}
	return nil
}

// job turns an app message into the engine's work; false for events that
// need no answer.
func (h *AppHandler) job(m *AppMessage) (job, bool) {
	user := m.FromUserName
	msg := bot.Message{Source: "app", ChatType: bot.ChatSingle, UserID: user, MsgID: m.MsgID}
	key := safetybot.InboundKey("app|msg", user, m.MsgID)
	if m.MsgID == "" {
		key = safetybot.InboundKey("app|evt", user, strconv.FormatInt(m.CreateTime, 10))
	}
	var run func(ctx context.Context) reply
	switch m.MsgType {
	case "text":
		msg.Text = m.Content
		run = h.in.handler(msg)
	case "image":
		msg.Kind, msg.MediaID, msg.Media = bot.KindImage, m.MediaID, h.media
		run = h.in.handler(msg)
	case "location":
		msg.Kind, msg.Lat, msg.Lng, msg.Label = bot.KindLocation, m.LocationX, m.LocationY, m.Label
		run = h.in.handler(msg)
	case "voice":
		if text := strings.TrimSpace(m.Recognition); text != "" {
			msg.Text = text
			run = h.in.handler(msg)
		} else {
			run = constant("暂不支持语音消息，请改发文字（可使用输入法的语音转文字）。发送「帮助」查看可用命令。")
		}
	case "event":
		key = safetybot.InboundKey("app|evt", user, strconv.FormatInt(m.CreateTime, 10))
		if m.Event == "template_card_event" {
			// a button of a card: deduplicated like any event, run by the
			// engine through the button's command (bot.KindCardClick)
			msg.Kind, msg.TaskID, msg.EventKey, msg.ResponseCode = bot.KindCardClick, m.TaskID, m.EventKey, m.ResponseCode
			run = h.in.handler(msg)
			break
		}
		if m.Event != "enter_agent" {
			return job{}, false
		}
		welcome := h.in.welcome(msg, hello, maxPassiveBytes)
		run = func(ctx context.Context) reply { // inside the dedup: a retry gets the same answer
			if !h.firstToday(ctx, user) {
				return reply{}
			}
			return welcome(ctx)
		}
	default:
		run = constant("暂不支持此类消息。请发送文字命令，或在「上报」后发送现场照片、位置；发送「帮助」查看可用命令。")
	}
	// The app's chats are single: a 举报 there is recorded (Work.NoRecord).
	w := Work{run: h.passiveOrOutbox(user, run), Sensitive: msg.Text != "" && h.in.engine.Sensitive(msg)}
	return job{w, key, func(ctx context.Context, r reply) error { return h.deliver(ctx, user, r) }}, true
}

// maxPassiveBytes is the longest text a passive reply carries (WeCom's text
// limit, 2,048 bytes as for message/send; longer text is cut off).
const maxPassiveBytes = 2048

// passiveOrOutbox sends a reply too long for a passive answer (an admin's
// help, a long list) the way a slow one goes, where the sender splits it,
// and answers the callback empty.
func (h *AppHandler) passiveOrOutbox(user string, run func(context.Context) reply) func(context.Context) reply {
	return func(ctx context.Context) reply {
		r := run(ctx)
		if len(passiveText(r.text, r.markdown)) <= maxPassiveBytes {
			return r
		}
		if err := h.deliver(ctx, user, r); err != nil {
			h.in.log.Error("wecom: long reply not queued, answering it cut short", "kind", h.in.kind)
			r.text, r.markdown = CapBytes(passiveText(r.text, r.markdown), maxPassiveBytes), false
			return r
		}
		return reply{}
	}
}

// writeReply sends the encrypted passive text reply. The plaintext and the
// envelope are each built in one buffer of the right size, and the
// envelope is written as it was built.
func (h *AppHandler) writeReply(w http.ResponseWriter, user, text string) {
	ts := strconv.FormatInt(h.in.now().Unix(), 10)
	plain := make([]byte, 0, len(text)+len(user)+len(h.corpID)+200)
	plain = append(plain, "<xml><ToUserName>"...)
	plain = appendCDATA(plain, user)
	plain = append(plain, "</ToUserName><FromUserName>"...)
	plain = appendCDATA(plain, h.corpID)
	plain = append(plain, "</FromUserName><CreateTime>"...)
	plain = append(plain, ts...)
	plain = append(plain, "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>"...)
	plain = appendCDATA(plain, text)
	plain = append(plain, "</Content></xml>"...)
	n := nonce()
	body := make([]byte, 0, base64.StdEncoding.EncodedLen(len(plain)+20+len(h.corpID)+blockPad)+200)
	body = append(body, "<xml><Encrypt><![CDATA["...)
	body, sig := h.in.crypto.sealAppend(body, plain, ts, n)
	body = append(body, "]]></Encrypt><MsgSignature><![CDATA["...)
	body = append(body, sig[:]...)
	body = append(body, "]]></MsgSignature><TimeStamp>"...)
	body = append(body, ts...)
	body = append(body, "</TimeStamp><Nonce><![CDATA["...)
	body = append(body, n...)
	body = append(body, "]]></Nonce></xml>"...)
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write(body)
}

// appendCDATA appends s as CDATA, splitting any "]]>" inside it and
// dropping characters XML cannot carry (control characters), which WeCom
// would reject.
func appendCDATA(b []byte, s string) []byte {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.ContainsFunc(s, notXMLChar) {
		s = strings.Map(func(r rune) rune {
			if notXMLChar(r) {
				return -1
			}
			return r
		}, s)
	}
	b = append(b, "<![CDATA["...)
	for {
		i := strings.Index(s, "]]>")
		if i < 0 {
			break
		}
		b = append(b, s[:i]...)
		b = append(b, "]]]]><![CDATA[>"...)
		s = s[i+len("]]>"):]
	}
	b = append(b, s...)
	return append(b, "]]>"...)
}

func notXMLChar(r rune) bool { return !safetybot.IsXMLChar(r) }
