package longconn_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"safetybot/internal/testkit"
	"safetybot/wecom/longconn"
	"safetybot/wecom/wecomtest"
)

// kickSleeper holds every wait of a minute or more (a reconnect after a
// kick) until the test releases it; backoff waits pass at once.
type kickSleeper struct {
	mu      sync.Mutex
	waits   []time.Duration
	release chan struct{}
}

func (k *kickSleeper) sleep(ctx context.Context, d time.Duration) error {
	if d < time.Minute {
		return nil
	}
	k.mu.Lock()
	k.waits = append(k.waits, d)
	k.mu.Unlock()
	select {
	case <-k.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (k *kickSleeper) got() []time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]time.Duration(nil), k.waits...)
}

// waitSleeps waits until n waits have begun: the client shows
// StateDisplaced before it logs, tells the admins and sleeps, so a test
// that read them at the state alone failed under load.
func (k *kickSleeper) waitSleeps(t *testing.T, n int) []time.Duration {
	t.Helper()
	ctx := wait(t)
	for {
		if w := k.got(); len(w) >= n {
			return w
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waits %v, want %d", k.got(), n)
		case <-time.After(time.Millisecond):
		}
	}
}

// waitState polls the client's status until it reaches state.
func waitState(t *testing.T, c *longconn.Client, state string) longconn.Status {
	t.Helper()
	ctx := wait(t)
	for {
		st := c.Status()
		if st.State == state {
			return st
		}
		select {
		case <-ctx.Done():
			t.Fatalf("state %q, want %q", st.State, state)
		case <-time.After(time.Millisecond):
		}
	}
}

// TestDisplacedWaitsThenReconnects: on disconnected_event the client says
// it is displaced (Status), logs an error, tells the administrators once
// (OnDisplaced), and reconnects only after a random wait between
// KickWaitMin and KickWaitMax; while the two instances keep evicting each
// other the administrators are not told again, but they are after the
// connection held for KickWaitMax. No wait is real: the sleeper and the
// clock are the test's.
func TestDisplacedWaitsThenReconnects(t *testing.T) {
	clock := testkit.NewClock(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	ks := &kickSleeper{release: make(chan struct{})}
	rands := []float64{0.5, 0, 0.999999}
	var mu sync.Mutex
	var told []time.Duration
	f := newFixture(t, func(c *longconn.Config) {
		c.KickWaitMin, c.KickWaitMax = 10*time.Minute, 30*time.Minute
		c.Sleep, c.Now = ks.sleep, clock.Now
		c.Rand = func() float64 { r := rands[0]; rands = rands[1:]; return r }
		c.OnDisplaced = func(_ context.Context, wait time.Duration) {
			mu.Lock()
			told = append(told, wait)
			mu.Unlock()
		}
	})
	toldN := func() int { mu.Lock(); defer mu.Unlock(); return len(told) }
	f.start()
	if st := f.client.Status(); st.State != longconn.StateConnected {
		t.Fatalf("status %+v", st)
	}

	// First kick: displaced, 20 min (Rand 0.5), the admins told.
	if err := f.fake.PushDisconnected(); err != nil {
		t.Fatal(err)
	}
	st := waitState(t, f.client, longconn.StateDisplaced)
	if w := ks.waitSleeps(t, 1); len(w) != 1 || w[0] != 20*time.Minute {
		t.Fatalf("waits %v, want [20m]", w)
	}
	if !st.ReconnectAt.Equal(clock.Now().Add(20*time.Minute)) || st.Displaced != 1 || f.client.Connected() {
		t.Fatalf("status while displaced: %+v", st)
	}
	if n := toldN(); n != 1 || told[0] != 20*time.Minute {
		t.Fatalf("admins told %v", told)
	}
	if n := len(f.fake.Dials()); n != 1 {
		t.Fatalf("%d dials during the wait", n)
	}
	logs := f.logs.String()
	if !strings.Contains(logs, "level=ERROR") || !strings.Contains(logs, "reconnect_in=20m0s") || strings.Contains(logs, secret) {
		t.Fatalf("log:\n%s", logs)
	}

	// The wait ends: it reconnects and answers again.
	ks.release <- struct{}{}
	if err := f.fake.WaitConnection(wait(t), 2); err != nil {
		t.Fatal(err)
	}
	waitState(t, f.client, longconn.StateConnected)
	r, _ := f.fake.PushMessage(wecomtest.WSMessage{MsgID: "after-kick", UserID: "u", Text: "帮助"})
	if len(f.fake.WaitResponses(wait(t), r, 1)) != 1 {
		t.Fatal("no answer after reconnecting")
	}

	// Kicked again at once (the other instance is still there): the
	// minimum wait (Rand 0), the admins not told twice.
	f.fake.PushDisconnected()
	st = waitState(t, f.client, longconn.StateDisplaced)
	if w := ks.waitSleeps(t, 2); len(w) != 2 || w[1] != 10*time.Minute || st.Displaced != 2 || toldN() != 1 {
		t.Fatalf("second kick: waits %v, status %+v, told %d", w, st, toldN())
	}
	ks.release <- struct{}{}
	if err := f.fake.WaitConnection(wait(t), 3); err != nil {
		t.Fatal(err)
	}
	waitState(t, f.client, longconn.StateConnected)

	// After holding for KickWaitMax, a kick is news again; the longest wait
	// stays within the maximum.
	clock.Add(31 * time.Minute)
	f.fake.PushDisconnected()
	st = waitState(t, f.client, longconn.StateDisplaced)
	if w := ks.waitSleeps(t, 3); len(w) != 3 || w[2] < 29*time.Minute || w[2] > 30*time.Minute || toldN() != 2 {
		t.Fatalf("third kick: waits %v, told %d", w, toldN())
	}
	f.cancel()
	if err := <-f.done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	f.done <- nil // for the cleanup
	if st := f.client.Status(); st.State != longconn.StateStopped {
		t.Fatalf("after Run: %+v", st)
	}
}

func TestKickWaitConfig(t *testing.T) {
	_, err := longconn.New(longconn.Config{BotID: "b", Secret: "s", Handler: handlerFunc(nil),
		KickWaitMin: 30 * time.Minute, KickWaitMax: 10 * time.Minute})
	if err == nil {
		t.Fatal("a maximum below the minimum was accepted")
	}
}
