// Package server composes the HTTP surface of serve: health, metrics, and
// the handlers other packages provide (WeCom callbacks, dashboard, public
// report page). It owns routing and cross-cutting middleware, nothing else.
package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"sync/atomic"
	"time"

	"safetybot/store"
)

// Deps is everything the routes need. Optional handlers may be nil: their
// routes answer 404 until the feature is configured.
type Deps struct {
	Store  *store.Store
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
	// MetricsToken (SAFETYBOT_METRICS_TOKEN) lets /metrics answer a
	// request from elsewhere than loopback that carries it as a bearer
	// token; empty: loopback only.
	MetricsToken string
}

// NewServer returns the root handler.
func NewServer(d Deps) http.Handler {
	mux := http.NewServeMux()
	m := &metrics{}
	addRoutes(mux, d, m)
	return m.count(recoverPanics(d.Logger, mux))
}

func handleHealthz(s *store.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.Ping(ctx); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
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
func handleMetrics(s *store.Store, m *metrics) http.Handler {
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
