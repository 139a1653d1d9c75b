package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"safetybot"
	"safetybot/internal/fixture"
	"safetybot/internal/storetest"
	"safetybot/web"
)

// phoneChecks are the rules a page a leader opens on a phone keeps, read in
// the browser at 390 px: chart text at least 12 px as drawn, tap targets
// (buttons, every link, fields, the 仅逾期 checkbox's label) at least 44 px
// high, and no sideways scrolling.
const phoneChecks = `(() => {
  const out = {minFont: 99, minTap: 99, small: [], width: document.documentElement.scrollWidth};
  for (const s of document.querySelectorAll('svg.chart')) {
    const w = s.getBoundingClientRect().width;
    if (!w) continue;
    const k = w / s.viewBox.baseVal.width;
    for (const t of s.querySelectorAll('text')) out.minFont = Math.min(out.minFont, parseFloat(getComputedStyle(t).fontSize) * k);
  }
  for (const e of document.querySelectorAll('button, a, select, textarea, input:not([type=hidden]):not([type=checkbox]), label.check')) {
    const r = e.getBoundingClientRect();
    if (!r.width || e.hidden) continue;
    if (r.height < 44) out.small.push((e.id || e.name || e.textContent.trim().slice(0, 12)) + ' ' + Math.round(r.height));
    out.minTap = Math.min(out.minTap, r.height);
  }
  return out;
})()`

type phoneResult struct {
	MinFont float64  `json:"minFont"`
	MinTap  float64  `json:"minTap"`
	Small   []string `json:"small"`
	Width   int      `json:"width"`
}

func checkPhone(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	r := step(t, ctx, "phone checks "+page, chromedp.Evaluate[phoneResult](phoneChecks))
	t.Logf("%s on a phone: chart text at least %.1f px, tap targets at least %.0f px, %d px wide", page, r.MinFont, r.MinTap, r.Width)
	if r.MinFont < 12 {
		t.Errorf("%s: chart text %.1f px on a 390 px phone, want at least 12", page, r.MinFont)
	}
	if len(r.Small) > 0 {
		t.Errorf("%s: tap targets under 44 px: %v", page, r.Small)
	}
	if r.Width > 400 {
		t.Errorf("%s scrolls sideways on a phone: %d px", page, r.Width)
	}
}

