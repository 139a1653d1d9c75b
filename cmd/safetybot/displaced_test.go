package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"safetybot/wecom/wecomtest"
)

func TestParseKickWait(t *testing.T) {
	for _, tc := range []struct {
		in     string
		lo, hi time.Duration
		bad    bool
	}{
		{"", 0, 0, false},
		{"10m-30m", 10 * time.Minute, 30 * time.Minute, false},
		{" 15m - 1h ", 15 * time.Minute, time.Hour, false},
		{"20m", 20 * time.Minute, 20 * time.Minute, false},
		{"30m-10m", 0, 0, true},
		{"5s-10m", 0, 0, true},
		{"10", 0, 0, true},
		{"10m-", 0, 0, true},
		{"soon", 0, 0, true},
	} {
		lo, hi, err := parseKickWait(tc.in)
		if (err != nil) != tc.bad || lo != tc.lo || hi != tc.hi {
			t.Errorf("parseKickWait(%q) = %v, %v, %v", tc.in, lo, hi, err)
		}
		if err != nil && !strings.Contains(err.Error(), "WECOM_WS_RECONNECT_AFTER_KICK") {
			t.Errorf("error does not name the variable: %v", err)
		}
	}
}

// TestServeReportsDisplacedLongConnection: after disconnected_event serve
// keeps answering /healthz with 200, whose JSON body says the long
// connection is displaced; /metrics shows it down; the administrator is
// told once through the outbox (message/send).
func TestServeReportsDisplacedLongConnection(t *testing.T) {
	api := wecomtest.NewFakeAPI(t, wecomtest.FakeAPIOptions{CorpID: "wwkick01", Secret: "app-secret-k"})
	ws := wecomtest.NewFakeWS(t, wecomtest.FakeWSOptions{BotID: "botk", Secret: "ws-secret-k"})
	vars := map[string]string{
		"SAFETYBOT_ADMINS": "admin1", "WECOM_API_BASE": api.URL, "WECOM_CORP_ID": "wwkick01", "WECOM_AGENT_ID": "1000002", "WECOM_SECRET": "app-secret-k",
		"WECOM_AIBOT_ID": "botk", "WECOM_AIBOT_SECRET": "ws-secret-k", "WECOM_AIBOT_WS_URL": ws.URL,
		"WECOM_WS_RECONNECT_AFTER_KICK": "10m-30m",
	}
	srv := startServe(t, vars)
	addr, logs := vars["SAFETYBOT_ADDR"], srv.stderr
	wctx, wcancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer wcancel()
	if err := ws.WaitSubscribed(wctx); err != nil {
		t.Fatalf("no long connection: %v\n%s", err, logs)
	}
	health := func() (int, map[string]any) {
		resp, err := http.Get("http://" + addr + "/healthz")
		for i := 0; err != nil && i < 100; i++ {
			time.Sleep(50 * time.Millisecond) // waiting for the listener
			resp, err = http.Get("http://" + addr + "/healthz")
		}
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var h map[string]any
		json.NewDecoder(resp.Body).Decode(&h)
		return resp.StatusCode, h
	}
	channel := func(h map[string]any) any { c, _ := h["channels"].(map[string]any); return c["aibot_ws"] }
	for code, h := health(); channel(h) != "connected"; code, h = health() {
		if wctx.Err() != nil {
			t.Fatalf("healthz before the kick: %d %v", code, h)
		}
		time.Sleep(10 * time.Millisecond) // the subscribe ack is on its way
	}
	if err := ws.PushDisconnected(); err != nil {
		t.Fatal(err)
	}
	code, h := health()
	for channel(h) != "displaced" && wctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
		code, h = health()
	}
	if code != 200 || h["status"] != "degraded" || h["database"] != "ok" || channel(h) != "displaced" {
		t.Fatalf("healthz after the kick: %d %v", code, h)
	}
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`safetybot_wecom_channel_up{channel="aibot_ws",state="displaced"} 0`, `safetybot_wecom_displaced_total{channel="aibot_ws"} 1`} {
		if !strings.Contains(string(m), want) {
			t.Errorf("metrics lack %s:\n%s", want, m)
		}
	}
	for len(api.DeliveredTo("admin1")) == 0 && wctx.Err() == nil {
		time.Sleep(20 * time.Millisecond) // the outbox worker polls every 2 s
	}
	got := api.DeliveredTo("admin1")
	if len(got) != 1 || !strings.Contains(got[0].Content, "挤下线") || got[0].MsgType != "text" {
		t.Fatalf("admin told: %+v\n%s", got, logs)
	}
	if n := len(ws.Dials()); n != 1 {
		t.Fatalf("%d dials: reconnected before the wait", n)
	}
	if strings.Contains(logs.String(), "ws-secret-k") || !strings.Contains(logs.String(), "reconnect_in=") {
		t.Fatalf("log:\n%s", logs)
	}
}
