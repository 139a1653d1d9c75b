// Package longconn is the intelligent robot's (智能机器人) long connection:
// an outbound WebSocket to WeCom for deployments with no public URL. It
// subscribes with the bot id and secret, pings every 30 s (two missed acks
// = a dead connection), hands message callbacks to the engine and answers on
// the callback's req_id (frames of one req_id one at a time, each after the
// previous ack), answers a redelivered message (same msgid) with the first
// answer instead of handling it again, welcomes enter_chat with help, pushes
// proactive messages for the outbox (aibot_send_msg), and reconnects with
// backoff 1 s → 30 s. On
// disconnected_event (a newer connection for the same bot replaced this one)
// it stops and logs an error instead of fighting the other instance.
//
// Nothing it logs names a user, a chat or what was written, and the secret
// is never logged: anonymous reports travel this way too.
package longconn

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"

	"safetybot"
	"safetybot/bot"
	"safetybot/outbox"
)

// DefaultURL is WeCom's long-connection endpoint.
const DefaultURL = "wss://openws.work.weixin.qq.com"

// MaxStreamBytes is the longest stream content WeCom accepts.
const MaxStreamBytes = 20480

// Handler answers chat messages; *bot.Engine is one.
type Handler interface {
	Handle(ctx context.Context, m bot.Message) []bot.Reply
}

// Dedup remembers handled message ids beyond this process's memory (across
// restarts). Claim reports whether key comes for the first time; the caller
// calls done when it has handled it. Implementations store only a keyed
// hash of the key, never the message id itself.
type Dedup interface {
	Claim(ctx context.Context, key string) (first bool, done func(), err error)
}

// Config configures a Client.
type Config struct {
	URL           string // WECOM_AIBOT_WS_URL (default DefaultURL)
	BotID, Secret string // WECOM_AIBOT_ID, WECOM_AIBOT_SECRET
	Handler       Handler
	Dedup         Dedup // optional: persistent dedup
	Log           *slog.Logger

	PingInterval  time.Duration // default 30 s
	AckTimeout    time.Duration // how long to wait for an ack (default 10 s)
	MinBackoff    time.Duration // first reconnect delay (default 1 s)
	MaxBackoff    time.Duration // cap of the reconnect delay (default 30 s)
	ThinkingAfter time.Duration // slower answers first get a "正在处理" frame (0: 2 s; negative: never)
	MaxInFlight   int           // callbacks handled at once (default 32)
	// Sleep waits d or until ctx ends (default: a timer). Tests record the
	// backoff with it.
	Sleep      func(ctx context.Context, d time.Duration) error
	HTTPClient *http.Client // for the WebSocket handshake
}

// ErrDisplaced is Run's result after disconnected_event: another connection
// for the same bot took over.
var ErrDisplaced = errors.New("longconn: replaced by a newer connection for the same bot (disconnected_event); not reconnecting")

// ErrNotConnected is Push's error while there is no live connection.
var ErrNotConnected = errors.New("longconn: not connected")

// AckError is a non-zero errcode in an ack.
type AckError struct {
	Cmd  string
	Code int
	Msg  string
}

func (e *AckError) Error() string {
	return fmt.Sprintf("%s: errcode=%d errmsg=%s", e.Cmd, e.Code, e.Msg)
}

// WeComErrCode gives the errcode to classifiers (wecom/sender).
func (e *AckError) WeComErrCode() int64 { return int64(e.Code) }

// Client is one long connection, reconnected as needed by Run.
type Client struct {
	cfg    Config
	log    *slog.Logger
	recent *recentSet
	sem    chan struct{}
	seq    atomic.Uint64

	mu  sync.Mutex
	cur *session
	wg  sync.WaitGroup // callback handlers
}

