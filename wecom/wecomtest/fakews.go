package wecomtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// FakeWSOptions configure a FakeWS.
type FakeWSOptions struct {
	BotID, Secret string // subscribe must carry these (errcode 40001 otherwise)
}

// WSFrame is one frame of the long connection, as the fake saw it.
type WSFrame struct {
	Cmd     string          `json:"cmd,omitempty"`
	ReqID   string          `json:"-"`
	Body    json.RawMessage `json:"body,omitempty"`
	ErrCode *int            `json:"errcode,omitempty"`
	ErrMsg  string          `json:"errmsg,omitempty"`
	Conn    int             `json:"-"` // which connection (1, 2, …) carried it
	At      time.Time       `json:"-"`
}

type wireFrame struct {
	Cmd     string `json:"cmd,omitempty"`
	Headers struct {
		ReqID string `json:"req_id"`
	} `json:"headers"`
	Body    json.RawMessage `json:"body,omitempty"`
	ErrCode *int            `json:"errcode,omitempty"`
	ErrMsg  string          `json:"errmsg,omitempty"`
}

// Stream is the body of an aibot_respond_msg stream reply.
type Stream struct {
	MsgType string `json:"msgtype"`
	Stream  struct {
		ID      string `json:"id"`
		Finish  bool   `json:"finish"`
		Content string `json:"content"`
	} `json:"stream"`
}

// FakeWS is a fake of the intelligent robot's long-connection server on
// loopback. It accepts aibot_subscribe with the configured bot id and
// secret, acks pings and responses, pushes callbacks on request, and records
// every frame clients send. All methods are safe for concurrent use.
type FakeWS struct {
	URL string // ws://127.0.0.1:port, for WECOM_AIBOT_WS_URL

	srv  *httptest.Server
	opts FakeWSOptions

	mu          sync.Mutex
	conns       int // connections accepted
	rejectNext  int // handshakes to refuse with 503
	current     *fakeWSConn
	frames      []WSFrame
	ignorePings bool
	ackDelay    time.Duration
	ackCodes    map[string][]int // cmd → errcodes for the next acks
	unacked     map[string]int   // req_id → frames not yet acked
	violations  []string         // frames sent before the previous one on the same req_id was acked
	seq         int
	dials       []time.Time
	clicks      map[string]wsClick // req_id of a pushed template_card_event → the click
	updates     []WSCardUpdate     // aibot_respond_update_msg frames accepted
}

type fakeWSConn struct {
	n    int
	ws   *websocket.Conn
	ctx  context.Context
	stop context.CancelFunc
	wmu  sync.Mutex
}

// NewFakeWS starts a fake long-connection server, closed when the test ends.
func NewFakeWS(t testing.TB, opts FakeWSOptions) *FakeWS {
	f := &FakeWS{opts: opts, ackCodes: map[string][]int{}, unacked: map[string]int{}, clicks: map[string]wsClick{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = "ws" + strings.TrimPrefix(f.srv.URL, "http")
	t.Cleanup(f.Close)
	return f
}

// Close drops every connection and stops the server.
func (f *FakeWS) Close() {
	f.Drop()
	f.srv.CloseClientConnections()
	f.srv.Close()
}

// RejectNext refuses the next n handshakes with HTTP 503.
func (f *FakeWS) RejectNext(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rejectNext += n
}

// IgnorePings stops (or resumes) acking pings, to make a connection look dead.
func (f *FakeWS) IgnorePings(ignore bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ignorePings = ignore
}

// AckDelay delays every ack but the subscribe's by d.
func (f *FakeWS) AckDelay(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ackDelay = d
}

// FailNextAck answers the next frames of cmd with these errcodes (e.g.
// CmdSendMsg with 45009, or "aibot_subscribe" with 40001).
func (f *FakeWS) FailNextAck(cmd string, codes ...int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ackCodes[cmd] = append(f.ackCodes[cmd], codes...)
}

// Dials returns when each handshake arrived (accepted or refused).
func (f *FakeWS) Dials() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.dials...)
}

// Connections returns how many connections were accepted.
func (f *FakeWS) Connections() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.conns
}

