package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/fixture"
	"safetybot/plan"
	"safetybot/web"
)

// QA6c C5: after the next plan was imported (and serve restarted, as the
// README asks for the dashboard), the overview still headed the 2027
// plan's 3 actions 十二大行动任务进展, /tasks its 5 tasks 三年行动任务进展,
// and every page title said 安全生产治本攻坚驾驶舱. The words follow the
// plan loaded; the campaign keeps its own.
func TestDashboardWordsFollowThePlan(t *testing.T) {
	ctx := context.Background()
	w := fixture.New(t, 5)
	campaign := []string{"十二大行动任务进展", "三年行动任务进展", "治本攻坚驾驶舱"}
	pages := func(t *testing.T) string {
		t.Helper()
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
		var all strings.Builder
		for _, path := range []string{"/", "/tasks", "/hazards"} {
			code, body := c.get(path)
			if code != 200 {
				t.Fatalf("%s: %d", path, code)
			}
			all.WriteString(body)
		}
		return all.String()
	}
	for _, tc := range []struct {
		name      string
		setup     func(t *testing.T)
		want, not []string
	}{
		{"the campaign", func(*testing.T) {}, []string{"<h2>十二大行动任务进展</h2>", "<h1>三年行动任务进展</h1>", "<title>总览 · 安全生产治本攻坚驾驶舱</title>"}, nil},
		{"the 2027 plan imported", func(t *testing.T) { importNext(t, w) },
			[]string{"<h2>各项行动任务进展</h2>", "<h1>方案任务进展</h1>", "<title>总览 · 安全生产驾驶舱</title>", "<title>任务进展 · 安全生产驾驶舱</title>"}, campaign},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.setup(t)
			got := pages(t)
			for _, s := range tc.want {
				if !strings.Contains(got, s) {
					t.Errorf("pages lack %s", s)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(got, s) {
					t.Errorf("pages still say %s", s)
				}
			}
		})
	}
}

// importNext imports the 2027 plan of testdata, archiving the campaign.
func importNext(t *testing.T, w *fixture.World) {
	t.Helper()
	ctx := context.Background()
	next, err := plan.LoadFile("../testdata/plans/good-2027.json")
	if err != nil {
		t.Fatal(err)
	}
	norm, sch, err := plan.Normalize(next, w.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	p, _ := w.Store.Plan(ctx)
	duties, _ := w.Store.Duties(ctx)
	rules, _ := w.Store.Rules(ctx)
	if _, err := w.Store.ImportPlan(ctx, safetybot.PlanImport{Plan: &norm.Plan, Duties: sch.Duties, Rules: sch.Rules,
		Archive: plan.Export(p, duties, rules), Actor: "test"}); err != nil {
		t.Fatal(err)
	}
}
