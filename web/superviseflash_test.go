package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/bot"
	"safetybot/internal/fixture"
	"safetybot/web"
)

// The banner after a 督办 or 催办 on the hazard page says what was done and
// who was told, in the chat reply's words (safetybot.Told), and only to
// the session that posted it, once: a link with ?done= (shared,
// bookmarked, forged) shows none, and neither does a reload or another
// user's page.
func TestSuperviseBannerSaysWhatWasDone(t *testing.T) {
	ctx := context.Background()
	w := fixture.New(t, 20)
	// two fields with groups of their own: one with a staff member of its
	// own, one whose group has none
	var staffed, unstaffed string
	for _, d := range w.Plan.Domains {
		switch g := w.Plan.DomainGroup(d.Name); {
		case g == "" || g == w.Plan.DomainGroup(staffed):
		case staffed == "":
			staffed = d.Name
		case unstaffed == "":
			unstaffed = d.Name
		}
	}
	if staffed == "" || unstaffed == "" {
		t.Fatal("the fixture plan has fewer than two groups")
	}
	if err := w.Store.Grant(ctx, safetybot.Grant{UserID: "fieldstaff", Role: safetybot.RoleStaff, WorkingGroup: w.Plan.DomainGroup(staffed)}, "test"); err != nil {
		t.Fatal(err)
	}
	dir := &mapDir{names: map[string]string{"zhangsan": "张三", "fieldstaff": "赵工", fixture.Leader: "李局长"}, asked: map[string]bool{}}
	d, err := web.New(ctx, web.Config{Store: w.Store, Now: w.Clock.Now, Logger: quietLog(), Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	engine, err := bot.NewEngine(ctx, w.Store, bot.Config{Now: w.Clock.Now, Logger: quietLog(), Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	chat := func(user, text string) string {
		var out []string
		for _, r := range engine.Handle(ctx, bot.Message{Source: "test", ChatType: bot.ChatSingle, UserID: user, Text: text}) {
			out = append(out, r.Text)
		}
		return strings.Join(out, "\n")
	}
	signIn := func(user string) *client {
		c := newClient(t, d)
		tok, _, err := w.Store.CreateLoginToken(ctx, user, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		c.post("/login", url.Values{"token": {tok}}, nil)
		return c
	}
	newHazard := func(domain, assignee string) string {
		h := &safetybot.Hazard{Description: "收费站岗亭玻璃破损，夜间无警示", Grade: safetybot.GradeGeneral, Domain: domain,
			Unit: "县公路段", Deadline: "2026-12-20", Reporter: fixture.Staff, Assignee: assignee}
		if err := w.Store.CreateHazard(ctx, h, fixture.Staff, nil); err != nil {
			t.Fatal(err)
		}
		return h.Number
	}
	leader, staff, field := signIn(fixture.Leader), signIn(fixture.Staff), signIn("fieldstaff")

	for _, tc := range []struct {
		name     string
		c        *client
		actor    string
		kind     string
		domain   string
		assignee string
		told     string
	}{
		{"assigned", leader, fixture.Leader, "督办", staffed, "zhangsan", "已通知责任人 张三。"},
		{"unassigned, the field has staff", leader, fixture.Leader, "督办", staffed, "", "尚未指派责任人，已通知本领域工作人员指派。"},
		{"unassigned, the field's group has no staff", leader, fixture.Leader, "督办", unstaffed, "", "尚未指派责任人，已通知全体工作人员指派。"},
		{"unassigned, no field staff, staff urges: not told himself", staff, fixture.Staff, "催办", unstaffed, "", "尚未指派责任人，已通知其他工作人员指派。"},
		{"unassigned, the actor is the field's only staff", field, "fieldstaff", "催办", staffed, "", "尚未指派责任人；本领域没有其他工作人员，未通知他人，请尽快指派。"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// chat and the page say the same about who was told
			if r := chat(tc.actor, tc.kind+" "+newHazard(tc.domain, tc.assignee)+" 本周内落实"); !strings.Contains(r, "，已记入处置记录。"+tc.told) {
				t.Errorf("chat %s: %q, want …%s", tc.kind, r, tc.told)
			}
			path := "/hazards/" + newHazard(tc.domain, tc.assignee)
			_, body := tc.c.post(path+"/supervise", url.Values{"kind": {tc.kind}, "note": {"本周内落实"}, "csrf": {tc.c.csrf(path)}}, nil)
			if want := `<p class="flash" id="flash">已` + tc.kind + "，已记入处置记录。" + tc.told + "</p>"; !strings.Contains(body, want) {
				t.Errorf("banner: want %s in\n%s", want, body)
			}
			// once: not on a reload, nor on another user's page
			for name, c := range map[string]*client{"reload": tc.c, "another user": staff} {
				if _, body := c.get(path); strings.Contains(body, `id="flash"`) {
					t.Errorf("%s shows the banner again", name)
				}
			}
		})
	}

	// A link cannot make the banner: nothing was recorded.
	path := "/hazards/" + newHazard(staffed, "")
	for name, c := range map[string]*client{"leader": leader, "staff": staff} {
		for _, q := range []string{"?done=督办", "?done=催办", "?done=" + url.QueryEscape("督办") + "&kind=督办"} {
			if code, body := c.get(path + q); code != 200 || strings.Contains(body, `id="flash"`) || strings.Contains(body, "已督办") {
				t.Errorf("%s opening %s%s: %d, a banner for nothing done", name, path, q, code)
			}
		}
	}
	if _, evs, _ := w.Store.Hazard(ctx, path[len("/hazards/"):]); len(evs) != 1 {
		t.Errorf("%d events on a hazard only reported", len(evs))
	}
}
