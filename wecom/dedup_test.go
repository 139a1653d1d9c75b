package wecom

import (
	"context"
	"sync"
	"testing"
	"time"

	"safetybot/internal/storetest"
	"safetybot/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	s := storetest.Open(t, nil)
	t.Cleanup(func() { s.Close() })
	return s
}

func TestDedupClaimOncePerKeyAcrossRestarts(t *testing.T) {
	s := openStore(t)
	ctx := t.Context()
	d, err := NewDedup(ctx, s, DedupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var firsts int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			first, done, err := d.Claim(ctx, "aibot|msg|m1")
			if err != nil {
				t.Error(err)
			}
			if first {
				mu.Lock()
				firsts++
				mu.Unlock()
				done()
			}
		})
	}
	wg.Wait()
	if firsts != 1 {
		t.Fatalf("%d first claims", firsts)
	}
	// Another process (same database, same HMAC key, empty memory).
	d2, err := NewDedup(ctx, s, DedupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := d2.Claim(ctx, "aibot|msg|m1"); first {
		t.Fatal("claimed again after a restart")
	}
	if first, _, _ := d2.Claim(ctx, "aibot|msg|m2"); !first {
		t.Fatal("a new key was not first")
	}
}

func TestDedupMemoryIsBounded(t *testing.T) {
	s := openStore(t)
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	d, err := NewDedup(t.Context(), s, DedupOptions{MaxEntries: 10, TTL: time.Minute, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 25 {
		c, first, err := d.Begin(t.Context(), "k"+string(rune('a'+i)))
		if err != nil || !first {
			t.Fatal(first, err)
		}
		c.Finish("reply")
	}
	d.mu.Lock()
	n := len(d.calls)
	d.mu.Unlock()
	if n > 11 {
		t.Fatalf("%d calls in memory, bound 10", n)
	}
	// The evicted first key is still known from the database: answered empty.
	c, first, err := d.Begin(t.Context(), "ka")
	if err != nil || first || c.Await(context.Background(), time.Second).Text != "" {
		t.Fatalf("evicted key: first=%v err=%v", first, err)
	}
	// After the TTL, memory is emptied on the next call.
	now = now.Add(2 * time.Minute)
	d.Begin(t.Context(), "fresh")
	d.mu.Lock()
	n = len(d.calls)
	d.mu.Unlock()
	if n != 1 {
		t.Fatalf("%d calls in memory after the TTL", n)
	}
}
