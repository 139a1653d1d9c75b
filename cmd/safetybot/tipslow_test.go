package main

import (
	"context"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"safetybot/bot"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"safetybot/wecom"
	"safetybot/wecom/wecomtest"
)

// holdTips holds every 举报 until release is closed.
type holdTips struct {
	wecom.Engine
	release chan struct{}
}

func (h holdTips) Handle(ctx context.Context, m bot.Message) []bot.Reply {
	if strings.Contains(m.Text, "举报") {
		<-h.release
	}
	return h.Engine.Handle(ctx, m)
}

// TestServeSlowAnonymousReportLeavesNoTrace extends the confidentiality scan
// of TestServeAnonymousReportsLeaveNoTrace to the slow path: a 举报 whose
// answer is later than the passive reply waits is answered empty (also its
// retry), its receipt goes directly to the reporter (message/send, never
// the outbox), and serve prints not a single line for it, while the
// database and the output hold neither the userid, nor the message id, nor
// the receipt code.
func TestServeSlowAnonymousReportLeavesNoTrace(t *testing.T) {
	const who = "whistle_slow7"
	api := wecomtest.NewFakeAPI(t, wecomtest.FakeAPIOptions{CorpID: "wwcorp0002", Secret: "app-secret-slow"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	db := storetest.File(t)
	vars := map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_ADDR": addr, "WECOM_API_BASE": api.URL,
		"WECOM_CORP_ID": "wwcorp0002", "WECOM_AGENT_ID": "1000002", "WECOM_SECRET": "app-secret-slow",
		"WECOM_TOKEN": wecomtest.NewToken(), "WECOM_ENCODING_AES_KEY": wecomtest.NewAESKey()}
	release := make(chan struct{})
	cfg := mustConfig(t, vars)
	cfg.hooks = testHooks{slowAfter: 100 * time.Millisecond, wrapEngine: func(e wecom.Engine) wecom.Engine { return holdTips{e, release} }}
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &testkit.Buffer{}, &testkit.Buffer{}
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, nil, stdout, stderr) }()
	released := false
	defer func() {
		if !released {
			close(release)
		}
		cancel()
		<-done
	}()
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
	linesBefore := strings.Count(stderr.String(), "\n")
	for range 2 { // the message and WeCom's retry
		if r, err := app.SendText(who, "7700000000000000009", "举报 某加油站夜间违规卸油 SLOW-REPORT"); err != nil || !r.Empty {
			t.Fatalf("slow app 举报: %+v %v", r, err)
		}
	}
	close(release)
	released = true
	wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
	defer wcancel()
	for len(api.DeliveredTo(who)) == 0 && wctx.Err() == nil {
		time.Sleep(20 * time.Millisecond) // the receipt is on its way
	}
	receipt := regexp.MustCompile(`\d{4} \d{4} \d{4} \d{4}`)
	got := api.DeliveredTo(who)
	if len(got) != 1 || !receipt.MatchString(got[0].Content) {
		t.Fatalf("slow 举报 reply: %+v", got)
	}
	code := receipt.FindString(got[0].Content)
	time.Sleep(50 * time.Millisecond) // a line written after the send would show now
	// serve's other components (the scheduler starting) may log meanwhile;
	// the callback's lines all say "wecom".
	for _, line := range strings.Split(stderr.String(), "\n")[linesBefore:] {
		if strings.Contains(line, "wecom") {
			t.Errorf("the slow 举报 left a log line: %s", line)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	done <- nil // for the deferred wait
	needles := []string{who, "7700000000000000009", strings.ReplaceAll(code, " ", "")}
	scanForTraces(t, "after shutdown", db, needles, append(needles, code, "SLOW-REPORT"), stdout, stderr)
}
