package wecom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"safetybot"
	"safetybot/outbox"
	"safetybot/wecom/robotcard"
)

// AIBotConfig configures the intelligent robot's webhook (callback mode).
type AIBotConfig struct {
	Token          string // WECOM_AIBOT_TOKEN
	EncodingAESKey string // WECOM_AIBOT_ENCODING_AES_KEY
	Engine         Engine
	Dedup          *Dedup
	Now            safetybot.Clock
	Logger         *slog.Logger
	SlowAfter      time.Duration // default DefaultSlowAfter
	// PublicURL is SAFETYBOT_PUBLIC_URL ("" for none): an updated card with
	// a 详情 link opens the hazard's page there.
	PublicURL string
	// Direct sends one app message at once without persisting it
	// (wecom/sender's Sender, as AppConfig.Direct): when response_url
	// fails, the slow reply to an anonymous-report command, whose receipt
	// code exists nowhere else, goes to its sender this way. nil: none.
	Direct outbox.Sender
	// RetryWait is the wait before the first retry of a failed
	// response_url post, doubled for the next (default 1 s).
	RetryWait time.Duration
}

// AIBotHandler serves GET/POST /wecom/aibot.
type AIBotHandler struct {
	in        inbound
	robot     *Robot
	client    *http.Client // posts to response_url, 10 s per post
	publicURL string
	direct    outbox.Sender
	retryWait time.Duration
}

// NewAIBotHandler checks the configuration and returns the handler. The
// robot's messages carry an empty receiveid (101033), which is not
// checked: only a holder of the robot's key can encrypt a message, and it
// can put any receiveid there, so a check would add no protection, only
// the risk of refusing a genuine message if WeCom ever filled it in.
func NewAIBotHandler(c AIBotConfig) (*AIBotHandler, error) {
	if c.Engine == nil || c.Dedup == nil {
		return nil, errors.New("wecom aibot: engine and dedup are required")
	}
	cr, err := NewCrypto(c.Token, c.EncodingAESKey, "")
	if err != nil {
		return nil, err
	}
	h := &AIBotHandler{in: newInbound("aibot", cr, c.Engine, c.Dedup, c.Now, c.Logger, c.SlowAfter),
		client: &http.Client{Timeout: 10 * time.Second}, publicURL: c.PublicURL, direct: c.Direct, retryWait: c.RetryWait}
	if h.retryWait == 0 {
		h.retryWait = time.Second
	}
	h.robot = &Robot{h.in.runner, "aibot"}
	return h, nil
}

// ParseAIBotEnvelope reads the POST body {"encrypt": "..."}.
func ParseAIBotEnvelope(body []byte) (string, error) {
	var env struct {
		Encrypt string `json:"encrypt"`
	}
	if err := json.Unmarshal(body, &env); err != nil || env.Encrypt == "" {
		return "", refuse(http.StatusBadRequest, "malformed json")
	}
	return env.Encrypt, nil
}

// ParseAIBotMessage reads a decrypted robot message. Raw control characters
// that would make the JSON invalid are cleaned out first
// (safetybot.CleanJSON), and characters XML forbids out of the texts when
// they are read (Robot.Work): a signed message is never refused for its text.
//
// Every callback WeCom sends, message or event, carries its msgid and the
// sender (from.userid) (100719, 101027); the robot's own passive replies
// (a stream, the welcome text, a card update), encrypted with the same key
// and an empty receiveid like the callbacks, carry neither. Without both it
// is no callback: refused, so a captured reply posted back with its own
// signature runs nothing and leaves no dedup row.
func ParseAIBotMessage(plain []byte) (*AIBotMessage, error) {
	var m AIBotMessage
	if err := json.Unmarshal(safetybot.CleanJSON(plain), &m); err != nil || m.MsgType == "" {
		return nil, refuse(http.StatusBadRequest, "malformed message")
	}
	if m.MsgID == "" || m.From.UserID == "" {
		return nil, refuse(http.StatusBadRequest, "not a robot callback")
	}
	return &m, nil
}

func (h *AIBotHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.in.serve(w, r, ParseAIBotEnvelope, h.decode)
}

func (h *AIBotHandler) decode(plain []byte) (decoded, error) {
	m, err := ParseAIBotMessage(plain)
	if err != nil {
		return decoded{}, err
	}
	d := decoded{msgType: validMsgType(m.MsgType)}
	if j, shape, ok := h.job(m); ok {
		d.job = &j
		d.reply = func(w http.ResponseWriter, out Outcome) { h.writeReply(w, shape(out)) } // the robot shows markdown
	}
	return d, nil
}