// WaitSubscribed waits until a client is subscribed on a live connection.
func (f *FakeWS) WaitSubscribed(ctx context.Context) error {
	for {
		f.mu.Lock()
		cur := f.current
		f.mu.Unlock()
		if cur != nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// Current returns the number (1, 2, …, in order of acceptance) of the
// connection subscribed now, or 0 when none is.
func (f *FakeWS) Current() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.current == nil {
		return 0
	}
	return f.current.n
}

// WaitConnection waits until connection n (or a later one) is subscribed,
// e.g. the new connection after a restart or a reconnect.
func (f *FakeWS) WaitConnection(ctx context.Context, n int) error {
	for f.Current() < n {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	return nil
}

// Drop closes the current connection abruptly (no close frame).
func (f *FakeWS) Drop() {
	f.mu.Lock()
	c := f.current
	f.mu.Unlock()
	f.drop(c)
}

// drop closes c abruptly, and forgets it if it is still the current one.
func (f *FakeWS) drop(c *fakeWSConn) {
	if c == nil {
		return
	}
	f.mu.Lock()
	if f.current == c {
		f.current = nil
	}
	f.mu.Unlock()
	c.stop()
	c.ws.CloseNow()
}

// Frames returns the frames clients sent with cmd ("" for all).
func (f *FakeWS) Frames(cmd string) []WSFrame {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []WSFrame
	for _, fr := range f.frames {
		if cmd == "" || fr.Cmd == cmd {
			out = append(out, fr)
		}
	}
	return out
}

// Responses returns the frames sent on reqID (the replies to a callback).
func (f *FakeWS) Responses(reqID string) []WSFrame {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []WSFrame
	for _, fr := range f.frames {
		if fr.ReqID == reqID {
			out = append(out, fr)
		}
	}
	return out
}

// WaitResponses waits until n frames were sent on reqID, or ctx ends.
func (f *FakeWS) WaitResponses(ctx context.Context, reqID string, n int) []WSFrame {
	return waitFor(ctx, func() []WSFrame { return f.Responses(reqID) }, n)
}

// WaitFrames waits until n frames of cmd were sent, or ctx ends.
func (f *FakeWS) WaitFrames(ctx context.Context, cmd string, n int) []WSFrame {
	return waitFor(ctx, func() []WSFrame { return f.Frames(cmd) }, n)
}

func waitFor(ctx context.Context, get func() []WSFrame, n int) []WSFrame {
	for {
		got := get()
		if len(got) >= n {
			return got
		}
		select {
		case <-ctx.Done():
			return got
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// Violations lists frames a client sent on a req_id before the previous
// frame on that req_id was acked (the protocol wants them one at a time).
func (f *FakeWS) Violations() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.violations...)
}

// WSMessage describes a message callback to push.
type WSMessage struct {
	MsgID    string // default: a fresh id
	ChatType string // "single" (default) or "group"
	ChatID   string // group chats
	UserID   string
	Text     string
	MsgType  string // default "text"
}

// PushMessage sends an aibot_msg_callback on the current connection and
// returns its req_id.
func (f *FakeWS) PushMessage(m WSMessage) (string, error) {
	if m.MsgID == "" {
		m.MsgID = f.nextID("msg")
	}
	if m.ChatType == "" {
		m.ChatType = "single"
	}
	if m.MsgType == "" {
		m.MsgType = "text"
	}
	body := map[string]any{"msgid": m.MsgID, "aibotid": f.opts.BotID, "chattype": m.ChatType,
		"from": map[string]string{"userid": m.UserID}, "msgtype": m.MsgType, "create_time": time.Now().Unix()}
	if m.ChatID != "" {
		body["chatid"] = m.ChatID
	}
	if m.MsgType == "text" {
		body["text"] = map[string]string{"content": m.Text}
	}
	return f.push("aibot_msg_callback", body)
}

// PushEvent sends an aibot_event_callback (enter_chat, disconnected_event,
// …) on the current connection and returns its req_id.
func (f *FakeWS) PushEvent(eventType, userID, chatID string) (string, error) {
	body := map[string]any{"msgid": f.nextID("evt"), "aibotid": f.opts.BotID, "create_time": time.Now().Unix(),
		"from": map[string]string{"userid": userID}, "msgtype": "event",
		"event": map[string]any{"eventtype": eventType}}
	body["chattype"] = "single"
	if chatID != "" {
		body["chatid"], body["chattype"] = chatID, "group"
	}
	return f.push("aibot_event_callback", body)
}

// PushCardClick sends an aibot_event_callback template_card_event: user
// pressed the button key of the card taskID (responseCode added when not
// empty), and returns its req_id. The fake then holds the answers on that
// req_id to what WeCom documents for a click (see fakewscards.go).
func (f *FakeWS) PushCardClick(userID, taskID, key, responseCode string) (string, error) {
	ev := map[string]string{"card_type": "button_interaction", "event_key": key, "task_id": taskID}
	if responseCode != "" {
		ev["response_code"] = responseCode
	}
	body := map[string]any{"msgid": f.nextID("evt"), "aibotid": f.opts.BotID, "create_time": time.Now().Unix(),
		"from": map[string]string{"userid": userID}, "msgtype": "event", "chattype": "single",
		"event": map[string]any{"eventtype": "template_card_event", "template_card_event": ev}}
	var w wireFrame
	w.Cmd, w.Headers.ReqID = "aibot_event_callback", f.nextID("req")
	w.Body, _ = json.Marshal(body)
	data, _ := json.Marshal(w)
	f.mu.Lock()
	f.clicks[w.Headers.ReqID] = wsClick{task: taskID, at: time.Now()}
	f.mu.Unlock()
	return w.Headers.ReqID, f.PushRaw(data)
}

// PushDisconnected tells the client a newer connection replaced it; it then
// drops that connection as WeCom does. Only that one: under load the
// client had already reconnected when the drop came 50 ms later, and the
// new connection was dropped in its place (a flaky reconnect test).
func (f *FakeWS) PushDisconnected() error {
	f.mu.Lock()
	c := f.current
	f.mu.Unlock()
	_, err := f.PushEvent("disconnected_event", "", "")
	time.AfterFunc(50*time.Millisecond, func() { f.drop(c) })
	return err
}

// PushRaw sends raw bytes on the current connection (for malformed frames).
func (f *FakeWS) PushRaw(data []byte) error {
	f.mu.Lock()
	c := f.current
	f.mu.Unlock()
	if c == nil {
		return errors.New("fakews: no subscribed connection")
	}
	return c.write(data)
}

func (f *FakeWS) nextID(prefix string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	return fmt.Sprintf("%s%d", prefix, f.seq)
}

func (f *FakeWS) push(cmd string, body any) (string, error) {
	var w wireFrame
	w.Cmd, w.Headers.ReqID = cmd, f.nextID("req")
	b, err := json.Marshal(body)
	if err != nil {
		return "", err
	}
	w.Body = b
	data, _ := json.Marshal(w)
	return w.Headers.ReqID, f.PushRaw(data)
}

func (c *fakeWSConn) write(data []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	ctx, cancel := context.WithTimeout(c.ctx, 5*time.Second)
	defer cancel()
	return c.ws.Write(ctx, websocket.MessageText, data)
}

func (f *FakeWS) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.dials = append(f.dials, time.Now())
	if f.rejectNext > 0 {
		f.rejectNext--
		f.mu.Unlock()
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	f.mu.Unlock()
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	ws.SetReadLimit(1 << 20)
	ctx, stop := context.WithCancel(context.Background())
	f.mu.Lock()
	f.conns++
	c := &fakeWSConn{n: f.conns, ws: ws, ctx: ctx, stop: stop}
	f.mu.Unlock()
	defer func() {
		stop()
		ws.CloseNow()
		f.mu.Lock()
		if f.current == c {
			f.current = nil
		}
		f.mu.Unlock()
	}()
	for {
		_, data, err := ws.Read(ctx)
		if err != nil {
			return
		}
		var in wireFrame
		if json.Unmarshal(data, &in) != nil {
			continue
		}
		fr := WSFrame{Cmd: in.Cmd, ReqID: in.Headers.ReqID, Body: in.Body, ErrCode: in.ErrCode, ErrMsg: in.ErrMsg, Conn: c.n, At: time.Now()}
		f.mu.Lock()
		f.frames = append(f.frames, fr)
		code := 0
		if q := f.ackCodes[in.Cmd]; len(q) > 0 {
			code, f.ackCodes[in.Cmd] = q[0], q[1:]
		}
		delay := f.ackDelay
		skip := in.Cmd == "ping" && f.ignorePings
		if in.Cmd == "aibot_subscribe" {
			delay = 0
			var b struct {
				BotID  string `json:"bot_id"`
				Secret string `json:"secret"`
			}
			json.Unmarshal(in.Body, &b)
			if code == 0 && (b.BotID != f.opts.BotID || b.Secret != f.opts.Secret) {
				code = 40001
			}
			if code == 0 {
				f.current = c
			}
		}
		if code == 0 {
			code = f.checkRespondLocked(fr)
		}
		if strings.HasPrefix(in.Cmd, "aibot_respond") {
			if f.unacked[in.Headers.ReqID] > 0 {
				f.violations = append(f.violations, in.Cmd+" "+in.Headers.ReqID)
			}
			f.unacked[in.Headers.ReqID]++
		}
		f.mu.Unlock()
		if skip {
			continue
		}
		ack := func() {
			var a wireFrame
			a.Headers.ReqID = in.Headers.ReqID
			a.ErrCode = &code
			a.ErrMsg = errMsg(code)
			b, _ := json.Marshal(a)
			f.mu.Lock()
			if strings.HasPrefix(in.Cmd, "aibot_respond") {
				f.unacked[in.Headers.ReqID]--
			}
			f.mu.Unlock()
			c.write(b)
		}
		if delay > 0 {
			time.AfterFunc(delay, ack)
		} else {
			ack()
		}
		if in.Cmd == "aibot_subscribe" && code != 0 {
			time.Sleep(20 * time.Millisecond)
			return // WeCom closes after a refused subscribe
		}
	}
}
