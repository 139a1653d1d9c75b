package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/bot"
	"safetybot/internal/fixture"
	"safetybot/internal/storetest"
	"safetybot/web"
)

// 督办 typed in chat and pressed on the dashboard are one rule
// (store.SuperviseHazard): the same event, the same notices to the same
// people (the field's staff while nobody is responsible), and the same
// refusal for a closed hazard.
func TestSuperviseSameFromChatAndDashboard(t *testing.T) {
	ctx := context.Background()
	w := fixture.New(t, 20)
	if err := w.Store.Grant(ctx, safetybot.Grant{UserID: "fieldstaff", Role: safetybot.RoleStaff, WorkingGroup: w.Plan.DomainGroup("道路运输")}, "test"); err != nil {
		t.Fatal(err)
	}
	newHazard := func() *safetybot.Hazard {
		h := &safetybot.Hazard{Description: "客运站安检仪损坏", Grade: safetybot.GradeMajor, Domain: "道路运输", Unit: "县汽车站",
			Deadline: "2026-11-20", Reporter: fixture.Staff}
		if err := w.Store.CreateHazard(ctx, h, fixture.Staff, nil); err != nil {
			t.Fatal(err)
		}
		return h
	}
	engine, err := bot.NewEngine(ctx, w.Store, bot.Config{Now: w.Clock.Now, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	chat := func(text string) string {
		var out []string
		for _, r := range engine.Handle(ctx, bot.Message{Source: "test", ChatType: bot.ChatSingle, UserID: fixture.Leader, Text: text}) {
			out = append(out, r.Text)
		}
		return strings.Join(out, "\n")
	}
	d, err := web.New(ctx, web.Config{Store: w.Store, Now: w.Clock.Now, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, d)
	tok, _, err := w.Store.CreateLoginToken(ctx, fixture.Leader, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	c.get("/login?token=" + tok)
	c.post("/login", url.Values{"token": {tok}}, nil)
	press := func(number string) (int, string) {
		path := "/hazards/" + number
		return c.post(path+"/supervise", url.Values{"kind": {"督办"}, "note": {"本周内落实"}, "csrf": {c.csrf(path)}}, nil)
	}
	// what one 督办 of hazard number wrote: its event and its notices, by target
	type result struct {
		event   safetybot.HazardEvent
		notices map[string]string
	}
	did := func(number string, before int) result {
		_, evs, _ := w.Store.Hazard(ctx, number)
		out, _ := storetest.PendingOutbox(ctx, w.Store, 10000)
		r := result{event: evs[len(evs)-1], notices: map[string]string{}}
		r.event.At, r.event.HazardID = time.Time{}, 0
		for _, m := range out[before:] {
			r.notices[m.TargetKind+":"+m.Target] = strings.ReplaceAll(m.Body, number, "N")
		}
		return r
	}
	pending := func() int {
		out, _ := storetest.PendingOutbox(ctx, w.Store, 10000)
		return len(out)
	}

	a, b := newHazard(), newHazard()
	n := pending()
	if r := chat("督办 " + a.Number + " 本周内落实"); !strings.Contains(r, "已督办 "+a.Number) || !strings.Contains(r, "尚未指派责任人") {
		t.Fatalf("chat 督办: %q", r)
	}
	fromChat := did(a.Number, n)
	n = pending()
	if code, body := press(b.Number); code != http.StatusOK || !strings.Contains(body, "已督办") {
		t.Fatalf("dashboard 督办: %d %s", code, body)
	}
	fromPage := did(b.Number, n)
	if fromChat.event != fromPage.event || fromChat.event.Action != safetybot.Supervise || fromChat.event.Note != "本周内落实" {
		t.Errorf("events differ: chat %+v, dashboard %+v", fromChat.event, fromPage.event)
	}
	if len(fromChat.notices) != 1 || fromChat.notices["user:fieldstaff"] == "" || !strings.Contains(fromChat.notices["user:fieldstaff"], "指派 N") {
		t.Errorf("chat notices: %+v", fromChat.notices)
	}
	if len(fromPage.notices) != len(fromChat.notices) || fromPage.notices["user:fieldstaff"] != fromChat.notices["user:fieldstaff"] {
		t.Errorf("notices differ:\nchat      %+v\ndashboard %+v", fromChat.notices, fromPage.notices)
	}

	// A closed hazard: the same refusal, nothing written.
	for _, h := range []*safetybot.Hazard{a, b} {
		if _, err := w.Store.ChangeHazard(ctx, h.Number, fixture.Staff, func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
			h.Status = safetybot.StatusRejected
			return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "驳回"}}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	n = pending()
	want := "隐患 " + a.Number + " 已驳回，无需督办。"
	if r := chat("督办 " + a.Number); !strings.Contains(r, want) {
		t.Errorf("chat on a rejected hazard: %q", r)
	}
	if _, body := press(b.Number); !strings.Contains(body, strings.ReplaceAll(want, a.Number, b.Number)) {
		t.Errorf("dashboard on a rejected hazard: %s", body)
	}
	if pending() != n {
		t.Error("a refused 督办 queued a notice")
	}
}