// TestBrowserActs: the overview points at the overdue 重大 hazards, the
// ledger reads by urgency, a leader presses 督办 on a hazard page (the event
// and the outbox row it makes), and a field worker reports with the form
// and a photo on a 390 px phone (the photo is scaled to 1600 px in the
// browser before upload). Screenshots go where TestBrowser puts them.
func TestBrowserActs(t *testing.T) {
	ctx := browser(t)
	srv := httptest.NewServer(newActingDashboard(t))
	t.Cleanup(srv.Close)
	dir := artifactsDir(t)
	s := world.Store
	bg := context.Background()
	today := safetybot.DateOf(fixture.Now)

	tok, _, err := s.CreateLoginToken(bg, fixture.Leader, 60e9)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "sign in", chromedp.Navigate(srv.URL+"/login?token="+tok), chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitVisible(chromedp.CSS("#urgent")))

	// The overview's first card: the overdue 重大 hazards, longest overdue first.
	od, err := s.Hazards(bg, safetybot.HazardFilter{Overdue: true, Today: today, Grade: safetybot.GradeMajor})
	if err != nil {
		t.Fatal(err)
	}
	web.SortByUrgency(od, today)
	first := step(t, ctx, "first card", chromedp.Evaluate[string](`document.querySelector('main section').id`))
	items := texts(t, ctx, `[...document.querySelectorAll('#urgent li')].map(e => e.dataset.number + ' ' + e.querySelector('[data-days]').textContent)`)
	if first != "urgent" || len(items) != min(len(od), web.UrgentMax) || len(od) == 0 {
		t.Fatalf("first card %q with %d items; store has %d overdue 重大", first, len(items), len(od))
	}
	for i, it := range items {
		if want := fmt.Sprintf("%s %d", od[i].Number, web.DaysOverdue(od[i], today)); it != want {
			t.Errorf("urgent item %d: %q, want %q", i, it, want)
		}
	}
	screenshot(t, ctx, dir, "11-overview-urgent")

	// The ledger by urgency: open 重大 first, the longest overdue first.
	do(t, ctx, "ledger", chromedp.Navigate(srv.URL+"/hazards?status=open"), chromedp.WaitVisible(chromedp.CSS("#total")))
	rows := texts(t, ctx, `[...document.querySelectorAll('#hazards tr[data-number]')].map(e => (e.querySelector('.tag.major') ? '重大' : '一般') + ' ' + e.querySelector('[data-overdue]').dataset.overdue)`)
	if len(rows) == 0 || !strings.HasPrefix(rows[0], "重大 ") || rows[0] != fmt.Sprintf("重大 %d", web.DaysOverdue(od[0], today)) {
		t.Fatalf("the ledger does not start with the longest overdue 重大 hazard: %v", rows[:min(len(rows), 5)])
	}
	for i := 1; i < len(rows); i++ {
		g0, d0, _ := strings.Cut(rows[i-1], " ")
		g1, d1, _ := strings.Cut(rows[i], " ")
		a, _ := strconv.Atoi(d0)
		b, _ := strconv.Atoi(d1)
		if g0 == "一般" && g1 == "重大" || g0 == g1 && b > a {
			t.Fatalf("row %d (%s) after row %d (%s)", i, rows[i], i-1, rows[i-1])
		}
	}
	if n := step(t, ctx, "days column", chromedp.Evaluate[int](`[...document.querySelectorAll('#hazards thead th')].filter(e => e.textContent === '逾期天数').length`)); n != 1 {
		t.Error("no 逾期天数 column")
	}
	href := step(t, ctx, "download", chromedp.Evaluate[string](`document.querySelector('#dl-xlsx').getAttribute('href')`))
	if !strings.Contains(href, "status=open") {
		t.Errorf("the download leaves out the status filter on screen: %s", href)
	}
	screenshot(t, ctx, dir, "12-hazards-urgency")

	// 督办 from the hazard page.
	h := overdueAssigned(t)
	_, before, _ := s.Hazard(bg, h.Number)
	queued, _ := storetest.PendingOutbox(bg, s, 100000)
	do(t, ctx, "hazard", chromedp.Navigate(srv.URL+"/hazards/"+h.Number), chromedp.WaitVisible(chromedp.CSS("#supervise")),
		chromedp.SendKeys(chromedp.CSS(`#supervise textarea`), "请本周内整改到位"),
		chromedp.Click(chromedp.CSS("#btn-督办")), chromedp.WaitVisible(chromedp.CSS("#flash")))
	_, after, _ := s.Hazard(bg, h.Number)
	last := after[len(after)-1]
	if len(after) != len(before)+1 || last.Action != "督办" || last.Actor != fixture.Leader || last.Note != "请本周内整改到位" {
		t.Errorf("督办 event: %d → %d events, last %+v", len(before), len(after), last)
	}
	out, _ := storetest.PendingOutbox(bg, s, 100000)
	if n := out[len(out)-1]; len(out) != len(queued)+1 || n.Target != h.Assignee || !strings.Contains(n.Body, "【督办】") || !strings.Contains(n.Body, h.Number) {
		t.Errorf("督办 outbox row: %d → %d rows, last %+v", len(queued), len(out), n)
	}
	if v := texts(t, ctx, `[...document.querySelectorAll('#history li')].map(e => e.textContent)`); !strings.Contains(v[len(v)-1], "督办") {
		t.Errorf("the history on the page ends with %q", v[len(v)-1])
	}
	screenshot(t, ctx, dir, "13-hazard-supervised")

	// On a phone: the overview, the ledger and the hazard page.
	do(t, ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	for _, p := range []string{"/", "/hazards?status=open", "/hazards/" + h.Number, "/rules"} {
		do(t, ctx, "phone "+p, chromedp.Navigate(srv.URL+p), chromedp.WaitVisible(chromedp.CSS("main")))
		checkPhone(t, ctx, p)
	}
	screenshot(t, ctx, dir, "14-rules-phone")

	// The report form at phone width, with two photos from the "camera":
	// one larger than 1600 px, which must arrive scaled.
	big := filepath.Join(t.TempDir(), "现场.png")
	if err := os.WriteFile(big, pngOf(3200, 2400), 0o644); err != nil {
		t.Fatal(err)
	}
	small := filepath.Join(t.TempDir(), "近景.png")
	if err := os.WriteFile(small, pngOf(800, 600), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "form", chromedp.Navigate(srv.URL+"/hazards/new"), chromedp.WaitVisible(chromedp.CSS("#report")))
	checkPhone(t, ctx, "/hazards/new")
	weight := step(t, ctx, "page weight", chromedp.Evaluate[int](
		`[performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')].reduce((n, e) => n + e.decodedBodySize, 0)`))
	t.Logf("the form weighs %d bytes without photos", weight)
	if weight <= 0 || weight > 100<<10 {
		t.Errorf("the form weighs %d bytes without photos, want under 100 KB", weight)
	}
	// The browser's location, as a phone that allows it would give it.
	step(t, ctx, "location", chromedp.Evaluate[bool](`navigator.geolocation.getCurrentPosition = ok => ok({coords: {latitude: 35.691234, longitude: 112.187654, accuracy: 8}}); true`))
	do(t, ctx, "fill the form",
		chromedp.SendKeys(chromedp.CSS("#f-desc"), "龙港隧道应急照明损坏"),
		chromedp.SendKeys(chromedp.CSS("#f-unit"), "县公路段"),
		chromedp.SetValue(chromedp.CSS("#f-domain"), "公路运营"),
		chromedp.SetValue(chromedp.CSS("#f-due"), "2026-12-20"),
		chromedp.SendKeys(chromedp.CSS("#f-place"), "龙港隧道 2号洞口"),
		chromedp.Click(chromedp.CSS("#locate")),
		chromedp.SetUploadFiles(chromedp.CSS("#photos"), []string{big}),
	)
	do(t, ctx, "first photo", chromedp.WaitVisible(chromedp.CSS("#previews li:nth-child(1) img")),
		chromedp.SetUploadFiles(chromedp.CSS("#photos"), []string{small}), chromedp.WaitVisible(chromedp.CSS("#previews li:nth-child(2) img")))
	if v := step(t, ctx, "location status", chromedp.Text(chromedp.CSS("#loc-status"))); !strings.Contains(v, "已获取位置") {
		t.Errorf("location status %q", v)
	}
	screenshot(t, ctx, dir, "15-form-phone")
	do(t, ctx, "submit", chromedp.Click(chromedp.CSS("#submit")), chromedp.WaitVisible(chromedp.CSS("#result")))
	number := step(t, ctx, "number", chromedp.Text(chromedp.CSS("#number")))
	if reply := step(t, ctx, "reply", chromedp.Text(chromedp.CSS("#reply"))); !strings.Contains(reply, "已登记隐患 "+number) || !strings.Contains(reply, "已附照片 2 张") {
		t.Errorf("form reply %q", reply)
	}
	if href := step(t, ctx, "link", chromedp.Evaluate[string](`document.querySelector('#hazard-link').getAttribute('href')`)); href != "/hazards/"+number {
		t.Errorf("link to the hazard %q", href)
	}
	screenshot(t, ctx, dir, "16-form-result-phone")
	rh, _, err := s.Hazard(bg, number)
	if err != nil {
		t.Fatal(err)
	}
	if rh.Reporter != fixture.Leader || rh.Domain != "公路运营" || rh.Deadline != "2026-12-20" || rh.Unit != "县公路段" || rh.Location != "龙港隧道 2号洞口" {
		t.Errorf("reported hazard %+v", rh)
	}
	evs, _ := s.Evidence(bg, number)
	var widths []int
	for _, ev := range evs {
		switch ev.Kind {
		case safetybot.EvidenceImage:
			data, ctype, err := s.EvidencePhoto(bg, ev.ID)
			cfg, _, derr := image.DecodeConfig(bytes.NewReader(data))
			if err != nil || derr != nil || ctype != "image/jpeg" {
				t.Fatalf("photo %d: %s %v %v", ev.ID, ctype, err, derr)
			}
			widths = append(widths, max(cfg.Width, cfg.Height))
		case safetybot.EvidenceLocation:
			if ev.Lat != 35.691234 || ev.Lng != 112.187654 || !strings.Contains(ev.Label, "8 米") {
				t.Errorf("location %+v", ev)
			}
		}
	}
	if len(evs) != 3 || len(widths) != 2 || widths[0] != 1600 || widths[1] != 800 {
		t.Errorf("evidence: %d items, photo long sides %v (want 1600 scaled from 3200, and 800 as taken)", len(evs), widths)
	}
	// The hazard page shows the photos the form sent.
	do(t, ctx, "reported hazard", chromedp.Navigate(srv.URL+"/hazards/"+number), chromedp.WaitVisible(chromedp.CSS("#evidence")))
	if n := step(t, ctx, "photos", chromedp.Evaluate[int](`document.querySelectorAll('#evidence img').length`)); n != 2 {
		t.Errorf("%d photos on the hazard page", n)
	}
	screenshot(t, ctx, dir, "17-reported-hazard-phone")
}
