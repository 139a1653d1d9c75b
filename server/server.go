// Package server composes the HTTP surface of serve: health, metrics, and
// the handlers other packages provide (WeCom callbacks, dashboard, public
// report page). It owns routing and cross-cutting middleware, nothing else.
package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"sync/atomic"
	"time"

	"safetybot"
)

// Store is what the routes read: health, and the counts /metrics exports.
type Store interface {
	safetybot.HealthService
	safetybot.OutboxService
	safetybot.HazardService
}

// Deps is everything the routes need. Optional handlers may be nil: their
// routes answer 404 until the feature is configured.
type Deps struct {
	Store  Store
	Logger *slog.Logger
	// WeComCallback serves GET/POST /wecom/callback (wecom.AppHandler) and
	// AIBot GET/POST /wecom/aibot (wecom.AIBotHandler); nil when not configured.
	WeComCallback http.Handler
	AIBot         http.Handler
	// Report serves the public anonymous report page under /report
	// (reportpage.Page); nil: 404. No request log may name its clients.
	Report http.Handler
	// Dashboard serves the leaders' dashboard under "/" (web.Dashboard);
	// more specific routes (/healthz, /wecom/…, /report) win over it.
	Dashboard http.Handler
	// Channels reports the state of each configured WeCom channel for
	// /healthz and /metrics; nil: none.
	Channels func() []ChannelState
	// MetricsToken (SAFETYBOT_METRICS_TOKEN) lets /metrics answer a
	// request from elsewhere than loopback that carries it as a bearer
	// token; empty: loopback only.
	MetricsToken string
}

// ChannelState is one WeCom channel as /healthz and /metrics report it.
type ChannelState struct {
	Name  string // e.g. "app_callback", "aibot_ws"
	State string // e.g. "listening", "connected", "displaced"
	Up    bool   // messages flow through it now
	// Displaced counts disconnected_event on the long connection since the
	// process started (0 elsewhere).
	Displaced int64
	// LostReplies counts the slow replies to anonymous-report commands
	// (receipt codes) that no way could deliver: they leave no log line.
	LostReplies int64
}

// NewServer returns the root handler.
func NewServer(d Deps) http.Handler {
	mux := http.NewServeMux()
	m := &metrics{}
	addRoutes(mux, d, m)
	return m.count(recoverPanics(d.Logger, mux))
}

// health is the /healthz body: {"status": "ok"|"degraded"|"down",
// "database": "ok"|"down", "channels": {"<name>": "<state>", …}}. "degraded"
// means a channel is not up; the status code stays 200 then, for the
// process can still serve (503 only when the database does not answer).
type health struct {
	Status   string            `json:"status"`
	Database string            `json:"database"`
	Channels map[string]string `json:"channels"`
}

func handleHealthz(s Store, channels func() []ChannelState) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		h, code := health{Status: "ok", Database: "ok", Channels: map[string]string{}}, http.StatusOK
		for _, c := range states(channels) {
			h.Channels[c.Name] = c.State
			if !c.Up {
				h.Status = "degraded"
			}
		}
		if err := s.Ping(ctx); err != nil {
			h.Status, h.Database, code = "down", "down", http.StatusServiceUnavailable
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(h)
	})
}

func states(channels func() []ChannelState) []ChannelState {
	if channels == nil {
		return nil
	}
	return channels()
}

type metrics struct {
	requests atomic.Int64
	errors   atomic.Int64
}

func (m *metrics) count(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: 200}
		next.ServeHTTP(rec, r)
		m.requests.Add(1)
		if rec.status >= 500 {
			m.errors.Add(1)
		}
	})
}

// handleMetrics writes the Prometheus text format by hand: a handful of
// gauges does not justify a client library.
func handleMetrics(s Store, m *metrics, channels func() []ChannelState) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		counts, err := s.OutboxCounts(r.Context())
		if err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		hazards, err := s.HazardCounts(r.Context())
		if err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		fmt.Fprintln(w, "# HELP safetybot_http_requests_total HTTP requests served.")
		fmt.Fprintln(w, "# TYPE safetybot_http_requests_total counter")
		fmt.Fprintf(w, "safetybot_http_requests_total %d\n", m.requests.Load())
		fmt.Fprintln(w, "# HELP safetybot_http_errors_total HTTP requests answered with a 5xx status.")
		fmt.Fprintln(w, "# TYPE safetybot_http_errors_total counter")
		fmt.Fprintf(w, "safetybot_http_errors_total %d\n", m.errors.Load())
		fmt.Fprintln(w, "# HELP safetybot_outbox_messages Outbox messages by delivery status.")
		fmt.Fprintln(w, "# TYPE safetybot_outbox_messages gauge")
		for _, st := range sortedKeys(counts) {
			fmt.Fprintf(w, "safetybot_outbox_messages{status=%q} %d\n", st, counts[st])
		}
		fmt.Fprintln(w, "# HELP safetybot_hazards Hazards in the ledger by status and grade.")
		fmt.Fprintln(w, "# TYPE safetybot_hazards gauge")
		for _, c := range hazards {
			fmt.Fprintf(w, "safetybot_hazards{status=%q,grade=%q} %d\n", c.Status, c.Grade, c.N)
		}
		writeChannelMetrics(w, states(channels))
	})
}

func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil && v != http.ErrAbortHandler {
				log.Error("http handler panic", "path", r.URL.Path, "panic", v)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// writeChannelMetrics writes each WeCom channel's state: a gauge that is 1
// while messages flow (its state a label) and the long connection's
// displacement counter.
func writeChannelMetrics(w io.Writer, cs []ChannelState) {
	if len(cs) == 0 {
		return
	}
	fmt.Fprintln(w, "# HELP safetybot_wecom_channel_up Whether a WeCom channel carries messages now (1) or not (0), with its state.")
	fmt.Fprintln(w, "# TYPE safetybot_wecom_channel_up gauge")
	for _, c := range cs {
		up := 0
		if c.Up {
			up = 1
		}
		fmt.Fprintf(w, "safetybot_wecom_channel_up{channel=%q,state=%q} %d\n", c.Name, c.State, up)
	}
	fmt.Fprintln(w, "# HELP safetybot_wecom_displaced_total Times another connection for the same bot replaced the long connection (disconnected_event).")
	fmt.Fprintln(w, "# TYPE safetybot_wecom_displaced_total counter")
	for _, c := range cs {
		fmt.Fprintf(w, "safetybot_wecom_displaced_total{channel=%q} %d\n", c.Name, c.Displaced)
	}
	fmt.Fprintln(w, "# HELP safetybot_wecom_anonymous_replies_lost_total Slow replies to anonymous-report commands (receipt codes) that could not be delivered; they are not logged.")
	fmt.Fprintln(w, "# TYPE safetybot_wecom_anonymous_replies_lost_total counter")
	for _, c := range cs {
		fmt.Fprintf(w, "safetybot_wecom_anonymous_replies_lost_total{channel=%q} %d\n", c.Name, c.LostReplies)
	}
}
