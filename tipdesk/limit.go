package tipdesk

import (
	"sort"
	"sync"
	"time"
)

// The anonymous desk's rate limits, kept in memory only. A limit on a
// source's own attempts refuses; a limit shared with others (an IPv6 /48's
// wrong codes, everyone's reports or wrong codes) only slows requests down,
// so nobody can close the channel for everyone else: a hundred addresses
// filling a shared limit cost every reporter SlowDown, never their report
// or their right code.

// scope is whose events a rule counts.
type scope int

const (
	scopeOwn scope = iota // the source itself (Client.own)
	scopeNet              // its IPv6 /48 (Client.net; no rule for IPv4 or WeCom)
	scopeAll              // everyone together
)

// rateRule allows at most max events of its scope within a window. Over
// it, a request is refused, or only slowed down when slow is set.
type rateRule struct {
	scope  scope
	within time.Duration
	max    int
	slow   bool
}

// Wrong receipt codes: a source's tenth in a minute is refused, and so is
// its 31st in an hour. Past 30 in a minute from one /48, or 600 in a
// minute from everyone, attempts are slowed down, never refused: a right
// code is never turned away for others' wrong guesses.
func newFailureLog() *rateLog {
	return newRateLog(
		rateRule{scope: scopeOwn, within: time.Minute, max: 9},
		rateRule{scope: scopeOwn, within: time.Hour, max: 30},
		rateRule{scope: scopeNet, within: time.Minute, max: 30, slow: true},
		rateRule{scope: scopeAll, within: time.Minute, max: 600, slow: true})
}

// rateLog remembers recent events per scope key.
type rateLog struct {
	mu    sync.Mutex
	rules []rateRule
	keep  time.Duration          // the longest window
	seen  map[string][]time.Time // by scope key, in the order taken
	adds  int                    // since the last sweep
}

func newRateLog(rules ...rateRule) *rateLog {
	l := &rateLog{rules: rules, seen: map[string][]time.Time{}}
	for _, r := range rules {
		l.keep = max(l.keep, r.within)
	}
	return l
}

// ticket is an event taken, to give back if it turns out not to count.
type ticket struct {
	keys []string
	at   time.Time
}

// scopeKey is the key of c's events in scope s ("" : the rule does not
// apply to c).
func scopeKey(c Client, s scope) string {
	switch s {
	case scopeOwn:
		return "o|" + c.channel + "|" + c.own
	case scopeNet:
		if c.net == "" {
			return ""
		}
		return "n|" + c.net
	}
	return "a|"
}

// take records an event of c at now unless a refusing rule is full, all
// in one step (parallel requests of one client cannot all pass a check
// made before any of them is recorded). slow says a slowing rule is full.
func (l *rateLog) take(c Client, now time.Time) (t ticket, slow, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range l.rules {
		key := scopeKey(c, r.scope)
		if key == "" || l.count(key, now, r.within) < r.max {
			continue
		}
		if !r.slow {
			return ticket{}, false, false
		}
		slow = true
	}
	t.at = now
	for _, s := range []scope{scopeOwn, scopeNet, scopeAll} {
		if key := scopeKey(c, s); key != "" && l.used(s) {
			l.seen[key] = append(l.seen[key], now)
			t.keys = append(t.keys, key)
		}
	}
	if l.adds++; l.adds >= 1024 {
		l.sweep(now)
	}
	return t, slow, true
}

// refund removes the event of t (a right code, a report not stored).
func (l *rateLog) refund(t ticket) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, key := range t.keys {
		ts := l.seen[key]
		for i := len(ts) - 1; i >= 0; i-- {
			if ts[i].Equal(t.at) {
				l.seen[key] = append(ts[:i], ts[i+1:]...)
				break
			}
		}
		if len(l.seen[key]) == 0 {
			delete(l.seen, key)
		}
	}
}

// used reports whether some rule counts scope s.
func (l *rateLog) used(s scope) bool {
	for _, r := range l.rules {
		if r.scope == s {
			return true
		}
	}
	return false
}

// count is the number of key's events after now-within, dropping those
// older than the longest window.
func (l *rateLog) count(key string, now time.Time, within time.Duration) int {
	ts := l.seen[key]
	ts = ts[cut(ts, now.Add(-l.keep)):]
	if len(ts) == 0 {
		delete(l.seen, key)
		return 0
	}
	l.seen[key] = ts
	return len(ts) - cut(ts, now.Add(-within))
}

// sweep forgets the keys with nothing recent, so memory follows recent
// traffic only.
func (l *rateLog) sweep(now time.Time) {
	l.adds = 0
	for key, ts := range l.seen {
		if cut(ts, now.Add(-l.keep)) == len(ts) {
			delete(l.seen, key)
		}
	}
}

// cut is the index of the first time in ts not before cutoff (ts in order).
func cut(ts []time.Time, cutoff time.Time) int {
	return sort.Search(len(ts), func(i int) bool { return !ts[i].Before(cutoff) })
}