// New checks cfg and returns a Client; Run connects.
func New(cfg Config) (*Client, error) {
	if cfg.BotID == "" || cfg.Secret == "" {
		return nil, errors.New("longconn: WECOM_AIBOT_ID and WECOM_AIBOT_SECRET are both required")
	}
	if cfg.Handler == nil {
		return nil, errors.New("longconn: no handler")
	}
	if cfg.URL == "" {
		cfg.URL = DefaultURL
	}
	if !strings.HasPrefix(cfg.URL, "wss://") && !strings.HasPrefix(cfg.URL, "ws://") {
		return nil, fmt.Errorf("WECOM_AIBOT_WS_URL %q: want a wss:// URL", cfg.URL)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&cfg.PingInterval, 30*time.Second)
	def(&cfg.AckTimeout, 10*time.Second)
	def(&cfg.MinBackoff, time.Second)
	def(&cfg.MaxBackoff, 30*time.Second)
	def(&cfg.ThinkingAfter, 2*time.Second)
	if cfg.MaxInFlight == 0 {
		cfg.MaxInFlight = 32
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Client{cfg: cfg, log: cfg.Log.With("component", "aibot-ws"), recent: newRecentSet(10_000),
		sem: make(chan struct{}, cfg.MaxInFlight)}, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Connected reports whether a subscribed connection is up.
func (c *Client) Connected() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur != nil
}

// Run keeps the connection up until ctx ends (it then returns nil) or
// WeCom sends disconnected_event (it returns ErrDisplaced). It waits for
// callbacks in flight before returning.
func (c *Client) Run(ctx context.Context) error {
	defer c.wg.Wait()
	backoff := c.cfg.MinBackoff
	for {
		subscribed, err := c.session(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, ErrDisplaced) {
			c.log.Error("intelligent robot long connection replaced by another connection for the same bot; "+
				"not reconnecting, so the two instances do not evict each other. Stop the other instance, then restart this one",
				"url", c.cfg.URL)
			return err
		}
		if subscribed {
			backoff = c.cfg.MinBackoff
		}
		c.log.Warn("intelligent robot long connection down, reconnecting", "in", backoff, "err", err)
		if c.cfg.Sleep(ctx, backoff) != nil {
			return nil
		}
		backoff = min(backoff*2, c.cfg.MaxBackoff)
	}
}

// session is one WebSocket connection.
type session struct {
	c    *Client
	ws   *websocket.Conn
	ctx  context.Context // ends with the connection
	stop context.CancelCauseFunc

	mu      sync.Mutex
	pending map[string]chan Frame
	serial  map[string]*reqLock
}

type reqLock struct {
	ch   chan struct{} // a one-slot semaphore
	refs int
}

func (c *Client) newReqID(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + "_" + strconv.FormatUint(c.seq.Add(1), 10) + "_" + hex.EncodeToString(b)
}

// session dials, subscribes, and serves one connection until it ends.
func (c *Client) session(ctx context.Context) (subscribed bool, err error) {
	dctx, cancel := context.WithTimeout(ctx, c.cfg.AckTimeout)
	ws, _, err := websocket.Dial(dctx, c.cfg.URL, &websocket.DialOptions{HTTPClient: c.cfg.HTTPClient})
	cancel()
	if err != nil {
		return false, fmt.Errorf("dial: %w", err)
	}
	ws.SetReadLimit(MaxFrame)
	sctx, stop := context.WithCancelCause(ctx)
	s := &session{c: c, ws: ws, ctx: sctx, stop: stop, pending: map[string]chan Frame{}, serial: map[string]*reqLock{}}
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		s.read()
	}()
	defer func() {
		c.mu.Lock()
		if c.cur == s {
			c.cur = nil
		}
		c.mu.Unlock()
		stop(err)
		ws.CloseNow()
		<-readDone
	}()

	body, _ := json.Marshal(map[string]string{"bot_id": c.cfg.BotID, "secret": c.cfg.Secret})
	ack, err := s.request(CmdSubscribe, c.newReqID(CmdSubscribe), body)
	if err != nil {
		return false, fmt.Errorf("subscribe: %w", err)
	}
	if ack.Code() != 0 {
		return false, fmt.Errorf("subscribe refused: %w", &AckError{CmdSubscribe, ack.Code(), ack.ErrMsg})
	}
	c.mu.Lock()
	c.cur = s
	c.mu.Unlock()
	c.log.Info("intelligent robot long connection subscribed", "url", c.cfg.URL)
	return true, s.keepAlive()
}

