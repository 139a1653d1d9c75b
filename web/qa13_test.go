package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"safetybot"
	"safetybot/internal/fixture"
	"safetybot/web"
)

// QA 13: 督办 on a hazard that was rejected (or closed) while its page was
// open is the user's conflict, not a server error: 409 with the reason, no
// ERROR in the log, nothing changed.
func TestSuperviseAClosedHazardIsAConflict(t *testing.T) {
	ctx := context.Background()
	hs, err := world.Store.Hazards(ctx, safetybot.HazardFilter{Status: safetybot.StatusRejected})
	if err != nil || len(hs) == 0 {
		t.Fatalf("the fixture has no rejected hazard: %v", err)
	}
	h := hs[0]
	var logs bytes.Buffer
	d, err := web.New(ctx, web.Config{Store: world.Store, Now: world.Clock.Now, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, d)
	c.signIn(fixture.Leader)
	path := "/hazards/" + h.Number
	_, before, _ := world.Store.Hazard(ctx, h.Number)
	code, body := c.post(path+"/supervise", url.Values{"kind": {"督办"}, "csrf": {c.csrf(path)}}, nil)
	if code != http.StatusConflict || !strings.Contains(body, "已驳回，无需督办") {
		t.Errorf("督办 on a rejected hazard: %d %.200s", code, body)
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("logged as an error: %s", logs.String())
	}
	if _, evs, _ := world.Store.Hazard(ctx, h.Number); len(evs) != len(before) {
		t.Errorf("events %d → %d", len(before), len(evs))
	}
}

// QA 13: a member signed in for the report form who opens a dashboard page
// (the brand link in the form's header, a photo) is refused that page but
// stays signed in: the form still opens, and the refusal points back to it.
func TestMemberRefusedAPageKeepsTheForm(t *testing.T) {
	c := newClient(t, newActingDashboard(t))
	tok, _, err := world.Store.CreateLoginToken(context.Background(), fixture.Nobody, 60e9)
	if err != nil {
		t.Fatal(err)
	}
	code, body := c.post("/login", url.Values{"token": {tok}, "next": {"/hazards/new"}}, nil)
	if code != 200 || !strings.Contains(body, `id="report"`) {
		t.Fatalf("form: %d", code)
	}
	if strings.Contains(body, `class="brand" href="/"`) {
		t.Error("the form's header links a member to the dashboard")
	}
	code, body = c.get("/")
	if code != http.StatusForbidden || !strings.Contains(body, "没有访问安全生产驾驶舱的权限") || !strings.Contains(body, `href="/hazards/new"`) {
		t.Errorf("the dashboard for a member: %d %.300s", code, body)
	}
	if code, body := c.get("/hazards/new"); code != 200 || !strings.Contains(body, `id="report"`) {
		t.Errorf("the form after a refused page: %d %.200s", code, body)
	}
}
