package wecomtest

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"safetybot/wecom"
)

// The official test vectors of Tencent's Go sample (shared/docs/wecom.md §1).
const (
	VectorToken     = "QDG6eK"
	VectorCorpID    = "wx5823bf96d3bd56c7"
	VectorAESKey    = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	VectorSignature = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"
	VectorTimestamp = "1409659589"
	VectorNonce     = "263014780"
	VectorEchoStr   = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
	VectorEchoPlain = "1616140317555161061"
)

// NewAESKey returns a random 43-character EncodingAESKey, as WeCom's console
// generates.
func NewAESKey() string {
	var k [32]byte
	rand.Read(k[:])
	return strings.TrimSuffix(base64.StdEncoding.EncodeToString(k[:]), "=")
}

// NewToken returns a random callback Token.
func NewToken() string {
	var k [12]byte
	rand.Read(k[:])
	return base64.RawURLEncoding.EncodeToString(k[:])
}

// Signed is one signed callback request, ready to send or to tamper with.
type Signed struct {
	Query url.Values // msg_signature, timestamp, nonce
	Body  []byte
}

// Reply is a callback's answer, decrypted.
type Reply struct {
	Status int
	Empty  bool   // 200 with an empty body: the reply comes later, or none
	Plain  []byte // the decrypted reply (XML for the app, JSON for the robot)
	// App replies.
	ToUser, MsgType string
	// Robot replies: a finished stream, or text for enter_chat.
	StreamID string
	Finish   bool
	// Content is the text of the reply (app Content, stream content, text).
	Content string
	// Update is a robot's card update (response_type update_template_card),
	// the passive reply to a card click.
	Update *RobotCardUpdate
}

// client is what both callback clients share.
type client struct {
	URL    string
	HTTP   *http.Client
	Now    func() time.Time // timestamps of signed requests (default time.Now)
	crypto *wecom.Crypto
	token  string
}

func newClient(url, token, aesKey, receiveID string) (*client, error) {
	cr, err := wecom.NewCrypto(token, aesKey, receiveID)
	if err != nil {
		return nil, err
	}
	return &client{URL: url, HTTP: http.DefaultClient, Now: time.Now, crypto: cr, token: token}, nil
}

// sign encrypts plain and returns the ciphertext and the signed query.
func (c *client) sign(plain []byte) (string, url.Values) {
	ts := strconv.FormatInt(c.Now().Unix(), 10)
	var r [4]byte
	rand.Read(r[:])
	nonce := strconv.FormatUint(uint64(r[0])<<24|uint64(r[1])<<16|uint64(r[2])<<8|uint64(r[3]), 10)
	enc, sig := c.crypto.Seal(plain, ts, nonce)
	return enc, url.Values{"msg_signature": {sig}, "timestamp": {ts}, "nonce": {nonce}}
}

// Post sends a signed request as is and returns the raw response.
func (c *client) Post(s Signed) (*http.Response, error) {
	return c.HTTP.Post(c.URL+"?"+s.Query.Encode(), "text/plain", bytes.NewReader(s.Body))
}

// verifyURL performs WeCom's GET URL check with echo as the secret.
func (c *client) verifyURL(echo string) (string, int, error) {
	enc, q := c.sign([]byte(echo))
	q.Set("echostr", enc)
	resp, err := c.HTTP.Get(c.URL + "?" + q.Encode())
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return string(body), resp.StatusCode, err
}

// roundTrip posts s; body is nil when there is no passive reply to read
// (an empty 200, or a refusal whose status r reports).
func (c *client) roundTrip(s Signed) (r *Reply, body []byte, err error) {
	resp, err := c.Post(s)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if body, err = io.ReadAll(resp.Body); err != nil {
		return nil, nil, err
	}
	r = &Reply{Status: resp.StatusCode, Empty: len(body) == 0}
	if resp.StatusCode != http.StatusOK || r.Empty {
		return r, nil, nil
	}
	return r, body, nil
}

// open verifies and decrypts a passive reply's ciphertext.
func (c *client) open(sig, ts, nonce, enc string) ([]byte, error) {
	if sig != wecom.Signature(c.token, ts, nonce, enc) {
		return nil, errors.New("wecomtest: reply signature does not verify")
	}
	msg, _, err := c.crypto.Decrypt(enc)
	return msg, err
}