// job turns a robot message into the engine's work (Robot.Work), with the
// shape of its passive reply; false when nothing is to be done. A card
// click is answered with the card update alone (its text goes by
// response_url): WeCom refuses a stream on a click (errcode 846605).
func (h *AIBotHandler) job(m *AIBotMessage) (job, func(Outcome) any, bool) {
	w, ok := h.robot.Work(m)
	if !ok {
		return job{}, nil, false
	}
	key := safetybot.InboundKey("aibot|msg", m.From.UserID, m.MsgID) // both present (ParseAIBotMessage)
	streamID := "sb" + nonce()
	shape := func(out Outcome) any {
		return robotcard.Stream(streamID, true, CapBytes(robotMarkdown(out.Text, out.Markdown), maxStreamBytes))
	}
	switch w.Answer {
	case AnswerClick:
		shape = func(out Outcome) any { return robotcard.Update(out.Card, h.publicURL) }
	case AnswerWelcome:
		shape = func(out Outcome) any { return robotcard.Text(out.Text) }
	}
	responseURL, user := m.ResponseURL, m.From.UserID
	// response_url is not persisted either, so sensitive replies go the same
	// way; when it fails, theirs go straight to the sender as an app
	// message, never through the outbox (QA4 item 4: a receipt code was lost).
	later := func(ctx context.Context, r reply) error {
		err := errors.New("no response_url for a slow reply or a click's answer")
		if responseURL != "" {
			err = h.respond(ctx, responseURL, robotMarkdown(r.text, r.markdown))
		}
		if err == nil || !(r.sensitive || w.Sensitive) || h.direct == nil || user == "" {
			return err
		}
		return h.direct.Send(ctx, safetybot.OutboxMessage{TargetKind: safetybot.TargetUser, Target: user, Body: r.text, Markdown: r.markdown})
	}
	return job{w, key, later}, shape, true
}

type content struct {
	Content string `json:"content"`
}

// maxStreamBytes is WeCom's limit on a stream's markdown content.
const maxStreamBytes = robotcard.MaxStreamBytes

// CapBytes cuts s to at most n bytes on a rune boundary, saying so at
// its end when it cuts.
func CapBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const more = "\n……（内容过长，已截断）"
	n -= len(more)
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + more
}

// writeReply sends the encrypted passive JSON answer.
func (h *AIBotHandler) writeReply(w http.ResponseWriter, v any) {
	plain, _ := json.Marshal(v)
	now := h.in.now().Unix()
	ts, n := strconv.FormatInt(now, 10), nonce()
	enc, sig := h.in.crypto.Seal(plain, ts, n)
	body, _ := json.Marshal(struct {
		Encrypt      string `json:"encrypt"`
		MsgSignature string `json:"msgsignature"`
		Timestamp    int64  `json:"timestamp"`
		Nonce        string `json:"nonce"`
	}{enc, sig, now, n})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(body)
}

// responseTries is how many times a slow reply is posted to response_url.
const responseTries = 3

// respond posts a slow reply (markdown: robotMarkdown) to response_url,
// which WeCom accepts once within an hour (wecom.md §2). A post that got
// no answer (unreachable, a timeout, an HTTP error status) may not have
// used it, so it is tried again after h.retryWait, then twice that; an
// answer with an errcode (used, expired) is final. A post that did arrive
// but whose answer was lost is then refused as used, and a sensitive reply
// goes to its sender directly too: a receipt code twice is better than none.
func (h *AIBotHandler) respond(ctx context.Context, url, text string) error {
	wait := h.retryWait
	for try := 1; ; try++ {
		final, err := h.postResponse(ctx, url, text)
		if err == nil || final || try == responseTries {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// postResponse posts a slow reply once to the message's response_url;
// final says a retry cannot help (WeCom answered with an errcode).
func (h *AIBotHandler) postResponse(ctx context.Context, url, text string) (final bool, err error) {
	body, _ := json.Marshal(struct {
		MsgType  string  `json:"msgtype"`
		Markdown content `json:"markdown"`
	}{"markdown", content{CapBytes(text, maxStreamBytes)}})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return true, errors.New("bad response_url")
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.client.Do(req)
	if err != nil {
		return false, errors.New("response_url unreachable") // the error text would carry the URL
	}
	defer resp.Body.Close()
	var r struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return false, fmt.Errorf("response_url: HTTP %d", resp.StatusCode)
	}
	if len(raw) > 0 && json.Unmarshal(raw, &r) == nil && r.ErrCode != 0 {
		return true, fmt.Errorf("response_url: errcode %d %s", r.ErrCode, r.ErrMsg)
	}
	return false, nil
}
