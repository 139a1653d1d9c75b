package web_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"safetybot"
	"safetybot/internal/fixture"
	"safetybot/web"
)

// Long unbroken text as people paste it (a share link, a unit or a place
// typed without spaces, a pile number range) must wrap on a 390 px phone:
// no page of the dashboard scrolls sideways (README 「手机上看」).
func TestBrowserPhoneLongTextWraps(t *testing.T) {
	ctx := browser(t)
	bg := context.Background()
	w := fixture.New(t, 20)
	s := w.Store
	link := "https://pan.example.gov.cn/s/" + strings.Repeat("Qm9yZGVyQ3Jvc3NpbmdMb25nVG9rZW4", 6)
	unit := "ShanxiQinshuiTongdaWeihuoYunshuYouxianGongsiDiyiFengongsiAnquanJianchaKe"
	place := "G207K1234+567~K1240+890_LongTunnelNorthPortal_EmergencyLane_A1B2C3D4E5F6"
	h := &safetybot.Hazard{Description: "见附件链接" + link, Grade: safetybot.GradeMajor, Domain: "公路运营", Unit: unit,
		Location: place, Deadline: "2026-11-01", Reporter: fixture.Staff, Assignee: "zhangsan_" + strings.Repeat("x", 40)}
	if err := s.CreateHazard(bg, h, fixture.Staff, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ChangeHazard(bg, h.Number, fixture.Staff, func(*safetybot.Hazard) (safetybot.HazardChange, error) {
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "整改", Note: "整改方案见" + link}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTaskUpdate(bg, safetybot.TaskUpdate{TaskNo: 1, Actor: fixture.Staff, Note: "台账已上传" + link, Progress: 50}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddRule(bg, &safetybot.Rule{Name: "检查" + unit, Kind: safetybot.RuleCustom, Spec: "0 9 * * 1", Text: "请查看" + link,
		Description: link, Audience: "user:" + h.Assignee, CreatedBy: fixture.Admin}); err != nil {
		t.Fatal(err)
	}
	d, err := web.New(bg, web.Config{Store: s, Now: w.Clock.Now, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(d)
	t.Cleanup(srv.Close)
	tok, _, err := s.CreateLoginToken(bg, fixture.Leader, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	do(t, ctx, "sign in", chromedp.Navigate(srv.URL+"/login?token="+tok), chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitVisible(chromedp.CSS(`[data-figure="open"]`)))
	dir := artifactsDir(t)
	for _, p := range []struct{ name, path, shows string }{
		{"overview", "/", "#urgent"},
		{"hazards", "/hazards", "#total"},
		{"hazards-search", "/hazards?q=pan.example", "#total"},
		{"hazard", "/hazards/" + h.Number, "#history"},
		{"tasks", "/tasks", "ul.tasks"},
		{"task", "/tasks/1", "#updates"},
		{"rules", "/rules", "#rules"},
	} {
		do(t, ctx, p.name, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.shows)))
		if body := step(t, ctx, "text", chromedp.Evaluate[string](`document.body.innerText`)); !strings.Contains(body, link[:40]) && p.name != "overview" {
			t.Errorf("%s: the long link is not on the page", p.path)
		}
		if w := step(t, ctx, "width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
			t.Errorf("%s scrolls sideways on a 390 px phone: %d px wide", p.path, w)
		}
		shot(t, ctx, dir, "phone-long-"+p.name, chromedp.CaptureScreenshot())
	}
	// On a desktop too, the ledger's columns keep the page's width.
	do(t, ctx, "desktop", chromedp.EmulateViewport(1280, 900))
	for _, path := range []string{"/hazards", "/hazards/" + h.Number, "/rules"} {
		do(t, ctx, path, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(chromedp.CSS("main")))
		if w := step(t, ctx, "width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 1280 {
			t.Errorf("%s scrolls sideways on a desktop: %d px wide", path, w)
		}
	}
	shot(t, ctx, dir, "desktop-long-rules", chromedp.CaptureScreenshot())
	do(t, ctx, "hazards", chromedp.Navigate(srv.URL+"/hazards?q=pan.example"), chromedp.WaitVisible(chromedp.CSS("#total")))
	shot(t, ctx, dir, "desktop-long-hazards", chromedp.CaptureScreenshot())
}
