package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/fixture"
	"safetybot/web"
)

// qa3 #6: the summaries of revisions of one plan (same period, so the same
// summary title) downloaded under one file name and overwrote each other;
// each now names itself as the overview's link does. A plan no other
// version shares the period of keeps the bare title. A bad ?plan= says in
// Chinese how to write it, with the number typed as the example.
func TestSummaryFileNames(t *testing.T) {
	ctx := context.Background()
	w := fixture.New(t, 5)
	revise := func(edit func(*safetybot.PlanFile)) { revisePlan(t, w, edit) }
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
	fileName := func(query string) string {
		t.Helper()
		res, err := c.http.Get(c.srv.URL + "/summary?" + query + "&format=docx")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", query, res.StatusCode)
		}
		cd := res.Header.Get("Content-Disposition")
		_, esc, ok := strings.Cut(cd, "filename*=UTF-8''")
		name, err := url.PathUnescape(esc)
		if !ok || err != nil {
			t.Fatalf("%s: Content-Disposition %q", query, cd)
		}
		return name
	}
	const title = "沁水县交通运输安全生产治本攻坚三年行动（2024—2026年）工作总结"
	if got := fileName("plan=1"); got != title+".docx" {
		t.Errorf("the only plan: %s, want the bare title", got)
	}
	revise(func(f *safetybot.PlanFile) { f.Tasks[0].Title += "（修订）" })
	w.Clock.Add(90 * time.Minute)
	revise(func(f *safetybot.PlanFile) { f.Tasks[1].Title += "（再修订）" })
	for _, tc := range []struct{ query, want string }{
		{"plan=1", title + "（当前方案）.docx"},
		{"plan=" + url.QueryEscape("方案1"), title + "（方案1）.docx"},
		{"plan=" + url.QueryEscape("方案2"), title + "（方案2）.docx"},
	} {
		if got := fileName(tc.query); got != tc.want {
			t.Errorf("%s: file %s, want %s", tc.query, got, tc.want)
		}
	}
	for _, tc := range []struct{ query, want string }{
		{"plan=4", "?plan=方案4"},
		{"plan=x", "?plan=方案1"},
	} {
		code, body := c.get("/summary?" + tc.query)
		if code != 400 || !strings.Contains(body, "无法识别要下载哪个方案的总结") || !strings.Contains(body, tc.want) || strings.Contains(body, "plan 只能") {
			t.Errorf("%s: %d, body lacks the Chinese hint %q", tc.query, code, tc.want)
		}
	}
}
