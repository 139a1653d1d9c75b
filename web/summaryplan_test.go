package web_test

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
	"safetybot/plan"
	"safetybot/web"
)

// QA 11 §2: after a plan import the dashboard's /summary?plan= reads the
// plan from the store (no restart), ?plan=1 is the current plan and
// ?plan=方案1 the archived one, as report --plan and report --plan 方案1
// (both export.LoadPlan) give.
func TestSummaryPlanAfterImport(t *testing.T) {
	ctx := context.Background()
	w := fixture.New(t, 5)
	d, err := web.New(ctx, web.Config{Store: w.Store, Now: w.Clock.Now, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
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
	c := newClient(t, d)
	tok, _, err := w.Store.CreateLoginToken(ctx, fixture.Leader, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	c.get("/login?token=" + tok)
	c.post("/login", url.Values{"token": {tok}}, nil)
	// QA 8: imported early (on 2026-11-28), the 2027 plan has not begun:
	// its summary is refused as report --plan refuses it, and the
	// overview links only the archived campaign's.
	if code, body := c.get("/summary?plan=1&format=docx"); code != 400 || !strings.Contains(body, "尚未开始") {
		t.Errorf("the not yet begun plan's summary: %d", code)
	}
	if _, page := c.get("/"); strings.Contains(page, "/summary?plan=1&amp;") || !strings.Contains(page, `《`+p.Title+`》总结与自查自评（Word）`) {
		t.Error("the overview links a plan not yet begun, or not the archived one")
	}
	w.Clock.Set(time.Date(2027, 1, 4, 9, 0, 0, 0, safetybot.Shanghai))
	if tok, _, err = w.Store.CreateLoginToken(ctx, fixture.Leader, time.Minute); err != nil { // the session has expired
		t.Fatal(err)
	}
	c.get("/login?token=" + tok)
	c.post("/login", url.Values{"token": {tok}}, nil)
	review := func(path string) int {
		res, err := c.http.Get(c.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, res.StatusCode, b)
		}
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows(export.SheetReview)
		return len(rows) - 1
	}
	for _, tc := range []struct {
		query string
		id    int64
		tasks int
	}{{"plan=1", 0, 3}, {"plan=" + url.QueryEscape("方案1"), 1, 29}} {
		cli, err := export.LoadPlan(ctx, w.Store, tc.id, w.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if got := review("/summary?" + tc.query + "&format=xlsx"); got != tc.tasks || len(cli.Tasks.Review) != tc.tasks {
			t.Errorf("%s: dashboard %d tasks, report --plan %d, want %d", tc.query, got, len(cli.Tasks.Review), tc.tasks)
		}
	}
	// QA 11b §3: the overview links each plan's summary under its own
	// title: the current 2027 plan at ?plan=1, the three-year campaign at
	// ?plan=方案1; no link says 三年行动 of the 2027 plan.
	_, page := c.get("/")
	for _, want := range []string{
		`href="/summary?plan=1&amp;format=docx">《` + norm.Title + `》总结与自查自评（Word）</a>`,
		`href="/summary?plan=%e6%96%b9%e6%a1%881&amp;format=docx">《` + p.Title + `》总结与自查自评（Word）</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("overview lacks %s", want)
		}
	}
	if strings.Contains(page, `plan=1&amp;format=docx">三年行动`) {
		t.Error("overview still labels the current plan's summary 三年行动")
	}
	for _, bad := range []string{"/summary?plan=" + url.QueryEscape("方案9"), "/summary?plan=x"} {
		if code, body := c.get(bad); code != 404 && code != 400 || !strings.Contains(body, "方案") {
			t.Errorf("%s: %d", bad, code)
		}
	}
}
