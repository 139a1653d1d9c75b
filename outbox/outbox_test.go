package outbox_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"strings"
	"sync"
	"testing"
	"time"

	"safetybot"
	"safetybot/outbox"
	"safetybot/store"
	"safetybot/wecom/sender"
	"safetybot/wecom/wecomtest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type fixture struct {
	t      testing.TB
	clock  *testkit.Clock
	store  *store.Store
	fake   *wecomtest.FakeAPI
	sender *sender.Sender
	worker *outbox.Worker
	dbPath string
	seq    int
}

func newFixture(t testing.TB, opts wecomtest.FakeAPIOptions) *fixture {
	return newFixtureTimeout(t, opts, 200*time.Millisecond)
}

// newFixtureTimeout is newFixture whose sender gives up one HTTP call after
// timeout: 200 ms keeps the fault tests quick, but under a loaded -race run
// a call to the fake took longer, was retried later on the fixture's
// stopped clock, and left rows pending in tests that are not about faults.
func newFixtureTimeout(t testing.TB, opts wecomtest.FakeAPIOptions, timeout time.Duration) *fixture {
	t.Helper()
	c := testkit.NewClock(time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai))
	s, path := storetest.OpenFile(t, c.Now)
	t.Cleanup(func() { s.Close() })
	opts.Now = c.Now
	opts.CorpID, opts.Secret = "ww"+strings.ReplaceAll(t.Name(), "/", "_"), "secret"
	f := wecomtest.NewFakeAPI(t, opts)
	snd, err := sender.New(sender.Config{APIBase: f.URL, CorpID: opts.CorpID, AgentID: "1000002", Secret: opts.Secret,
		WebhookKeys: map[string]string{"wr001": "key1"}, Now: c.Now, Log: quiet, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	w := &outbox.Worker{Store: s, Sender: snd, Log: quiet, Now: c.Now, SendTimeout: time.Second}
	return &fixture{t: t, clock: c, store: s, fake: f, sender: snd, worker: w, dbPath: path}
}

// queue adds n distinct notifications to users u0..u(users-1) and returns
// their bodies.
func (f *fixture) queue(n, users int) []string {
	f.t.Helper()
	var bodies []string
	for i := range n {
		f.seq++
		b := fmt.Sprintf("隐患 YH2026-%04d 已指派，请按期整改", f.seq)
		bodies = append(bodies, b)
		if err := f.store.Queue(context.Background(), safetybot.NotifyUser(fmt.Sprintf("u%d", i%users), b)); err != nil {
			f.t.Fatal(err)
		}
	}
	return bodies
}

// run steps the clock by step and makes a pass, for the simulated duration.
func (f *fixture) run(d, step time.Duration) {
	f.t.Helper()
	for end := f.clock.Now().Add(d); f.clock.Now().Before(end); f.clock.Add(step) {
		if _, err := f.worker.DeliverDue(context.Background()); err != nil {
			f.t.Fatal(err)
		}
	}
}

func (f *fixture) counts() map[string]int {
	c, err := f.store.OutboxCounts(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// exactlyOnce checks every body was shown exactly once.
func (f *fixture) exactlyOnce(bodies []string) {
	f.t.Helper()
	seen := map[string]int{}
	for _, d := range f.fake.Delivered() {
		seen[d.Content]++
	}
	for _, b := range bodies {
		if seen[b] != 1 {
			f.t.Errorf("%q delivered %d times", b, seen[b])
		}
	}
	if len(f.fake.Delivered()) != len(bodies) {
		f.t.Errorf("delivered %d messages, want %d", len(f.fake.Delivered()), len(bodies))
	}
}

// acceptedOnce checks WeCom accepted (errcode 0) exactly one request per
// body: not even a duplicate reached it, let alone a member.
func (f *fixture) acceptedOnce(bodies []string) {
	f.t.Helper()
	ok := 0
	for _, c := range f.fake.Calls(wecomtest.EndpointMessage) {
		if c.ErrCode == 0 {
			ok++
		}
	}
	if ok != len(bodies) {
		f.t.Errorf("message/send accepted %d requests for %d messages", ok, len(bodies))
	}
}

// TestOutageThenRecovery: WeCom answers 503, -1 or hangs for an hour;
// everything queued before and during it is delivered exactly once after,
// nothing is dead-lettered, and the worker probes instead of hammering.
func TestOutageThenRecovery(t *testing.T) {
	f := newFixture(t, wecomtest.FakeAPIOptions{})
	start := f.clock.Now()
	bodies := f.queue(30, 10)
	f.fake.Outage(start, start.Add(20*time.Minute), wecomtest.Fault{Status: 503})
	f.fake.Outage(start.Add(20*time.Minute), start.Add(40*time.Minute), wecomtest.Fault{ErrCode: wecomtest.ErrBusy})
	f.fake.Outage(start.Add(40*time.Minute), start.Add(time.Hour), wecomtest.Fault{Hang: true})
	f.run(30*time.Minute, 10*time.Second)
	bodies = append(bodies, f.queue(10, 10)...) // queued during the outage
	f.run(30*time.Minute, 10*time.Second)
	if n := len(f.fake.Delivered()); n != 0 {
		t.Fatalf("%d delivered during the outage", n)
	}
	if c := f.counts(); c[safetybot.OutboxDead] != 0 || c[safetybot.OutboxPending] != 40 {
		t.Fatalf("after the outage: %v", c)
	}
	probes := len(f.fake.Calls(""))
	if probes > 120 {
		t.Errorf("%d calls during an hour's outage: the worker hammers WeCom", probes)
	}
	f.run(3*time.Minute, 10*time.Second)
	if c := f.counts(); c[safetybot.OutboxSent] != 40 {
		t.Fatalf("3 minutes after recovery: %v", c)
	}
	f.exactlyOnce(bodies)
	f.acceptedOnce(bodies)
	t.Logf("outage: %d WeCom calls during the hour, %d after", probes, len(f.fake.Calls(""))-probes)
}

// TestFailureClasses runs a queue through every transient failure class.
func TestFailureClasses(t *testing.T) {
	f := newFixture(t, wecomtest.FakeAPIOptions{})
	bodies := f.queue(12, 12)
	f.fake.FailNext(wecomtest.EndpointMessage,
		wecomtest.Fault{ErrCode: wecomtest.ErrTokenExpired},
		wecomtest.Fault{ErrCode: wecomtest.ErrBusy},
		wecomtest.Fault{ErrCode: wecomtest.ErrFreqLimit},
		wecomtest.Fault{ErrCode: wecomtest.ErrConcurrencyLimit},
		wecomtest.Fault{ErrCode: wecomtest.ErrInvalidToken},
		wecomtest.Fault{Hang: true},
		wecomtest.Fault{Status: 502},
	)
	f.fake.FailNext(wecomtest.EndpointToken, wecomtest.Fault{ErrCode: wecomtest.ErrBusy})
	f.run(30*time.Minute, 5*time.Second)
	if c := f.counts(); c[safetybot.OutboxSent] != 12 {
		t.Fatalf("counts %v", c)
	}
	f.exactlyOnce(bodies)
	f.acceptedOnce(bodies)
}

// TestLostAnswerIsNotShownTwice: WeCom delivers, then the answer is lost
// (timeout); the retry is caught by enable_duplicate_check.
func TestLostAnswerIsNotShownTwice(t *testing.T) {
	f := newFixture(t, wecomtest.FakeAPIOptions{})
	bodies := f.queue(1, 1)
	f.fake.FailNext(wecomtest.EndpointMessage, wecomtest.Fault{AfterDelivery: true, Hang: true})
	f.run(5*time.Minute, 5*time.Second)
	if n := f.fake.Count(wecomtest.EndpointMessage); n != 2 {
		t.Fatalf("message/send received %d, want 2 (the lost one and the retry)", n)
	}
	f.exactlyOnce(bodies)
}

// TestCrashBetweenSendAndMark: a worker sends and dies before recording it;
// when its lease runs out another worker sends again (at least once) and
// WeCom's duplicate check keeps the member from seeing it twice.
func TestCrashBetweenSendAndMark(t *testing.T) {
	f := newFixture(t, wecomtest.FakeAPIOptions{})
	bodies := f.queue(3, 3)
	ctx := context.Background()
	claimed, err := f.store.ClaimOutbox(ctx, "crashed", 10, f.clock.Now().Add(2*time.Minute))
	if err != nil || len(claimed) != 3 {
		t.Fatalf("claim: %v %d", err, len(claimed))
	}
	for _, m := range claimed {
		if err := f.sender.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
	} // …and the process dies here
	f.run(time.Minute, 5*time.Second)
	if c := f.counts(); c[safetybot.OutboxSent] != 0 {
		t.Fatalf("rows leased by the crashed worker were taken: %v", c)
	}
	f.run(2*time.Minute, 5*time.Second)
	if c := f.counts(); c[safetybot.OutboxSent] != 3 {
		t.Fatalf("after the lease: %v", c)
	}
	if n := f.fake.Count(wecomtest.EndpointMessage); n != 6 {
		t.Errorf("message/send received %d, want 6", n)
	}
	f.exactlyOnce(bodies)
}

// TestPermanentErrorsDeadLetter: 60020 and 81013 dead-letter at once, with
// a reason the admin's 失败投递 shows.
func TestPermanentErrorsDeadLetter(t *testing.T) {
	f := newFixture(t, wecomtest.FakeAPIOptions{Users: []string{"u0", "u2"}})
	f.queue(3, 3) // u1 does not exist: 81013
	f.fake.FailNext(wecomtest.EndpointMessage, wecomtest.Fault{ErrCode: wecomtest.ErrIPNotTrusted})
	f.run(10*time.Second, 5*time.Second)
	dead, err := f.store.DeadOutbox(context.Background(), 10)
	if err != nil || len(dead) != 2 {
		t.Fatalf("dead: %v %+v", err, dead)
	}
	reasons := dead[0].LastError + dead[1].LastError
	for _, want := range []string{"60020", "可信IP", "81013", "接收人"} {
		if !strings.Contains(reasons, want) {
			t.Errorf("dead-letter reasons lack %q: %s", want, reasons)
		}
	}
	if c := f.counts(); c[safetybot.OutboxSent] != 1 {
		t.Errorf("counts %v", c)
	}
	if n := f.fake.Count(wecomtest.EndpointMessage); n != 3 {
		t.Errorf("permanent errors retried: %d calls", n)
	}
}

// TestDeadLetterBounds: an error of the message itself dead-letters after
// MaxAttempts; an unavailable channel not before MaxAge.
func TestDeadLetterBounds(t *testing.T) {
	f := newFixture(t, wecomtest.FakeAPIOptions{})
	f.worker.MaxAttempts, f.worker.MaxDelay, f.worker.MaxAge = 3, time.Minute, 3*time.Hour
	f.queue(1, 1)
	f.fake.Fail(wecomtest.EndpointMessage, wecomtest.Fault{ErrCode: 40003})
	f.run(10*time.Minute, 10*time.Second)
	if c := f.counts(); c[safetybot.OutboxDead] != 1 {
		t.Fatalf("40003 three times: %v", c)
	}
	f.fake.Recover()
	f.fake.Fail(wecomtest.AnyEndpoint, wecomtest.Fault{ErrCode: wecomtest.ErrBusy})
	f.queue(1, 1)
	f.run(2*time.Hour, time.Minute)
	if c := f.counts(); c[safetybot.OutboxPending] != 1 {
		t.Fatalf("busy for 2 h with MaxAge 3 h: %v", c)
	}
	f.run(90*time.Minute, time.Minute)
	if c := f.counts(); c[safetybot.OutboxDead] != 2 {
		t.Fatalf("busy past MaxAge: %v", c)
	}
}

// TestTwoWorkersOneDatabase: two serve processes (two stores on one file,
// two workers) deliver every row exactly once.
func TestTwoWorkersOneDatabase(t *testing.T) {
	f := newFixtureTimeout(t, wecomtest.FakeAPIOptions{}, 10*time.Second)
	bodies := f.queue(60, 30)
	s2, err := store.Open(context.Background(), f.dbPath, f.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	w2 := &outbox.Worker{Store: s2, Sender: f.sender, Log: quiet, Now: f.clock.Now, Batch: 7}
	f.worker.Batch = 5
	f.fake.Fail(wecomtest.EndpointMessage, wecomtest.Fault{Delay: 2 * time.Millisecond})
	var wg sync.WaitGroup
	for _, w := range []*outbox.Worker{f.worker, w2} {
		wg.Go(func() {
			// Rounds until nothing is left (bounded): under load one worker
			// may find every due row leased by the other for a while.
			for range 400 {
				if _, err := w.DeliverDue(context.Background()); err != nil {
					t.Error(err)
					return
				}
				if f.counts()[safetybot.OutboxPending] == 0 {
					return
				}
			}
		})
	}
	wg.Wait()
	if c := f.counts(); c[safetybot.OutboxSent] != 60 {
		t.Fatalf("counts %v", c)
	}
	if n := f.fake.Count(wecomtest.EndpointMessage); n != 60 {
		t.Errorf("message/send received %d, want 60: a row was sent by both workers", n)
	}
	f.exactlyOnce(bodies)
	f.acceptedOnce(bodies)
}

// TestOrderPerRecipient: after one message to a member fails, the next ones
// to that member wait for it; others go on.
func TestOrderPerRecipient(t *testing.T) {
	f := newFixture(t, wecomtest.FakeAPIOptions{})
	ctx := context.Background()
	for _, n := range []safetybot.Notification{
		safetybot.NotifyUser("a", "第一条"), safetybot.NotifyUser("b", "给 b"), safetybot.NotifyUser("a", "第二条"),
	} {
		f.store.Queue(ctx, n)
	}
	f.fake.FailNext(wecomtest.EndpointMessage, wecomtest.Fault{ErrCode: 40003})
	f.run(5*time.Minute, 5*time.Second)
	var toA []string
	for _, d := range f.fake.DeliveredTo("a") {
		toA = append(toA, d.Content)
	}
	if strings.Join(toA, ",") != "第一条,第二条" {
		t.Fatalf("to a in order %q", toA)
	}
	if len(f.fake.DeliveredTo("b")) != 1 || f.fake.Delivered()[0].To != "b" {
		t.Fatalf("b waited for a: %+v", f.fake.Delivered())
	}
}

// TestPacedByTheWorker: 60 messages to one member take minutes, not one
// burst, and WeCom drops none.
func TestPacedByTheWorker(t *testing.T) {
	f := newFixture(t, wecomtest.FakeAPIOptions{EnforceLimits: true})
	bodies := f.queue(60, 1)
	f.run(time.Minute, 2*time.Second)
	if n := len(f.fake.Delivered()); n == 0 || n > 30 {
		t.Fatalf("first minute: %d delivered", n)
	}
	f.run(5*time.Minute, 2*time.Second)
	if len(f.fake.Dropped()) != 0 {
		t.Fatalf("WeCom dropped %d", len(f.fake.Dropped()))
	}
	f.exactlyOnce(bodies)
	if c := f.counts(); c[safetybot.OutboxSent] != 60 {
		t.Fatalf("counts %v", c)
	}
	if row, _, _ := storetest.OutboxRow(context.Background(), f.store, 60); row.Attempts != 1 {
		t.Errorf("pacing counted as failed attempts: %d", row.Attempts)
	}
}

// TestLongMessageResumesAfterFailure: a message split in parts that fails
// half-way sends only the rest on retry.
func TestLongMessageResumesAfterFailure(t *testing.T) {
	f := newFixture(t, wecomtest.FakeAPIOptions{})
	body := strings.Repeat("通报：某运输企业危货车辆未安装智能视频监控装置，责令限期整改。\n", 60)
	f.store.Queue(context.Background(), safetybot.Notification{TargetKind: "webhook", Target: "wr001", Body: body})
	f.fake.FailNext(wecomtest.EndpointWebhook, wecomtest.Fault{}, wecomtest.Fault{ErrCode: wecomtest.ErrBusy})
	f.run(5*time.Minute, 5*time.Second)
	var got []string
	for _, d := range f.fake.Delivered() {
		got = append(got, d.Content)
	}
	if strings.Join(got, "\n") != strings.TrimRight(body, "\n") {
		t.Fatalf("%d parts do not give back the body exactly once", len(got))
	}
	if _, status, _ := storetest.OutboxRow(context.Background(), f.store, 1); status != safetybot.OutboxSent {
		t.Fatalf("row %s", status)
	}
}

// BenchmarkOutboxPass measures the sender path: one pass of 100 queued
// app messages through the worker, the sender and the fake WeCom on
// loopback (claim, HTTP send, mark).
func BenchmarkOutboxPass(b *testing.B) {
	f := newFixture(b, wecomtest.FakeAPIOptions{})
	f.worker.Batch = 100
	ctx := context.Background()
	seq := 0
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		for range 100 {
			seq++
			// one message per user: pacing never postpones
			f.store.Queue(ctx, safetybot.NotifyUser(fmt.Sprintf("u%d", seq), fmt.Sprintf("提醒 %d", seq)))
		}
		b.StartTimer()
		n, err := f.worker.DeliverDue(ctx)
		if err != nil || n != 100 {
			b.Fatalf("pass: %d %v", n, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100), "ns/msg")
}

// slowSender takes 50 s (fake clock) a message and checks, after each
// send, that another worker cannot claim the pass's remaining rows.
type slowSender struct {
	t     *testing.T
	inner outbox.Sender
	clock *testkit.Clock
	store *store.Store
}

func (s *slowSender) Send(ctx context.Context, m safetybot.OutboxMessage) error {
	s.clock.Add(50 * time.Second)
	err := s.inner.Send(ctx, m)
	if stolen, cerr := s.store.ClaimOutbox(ctx, "other", 100, s.clock.Now().Add(time.Minute)); cerr != nil || len(stolen) > 0 {
		s.t.Errorf("another worker claimed %d rows mid-pass (%v)", len(stolen), cerr)
	}
	return err
}

// TestLeaseOutlivesSlowPass: a pass longer than the lease keeps its rows
// (the lease is extended before each send) and releases nothing it sent.
func TestLeaseOutlivesSlowPass(t *testing.T) {
	f := newFixture(t, wecomtest.FakeAPIOptions{})
	bodies := f.queue(8, 8)
	f.worker.Sender = &slowSender{t: t, inner: f.sender, clock: f.clock, store: f.store}
	f.worker.SendTimeout = time.Minute                  // each send stays within it, as the context enforces in real time
	n, err := f.worker.DeliverDue(context.Background()) // 8 × 50 s against a 2-minute lease
	if err != nil || n != 8 {
		t.Fatalf("pass: %d %v", n, err)
	}
	f.exactlyOnce(bodies)
}
