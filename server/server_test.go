package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
)

func TestRoutes(t *testing.T) {
	s := storetest.Open(t, nil)
	logs := &testkit.Buffer{}
	h := NewServer(Deps{
		Store:  s,
		Logger: slog.New(slog.NewTextHandler(logs, nil)),
		Report: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "report page") }),
		Dashboard: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/boom" {
				panic("dashboard bug")
			}
			io.WriteString(w, "dashboard")
		}),
	})
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr = "127.0.0.1:40000"
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	for _, tc := range []struct {
		path string
		code int
		body string
	}{
		{"/healthz", 200, "ok"},
		{"/report", 200, "report page"},
		{"/report/status", 200, "report page"},
		{"/", 200, "dashboard"},
		{"/wecom/callback", 200, "dashboard"}, // not configured: falls to the dashboard, which refuses unknown pages itself
		{"/boom", 500, "internal error"},
		{"/metrics", 200, "safetybot_http_errors_total 1"},
	} {
		code, body := get(tc.path)
		if code != tc.code || !strings.Contains(body, tc.body) {
			t.Errorf("GET %s = %d %q; want %d containing %q", tc.path, code, body, tc.code, tc.body)
		}
	}
	if !strings.Contains(logs.String(), "dashboard bug") {
		t.Errorf("the panic was not logged: %s", logs)
	}
	_, metrics := get("/metrics") // counts the seven requests before it
	for _, want := range []string{`safetybot_outbox_messages{status="pending"} 0`, "# TYPE safetybot_hazards gauge", "safetybot_http_requests_total 7"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q:\n%s", want, metrics)
		}
	}
	s.Close()
	if code, _ := get("/healthz"); code != http.StatusServiceUnavailable {
		t.Errorf("healthz with the database closed: %d, want 503", code)
	}
}
