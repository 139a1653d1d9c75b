package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/storetest"
	"safetybot/plan"
	"safetybot/web"
)

// TestTipPhotosAreTheHandlersAlone: a report's photos are shown to those
// who may 受理 it (a handler, even one without a dashboard role, who may
// sign in for that page alone), audited, never cached; to no one else.
func TestTipPhotosAreTheHandlersAlone(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, safetybot.Shanghai)
	s := storetest.Open(t, func() time.Time { return now })
	t.Cleanup(func() { s.Close() })
	if _, err := s.SeedPlan(ctx, plan.Default()); err != nil {
		t.Fatal(err)
	}
	for _, g := range []safetybot.Grant{{UserID: "h1", Role: safetybot.RoleHandler}, {UserID: "st1", Role: safetybot.RoleStaff},
		{UserID: "both", Role: safetybot.RoleStaff}, {UserID: "both", Role: safetybot.RoleHandler}} {
		if err := s.Grant(ctx, g, "admin"); err != nil {
			t.Fatal(err)
		}
	}
	jpeg := func(s string) []byte { return append([]byte("\xff\xd8\xff"), s...) }
	tip, err := s.CreateTip(ctx, []byte("receipt-hash"), "举报内容", [][]byte{jpeg("one"), jpeg("two")})
	if err != nil {
		t.Fatal(err)
	}
	d, err := web.New(ctx, web.Config{Store: s, Now: func() time.Time { return now }, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	path := safetybot.TipPhotosPath(tip.ID)
	for _, tc := range []struct {
		name, user, next string
		signIn, status   int // answers to the sign-in and to the page
		want             string
	}{
		{"a handler without a dashboard role", "h1", path, 200, 200, "举报 " + safetybot.TipRef(tip.ID) + " 的照片"},
		{"a handler who is also staff", "both", "", 200, 200, "本次查看已记入经手记录"},
		{"staff who is no handler", "st1", "", 200, 403, "只有受理人可以查看"},
		{"a member with no role", "nobody", path, 403, 0, "没有访问安全生产驾驶舱的权限"},
		{"signed out", "", "", 0, 303, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, d)
			if tc.user != "" {
				tok, _, err := s.CreateLoginToken(ctx, tc.user, time.Minute)
				if err != nil {
					t.Fatal(err)
				}
				code, body := c.post("/login", url.Values{"token": {tok}, "next": {tc.next}}, nil)
				if code != tc.signIn {
					t.Fatalf("sign-in = %d, want %d\n%s", code, tc.signIn, body)
				}
				if tc.signIn != 200 {
					if !strings.Contains(body, tc.want) {
						t.Fatalf("sign-in refused without %q:\n%s", tc.want, body)
					}
					return
				}
			}
			c.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			res, err := c.http.Get(c.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			raw, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			body := string(raw)
			if strings.Contains(body, "授权") {
				t.Errorf("the page advises asking for a role:\n%s", body)
			}
			if res.StatusCode != tc.status || !strings.Contains(body, tc.want) {
				t.Fatalf("GET %s = %d, want %d with %q\n%s", path, res.StatusCode, tc.status, tc.want, body)
			}
			if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("X-Frame-Options") != "DENY" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
				t.Errorf("headers %v", res.Header)
			}
			imgs := regexp.MustCompile(`<img src="data:image/jpeg;base64,[^"]+"`).FindAllString(body, -1)
			if want := map[bool]int{true: 2, false: 0}[tc.status == 200]; len(imgs) != want {
				t.Errorf("%d photos shown, want %d", len(imgs), want)
			}
		})
	}
	// Every showing is audited (h1's twice: the sign-in led to the page),
	// and no refusal is.
	audit, err := s.TipAudit(ctx, tip.ID)
	var who []string
	for _, a := range audit {
		if a.Action != safetybot.TipPhotosViewed {
			t.Errorf("audited %q", a.Action)
		}
		who = append(who, a.Actor)
	}
	if err != nil || strings.Join(who, ",") != "h1,h1,both" {
		t.Fatalf("audit %+v, %v", audit, err)
	}
}
