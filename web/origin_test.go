package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"safetybot/bot"
	"safetybot/internal/fixture"
	"safetybot/web"
)

// internalHost is the Host a reverse proxy that rewrites it hands on.
const internalHost = "127.0.0.1:8080"

// TestPublicURLOriginIsThisSite: behind a proxy that rewrites Host, a form
// on SAFETYBOT_PUBLIC_URL's pages posts with that Origin and the internal
// Host. Sign-in and 上报 must take it as the report page does (one rule:
// http.CrossOriginProtection with the public origin trusted); they answered
// 403 跨站请求已拒绝 (fix9-8 #2).
func TestPublicURLOriginIsThisSite(t *testing.T) {
	const public = "https://safety.example.gov.cn"
	for _, tc := range []struct {
		name      string
		publicURL string
		origin    string
		fetchSite string
		ok        bool
	}{
		{"public origin, old browser", public, public, "", true},
		{"public origin, same-origin", public, public, "same-origin", true},
		{"public origin seen cross-site", public, public, "cross-site", true},
		{"public URL with a trailing slash", public + "/", public, "", true},
		{"internal origin", public, "http://" + internalHost, "", true},
		{"other site", public, "https://evil.example", "", false},
		{"other site, cross-site", public, "https://evil.example", "cross-site", false},
		{"same-site subdomain", public, "https://x.safety.example.gov.cn", "same-site", false},
		{"opaque origin", public, "null", "", false},
		{"no public URL", "", public, "", false},
		{"http, not https", public, "http://safety.example.gov.cn", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newActingDashboardAt(t, tc.publicURL)
			tok, _, err := world.Store.CreateLoginToken(context.Background(), fixture.Staff, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			req := internalRequest("POST", "/login", strings.NewReader("token="+tok), tc.origin, tc.fetchSite)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			d.ServeHTTP(rec, req)
			if got := rec.Code == http.StatusSeeOther; got != tc.ok {
				t.Fatalf("POST /login: %d %s; want accepted: %v", rec.Code, rec.Body, tc.ok)
			}
			if !tc.ok {
				return
			}
			cookie := rec.Result().Cookies()[0]
			rec = httptest.NewRecorder()
			get := internalRequest("GET", "/hazards/new", nil, "", "")
			get.AddCookie(cookie)
			d.ServeHTTP(rec, get)
			m := csrfField.FindStringSubmatch(rec.Body.String())
			if m == nil {
				t.Fatalf("GET /hazards/new: %d, no form token", rec.Code)
			}
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			mw.WriteField("描述", "码头护栏缺失（代理后提交）")
			mw.WriteField("csrf", m[1])
			mw.Close()
			post := internalRequest("POST", "/hazards/new", &buf, tc.origin, tc.fetchSite)
			post.Header.Set("Content-Type", mw.FormDataContentType())
			post.AddCookie(cookie)
			rec = httptest.NewRecorder()
			d.ServeHTTP(rec, post)
			if rec.Code == http.StatusForbidden {
				t.Fatalf("POST /hazards/new: 403 %.300s", rec.Body)
			}
		})
	}
}

// internalRequest is a request as the proxy forwards it: the internal Host.
func internalRequest(method, path string, body io.Reader, origin, fetchSite string) *http.Request {
	req := httptest.NewRequest(method, "http://"+internalHost+path, body)
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	if fetchSite != "" {
		req.Header.Set("Sec-Fetch-Site", fetchSite)
	}
	return req
}

// newActingDashboardAt is newActingDashboard with SAFETYBOT_PUBLIC_URL set.
func newActingDashboardAt(t testing.TB, publicURL string) *web.Dashboard {
	t.Helper()
	ctx := context.Background()
	e, err := bot.NewEngine(ctx, world.Store, bot.Config{Now: world.Clock.Now, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	d, err := web.New(ctx, web.Config{Store: world.Store, Now: world.Clock.Now, Logger: quietLog(), Reporter: e, PublicURL: publicURL})
	if err != nil {
		t.Fatal(err)
	}
	return d
}
