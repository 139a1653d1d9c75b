package sender

import (
	"sync"
	"time"

	"safetybot"
)

// Window is one rate limit: at most Limit sends in any Per.
type Window struct {
	Limit int
	Per   time.Duration
}

// Limits are the pacing windows per target kind. WeCom silently drops what
// exceeds its limits (30 messages a minute and 1000 an hour per member for
// app messages, 20 a minute per group robot), so the defaults stay under.
type Limits map[string][]Window

// DefaultLimits stay under WeCom's documented limits with a margin for
// clock differences. The appchat and aibot limits are not documented; they
// take the group robot's.
func DefaultLimits() Limits {
	return Limits{
		safetybot.TargetUser:    {{Limit: 25, Per: time.Minute}, {Limit: 900, Per: time.Hour}},
		safetybot.TargetWebhook: {{Limit: 18, Per: time.Minute}},
		safetybot.TargetAppChat: {{Limit: 18, Per: time.Minute}},
		safetybot.TargetAIBot:   {{Limit: 18, Per: time.Minute}},
	}
}

// Pacer is a sliding-window rate limiter per target, on an injected clock.
// It is in memory: two processes sending for the same app each keep their
// own count (run one serve per app).
type Pacer struct {
	mu     sync.Mutex
	now    safetybot.Clock
	limits Limits
	sent   map[string][]time.Time // key → send times inside the longest window, oldest first
}

// NewPacer returns a pacer with limits (nil: DefaultLimits) on clock now.
func NewPacer(limits Limits, now safetybot.Clock) *Pacer {
	if limits == nil {
		limits = DefaultLimits()
	}
	if now == nil {
		now = time.Now
	}
	return &Pacer{now: now, limits: limits, sent: map[string][]time.Time{}}
}

// Reserve takes one send from the budget of target (of kind) and returns
// true, or returns false and the earliest time a send will fit.
func (p *Pacer) Reserve(kind, target string) (bool, time.Time) {
	wins := p.limits[kind]
	if len(wins) == 0 {
		return true, time.Time{}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	key := kind + "\x00" + target
	var longest time.Duration
	for _, w := range wins {
		longest = max(longest, w.Per)
	}
	ts := p.sent[key]
	drop := 0
	for drop < len(ts) && !ts[drop].After(now.Add(-longest)) {
		drop++
	}
	ts = ts[drop:]
	var until time.Time
	for _, w := range wins {
		// sends inside (now-Per, now]
		i := len(ts)
		for i > 0 && ts[i-1].After(now.Add(-w.Per)) {
			i--
		}
		if in := len(ts) - i; in >= w.Limit {
			// the send that must leave the window first
			free := ts[len(ts)-w.Limit].Add(w.Per)
			if free.After(until) {
				until = free
			}
		}
	}
	if !until.IsZero() {
		p.sent[key] = ts
		return false, until
	}
	if len(ts) == 0 {
		ts = nil // let the old backing array go
	}
	p.sent[key] = append(ts, now)
	return true, time.Time{}
}
