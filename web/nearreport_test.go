package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"safetybot/bot"
	"safetybot/server"
	"safetybot/web"
	"safetybot/web/reportpage"
)

// TestMistypedReportAddresses: an address near the anonymous report page
// (case, trailing slash, .html, pinyin jubao) stays on the anonymous pages:
// it is redirected to the page it means, never to the staff sign-in page
// (which offers 企业微信登录), and no answer on the way sets a cookie. They
// went to /login?next=…, and /report/status/ to /report (fix9-8 #4).
func TestMistypedReportAddresses(t *testing.T) {
	ctx := context.Background()
	e, err := bot.NewEngine(ctx, world.Store, bot.Config{Now: world.Clock.Now, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	page, err := reportpage.New(reportpage.Config{Desk: e.Tips(), Logger: quietLog(), Now: world.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	d, err := web.New(ctx, web.Config{Store: world.Store, Now: world.Clock.Now, Logger: quietLog(), OAuth: fakeOAuth{}})
	if err != nil {
		t.Fatal(err)
	}
	h := server.NewServer(server.Deps{Store: world.Store, Logger: quietLog(), Report: page, Dashboard: d})
	const form, status = "/report", "/report/status"
	for _, tc := range []struct{ path, want string }{
		{"/report", form},
		{"/report/", form},
		{"/REPORT", form},
		{"/Report", form},
		{"/Report/", form},
		{"/REPORT/", form},
		{"/report.html", form},
		{"/Report.HTML", form},
		{"/report.htm", form},
		{"/report/index.html", form},
		{"/report/anything", form},
		{"/jubao", form},
		{"/jubao/", form},
		{"/JuBao", form},
		{"/jubao.html", form},
		{"/" + url.PathEscape("举报"), form},
		{"/report/status", status},
		{"/report/status/", status},
		{"/report/STATUS", status},
		{"/report/status.html", status},
		{"/REPORT/Status/", status},
		{"/jubao/chaxun", status},
		{"/report/add", status},
	} {
		loc, hops := tc.path, 0
		for ; hops < 5; hops++ {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "http://safety.example.gov.cn"+loc, nil))
			if c := rec.Header().Values("Set-Cookie"); len(c) > 0 {
				t.Errorf("%s: %s set a cookie: %q", tc.path, loc, c)
			}
			if rec.Code == http.StatusOK {
				break
			}
			next := rec.Header().Get("Location")
			if rec.Code != http.StatusSeeOther && rec.Code != http.StatusMovedPermanently || next == "" {
				t.Fatalf("%s: %s answered %d", tc.path, loc, rec.Code)
			}
			if strings.Contains(next, "login") || strings.Contains(next, "auth") {
				t.Fatalf("%s: %s sent to %s", tc.path, loc, next)
			}
			if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s: redirect from %s has Cache-Control %q", tc.path, loc, cc)
			}
			loc = next
		}
		if loc != tc.want {
			t.Errorf("%s: ended at %s after %d redirects, want %s", tc.path, loc, hops, tc.want)
		}
	}
	// Other unknown paths still need a sign-in.
	for _, p := range []string{"/reporting", "/hazards/x/report", "/REPORTS2"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "http://safety.example.gov.cn"+p, nil))
		if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, "/login") {
			t.Errorf("%s: %d %q, want the sign-in page", p, rec.Code, loc)
		}
	}
}