// AppClient drives /wecom/callback as WeCom does: XML, encrypted with the
// app's EncodingAESKey, receiveid = CorpID, signed with the Token.
type AppClient struct {
	*client
	CorpID  string
	AgentID string
}

// NewAppClient returns a client for the app callback at url.
func NewAppClient(url, token, aesKey, corpID string) (*AppClient, error) {
	c, err := newClient(url, token, aesKey, corpID)
	if err != nil {
		return nil, err
	}
	return &AppClient{client: c, CorpID: corpID, AgentID: "1000002"}, nil
}

// VerifyURL performs the GET URL check and returns what the server
// answered (the echo, on success) and the status.
func (c *AppClient) VerifyURL(echo string) (string, int, error) { return c.verifyURL(echo) }

// AppMessage is an app message to send; zero fields are left out.
type AppMessage struct {
	FromUser    string
	CreateTime  int64 // default: now
	MsgType     string
	MsgID       string
	Content     string
	MediaID     string
	Recognition string
	Lat, Lng    float64
	Label       string
	Event       string
	// template_card_event: the button's key, the card's task_id and the
	// click's response_code
	EventKey, TaskID, ResponseCode string
}

// XML renders the message as WeCom does (CDATA text, numbers bare).
func (c *AppClient) XML(m AppMessage) []byte {
	if m.CreateTime == 0 {
		m.CreateTime = c.Now().Unix()
	}
	var b strings.Builder
	field := func(name, v string) {
		if v != "" {
			b.WriteString("<" + name + "><![CDATA[" + strings.ReplaceAll(v, "]]>", "]]]]><![CDATA[>") + "]]></" + name + ">")
		}
	}
	b.WriteString("<xml>")
	field("ToUserName", c.CorpID)
	field("FromUserName", m.FromUser)
	b.WriteString("<CreateTime>" + strconv.FormatInt(m.CreateTime, 10) + "</CreateTime>")
	field("MsgType", m.MsgType)
	switch m.MsgType {
	case "text":
		field("Content", m.Content)
	case "image":
		field("PicUrl", "https://wework.qpic.cn/fake/"+m.MediaID)
		field("MediaId", m.MediaID)
	case "voice":
		field("MediaId", m.MediaID)
		field("Format", "amr")
		field("Recognition", m.Recognition)
	case "location":
		b.WriteString("<Location_X>" + strconv.FormatFloat(m.Lat, 'f', -1, 64) + "</Location_X>")
		b.WriteString("<Location_Y>" + strconv.FormatFloat(m.Lng, 'f', -1, 64) + "</Location_Y>")
		b.WriteString("<Scale>15</Scale>")
		field("Label", m.Label)
	case "event":
		field("Event", m.Event)
		field("EventKey", m.EventKey)
		field("TaskId", m.TaskID)
		if m.TaskID != "" {
			field("CardType", "button_interaction")
		}
		field("ResponseCode", m.ResponseCode)
	}
	if m.MsgID != "" {
		b.WriteString("<MsgId>" + m.MsgID + "</MsgId>")
	}
	b.WriteString("<AgentID>" + c.AgentID + "</AgentID></xml>")
	return []byte(b.String())
}

// Sign encrypts and signs a plaintext message into a POST request.
func (c *AppClient) Sign(plain []byte) Signed {
	enc, q := c.sign(plain)
	body := "<xml><ToUserName><![CDATA[" + c.CorpID + "]]></ToUserName><AgentID><![CDATA[" + c.AgentID +
		"]]></AgentID><Encrypt><![CDATA[" + enc + "]]></Encrypt></xml>"
	return Signed{Query: q, Body: []byte(body)}
}

// Send posts the message and decrypts the answer.
func (c *AppClient) Send(m AppMessage) (*Reply, error) { return c.Do(c.Sign(c.XML(m))) }

// SendText sends a text message from user.
func (c *AppClient) SendText(user, msgID, text string) (*Reply, error) {
	return c.Send(AppMessage{FromUser: user, MsgType: "text", MsgID: msgID, Content: text})
}

// SendImage sends an image message (MediaId as WeCom would give it).
func (c *AppClient) SendImage(user, msgID, mediaID string) (*Reply, error) {
	return c.Send(AppMessage{FromUser: user, MsgType: "image", MsgID: msgID, MediaID: mediaID})
}

// SendLocation sends a location message (lat = Location_X, lng = Location_Y).
func (c *AppClient) SendLocation(user, msgID string, lat, lng float64, label string) (*Reply, error) {
	return c.Send(AppMessage{FromUser: user, MsgType: "location", MsgID: msgID, Lat: lat, Lng: lng, Label: label})
}

