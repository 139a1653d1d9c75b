package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/storetest"
	"safetybot/plan"
	"safetybot/web"
)

// The sign-in page names the login-link flags of the link the page asked
// for: a handler who cannot use WeCom sign-in on a report's photo page
// must ask for --tip, not a dashboard link he cannot use (QA17 #8).
func TestLoginPageNamesTheLinkToAskFor(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, safetybot.Shanghai)
	s := storetest.Open(t, func() time.Time { return now })
	t.Cleanup(func() { s.Close() })
	if _, err := s.SeedPlan(ctx, plan.Default()); err != nil {
		t.Fatal(err)
	}
	d, err := web.New(ctx, web.Config{Store: s, Now: func() time.Time { return now }, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, d)
	for _, tc := range []struct{ next, want string }{
		{"", "safetybot login-link --user 企业微信账号</pre>"},
		{"/hazards/new", "safetybot login-link --user 企业微信账号 --form</pre>"},
		{safetybot.TipPhotosPath(12), "safetybot login-link --user 企业微信账号 --tip 12</pre>"},
	} {
		path := "/login"
		if tc.next != "" {
			path += "?next=" + url.QueryEscape(tc.next)
		}
		if code, body := c.get(path); code != 200 || !strings.Contains(body, tc.want) {
			t.Errorf("GET %s = %d, want %q\n%s", path, code, tc.want, body)
		}
	}
}
