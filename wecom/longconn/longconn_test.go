package longconn_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"regexp"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"strings"
	"sync"
	"testing"
	"time"

	"safetybot"
	"safetybot/bot"
	"safetybot/plan"
	"safetybot/store"
	"safetybot/wecom/longconn"
	"safetybot/wecom/wecomtest"
)

const (
	botID  = "aibot-test"
	secret = "ws-secret-value"
)

type fixture struct {
	t      *testing.T
	fake   *wecomtest.FakeWS
	client *longconn.Client
	store  *store.Store
	logs   *testkit.Buffer
	sleeps *sleepLog
	done   chan error
	cancel context.CancelFunc
}

// sleepLog records reconnect delays instead of waiting them out.
type sleepLog struct {
	mu sync.Mutex
	ds []time.Duration
}

func (l *sleepLog) sleep(ctx context.Context, d time.Duration) error {
	l.mu.Lock()
	l.ds = append(l.ds, d)
	l.mu.Unlock()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Millisecond):
		return nil
	}
}

func (l *sleepLog) get() []time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]time.Duration(nil), l.ds...)
}

// newFixture starts a fake server and a client with a real engine on a
// fresh database; start runs the client.
func newFixture(t *testing.T, mod func(*longconn.Config)) *fixture {
	t.Helper()
	ctx := context.Background()
	s := storetest.Open(t, nil)
	t.Cleanup(func() { s.Close() })
	if _, err := s.SeedPlan(ctx, plan.Default()); err != nil {
		t.Fatal(err)
	}
	logs := &testkit.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e, err := bot.NewEngine(ctx, s, bot.Config{Admins: []string{"admin"}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	fake := wecomtest.NewFakeWS(t, wecomtest.FakeWSOptions{BotID: botID, Secret: secret})
	sl := &sleepLog{}
	cfg := longconn.Config{URL: fake.URL, BotID: botID, Secret: secret, Handler: e, Log: log,
		AckTimeout: 2 * time.Second, Sleep: sl.sleep, ThinkingAfter: -1}
	if mod != nil {
		mod(&cfg)
	}
	c, err := longconn.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, fake: fake, client: c, store: s, logs: logs, sleeps: sl}
}

func (f *fixture) start() {
	f.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel, f.done = cancel, make(chan error, 1)
	go func() { f.done <- f.client.Run(ctx) }()
	f.t.Cleanup(func() {
		cancel()
		select {
		case <-f.done:
		case <-time.After(5 * time.Second):
			f.t.Error("Run did not return after cancel")
		}
	})
	wctx, wcancel := context.WithTimeout(ctx, 5*time.Second)
	defer wcancel()
	if err := f.fake.WaitSubscribed(wctx); err != nil {
		f.t.Fatalf("never subscribed: %v\n%s", err, f.logs)
	}
	// The fake counts the subscribe frame; the client is connected only once
	// it has read the ack. Tests that push right away need the latter.
	for !f.client.Connected() {
		select {
		case <-wctx.Done():
			f.t.Fatalf("subscribe never acknowledged: %v\n%s", wctx.Err(), f.logs)
		case <-time.After(time.Millisecond):
		}
	}
}

func wait(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func streamOf(t *testing.T, fr wecomtest.WSFrame) wecomtest.Stream {
	t.Helper()
	var s wecomtest.Stream
	if err := json.Unmarshal(fr.Body, &s); err != nil || s.MsgType != "stream" {
		t.Fatalf("not a stream reply: %s", fr.Body)
	}
	return s
}

// gatedHandler holds every message until release is closed.
type gatedHandler struct {
	inner   longconn.Handler
	release chan struct{}
}

func (g gatedHandler) Sensitive(m bot.Message) bool { return g.inner.Sensitive(m) }

func (g gatedHandler) Handle(ctx context.Context, m bot.Message) []bot.Reply {
	select {
	case <-g.release:
	case <-ctx.Done():
	}
	return g.inner.Handle(ctx, m)
}

var hazardNo = regexp.MustCompile(`YH\d{4}-\d{4,}`)

// TestGroupMentionRegistersHazard: "@安全助手 上报 …" in a group through the
// long connection registers a hazard, and the answer goes back on the same
// req_id as a finished markdown stream, after a progress frame, one frame at
// a time.
func TestGroupMentionRegistersHazard(t *testing.T) {
	release := make(chan struct{})
	f := newFixture(t, func(c *longconn.Config) {
		c.ThinkingAfter = time.Nanosecond
		// The engine answers only after the progress frame went out, so the
		// test does not depend on which of the two is scheduled first.
		c.Handler = gatedHandler{inner: c.Handler, release: release}
	})
	f.fake.AckDelay(30 * time.Millisecond) // the final frame must wait for the progress frame's ack
	f.start()
	reqID, err := f.fake.PushMessage(wecomtest.WSMessage{ChatType: "group", ChatID: "wrgroup01", UserID: "zhangsan",
		Text: "@安全助手 上报 国道路口护栏缺失 单位:某公路养护站 领域:公路运营 等级:一般"})
	if err != nil {
		t.Fatal(err)
	}
	if frames := f.fake.WaitResponses(wait(t), reqID, 1); len(frames) != 1 {
		t.Fatalf("no progress frame on %s\n%s", reqID, f.logs)
	}
	close(release)
	frames := f.fake.WaitResponses(wait(t), reqID, 2)
	if len(frames) != 2 {
		t.Fatalf("want a progress and a final frame on %s, got %d\n%s", reqID, len(frames), f.logs)
	}
	first, last := streamOf(t, frames[0]), streamOf(t, frames[1])
	if first.Stream.Finish || !last.Stream.Finish || first.Stream.ID != last.Stream.ID {
		t.Fatalf("frames: %+v then %+v", first, last)
	}
	no := hazardNo.FindString(last.Stream.Content)
	if no == "" {
		t.Fatalf("no hazard number in the answer: %q", last.Stream.Content)
	}
	if frames[0].Cmd != longconn.CmdRespondMsg || frames[1].Cmd != longconn.CmdRespondMsg {
		t.Fatalf("cmds %s, %s", frames[0].Cmd, frames[1].Cmd)
	}
	if v := f.fake.Violations(); len(v) != 0 {
		t.Fatalf("frames of one req_id not serialised: %v", v)
	}
	hs, err := f.store.Hazards(context.Background(), safetybot.HazardFilter{})
	if err != nil || len(hs) != 1 || hs[0].Number != no || hs[0].Reporter != "zhangsan" {
		t.Fatalf("hazards: %v %+v", err, hs)
	}
	logs := f.logs.String()
	for _, secretThing := range []string{"zhangsan", "护栏", secret, "wrgroup01"} {
		if strings.Contains(logs, secretThing) {
			t.Errorf("the log mentions %q:\n%s", secretThing, logs)
		}
	}
}

// TestDuplicateMsgIDHandledOnce: a redelivered callback (same msgid) is not
// handled again; it gets the first answer again, on its own req_id.
func TestDuplicateMsgIDHandledOnce(t *testing.T) {
	f := newFixture(t, nil)
	f.start()
	m := wecomtest.WSMessage{MsgID: "dup-1", UserID: "lisi", Text: "上报 码头消防通道堵塞 单位:某港务公司 领域:水上交通"}
	r1, _ := f.fake.PushMessage(m)
	first := f.fake.WaitResponses(wait(t), r1, 1)
	r2, _ := f.fake.PushMessage(m)
	again := f.fake.WaitResponses(wait(t), r2, 1)
	if len(first) != 1 || len(again) != 1 {
		t.Fatalf("answers: %d then %d", len(first), len(again))
	}
	a, b := streamOf(t, first[0]), streamOf(t, again[0])
	if !b.Stream.Finish || a.Stream.Content != b.Stream.Content || !hazardNo.MatchString(b.Stream.Content) {
		t.Fatalf("first %q, again %q", a.Stream.Content, b.Stream.Content)
	}
	if hs, _ := f.store.Hazards(context.Background(), safetybot.HazardFilter{}); len(hs) != 1 {
		t.Fatalf("%d hazards", len(hs))
	}
	// a duplicate arriving while the first is still being handled waits for it
	slow := make(chan struct{})
	calls := 0
	var mu sync.Mutex
	g := newFixture(t, func(c *longconn.Config) {
		c.Handler = handlerFunc(func(context.Context, bot.Message) []bot.Reply {
			mu.Lock()
			calls++
			mu.Unlock()
			<-slow
			return []bot.Reply{{Text: "已登记隐患 YH2026-0009"}}
		})
	})
	g.start()
	q1, _ := g.fake.PushMessage(wecomtest.WSMessage{MsgID: "dup-2", UserID: "u", Text: "上报 x"})
	q2, _ := g.fake.PushMessage(wecomtest.WSMessage{MsgID: "dup-2", UserID: "u", Text: "上报 x"})
	time.Sleep(50 * time.Millisecond)
	close(slow)
	for _, q := range []string{q1, q2} {
		if fr := g.fake.WaitResponses(wait(t), q, 1); len(fr) != 1 || streamOf(t, fr[0]).Stream.Content != "已登记隐患 YH2026-0009" {
			t.Fatalf("%s: %+v", q, fr)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 1 {
		t.Fatalf("handled %d times", calls)
	}
}

type memDedup struct {
	mu   sync.Mutex
	keys map[string]bool
}

func (d *memDedup) Claim(_ context.Context, key string) (bool, func(), error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.keys[key] {
		return false, func() {}, nil
	}
	d.keys[key] = true
	return true, func() {}, nil
}

// TestPersistentDedupAcrossRestart: a second client (a restart) with the
// same persistent dedup ignores a message the first handled.
func TestPersistentDedupAcrossRestart(t *testing.T) {
	d := &memDedup{keys: map[string]bool{}}
	f := newFixture(t, func(c *longconn.Config) { c.Dedup = d })
	f.start()
	r1, _ := f.fake.PushMessage(wecomtest.WSMessage{MsgID: "m-42", UserID: "lisi", Text: "帮助"})
	f.fake.WaitResponses(wait(t), r1, 1)
	f.cancel()
	f.done <- <-f.done // Run returned; leave its result for the cleanup
	c2, _ := longconn.New(longconn.Config{URL: f.fake.URL, BotID: botID, Secret: secret, Dedup: d,
		Handler: handlerFunc(func(_ context.Context, m bot.Message) []bot.Reply {
			if m.MsgID == "m-42" {
				t.Error("handled twice")
			}
			return []bot.Reply{{Text: "好"}}
		})})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c2.Run(ctx) }()
	defer func() { cancel(); <-done }()
	if err := f.fake.WaitConnection(wait(t), 2); err != nil {
		t.Fatal("the restarted client never subscribed")
	}
	r2, _ := f.fake.PushMessage(wecomtest.WSMessage{MsgID: "m-42", UserID: "lisi", Text: "帮助"})
	// once a later message is answered, the duplicate had its chance
	r3, _ := f.fake.PushMessage(wecomtest.WSMessage{MsgID: "m-43", UserID: "lisi", Text: "帮助"})
	if len(f.fake.WaitResponses(wait(t), r3, 1)) != 1 {
		t.Fatal("no answer to a fresh message after the restart")
	}
	if n := len(f.fake.Responses(r2)); n != 0 {
		t.Fatalf("answered after restart: %d", n)
	}
	if !d.keys[safetybot.InboundKey("aibot-ws|msg", "lisi", "m-42")] {
		t.Fatalf("dedup keys: %v", d.keys)
	}
}

type handlerFunc func(context.Context, bot.Message) []bot.Reply

func (h handlerFunc) Handle(ctx context.Context, m bot.Message) []bot.Reply { return h(ctx, m) }

func (h handlerFunc) Sensitive(bot.Message) bool { return false }

// TestMessageFields: the engine gets the message as the contract says.
func TestMessageFields(t *testing.T) {
	got := make(chan bot.Message, 2)
	f := newFixture(t, func(c *longconn.Config) {
		c.Handler = handlerFunc(func(_ context.Context, m bot.Message) []bot.Reply {
			got <- m
			return []bot.Reply{{Text: "好"}}
		})
	})
	f.start()
	f.fake.PushMessage(wecomtest.WSMessage{MsgID: "g1", ChatType: "group", ChatID: "wrG", UserID: "u1", Text: "@安全助手 帮助"})
	f.fake.PushMessage(wecomtest.WSMessage{MsgID: "s1", UserID: "u2", Text: "帮助"})
	want := map[string]bot.Message{
		"g1": {Source: "aibot-ws", ChatType: bot.ChatGroup, ChatID: "wrG", UserID: "u1", MsgID: "g1", Text: "@安全助手 帮助"},
		"s1": {Source: "aibot-ws", ChatType: bot.ChatSingle, UserID: "u2", MsgID: "s1", Text: "帮助"},
	}
	for range 2 {
		select {
		case m := <-got:
			if m != want[m.MsgID] {
				t.Errorf("got %+v, want %+v", m, want[m.MsgID])
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no message")
		}
	}
}

func TestEnterChatWelcome(t *testing.T) {
	f := newFixture(t, nil)
	f.start()
	reqID, _ := f.fake.PushEvent("enter_chat", "wangwu", "")
	frames := f.fake.WaitResponses(wait(t), reqID, 1)
	if len(frames) != 1 || frames[0].Cmd != longconn.CmdRespondWelcome {
		t.Fatalf("frames %+v", frames)
	}
	var b struct {
		MsgType string `json:"msgtype"`
		Text    struct {
			Content string `json:"content"`
		} `json:"text"`
	}
	json.Unmarshal(frames[0].Body, &b)
	if b.MsgType != "text" || !strings.Contains(b.Text.Content, "上报") {
		t.Fatalf("welcome %s", frames[0].Body)
	}
}

// TestCardClick: a template_card_event reaches the engine as a card click,
// once, and its answer is pushed to the clicker (aibot_send_msg).
func TestCardClick(t *testing.T) {
	got := make(chan bot.Message, 4)
	f := newFixture(t, func(c *longconn.Config) {
		c.Handler = handlerFunc(func(_ context.Context, m bot.Message) []bot.Reply {
			got <- m
			return []bot.Reply{{Text: "已确认 YH2026-0001"}}
		})
	})
	f.start()
	if _, err := f.fake.PushCardClick("leader1", "YH2026-0001_major_1", "确认 YH2026-0001", "rc1"); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-got:
		want := bot.Message{Source: "aibot-ws", ChatType: bot.ChatSingle, UserID: "leader1", MsgID: m.MsgID,
			Kind: bot.KindCardClick, TaskID: "YH2026-0001_major_1", EventKey: "确认 YH2026-0001", ResponseCode: "rc1"}
		if m != want || m.MsgID == "" {
			t.Fatalf("got %+v, want %+v", m, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no click")
	}
	frames := f.fake.WaitFrames(wait(t), longconn.CmdSendMsg, 1)
	if len(frames) != 1 || !strings.Contains(string(frames[0].Body), "已确认 YH2026-0001") || !strings.Contains(string(frames[0].Body), "leader1") {
		t.Fatalf("push frames %+v", frames)
	}
}
