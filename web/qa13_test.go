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
