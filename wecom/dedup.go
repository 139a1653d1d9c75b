package wecom

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"safetybot"
	"safetybot/bot"
)

// Outcome is how one callback was answered.
type Outcome struct {
	Text  string // the reply; "" answers with an empty body
	Later bool   // answered empty because the work was slow: the reply went another way
	// Sensitive: the reply answers an anonymous-report command, whose
	// callbacks leave no log line (not even a time).
	Sensitive bool
	// Markdown: Text is WeCom markdown (bot.Reply.Markdown); the app's
	// passive answer carries it as plain text.
	Markdown bool
	// Card: the answer to a card click updates the card (bot.Reply.Card;
	// the intelligent robot's update_template_card); Text then goes apart.
	Card *bot.CardUpdate
	// Cmd: the verb of the command the message ran (bot.WithLogNote), for
	// the callback's log line.
	Cmd string
}

// Call is one inbound message in flight or recently handled. The first
// caller runs the work and calls Finish; every caller (the first and any
// retry) answers with Await.
type Call struct {
	done     chan struct{}
	mu       sync.Mutex
	out      Outcome
	deferred bool
}

func newCall() *Call { return &Call{done: make(chan struct{})} }

// Finish records the reply and reports whether a caller already gave up
// waiting, in which case the reply must be delivered another way.
func (c *Call) Finish(text string) (deferred bool) { return c.finish(Outcome{Text: text}) }

func (c *Call) finish(out Outcome) (deferred bool) {
	c.mu.Lock()
	c.out, deferred = out, c.deferred
	if deferred { // answered empty already: so is every retry
		c.out = Outcome{Later: true, Sensitive: out.Sensitive}
	}
	c.mu.Unlock()
	close(c.done)
	return deferred
}

// Await waits up to d for the reply. When the work is slower, it marks the
// call deferred (Finish then reports it) and returns Outcome{Later: true}.
func (c *Call) Await(ctx context.Context, d time.Duration) Outcome {
	if out, ok := c.Wait(ctx, d); ok {
		return out
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.done:
		return c.out
	default:
		c.deferred = true
		return Outcome{Later: true}
	}
}

// Wait waits up to d for the reply, without marking the call deferred:
// for a caller that answers by itself whatever Wait says (the long
// connection's duplicates).
func (c *Call) Wait(ctx context.Context, d time.Duration) (Outcome, bool) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-c.done:
	case <-t.C:
		return Outcome{}, false
	case <-ctx.Done():
		return Outcome{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out, true
}

// Recent keeps, for TTL, each recent call with its reply under a keyed
// hash of its dedup key, so a duplicate (a retry, or a redelivery arriving
// while the first is still running) gets the same answer without running
// anything twice, and not even memory holds a raw message id. Both robot
// transports and the app callback use it: Dedup adds the database.
type Recent struct {
	mac []byte
	ttl time.Duration
	max int
	now safetybot.Clock

	mu    sync.Mutex
	calls map[[32]byte]*Call
	order []recent // insertion order = expiry order (one TTL)
	head  int
}

type recent struct {
	key [32]byte
	at  time.Time
}

// NewRecent is a Recent under a random per-process key (Dedup sets the
// deployment's), for o.TTL (default 2 min) and at most o.MaxEntries calls
// (default 2,048).
func NewRecent(o DedupOptions) *Recent {
	r := &Recent{mac: make([]byte, 32), ttl: o.TTL, max: o.MaxEntries, now: o.Now, calls: map[[32]byte]*Call{}}
	rand.Read(r.mac)
	// WeCom retries an unanswered callback after 5 s, at most three times
	// (wecom.md, "Timeout and retries"): two minutes hold every retry's
	// reply with room to spare. A retry that finds no reply in memory (past
	// the bound under a flood, or after a restart) still runs nothing twice:
	// Dedup's keyed hash in the database refuses it.
	if r.ttl == 0 {
		r.ttl = 2 * time.Minute
	}
	// One entry is about 600 bytes (measured: the call with its channel,
	// about 220 bytes of plain reply, its map and queue slots), so the
	// bound is what a flood costs: 2,048 entries about 1.2 MB of live heap,
	// about twice that resident once the GC's headroom is counted (8,192
	// held 4.8 MB). 2,048 still hold every reply through the 15 s of
	// WeCom's three retries below about 130 callbacks/s, far above what a
	// county's users send.
	if r.max == 0 {
		r.max = 2048
	}
	if r.now == nil {
		r.now = time.Now
	}
	return r
}

// Join returns the call of key and whether this is its first arrival; the
// first caller must Finish the call, the others only wait for it.
func (r *Recent) Join(key string) (c *Call, first bool) {
	c, first, _ = r.join(r.hash(key))
	return c, first
}

