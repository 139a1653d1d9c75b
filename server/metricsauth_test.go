package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"safetybot/internal/storetest"
)

// TestMetricsAccess: /metrics shows hazard counts only to loopback (not
// relayed by a proxy) or to a holder of SAFETYBOT_METRICS_TOKEN.
func TestMetricsAccess(t *testing.T) {
	s := storetest.Open(t, nil)
	defer s.Close()
	for _, tc := range []struct {
		name   string
		token  string // the server's
		remote string
		header map[string]string
		code   int
	}{
		{"loopback v4", "", "127.0.0.1:5000", nil, 200},
		{"loopback v6", "", "[::1]:5000", nil, 200},
		{"loopback v4-mapped", "", "[::ffff:127.0.0.1]:5000", nil, 200},
		{"remote, no token configured", "", "203.0.113.9:5000", nil, 403},
		{"remote bearer, no token configured", "", "203.0.113.9:5000", map[string]string{"Authorization": "Bearer "}, 403},
		{"loopback via a proxy", "", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "203.0.113.9"}, 403},
		{"loopback via a Forwarded proxy", "", "127.0.0.1:5000", map[string]string{"Forwarded": "for=203.0.113.9"}, 403},
		{"remote, no token sent", "s3cret-token", "203.0.113.9:5000", nil, 401},
		{"remote, wrong token", "s3cret-token", "203.0.113.9:5000", map[string]string{"Authorization": "Bearer s3cret"}, 401},
		{"remote, basic auth", "s3cret-token", "203.0.113.9:5000", map[string]string{"Authorization": "Basic czNjcmV0LXRva2Vu"}, 401},
		{"remote, right token", "s3cret-token", "203.0.113.9:5000", map[string]string{"Authorization": "Bearer s3cret-token"}, 200},
		{"remote, right token, lower-case scheme", "s3cret-token", "203.0.113.9:5000", map[string]string{"Authorization": "bearer s3cret-token"}, 200},
		{"remote, right token, other scheme", "s3cret-token", "203.0.113.9:5000", map[string]string{"Authorization": "Basic s3cret-token"}, 401},
		{"proxied, right token", "s3cret-token", "127.0.0.1:5000", map[string]string{"Authorization": "Bearer s3cret-token", "X-Forwarded-For": "203.0.113.9"}, 200},
		{"loopback with token configured", "s3cret-token", "127.0.0.1:5000", nil, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := NewServer(Deps{Store: s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), MetricsToken: tc.token})
			req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			req.RemoteAddr = tc.remote
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			body := rec.Body.String()
			if rec.Code != tc.code {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.code, body)
			}
			if shown := strings.Contains(body, "safetybot_hazards"); shown != (tc.code == 200) {
				t.Errorf("hazard counts shown=%v with status %d", shown, rec.Code)
			}
		})
	}
}
