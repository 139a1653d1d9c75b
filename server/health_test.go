package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"safetybot/internal/storetest"
)

// TestHealthReportsChannels: /healthz is a JSON body with each WeCom
// channel's state, 200 while the database answers even with a channel down
// ("degraded"), 503 only when the database is down; /metrics has each
// channel's up gauge, the displacement counter and the count of lost
// anonymous-report replies.
func TestHealthReportsChannels(t *testing.T) {
	s := storetest.Open(t, nil)
	var mu sync.Mutex
	chans := []ChannelState{{Name: "app_callback", State: "listening", Up: true, LostReplies: 2}, {Name: "aibot_ws", State: "connected", Up: true}}
	h := NewServer(Deps{Store: s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Channels: func() []ChannelState {
		mu.Lock()
		defer mu.Unlock()
		return append([]ChannelState(nil), chans...)
	}})
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr = "127.0.0.1:40000" // /metrics answers loopback only
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	for _, tc := range []struct {
		name     string
		ws       ChannelState
		closeDB  bool
		code     int
		status   string
		metrics  []string
		database string
	}{
		{"all up", ChannelState{Name: "aibot_ws", State: "connected", Up: true}, false, 200, "ok",
			[]string{`safetybot_wecom_channel_up{channel="aibot_ws",state="connected"} 1`, `safetybot_wecom_displaced_total{channel="aibot_ws"} 0`}, "ok"},
		{"displaced", ChannelState{Name: "aibot_ws", State: "displaced", Displaced: 1}, false, 200, "degraded",
			[]string{`safetybot_wecom_channel_up{channel="aibot_ws",state="displaced"} 0`, `safetybot_wecom_displaced_total{channel="aibot_ws"} 1`,
				`safetybot_wecom_channel_up{channel="app_callback",state="listening"} 1`,
				`safetybot_wecom_anonymous_replies_lost_total{channel="app_callback"} 2`}, "ok"},
		{"database down", ChannelState{Name: "aibot_ws", State: "connected", Up: true}, true, 503, "down", nil, "down"},
	} {
		mu.Lock()
		chans[1] = tc.ws
		mu.Unlock()
		if tc.closeDB {
			s.Close()
		}
		code, body := get("/healthz")
		var got health
		if err := json.Unmarshal([]byte(body), &got); err != nil || code != tc.code || got.Status != tc.status ||
			got.Database != tc.database || got.Channels["aibot_ws"] != tc.ws.State || got.Channels["app_callback"] != "listening" {
			t.Errorf("%s: /healthz = %d %s (%v)", tc.name, code, body, err)
		}
		if len(tc.metrics) == 0 {
			continue
		}
		_, m := get("/metrics")
		for _, want := range tc.metrics {
			if !strings.Contains(m, want) {
				t.Errorf("%s: /metrics lacks %s:\n%s", tc.name, want, m)
			}
		}
	}
}