// keepAlive pings until the connection ends; two pings in a row without an
// ack end it.
func (s *session) keepAlive() error {
	t := time.NewTicker(s.c.cfg.PingInterval)
	defer t.Stop()
	var acked atomic.Bool
	acked.Store(true)
	missed := 0
	for {
		select {
		case <-s.ctx.Done():
			return context.Cause(s.ctx)
		case <-t.C:
		}
		if acked.Load() {
			missed = 0
		} else if missed++; missed >= 2 {
			err := errors.New("two pings without an ack: connection dead")
			s.stop(err)
			return err
		}
		acked.Store(false)
		id := s.c.newReqID(CmdPing)
		ch := s.expect(id)
		go func() {
			select {
			case <-ch:
				acked.Store(true)
			case <-s.ctx.Done():
			}
		}()
		if err := s.write(Frame{Cmd: CmdPing, Headers: Headers{ReqID: id}}); err != nil {
			s.stop(err)
			return err
		}
	}
}

// read dispatches frames until the connection ends.
func (s *session) read() {
	for {
		_, data, err := s.ws.Read(s.ctx)
		if err != nil {
			s.stop(fmt.Errorf("read: %w", err))
			return
		}
		f, err := ParseFrame(data)
		if err != nil {
			s.c.log.Warn("unreadable frame ignored", "err", err, "bytes", len(data))
			continue
		}
		switch f.Cmd {
		case "":
			s.mu.Lock()
			ch := s.pending[f.Headers.ReqID]
			delete(s.pending, f.Headers.ReqID)
			s.mu.Unlock()
			if ch != nil {
				ch <- f
			}
		case CmdMsgCallback, CmdEventCallback:
			var cb Callback
			if err := json.Unmarshal(f.Body, &cb); err != nil {
				s.c.log.Warn("unreadable callback body ignored", "cmd", f.Cmd, "err", err)
				continue
			}
			if f.Cmd == CmdEventCallback && cb.Event.EventType == "disconnected_event" {
				s.stop(ErrDisplaced)
				return
			}
			select {
			case s.c.sem <- struct{}{}:
			case <-s.ctx.Done():
				return
			}
			s.c.wg.Add(1)
			go func() {
				defer func() { <-s.c.sem; s.c.wg.Done() }()
				s.c.callback(s, f.Cmd, f.Headers.ReqID, &cb)
			}()
		default:
			s.c.log.Debug("frame ignored", "cmd", f.Cmd)
		}
	}
}

func (s *session) expect(reqID string) chan Frame {
	ch := make(chan Frame, 1)
	s.mu.Lock()
	s.pending[reqID] = ch
	s.mu.Unlock()
	return ch
}

func (s *session) write(f Frame) error {
	data, err := json.Marshal(f)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(s.ctx, s.c.cfg.AckTimeout)
	defer cancel()
	return s.ws.Write(ctx, websocket.MessageText, data)
}

// request sends a frame and waits for its ack.
func (s *session) request(cmd, reqID string, body json.RawMessage) (Frame, error) {
	ch := s.expect(reqID)
	if err := s.write(Frame{Cmd: cmd, Headers: Headers{ReqID: reqID}, Body: body}); err != nil {
		s.forget(reqID)
		return Frame{}, err
	}
	t := time.NewTimer(s.c.cfg.AckTimeout)
	defer t.Stop()
	select {
	case f := <-ch:
		return f, nil
	case <-t.C:
		s.forget(reqID)
		return Frame{}, fmt.Errorf("%s: no ack within %v", cmd, s.c.cfg.AckTimeout)
	case <-s.ctx.Done():
		s.forget(reqID)
		return Frame{}, fmt.Errorf("%s: connection closed: %w", cmd, context.Cause(s.ctx))
	}
}

func (s *session) forget(reqID string) {
	s.mu.Lock()
	delete(s.pending, reqID)
	s.mu.Unlock()
}

