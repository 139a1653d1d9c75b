// Package longconn is the intelligent robot's (智能机器人) long connection:
// an outbound WebSocket to WeCom for deployments with no public URL. It
// subscribes with the bot id and secret, pings every 30 s (two missed acks
// = a dead connection), hands message callbacks to the engine and answers on
// the callback's req_id (frames of one req_id one at a time, each after the
// previous ack); it reads callbacks as the webhook does (wecom.Robot), so
// only the framing is its own. It answers a redelivered message (same msgid) with the first
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

// This file is the client: configuration, dialling and the reconnect loop.
// session.go serves one connection (subscribe, heartbeat, frames),
// replies.go sends on it (answers to callbacks, proactive pushes), handle.go
// deduplicates a callback and frames its answers, state.go reports the state.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"safetybot/wecom"
)

// DefaultURL is WeCom's long-connection endpoint.
const DefaultURL = "wss://openws.work.weixin.qq.com"

// Handler answers chat messages; *bot.Engine is one. It is the webhook's
// wecom.Engine: an anonymous-report command (Sensitive) leaves no log line,
// and in a group no dedup record.
type Handler = wecom.Engine

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
	ThinkingAfter time.Duration // slower answers first get a "正在处理" frame (0: 2 s; negative: never)
	// PublicURL is SAFETYBOT_PUBLIC_URL ("" for none): a card updated after
	// a click, when it has a 详情 link, opens the hazard's page there.
	PublicURL string
	// Sleep waits d or until ctx ends (default: a timer). Tests record the
	// backoff (minBackoff → maxBackoff) with it.
	Sleep func(ctx context.Context, d time.Duration) error

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

// Reconnect delays after a failed or lost connection, doubling from
// minBackoff, and how many callbacks are handled at once.
const (
	minBackoff  = time.Second
	maxBackoff  = 30 * time.Second
	maxInFlight = 32
)

// ErrDisplaced ends a session on disconnected_event: another connection for
// the same bot took over. Run then waits KickWaitMin–KickWaitMax before it
// reconnects.
var ErrDisplaced = errors.New("longconn: replaced by a newer connection for the same bot (disconnected_event)")

// ErrNotConnected is Push's error while there is no live connection.
var ErrNotConnected = errors.New("longconn: not connected")

// Client is one long connection, reconnected as needed by Run.
type Client struct {
	cfg    Config
	log    *slog.Logger
	robot  *wecom.Robot
	recent *wecom.Recent // recent messages and their answers (handle.go)
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
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	log := cfg.Log.With("component", "aibot-ws")
	return &Client{cfg: cfg, log: log, robot: wecom.NewRobot(cfg.Handler, source, log),
		recent: wecom.NewRecent(wecom.DedupOptions{TTL: replyTTL, MaxEntries: maxRecent}), sem: make(chan struct{}, maxInFlight)}, nil
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

// dial opens the WebSocket, bounded by AckTimeout.
func (c *Client) dial(ctx context.Context) (*websocket.Conn, error) {
	dctx, cancel := context.WithTimeout(ctx, c.cfg.AckTimeout)
	defer cancel()
	ws, _, err := websocket.Dial(dctx, c.cfg.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	ws.SetReadLimit(MaxFrame)
	return ws, nil
}

// Run keeps the connection up until ctx ends, then returns nil after the
// callbacks in flight are handled. A failed or lost connection is retried
// with backoff minBackoff → maxBackoff; a displaced one (disconnected_event)
// after kickWait, with an ERROR log line and OnDisplaced once per episode.
func (c *Client) Run(ctx context.Context) error {
	defer c.wg.Wait()
	defer c.setState(StateStopped, time.Time{})
	backoff := minBackoff
	for {
		c.setState(StateConnecting, time.Time{})
		subscribed, held, err := c.session(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if subscribed && held >= c.cfg.KickWaitMax {
			c.status.mu.Lock()
			c.status.episode = false // the other instance is gone: a new kick is news
			c.status.mu.Unlock()
		}
		if errors.Is(err, ErrDisplaced) {
			wait := c.kickWait()
			c.status.mu.Lock()
			first := !c.status.episode
			c.status.episode = true
			c.status.st.Displaced++
			c.status.mu.Unlock()
			c.setState(StateDisplaced, c.cfg.Now().Add(wait))
			c.log.Error("intelligent robot long connection replaced by another connection for the same bot (disconnected_event); "+
				"reconnecting after a long random wait so the two instances do not keep evicting each other. Stop the other instance",
				"url", c.cfg.URL, "reconnect_in", wait.Round(time.Second))
			if first && c.cfg.OnDisplaced != nil {
				c.cfg.OnDisplaced(ctx, wait)
			}
			if c.cfg.Sleep(ctx, wait) != nil {
				return nil
			}
			backoff = minBackoff
			continue
		}
		if subscribed {
			backoff = minBackoff
		}
		c.log.Warn("intelligent robot long connection down, reconnecting", "in", backoff, "err", err)
		if c.cfg.Sleep(ctx, backoff) != nil {
			return nil
		}
		backoff = min(backoff*2, maxBackoff)
	}
}
