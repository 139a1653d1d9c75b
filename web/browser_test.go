package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
)

// The browser test drives Debian's chromium headless through chromedp: it
// signs in with a one-time link, opens every page, checks the figures shown
// against the store, and keeps a screenshot of each page as an artifact in
// $SAFETYBOT_ARTIFACTS (default: testdata/artifacts/web at the repository
// root, which git ignores). It skips only when no Chromium is installed and
// CI is not set; CI (.ci/run) installs chromium, and there a missing browser
// fails the test.

func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SAFETYBOT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed: .ci/run must install Debian's chromium (apt-get install -y chromium)")
	}
	t.Skip("browser test skipped: no chromium on this machine (apt-get install -y chromium, or set SAFETYBOT_CHROMIUM)")
	return ""
}

func artifactsDir(t *testing.T) string {
	dir := os.Getenv("SAFETYBOT_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "testdata", "artifacts")
	}
	dir = filepath.Join(dir, "web")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browser starts one headless Chromium with the flags that work on this
// kind of machine (no network beyond loopback, root, no GPU) and a fresh
// profile.
func browser(t *testing.T) context.Context {
	path := chromiumPath(t)
	profile, err := os.MkdirTemp("", "safetybot-chromium")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
		for range 50 { // the browser's children may still write for a moment
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	// The first Run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting chromium %s: %v", path, err)
	}
	return ctx
}

func step[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	step(t, ctx, what, chromedp.Steps(steps...))
}

func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	shot(t, ctx, dir, name, chromedp.FullScreenshot(100))
}

// shot writes a PNG screenshot taken by action a.
func shot(t *testing.T, ctx context.Context, dir, name string, a chromedp.Action[[]byte]) {
	t.Helper()
	png := step(t, ctx, "screenshot "+name, a)
	file := filepath.Join(dir, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d KB)", file, len(png)/1024)
}

// figures reads every [data-figure] on the page.
func figures(t *testing.T, ctx context.Context) map[string]string {
	return step(t, ctx, "read figures", chromedp.Evaluate[map[string]string](
		`Object.fromEntries([...document.querySelectorAll('[data-figure]')].map(e => [e.dataset.figure, e.textContent.trim()]))`))
}

func texts(t *testing.T, ctx context.Context, js string) []string {
	return step(t, ctx, "query", chromedp.Evaluate[[]string](js))
}