// respond sends one frame on an inbound req_id after every earlier frame on
// that req_id was acked, and waits for its own ack.
func (s *session) respond(cmd, reqID string, body any) error {
	s.mu.Lock()
	l := s.serial[reqID]
	if l == nil {
		l = &reqLock{ch: make(chan struct{}, 1)}
		s.serial[reqID] = l
	}
	l.refs++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if l.refs--; l.refs == 0 {
			delete(s.serial, reqID)
		}
		s.mu.Unlock()
	}()
	select {
	case l.ch <- struct{}{}:
	case <-s.ctx.Done():
		return context.Cause(s.ctx)
	}
	defer func() { <-l.ch }()
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	ack, err := s.request(cmd, reqID, raw)
	if err != nil {
		return err
	}
	if ack.Code() != 0 {
		return &AckError{cmd, ack.Code(), ack.ErrMsg}
	}
	return nil
}

type streamBody struct {
	MsgType string `json:"msgtype"`
	Stream  struct {
		ID      string `json:"id"`
		Finish  bool   `json:"finish"`
		Content string `json:"content"`
	} `json:"stream"`
}

func stream(id string, finish bool, content string) streamBody {
	b := streamBody{MsgType: "stream"}
	b.Stream.ID, b.Stream.Finish, b.Stream.Content = id, finish, truncate(content, MaxStreamBytes)
	return b
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// callback handles one message or event callback.
func (c *Client) callback(s *session, cmd, reqID string, cb *Callback) {
	// Handling uses a context that outlives the connection: a hazard being
	// registered is not cut off by a reconnect.
	ctx := context.WithoutCancel(s.ctx)
	kind := "msg"
	if cmd == CmdEventCallback {
		kind = "event"
	}
	var entry *recent
	reply, answered := "", false
	if cb.MsgID != "" {
		key := safetybot.InboundKey("aibot-ws|"+kind, cb.From.UserID, cb.MsgID)
		e, first := c.recent.begin(key)
		if !first {
			if cmd == CmdMsgCallback {
				if text, ok := c.recent.answer(s.ctx, e, time.Minute); ok {
					c.log.Info("duplicate callback answered again from memory", "cmd", cmd)
					if err := s.respond(CmdRespondMsg, reqID, stream(c.newReqID("stream"), true, text)); err != nil {
						c.log.Warn("reply not delivered", "err", err)
					}
					return
				}
			}
			c.log.Info("duplicate callback ignored", "cmd", cmd)
			return
		}
		entry = e
		defer func() { c.recent.finish(entry, reply, answered) }()
		if c.cfg.Dedup != nil {
			first, done, err := c.cfg.Dedup.Claim(ctx, key)
			switch {
			case err != nil:
				c.log.Error("dedup unavailable, handling anyway", "err", err)
			case !first:
				c.log.Info("duplicate callback ignored (seen before a restart)", "cmd", cmd)
				return
			default:
				defer done()
			}
		}
	}
	m := bot.Message{Source: "aibot-ws", ChatType: bot.ChatSingle, UserID: cb.From.UserID, MsgID: cb.MsgID}
	if cb.ChatType == "group" {
		m.ChatType, m.ChatID = bot.ChatGroup, cb.ChatID
	}
	if cmd == CmdEventCallback {
		if cb.Event.EventType == "enter_chat" {
			m.Text = "帮助"
			help := joinReplies(c.cfg.Handler.Handle(ctx, m))
			body := map[string]any{"msgtype": "text", "text": map[string]string{"content": "您好，我是安全生产助手。\n" + help}}
			if err := s.respond(CmdRespondWelcome, reqID, body); err != nil {
				c.log.Warn("welcome not delivered", "err", err)
			}
		}
		return
	}
	text, ok := cb.text()
	streamID := c.newReqID("stream")
	if !ok {
		if err := s.respond(CmdRespondMsg, reqID, stream(streamID, true, "目前只能处理文字消息。照片请在「上报」后通过企业微信应用私聊发送；发送「帮助」查看命令。")); err != nil {
			c.log.Warn("reply not delivered", "err", err)
		}
		return
	}
	m.Text = text
	answer := make(chan string, 1)
	go func() { answer <- joinReplies(c.cfg.Handler.Handle(ctx, m)) }()
	defer func() { answered = true }() // runs before finish: a duplicate gets the same answer
	if c.cfg.ThinkingAfter >= 0 {
		t := time.NewTimer(c.cfg.ThinkingAfter)
		select {
		case reply = <-answer:
		case <-t.C:
			if err := s.respond(CmdRespondMsg, reqID, stream(streamID, false, "正在处理…")); err != nil {
				c.log.Warn("progress frame not delivered", "err", err)
			}
			reply = <-answer
		}
		t.Stop()
	} else {
		reply = <-answer
	}
	if err := s.respond(CmdRespondMsg, reqID, stream(streamID, true, reply)); err != nil {
		c.log.Warn("reply not delivered", "err", err)
	}
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

// Push sends a proactive markdown message (aibot_send_msg) to a chat: a
// group's chatid, or a userid for a single chat. Without a live connection
// it fails with an outbox.Unavailable error, so the outbox retries later.
func (c *Client) Push(ctx context.Context, chatID, markdown string) error {
	c.mu.Lock()
	s := c.cur
	c.mu.Unlock()
	if s == nil {
		return outbox.Unavailable(ErrNotConnected)
	}
	body, err := json.Marshal(map[string]any{"chatid": chatID, "msgtype": "markdown",
		"markdown": map[string]string{"content": markdown}})
	if err != nil {
		return err
	}
	type result struct {
		f   Frame
		err error
	}
	done := make(chan result, 1)
	go func() {
		f, err := s.request(CmdSendMsg, c.newReqID(CmdSendMsg), body)
		done <- result{f, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		return outbox.Unavailable(ctx.Err())
	}
	if r.err != nil {
		return outbox.Unavailable(r.err)
	}
	if r.f.Code() != 0 {
		return &AckError{CmdSendMsg, r.f.Code(), r.f.ErrMsg}
	}
	return nil
}

// recentSet remembers recent message ids as keyed hashes (a random
// per-process key), so not even memory holds raw ids; for replyTTL it also
// keeps each short answer, so a redelivered message is answered the same
// way without being handled twice. Answers live only in memory.
type recentSet struct {
	mu    sync.Mutex
	key   []byte
	set   map[[16]byte]*recent
	order []*recent // ring in arrival order
	next  int
	now   func() time.Time
}

type recent struct {
	h     [16]byte
	at    time.Time
	done  chan struct{}
	reply string
	has   bool
}

const (
	replyTTL      = 10 * time.Minute
	maxCachedText = 4096 // longer answers are not kept (a duplicate is then ignored)
)

func newRecentSet(capacity int) *recentSet {
	key := make([]byte, 32)
	rand.Read(key)
	return &recentSet{key: key, set: make(map[[16]byte]*recent, capacity), order: make([]*recent, 0, capacity), now: time.Now}
}

// begin returns the entry for id and whether this is its first arrival
// (forgetting the oldest id beyond capacity). The first caller must call
// finish.
func (s *recentSet) begin(id string) (*recent, bool) {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(id))
	var h [16]byte
	copy(h[:], m.Sum(nil))
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.set[h]; ok {
		return e, false
	}
	e := &recent{h: h, at: s.now(), done: make(chan struct{})}
	if len(s.order) < cap(s.order) {
		s.order = append(s.order, e)
	} else {
		delete(s.set, s.order[s.next].h)
		s.order[s.next] = e
		s.next = (s.next + 1) % len(s.order)
	}
	s.set[h] = e
	return e, true
}

// finish records the answer (has: there is one worth repeating).
func (s *recentSet) finish(e *recent, reply string, has bool) {
	s.mu.Lock()
	e.reply, e.has = reply, has && len(reply) <= maxCachedText
	s.mu.Unlock()
	close(e.done)
}

// answer waits up to d for the first arrival's answer and returns it while
// it is fresh.
func (s *recentSet) answer(ctx context.Context, e *recent, d time.Duration) (string, bool) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-e.done:
	case <-t.C:
		return "", false
	case <-ctx.Done():
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !e.has || s.now().Sub(e.at) > replyTTL {
		return "", false
	}
	return e.reply, true
}
