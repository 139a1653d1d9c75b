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

// QA2 item 5: two revisions of the campaign in the same period archive it
// twice under the same title; the overview's summary links say which is
// the current plan and which 方案N, with when each was imported and
// archived (it showed three identical 「《…》总结与自查自评（Word）」 links).
func TestPlanLinksOfRevisions(t *testing.T) {
	ctx := context.Background()
	w := fixture.New(t, 5)
	revise := func(edit func(*safetybot.PlanFile)) { revisePlan(t, w, edit) }
	start := w.Clock.Now()
	revise(func(f *safetybot.PlanFile) { f.Tasks[0].Title += "（修订）" })
	w.Clock.Add(90 * time.Minute)
	revise(func(f *safetybot.PlanFile) { f.Tasks[1].Title += "（再修订）" })
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
	_, page := c.get("/")
	at := func(t time.Time) string { return t.In(safetybot.Shanghai).Format("2006-01-02 15:04") }
	first, second := at(start), at(w.Clock.Now())
	title := plan.Default().Title
	for _, want := range []string{
		`href="/summary?plan=1&amp;format=docx">《` + title + `》（当前方案，` + second + ` 导入）总结与自查自评（Word）</a>`,
		`href="/summary?plan=%e6%96%b9%e6%a1%882&amp;format=docx">《` + title + `》（方案2，` + first + ` 导入，` + second + ` 修订时归档）总结与自查自评（Word）</a>`,
		`href="/summary?plan=%e6%96%b9%e6%a1%881&amp;format=docx">《` + title + `》（方案1，最初载入，` + first + ` 修订时归档）总结与自查自评（Word）</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("overview lacks %s", want)
		}
	}
	if n := strings.Count(page, `》总结与自查自评（Word）`); n != 0 {
		t.Errorf("%d summary links bear the title alone", n)
	}
}

// revisePlan imports, as admin at w's clock, the current plan as edit
// changes it (a same-period revision: the old one is archived).
func revisePlan(t *testing.T, w *fixture.World, edit func(*safetybot.PlanFile)) {
	t.Helper()
	ctx := context.Background()
	p, _ := w.Store.Plan(ctx)
	duties, _ := w.Store.Duties(ctx)
	rules, _ := w.Store.Rules(ctx)
	next := plan.Export(p, duties, rules)
	edit(next)
	norm, sch, err := plan.Normalize(next, w.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Store.ImportPlan(ctx, safetybot.PlanImport{Plan: &norm.Plan, Duties: sch.Duties, Rules: sch.Rules,
		Archive: plan.Export(p, duties, rules), Actor: "admin"}); err != nil {
		t.Fatal(err)
	}
}
