package web_test

import (
	"net/http"
	"regexp"
	"testing"

	"safetybot/internal/fixture"
)

// TestNothingConfidentialIsCached: every dashboard answer that may carry
// the ledger (pages, evidence photos, exports, errors, redirects) is
// Cache-Control: no-store, so a revoked user's browser cannot go on showing
// it; evidence photos were private, max-age=3600 (fix9-8 #3). Only the
// static assets are cacheable.
func TestNothingConfidentialIsCached(t *testing.T) {
	c := newClient(t, newActingDashboard(t))
	c.signIn(fixture.Staff)
	_, body := c.get("/hazards/YH2026-0001")
	photo := regexp.MustCompile(`<img src="(/hazards/YH2026-0001/evidence/\d+)"`).FindStringSubmatch(body)
	if photo == nil {
		t.Fatal("no photo on YH2026-0001's page")
	}
	c.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, tc := range []struct {
		path, want string
	}{
		{photo[1], "no-store"},
		{"/", "no-store"},
		{"/hazards?q=" + "护栏", "no-store"},
		{"/hazards/YH2026-0001", "no-store"},
		{"/hazards/new", "no-store"},
		{"/tasks/3", "no-store"},
		{"/export?format=csv&year=2026", "no-store"},
		{"/export?format=xlsx&year=2026", "no-store"},
		{"/summary?year=2026&format=docx", "no-store"},
		{"/summary?year=2026&format=xlsx", "no-store"},
		{"/hazards/YH2026-9999", "no-store"},            // not found
		{"/hazards/YH2026-0001/evidence/0", "no-store"}, // no such photo
		{"/export?format=pdf", "no-store"},              // refused
		{"/login", "no-store"},
		{"/static/style.css", "public, max-age=3600"},
	} {
		res, err := c.http.Get(c.srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Cache-Control"); got != tc.want {
			t.Errorf("GET %s: %d Cache-Control %q, want %q", tc.path, res.StatusCode, got, tc.want)
		}
	}
	// Signed out: the redirect to sign in is not kept either.
	anon := newClient(t, newActingDashboard(t))
	anon.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := anon.http.Get(anon.srv.URL + photo[1])
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Cache-Control"); res.StatusCode != http.StatusSeeOther || got != "no-store" {
		t.Errorf("signed-out photo: %d Cache-Control %q", res.StatusCode, got)
	}
}
