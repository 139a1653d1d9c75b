// Package longconn is the intelligent robot's (智能机器人) long connection:
// an outbound WebSocket to WeCom for deployments with no public URL. It
// subscribes with the bot id and secret, pings every 30 s (two missed acks
// = a dead connection), hands message callbacks to the engine and answers on
// the callback's req_id (frames of one req_id one at a time, each after the
// previous ack), answers a redelivered message (same msgid) with the first
// answer instead of handling it again, welcomes enter_chat with help, pushes
// proactive messages for the outbox (aibot_send_msg), and reconnects with
// backoff 1 s → 30 s. On disconnected_event (a newer connection for the
// same bot replaced this one) it reports itself displaced (Status), tells
// the administrators once (Config.OnDisplaced) and reconnects only after a
// long random wait, so two instances do not keep evicting each other.
//
// Nothing it logs names a user, a chat or what was written, and the secret
// is never logged: anonymous reports travel this way too.
package longconn

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"safetybot/bot"
	"safetybot/outbox"
)

// DefaultURL is WeCom's long-connection endpoint.
const DefaultURL = "wss://openws.work.weixin.qq.com"

// MaxStreamBytes is the longest stream content WeCom accepts.
const MaxStreamBytes = 20480

// Handler answers chat messages; *bot.Engine is one. Sensitive reports,
// before handling, whether m is an anonymous-report command
// (bot.Engine.Sensitive): it leaves no log line, and in a group no dedup
// record.
type Handler interface {
	Handle(ctx context.Context, m bot.Message) []bot.Reply
	Sensitive(m bot.Message) bool
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

	// After disconnected_event (another connection for the same bot took
	// over), Run waits a random duration between KickWaitMin and
	// KickWaitMax (default 10 and 30 min; WECOM_WS_RECONNECT_AFTER_KICK)
	// before it reconnects, so two instances do not keep evicting each
	// other (developer doc 101463; rapid reconnects can also hit 45009).
	KickWaitMin, KickWaitMax time.Duration
	// OnDisplaced is called once per displacement episode (not again while
	// the instances keep evicting each other, only after this connection
	// held for KickWaitMax), with the wait before reconnecting; serve tells
	// the administrators through the outbox. Optional.
	OnDisplaced func(ctx context.Context, wait time.Duration)
	Now         func() time.Time // default time.Now
	Rand        func() float64   // [0, 1), picks the wait (default math/rand/v2)
}

// ErrDisplaced ends a session on disconnected_event: another connection for
// the same bot took over. Run then waits KickWaitMin–KickWaitMax before it
// reconnects.
var ErrDisplaced = errors.New("longconn: replaced by a newer connection for the same bot (disconnected_event)")

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

	mu     sync.Mutex
	cur    *session
	wg     sync.WaitGroup // callback handlers
	status status
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
	def(&cfg.KickWaitMin, 10*time.Minute)
	def(&cfg.KickWaitMax, 30*time.Minute)
	if cfg.KickWaitMax < cfg.KickWaitMin {
		return nil, fmt.Errorf("longconn: reconnect wait after a kick: maximum %v below minimum %v", cfg.KickWaitMax, cfg.KickWaitMin)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = mrand.Float64
	}
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

// session dials, subscribes, and serves one connection until it ends; held
// is how long it stayed subscribed.
func (c *Client) session(ctx context.Context) (subscribed bool, held time.Duration, err error) {
	dctx, cancel := context.WithTimeout(ctx, c.cfg.AckTimeout)
	ws, _, err := websocket.Dial(dctx, c.cfg.URL, &websocket.DialOptions{HTTPClient: c.cfg.HTTPClient})
	cancel()
	if err != nil {
		return false, 0, fmt.Errorf("dial: %w", err)
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
		return false, 0, fmt.Errorf("subscribe: %w", err)
	}
	if ack.Code() != 0 {
		return false, 0, fmt.Errorf("subscribe refused: %w", &AckError{CmdSubscribe, ack.Code(), ack.ErrMsg})
	}
	c.mu.Lock()
	c.cur = s
	c.mu.Unlock()
	c.setState(StateConnected, time.Time{})
	c.log.Info("intelligent robot long connection subscribed", "url", c.cfg.URL)
	start := c.cfg.Now()
	err = s.keepAlive()
	return true, c.cfg.Now().Sub(start), err
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