// SendVoice sends a voice message with WeCom's transcript (may be empty).
func (c *AppClient) SendVoice(user, msgID, mediaID, recognition string) (*Reply, error) {
	return c.Send(AppMessage{FromUser: user, MsgType: "voice", MsgID: msgID, MediaID: mediaID, Recognition: recognition})
}

// SendEvent sends an event (enter_agent…) created at createTime (Unix s).
func (c *AppClient) SendEvent(user, event string, createTime int64) (*Reply, error) {
	return c.Send(AppMessage{FromUser: user, MsgType: "event", Event: event, CreateTime: createTime})
}

// SendCardClick sends a template_card_event (90240): user pressed the
// button key of the card taskID; responseCode is the click's code for
// update_template_card. createTime 0 is now (events are deduplicated by
// sender and CreateTime).
func (c *AppClient) SendCardClick(user, taskID, key, responseCode string, createTime int64) (*Reply, error) {
	return c.Send(AppMessage{FromUser: user, MsgType: "event", Event: "template_card_event", CreateTime: createTime,
		EventKey: key, TaskID: taskID, ResponseCode: responseCode})
}

// Do posts a signed request and decrypts an app passive reply.
func (c *AppClient) Do(s Signed) (*Reply, error) {
	r, body, err := c.roundTrip(s)
	if err != nil || body == nil {
		return r, err
	}
	var env struct {
		Encrypt, MsgSignature, TimeStamp, Nonce string
	}
	if err := xml.Unmarshal(body, &env); err != nil {
		return r, fmt.Errorf("wecomtest: reply is not XML: %w", err)
	}
	if r.Plain, err = c.open(env.MsgSignature, env.TimeStamp, env.Nonce, env.Encrypt); err != nil {
		return r, err
	}
	var msg struct {
		ToUserName, FromUserName, MsgType, Content string
	}
	if err := xml.Unmarshal(r.Plain, &msg); err != nil {
		return r, fmt.Errorf("wecomtest: decrypted reply is not XML: %w", err)
	}
	if msg.FromUserName != c.CorpID {
		return r, fmt.Errorf("wecomtest: reply FromUserName %q, want the CorpID", msg.FromUserName)
	}
	r.ToUser, r.MsgType, r.Content = msg.ToUserName, msg.MsgType, msg.Content
	return r, nil
}

// AIBotClient drives /wecom/aibot as WeCom does: JSON, encrypted with the
// robot's EncodingAESKey and an empty receiveid, signed with its Token.
type AIBotClient struct {
	*client
	AIBotID string
}

// NewAIBotClient returns a client for the intelligent robot's webhook at url.
func NewAIBotClient(url, token, aesKey string) (*AIBotClient, error) {
	c, err := newClient(url, token, aesKey, "")
	if err != nil {
		return nil, err
	}
	return &AIBotClient{client: c, AIBotID: "aib-test"}, nil
}

// VerifyURL performs the GET URL check.
func (c *AIBotClient) VerifyURL(echo string) (string, int, error) { return c.verifyURL(echo) }

// AIBotMessage is a robot message to send, as WeCom's JSON.
type AIBotMessage = wecom.AIBotMessage

// Sign encrypts and signs a plaintext JSON message into a POST request.
func (c *AIBotClient) Sign(plain []byte) Signed {
	enc, q := c.sign(plain)
	body, _ := json.Marshal(map[string]string{"encrypt": enc})
	return Signed{Query: q, Body: body}
}

// Send marshals m (filling aibotid) and posts it.
func (c *AIBotClient) Send(m AIBotMessage) (*Reply, error) {
	if m.AIBotID == "" {
		m.AIBotID = c.AIBotID
	}
	plain, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return c.Do(c.Sign(plain))
}

// Text builds a text message; chatID "" makes it a single chat.
func (c *AIBotClient) Text(user, chatID, msgID, text, responseURL string) AIBotMessage {
	m := AIBotMessage{MsgID: msgID, ChatType: "single", ResponseURL: responseURL, MsgType: "text"}
	if chatID != "" {
		m.ChatType, m.ChatID = "group", chatID
	}
	m.From.UserID = user
	m.Text = &struct {
		Content string `json:"content"`
	}{text}
	return m
}