func (r *Recent) join(h [32]byte) (c *Call, first bool, now time.Time) {
	now = r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.expire(now)
	if c := r.calls[h]; c != nil {
		return c, false, now
	}
	c = newCall()
	r.calls[h] = c
	r.order = append(r.order, recent{h, now})
	return c, true, now
}

func (r *Recent) hash(key string) [32]byte {
	m := hmac.New(sha256.New, r.mac)
	m.Write([]byte(key))
	var h [32]byte
	m.Sum(h[:0])
	return h
}

// expire drops calls older than TTL, and the oldest beyond MaxEntries.
// Called with r.mu held.
func (r *Recent) expire(now time.Time) {
	for r.head < len(r.order) && (now.Sub(r.order[r.head].at) > r.ttl || len(r.order)-r.head > r.max) {
		delete(r.calls, r.order[r.head].key)
		r.order[r.head] = recent{}
		r.head++
	}
	if r.head > 1024 && r.head*2 > len(r.order) {
		r.order = append(r.order[:0], r.order[r.head:]...)
		r.head = 0
	}
}

// Dedup makes retried callbacks idempotent: in memory (Recent) each recent
// call with its reply, in the database only an HMAC-SHA256 of the dedup key
// under a per-deployment random key (table wecom_inbound), so a retry after
// a restart still changes nothing, while no raw message id is ever stored.
// Replies are never stored: they may carry an anonymous report's receipt code.
type Dedup struct {
	*Recent
	store safetybot.InboundService
	keep  time.Duration
	log   *slog.Logger

	pruned atomic.Int64 // the Unix hour old keys were last dropped in
}

// DedupOptions tune a Dedup or a Recent; zero values take the defaults.
type DedupOptions struct {
	TTL        time.Duration // how long replies stay in memory (default 2 min)
	MaxEntries int           // memory bound (default 2,048)
	Keep       time.Duration // how long keyed hashes stay in the database (default 72 h)
	Now        safetybot.Clock
	Logger     *slog.Logger
}

// NewDedup loads (creating on first use) the deployment's HMAC key; ctx
// bounds only that.
func NewDedup(ctx context.Context, s safetybot.InboundService, o DedupOptions) (*Dedup, error) {
	d := &Dedup{store: s, keep: o.Keep, log: o.Logger}
	if d.keep == 0 {
		d.keep = 72 * time.Hour
	}
	if d.log == nil {
		d.log = slog.Default()
	}
	d.Recent = NewRecent(o)
	mac, err := s.InboundSecret(ctx, d.mac) // the random key, on first use
	if err != nil {
		return nil, err
	}
	d.mac = mac
	return d, nil
}

// Begin registers the message with the given dedup key
// (safetybot.InboundKey: channel, sender and message id, so a reply is only
// ever replayed to the sender it was made for).
// first is true for exactly one caller, which must run the work and Finish
// the call; the others only Await it. A message handled before a restart
// comes back finished with an empty answer.
func (d *Dedup) Begin(ctx context.Context, key string) (c *Call, first bool, err error) {
	h := d.hash(key)
	c, first, now := d.join(h)
	if !first {
		return c, false, nil
	}
	seen, err := d.record(ctx, h, now)
	switch {
	case err == nil && seen:
		c.Finish("")
		return c, false, nil
	case err != nil:
		d.log.Error("wecom dedup: recording a callback failed", "err", err)
		d.mu.Lock()
		delete(d.calls, h)
		d.mu.Unlock()
		c.Finish("") // waiters on this call answer empty; WeCom retries the 5xx of the first
		return nil, false, err
	}
	return c, true, nil
}

// record stores the key in the database and reports whether it was there
// already (handled before a restart, or by another process). Once an hour,
// keys older than Keep are dropped in the same transaction.
func (d *Dedup) record(ctx context.Context, key [32]byte, now time.Time) (seen bool, err error) {
	hour := now.Unix() / 3600
	last := d.pruned.Load()
	prune := hour != last && d.pruned.CompareAndSwap(last, hour)
	s, err := d.store.RecordInbound(ctx, [][32]byte{key}, hour, prune, hour-int64(d.keep/time.Hour))
	if err != nil {
		if prune {
			d.pruned.CompareAndSwap(hour, last) // the next call tries again
		}
		return false, err
	}
	return s[0], nil
}

// Claim is the database half of Begin, for the robot's long connection
// (longconn.Dedup), which keeps recent messages in a Recent of its own:
// first is true exactly once per key, also across restarts and processes.
// done does nothing.
func (d *Dedup) Claim(ctx context.Context, key string) (first bool, done func(), err error) {
	seen, err := d.record(ctx, d.hash(key), d.now())
	return err == nil && !seen, func() {}, err
}
