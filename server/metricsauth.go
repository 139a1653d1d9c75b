package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// forwardHeaders mark a request relayed by a proxy: its TCP peer is the
// proxy, so a loopback peer says nothing about the client.
var forwardHeaders = []string{"Forwarded", "X-Forwarded-For", "X-Real-Ip"}

// metricsGuard lets a request through to next when it comes straight from
// loopback (no proxy headers), or when it carries "Authorization: Bearer
// <token>" and token is not empty (SAFETYBOT_METRICS_TOKEN). Anything else
// gets 401 (a token is configured) or 403, with no counts. The hazard
// counts are internal figures of the bureau.
func metricsGuard(token string, next http.Handler) http.Handler {
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" {
			// The scheme is case-insensitive (RFC 7235 §2.1): "bearer x" too.
			if scheme, got, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " "); ok && strings.EqualFold(scheme, "Bearer") {
				sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
				if subtle.ConstantTimeCompare(sum[:], want[:]) == 1 {
					next.ServeHTTP(w, r)
					return
				}
			}
		}
		if fromLoopback(r) {
			next.ServeHTTP(w, r)
			return
		}
		if token != "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "需要令牌：Authorization: Bearer <SAFETYBOT_METRICS_TOKEN>", http.StatusUnauthorized)
			return
		}
		http.Error(w, "仅限本机访问；远程抓取请设置 SAFETYBOT_METRICS_TOKEN 并带上 Bearer 令牌", http.StatusForbidden)
	})
}

// fromLoopback reports whether the TCP peer is a loopback address and no
// proxy relayed the request.
func fromLoopback(r *http.Request) bool {
	for _, h := range forwardHeaders {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