func TestBrowser(t *testing.T) {
	ctx := browser(t)
	srv := httptest.NewServer(newDashboard(t, nil))
	t.Cleanup(srv.Close)
	dir := artifactsDir(t)
	s := world.Store
	bg := context.Background()
	today := safetybot.DateOf(fixture.Now)

	// Signed out: the sign-in page.
	do(t, ctx, "open /", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("pre")))
	screenshot(t, ctx, dir, "01-signin")

	// A user without a role is refused, in Chinese.
	tok, _, err := s.CreateLoginToken(bg, fixture.Nobody, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "refused sign-in", chromedp.Navigate(srv.URL+"/login?token="+tok), chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitVisible(chromedp.CSS("#message")))
	if msg := step(t, ctx, "message", chromedp.Text(chromedp.CSS("#message"))); !strings.Contains(msg, "没有访问安全生产驾驶舱的权限") {
		t.Fatalf("refusal: %q", msg)
	}
	screenshot(t, ctx, dir, "02-refused")

	// A leader signs in with a one-time link.
	tok, _, err = s.CreateLoginToken(bg, fixture.Leader, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "sign in", chromedp.Navigate(srv.URL+"/login?token="+tok), chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitVisible(chromedp.CSS(`[data-figure="open"]`)))

	// Overview figures against the store.
	list := func(f safetybot.HazardFilter) []*safetybot.Hazard {
		hs, err := s.Hazards(bg, f)
		if err != nil {
			t.Fatal(err)
		}
		return hs
	}
	all := list(safetybot.HazardFilter{})
	open := list(safetybot.HazardFilter{OpenOnly: true})
	soon, closed, rejected := 0, 0, 0
	for _, h := range open {
		if !h.Overdue(today) && h.Deadline != "" && h.Deadline <= safetybot.DateOf(fixture.Now.AddDate(0, 0, 7)) {
			soon++
		}
	}
	for _, h := range all {
		switch h.Status {
		case safetybot.StatusClosed:
			closed++
		case safetybot.StatusRejected:
			rejected++
		}
	}
	want := map[string]string{
		"open":         fmt.Sprint(len(open)),
		"open-major":   fmt.Sprint(len(list(safetybot.HazardFilter{OpenOnly: true, Grade: safetybot.GradeMajor}))),
		"overdue":      fmt.Sprint(len(list(safetybot.HazardFilter{Overdue: true, Today: today}))),
		"due-soon":     fmt.Sprint(soon),
		"closure-rate": export.Rate(closed, len(all)-rejected),
		"year-found":   fmt.Sprint(len(list(safetybot.HazardFilter{Year: 2026}))),
	}
	got := figures(t, ctx)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("overview %s shows %q, store says %q", k, got[k], v)
		}
	}
	for _, dm := range world.Plan.Domains {
		row := texts(t, ctx, fmt.Sprintf(`[...document.querySelectorAll('#by-domain tr[data-domain=%q] td')].map(e => e.textContent.trim())`, dm.Name))
		if n := len(list(safetybot.HazardFilter{OpenOnly: true, Domain: dm.Name})); len(row) != 5 || row[3] != fmt.Sprint(n) {
			t.Errorf("open hazards of %s: page %v, store %d", dm.Name, row, n)
		}
	}
	thisMonth := 0
	for _, h := range all {
		if safetybot.Month(h.FoundAt) == "2026-11" {
			thisMonth++
		}
	}
	if v := texts(t, ctx, `[document.querySelector('#trend td[data-month="2026-11"][data-kind="found"]').textContent]`); v[0] != fmt.Sprint(thisMonth) {
		t.Errorf("found in 2026-11: page %s, store %d", v[0], thisMonth)
	}
	// Coverage counts enterprises only, not government bodies (县公路段).
	all4, _ := s.DutyRecords(bg, safetybot.DutyInspection, "2026-Q4")
	allEnts, _ := s.KnownUnits(bg)
	var ents []safetybot.Enterprise
	for _, e := range allEnts {
		if e.Registered || !safetybot.IsGovernmentBody(e.Name) {
			ents = append(ents, e)
		}
	}
	if len(ents) == len(allEnts) {
		t.Fatal("the fixture names no government body: the enterprise-only coverage is not tested")
	}
	var q4 []safetybot.DutyRecord
	units := map[string]bool{}
	for _, r := range all4 {
		if !safetybot.IsGovernmentBody(r.Unit) {
			q4 = append(q4, r)
			units[r.Unit] = true
		}
	}
	if v := texts(t, ctx, `[...document.querySelectorAll('#inspections tr[data-quarter="2026-Q4"] td')].map(e => e.textContent)`); len(v) != 4 ||
		v[1] != fmt.Sprint(len(q4)) || v[3] != export.Rate(len(units), len(ents)) {
		t.Errorf("2026-Q4 inspections: page %v, store %d records, %d units of %d enterprises", v, len(q4), len(units), len(ents))
	}
	if n := step(t, ctx, "charts", chromedp.Evaluate[int](`[...document.querySelectorAll('svg.chart')].filter(e => e.getBoundingClientRect().width > 0).length`)); n != 4 {
		t.Errorf("%d charts shown on the overview, want 4", n)
	}
	screenshot(t, ctx, dir, "03-overview")

	// The same page on a phone.
	do(t, ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-figure="open"]`)))
	if w := step(t, ctx, "width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 400 {
		t.Errorf("the overview scrolls sideways on a phone: %d px wide", w)
	}
	screenshot(t, ctx, dir, "04-overview-phone")
	do(t, ctx, "phone ledger", chromedp.Navigate(srv.URL+"/hazards?overdue=1"), chromedp.WaitVisible(chromedp.CSS("#total")))
	shot(t, ctx, dir, "05-hazards-phone", chromedp.CaptureScreenshot()) // the first screenful
	do(t, ctx, "desktop", chromedp.EmulateViewport(1280, 900))

	// Hazard list: totals and a filter.
	do(t, ctx, "hazards", chromedp.Navigate(srv.URL+"/hazards"), chromedp.WaitVisible(chromedp.CSS("#total")))
	if v := step(t, ctx, "total", chromedp.Text(chromedp.CSS("#total"))); v != fmt.Sprint(len(all)) {
		t.Errorf("ledger total %s, store %d", v, len(all))
	}
	if n := step(t, ctx, "rows", chromedp.Evaluate[int](`document.querySelectorAll('#hazards tbody tr[data-number]').length`)); n != min(len(all), 50) {
		t.Errorf("%d rows on the first page", n)
	}
	screenshot(t, ctx, dir, "06-hazards")
	road := list(safetybot.HazardFilter{Domain: "道路运输", Grade: safetybot.GradeMajor})
	do(t, ctx, "filter", chromedp.Navigate(srv.URL+"/hazards?domain=道路运输&grade=重大"), chromedp.WaitVisible(chromedp.CSS("#total")))
	if v := step(t, ctx, "filtered total", chromedp.Text(chromedp.CSS("#total"))); v != fmt.Sprint(len(road)) {
		t.Errorf("major road hazards %s, store %d", v, len(road))
	}
	href := step(t, ctx, "download link", chromedp.Evaluate[string](`document.querySelector('#dl-xlsx').getAttribute('href')`))
	if !strings.Contains(href, "format=xlsx") || !strings.Contains(href, "domain=") {
		t.Errorf("download link %q", href)
	}

	// Hazard detail with history and a photo that loads.
	h, evs, err := s.Hazard(bg, "YH2026-0001")
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "hazard", chromedp.Navigate(srv.URL+"/hazards/YH2026-0001"), chromedp.WaitVisible(chromedp.CSS("#history")))
	if v := step(t, ctx, "status", chromedp.Text(chromedp.CSS("#status"))); v != string(h.Status) {
		t.Errorf("status %s, store %s", v, h.Status)
	}
	if n := step(t, ctx, "history", chromedp.Evaluate[int](`document.querySelectorAll('#history li').length`)); n != len(evs) {
		t.Errorf("%d history lines, store %d events", n, len(evs))
	}
	if w := step(t, ctx, "photo", chromedp.Evaluate[int](`(async () => { const i = document.querySelector('#evidence img'); await i.decode(); return i.naturalWidth })()`, chromedp.EvalAwaitPromise)); w != 40 {
		t.Errorf("photo width %d, want 40", w)
	}
	screenshot(t, ctx, dir, "07-hazard")

	// Tasks: every task's progress as the store has it.
	tasks, err := s.Tasks(bg)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "tasks", chromedp.Navigate(srv.URL+"/tasks"), chromedp.WaitVisible(chromedp.CSS("ul.tasks")))
	shown := step(t, ctx, "progress", chromedp.Evaluate[map[string]string](
		`Object.fromEntries([...document.querySelectorAll('li[data-task]')].map(e => [e.dataset.task, e.querySelector('progress').getAttribute('value')]))`))
	if len(shown) != len(tasks) {
		t.Errorf("%d tasks shown, store %d", len(shown), len(tasks))
	}
	for _, tk := range tasks {
		if shown[fmt.Sprint(tk.No)] != fmt.Sprint(tk.Progress) {
			t.Errorf("task %d progress %s, store %d", tk.No, shown[fmt.Sprint(tk.No)], tk.Progress)
		}
	}
	heads := step(t, ctx, "action heads", chromedp.Evaluate[map[string]string](
		`Object.fromEntries([...document.querySelectorAll('section.action')].map(e => [e.id, e.querySelector('h2 small').textContent]))`))
	since, err := s.Since(bg)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range export.TasksByAction(world.Plan.Actions, tasks, today, since) {
		if want := fmt.Sprintf("完成 %d/%d", a.Done, a.Tasks); !strings.HasPrefix(heads[fmt.Sprintf("action-%d", a.No)], want) {
			t.Errorf("action %d heading %q, want %s…", a.No, heads[fmt.Sprintf("action-%d", a.No)], want)
		}
	}
	screenshot(t, ctx, dir, "08-tasks")
	do(t, ctx, "task", chromedp.Navigate(srv.URL+"/tasks/3"), chromedp.WaitVisible(chromedp.CSS("#updates")))
	_, ups, _ := s.Task(bg, 3)
	if v := step(t, ctx, "updates", chromedp.Text(chromedp.CSS("#count"))); v != fmt.Sprint(len(ups)) {
		t.Errorf("task 3 shows %s updates, store %d", v, len(ups))
	}
	screenshot(t, ctx, dir, "09-task")

	// Reminder rules: one row per rule.
	rules, err := s.Rules(bg)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "rules", chromedp.Navigate(srv.URL+"/rules?all=1"), chromedp.WaitVisible(chromedp.CSS("#rules")))
	if n := step(t, ctx, "rule rows", chromedp.Evaluate[int](`document.querySelectorAll('#rules tr[data-rule]').length`)); n != len(rules) {
		t.Errorf("%d rules shown with all=1, store %d", n, len(rules))
	}
	// By default the ended rules are left out, and each schedule is in words.
	do(t, ctx, "rules", chromedp.Navigate(srv.URL+"/rules"), chromedp.WaitVisible(chromedp.CSS("#rules")))
	states := texts(t, ctx, `[...document.querySelectorAll('#rules tr[data-rule] td[data-label="状态"] .tag')].map(e => e.textContent)`)
	ended := step(t, ctx, "ended", chromedp.Text(chromedp.CSS("#ended")))
	if fmt.Sprint(len(rules)-len(states)) != ended || slices.Contains(states, "已结束") {
		t.Errorf("%d rules shown, %s said ended, of %d; states %v", len(states), ended, len(rules), states)
	}
	if words := texts(t, ctx, `[...document.querySelectorAll('#rules .words')].map(e => e.textContent)`); !slices.Contains(words, "每月最后一个工作日 9:00") {
		t.Errorf("no schedule in words like 每月最后一个工作日 9:00: %v", words)
	}
	screenshot(t, ctx, dir, "10-rules")
}
