package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"safetybot"
	"safetybot/bot"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"safetybot/store"
	"safetybot/wecom"
	"safetybot/wecom/wecomtest"
)

// heldEngine holds every message until release is closed.
type heldEngine struct {
	wecom.Engine
	once    sync.Once
	entered chan struct{}
	release chan struct{}
}

func (h *heldEngine) Handle(ctx context.Context, m bot.Message) []bot.Reply {
	h.once.Do(func() { close(h.entered) })
	<-h.release
	return h.Engine.Handle(ctx, m)
}

// TestServeWaitsForInFlightMessages: a message answered empty because its
// handling is slow is recorded as handled; serve stopped (SIGTERM) meanwhile
// must wait for it before closing the store, so the hazard is registered and
// its reply queued, not lost.
func TestServeWaitsForInFlightMessages(t *testing.T) {
	db := storetest.File(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	vars := map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_ADDR": addr, "WECOM_CORP_ID": "wwcorp0001",
		"WECOM_TOKEN": wecomtest.NewToken(), "WECOM_ENCODING_AES_KEY": wecomtest.NewAESKey()}
	held := &heldEngine{entered: make(chan struct{}), release: make(chan struct{})}
	cfg := mustConfig(t, vars)
	cfg.hooks = testHooks{slowAfter: 50 * time.Millisecond, wrapEngine: func(e wecom.Engine) wecom.Engine { held.Engine = e; return held }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	logs := &testkit.Buffer{}
	go func() { done <- serve(ctx, cfg, nil, io.Discard, logs) }()
	defer close(held.release) // when the test fails before releasing
	for i := 0; ; i++ {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if i == 100 {
			t.Fatalf("serve never answered: %v", err)
		}
		time.Sleep(50 * time.Millisecond) // waiting for the listener
	}
	app, err := wecomtest.NewAppClient("http://"+addr+"/wecom/callback", vars["WECOM_TOKEN"], vars["WECOM_ENCODING_AES_KEY"], vars["WECOM_CORP_ID"])
	if err != nil {
		t.Fatal(err)
	}
	r, err := app.SendText("zhangsan", "9100", "上报 码头护栏缺失 领域:水上交通")
	if err != nil || r.Status != 200 || !r.Empty {
		t.Fatalf("slow message: %+v %v", r, err)
	}
	<-held.entered
	cancel() // SIGTERM
	select {
	case err := <-done:
		t.Fatalf("serve returned (%v) while a message was still being handled", err)
	case <-time.After(300 * time.Millisecond):
	}
	held.release <- struct{}{} // handing over: the deferred close must not block
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not return after the message was handled")
	}

	s, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hs, err := s.Hazards(context.Background(), safetybot.HazardFilter{})
	if err != nil || len(hs) != 1 || !strings.Contains(hs[0].Description, "码头护栏缺失") {
		t.Fatalf("hazards after shutdown: %+v %v\n%s", hs, err, logs)
	}
	due, err := storetest.DueOutbox(context.Background(), s, 10)
	if err != nil || len(due) != 1 || due[0].Target != "zhangsan" || !regexp.MustCompile(`YH\d{4}-\d{4}`).MatchString(due[0].Body) {
		t.Fatalf("queued reply after shutdown: %+v %v", due, err)
	}
}

// goroutines counts the goroutines serve reports through testHooks.track.
// Each one lingers for linger after its work is done, so a serve that did
// not wait for it returns while it is still counted.
type goroutines struct {
	mu      sync.Mutex
	started map[string]int
	live    int
	linger  time.Duration
}

func (g *goroutines) track(name string) func() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.started[name]++
	g.live++
	return func() {
		time.Sleep(g.linger) // a goroutine slow to finish, not a wait for a timer
		g.mu.Lock()
		defer g.mu.Unlock()
		g.live--
	}
}

// TestServeStopsEveryGoroutine: after cancel (SIGTERM), run returns only
// once every goroutine serve started has ended; profiles are served on
// SAFETYBOT_PPROF's own listener and never on the public address.
func TestServeStopsEveryGoroutine(t *testing.T) {
	db := storetest.File(t)
	addr, paddr := freeAddr(t), freeAddr(t)
	cfg := mustConfig(t, map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_ADDR": addr, "SAFETYBOT_PPROF": paddr})
	gs := &goroutines{started: map[string]int{}, linger: 100 * time.Millisecond}
	cfg.hooks.track = gs.track
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	logs := &testkit.Buffer{}
	go func() { done <- runConfig(ctx, cfg, nil, strings.NewReader(""), io.Discard, logs) }()
	get := func(url string) (int, string) {
		t.Helper()
		for i := 0; ; i++ {
			resp, err := http.Get(url)
			if err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				return resp.StatusCode, string(body)
			}
			if i == 100 {
				t.Fatalf("%s never answered: %v\n%s", url, err, logs)
			}
			time.Sleep(50 * time.Millisecond) // waiting for the listener
		}
	}
	if code, _ := get("http://" + addr + "/healthz"); code != http.StatusOK {
		t.Fatalf("healthz: %d", code)
	}
	if code, body := get("http://" + paddr + "/debug/pprof/"); code != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Fatalf("pprof on %s: %d %.200s", paddr, code, body)
	}
	if code, body := get("http://" + addr + "/debug/pprof/goroutine?debug=1"); code == http.StatusOK && strings.Contains(body, "goroutine profile") {
		t.Fatalf("the public address serves profiles")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not return after cancel")
	}
	gs.mu.Lock()
	defer gs.mu.Unlock()
	if gs.live != 0 {
		t.Errorf("serve returned with %d of its goroutines still running (started %v)", gs.live, gs.started)
	}
	for _, name := range []string{"http", "pprof", "outbox", "scheduler", "tips", "directory"} {
		if gs.started[name] != 1 {
			t.Errorf("goroutine %q started %d times, want 1 (started %v)", name, gs.started[name], gs.started)
		}
	}
}

// TestServeFailingToStartStopsWhatItStarted: a start-up failure after the
// first goroutines began still waits for them before returning. (A taken
// listen address now stops serve before anything starts, TestServeListensFirst;
// here the app callback's handler fails, with a key loadConfig would have
// refused.)
func TestServeFailingToStartStopsWhatItStarted(t *testing.T) {
	cfg := mustConfig(t, map[string]string{"SAFETYBOT_DB": filepath.Join(t.TempDir(), "busy.db"), "SAFETYBOT_ADDR": freeAddr(t)})
	cfg.WeComIn.CorpID, cfg.WeComIn.Token, cfg.WeComIn.EncodingAESKey = "c", "t", "short"
	gs := &goroutines{started: map[string]int{}, linger: 100 * time.Millisecond}
	cfg.hooks.track = gs.track
	if err := runConfig(context.Background(), cfg, nil, strings.NewReader(""), io.Discard, io.Discard); err == nil {
		t.Fatal("serve on a taken address succeeded")
	}
	gs.mu.Lock()
	defer gs.mu.Unlock()
	if gs.live != 0 || gs.started["outbox"] != 1 {
		t.Errorf("after a failed start: %d goroutines still running (started %v)", gs.live, gs.started)
	}
}
