package web_test

import (
	"context"
	"io"
	"net/url"
	"strings"
	"sync"
	"testing"

	"safetybot"
	"safetybot/internal/fixture"
	"safetybot/internal/storetest"
	"safetybot/web"
)

// mapDir is a Directory from a map that records whom it was asked about.
type mapDir struct {
	mu    sync.Mutex
	names map[string]string
	asked map[string]bool
}

func (d *mapDir) Name(_ context.Context, id string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.asked[id] = true
	if n, ok := d.names[id]; ok {
		return n
	}
	return id
}

func TestPagesAndDownloadShowNames(t *testing.T) {
	dir := &mapDir{names: map[string]string{fixture.Staff: "张工", fixture.Leader: "李局长", "liuba": "刘八"}, asked: map[string]bool{}}
	d, err := web.New(context.Background(), web.Config{Store: world.Store, Now: world.Clock.Now, Logger: quietLog(), Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, d)
	if code, body := c.signIn(fixture.Leader); code != 200 || !strings.Contains(body, "李局长") {
		t.Fatalf("the header must name who is signed in: %d", code)
	}
	hs, err := world.Store.Hazards(context.Background(), safetybot.HazardFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var assigned, anonymous *safetybot.Hazard
	for _, h := range hs {
		if h.Assignee == "liuba" && h.Reporter == fixture.Staff && assigned == nil {
			assigned = h
		}
		if h.Reporter == "" && anonymous == nil {
			anonymous = h
		}
	}
	if assigned == nil || anonymous == nil {
		t.Fatal("fixture lacks an assigned or an anonymous hazard")
	}
	_, body := c.get("/hazards/" + assigned.Number)
	for _, want := range []string{"<dd>张工</dd>", "<dd>刘八</dd>"} {
		if !strings.Contains(body, want) {
			t.Errorf("hazard page lacks %s", want)
		}
	}
	if strings.Contains(body, ">liuba<") || strings.Contains(body, ">"+fixture.Staff+"<") {
		t.Errorf("hazard page shows a userid where a name belongs")
	}
	if _, body = c.get("/hazards/" + anonymous.Number); !strings.Contains(body, "<dd>匿名举报</dd>") {
		t.Errorf("anonymous reporter not shown as 匿名举报")
	}
	if _, body = c.get("/hazards?q=" + "刘八"); !strings.Contains(body, assigned.Number) {
		t.Errorf("search by the responsible person's name finds nothing")
	}
	res, err := c.http.Get(c.srv.URL + "/export?format=csv")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	csv := string(b)
	if !strings.Contains(csv, ",发现人账号,责任人账号\r\n") || !strings.Contains(csv, ",张工,") || !strings.Contains(csv, ",刘八,") ||
		!strings.Contains(csv, ","+fixture.Staff+",liuba\r\n") {
		t.Errorf("csv lacks names or the userid columns:\n%.600s", csv)
	}
}

// QA 5, 6: the overview's overdue-重大 list, the dashboard's 督办 notice and
// its confirmation show people by name.
func TestOverviewAndSuperviseShowNames(t *testing.T) {
	ctx := context.Background()
	h := overdueAssigned(t)
	dir := &mapDir{names: map[string]string{fixture.Leader: "李局长"}, asked: map[string]bool{}}
	od, _ := world.Store.Hazards(ctx, safetybot.HazardFilter{Overdue: true, Today: safetybot.DateOf(fixture.Now), Grade: safetybot.GradeMajor})
	for _, o := range od {
		if o.Assignee != "" {
			dir.names[o.Assignee] = "名" + o.Assignee
		}
	}
	dir.names[h.Assignee] = "责任人甲"
	d, err := web.New(ctx, web.Config{Store: world.Store, Now: world.Clock.Now, Logger: quietLog(), Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, d)
	c.signIn(fixture.Leader)
	_, body := c.get("/")
	urgent := body[strings.Index(body, `id="urgent"`):]
	urgent = urgent[:strings.Index(urgent, "</ol>")]
	shown := strings.Count(urgent, "责任人：名") + strings.Count(urgent, "责任人：责任人甲")
	if shown == 0 || shown != strings.Count(urgent, "责任人：")-strings.Count(urgent, "责任人：未指派") {
		t.Errorf("overdue 重大 list shows userids:\n%s", urgent)
	}
	path := "/hazards/" + h.Number
	if _, page := c.get(path); !strings.Contains(page, "通知整改责任人（责任人甲）") {
		t.Errorf("the 督办 hint names no one by name")
	}
	code, body := c.post(path+"/supervise", url.Values{"kind": {"督办"}, "note": {"尽快"}, "csrf": {c.csrf(path)}}, nil)
	if code != 200 || !strings.Contains(body, "通知责任人 责任人甲。") {
		t.Errorf("confirmation: %d %s", code, body)
	}
	out, _ := storetest.PendingOutbox(ctx, world.Store, 10000)
	if n := out[len(out)-1]; !strings.Contains(n.Body, "【督办】李局长 督办隐患 "+h.Number) {
		t.Errorf("notice: %q", n.Body)
	}
}