// SendGroupText sends a group @-mention; text keeps the @name as WeCom does.
func (c *AIBotClient) SendGroupText(chatID, user, msgID, text, responseURL string) (*Reply, error) {
	return c.Send(c.Text(user, chatID, msgID, text, responseURL))
}

// SendSingleText sends a single-chat message.
func (c *AIBotClient) SendSingleText(user, msgID, text, responseURL string) (*Reply, error) {
	return c.Send(c.Text(user, "", msgID, text, responseURL))
}

// SendEvent sends an event (enter_chat…).
func (c *AIBotClient) SendEvent(user, chatID, msgID, eventType string) (*Reply, error) {
	m := AIBotMessage{MsgID: msgID, CreateTime: c.Now().Unix(), ChatType: "single", MsgType: "event"}
	if chatID != "" {
		m.ChatType, m.ChatID = "group", chatID
	}
	m.From.UserID = user
	m.Event = &wecom.AIBotEvent{EventType: eventType}
	return c.Send(m)
}

// SendCardClick sends a template_card_event: user pressed the button key
// of the card taskID (in chatID, or a single chat when chatID is ""), with
// responseURL (from FakeAPI.ResponseURL; "" for none) for the text answer.
// responseCode is added to the event when not empty. The passive reply is
// held to what WeCom documents for a click (101031): empty, or an
// update_template_card of the card taskID within the robot's field
// limits. A stream or any other reply is an error (errcode 846605, as
// WeCom answers a stream on a click), and so is an invalid update.
func (c *AIBotClient) SendCardClick(user, chatID, msgID, taskID, key, responseCode, responseURL string) (*Reply, error) {
	m := AIBotMessage{MsgID: msgID, CreateTime: c.Now().Unix(), ChatType: "single", MsgType: "event", ResponseURL: responseURL}
	if chatID != "" {
		m.ChatType, m.ChatID = "group", chatID
	}
	m.From.UserID = user
	m.Event = &wecom.AIBotEvent{EventType: "template_card_event", TemplateCardEvent: &wecom.AIBotCardEvent{
		CardType: "button_interaction", EventKey: key, TaskID: taskID, ResponseCode: responseCode}}
	r, err := c.Send(m)
	if err != nil || r.Empty || r.Status != http.StatusOK {
		return r, err
	}
	if r.Update == nil {
		return r, fmt.Errorf("wecomtest: errcode %d: a card click answered with %q, not update_template_card", ErrStreamOnClick, r.MsgType)
	}
	if code := r.Update.check(taskID); code != 0 {
		return r, fmt.Errorf("wecomtest: errcode %d: invalid card update %s", code, r.Plain)
	}
	return r, nil
}

// Do posts a signed request and decrypts a robot passive reply.
func (c *AIBotClient) Do(s Signed) (*Reply, error) {
	r, body, err := c.roundTrip(s)
	if err != nil || body == nil {
		return r, err
	}
	var env struct {
		Encrypt      string `json:"encrypt"`
		MsgSignature string `json:"msgsignature"`
		Timestamp    int64  `json:"timestamp"`
		Nonce        string `json:"nonce"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return r, fmt.Errorf("wecomtest: reply is not JSON: %w", err)
	}
	if r.Plain, err = c.open(env.MsgSignature, strconv.FormatInt(env.Timestamp, 10), env.Nonce, env.Encrypt); err != nil {
		return r, err
	}
	var msg struct {
		ResponseType string `json:"response_type"`
		MsgType      string `json:"msgtype"`
		Stream       struct {
			ID      string `json:"id"`
			Finish  bool   `json:"finish"`
			Content string `json:"content"`
		} `json:"stream"`
		Text struct {
			Content string `json:"content"`
		} `json:"text"`
	}
	if err := json.Unmarshal(r.Plain, &msg); err != nil {
		return r, fmt.Errorf("wecomtest: decrypted reply is not JSON: %w", err)
	}
	r.MsgType, r.StreamID, r.Finish = msg.MsgType, msg.Stream.ID, msg.Stream.Finish
	r.Content = msg.Stream.Content
	if msg.ResponseType != "" {
		r.Update = new(RobotCardUpdate)
		if err := json.Unmarshal(r.Plain, r.Update); err != nil {
			return r, fmt.Errorf("wecomtest: decrypted card update: %w", err)
		}
	}
	if msg.MsgType == "text" {
		r.Content = msg.Text.Content
	}
	return r, nil
}
