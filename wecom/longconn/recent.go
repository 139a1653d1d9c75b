package longconn

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"sync"
	"time"
)

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
	return &recentSet{key: key, set: make(map[[16]byte]*recent, capacity), order: make([]*recent, 0, capacity)}
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
	e := &recent{h: h, at: time.Now(), done: make(chan struct{})}
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
	if !e.has || time.Since(e.at) > replyTTL {
		return "", false
	}
	return e.reply, true
}
