package web_test

import (
	"bytes"
	"context"
	"image/jpeg"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"safetybot"
	"safetybot/internal/photo/phototest"
	"safetybot/internal/storetest"
	"safetybot/tipdesk"
	"safetybot/web/reportpage"
)

// TestBrowserReportPhotos: in Chromium at phone width, the anonymous page
// shrinks a photo chosen for a report to 1600 px with the dashboard form's
// own scalePhoto, sends it as 照片1.jpg (not the phone's file name, which
// dates it), and the receipt says it arrived.
func TestBrowserReportPhotos(t *testing.T) {
	ctx := browser(t)
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, safetybot.Shanghai)
	s := storetest.Open(t, func() time.Time { return now })
	t.Cleanup(func() { s.Close() })
	desk, err := tipdesk.New(context.Background(), s, tipdesk.Config{Params: safetybot.ReceiptParams{Time: 1, MemoryKiB: 64, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	page, err := reportpage.New(reportpage.Config{Desk: desk, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(page)
	t.Cleanup(srv.Close)
	dir := artifactsDir(t)

	pic := filepath.Join(t.TempDir(), phototest.FileName)
	if err := os.WriteFile(pic, phototest.JPEG(3200, 2400, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	do(t, ctx, "report page", chromedp.Navigate(srv.URL+"/report"), chromedp.WaitVisible(chromedp.CSS("#photo")),
		chromedp.SendKeys(chromedp.CSS("#content"), "顺达客运站 3 号车超载，车牌见照片"),
		chromedp.SetUploadFiles(chromedp.CSS("#photo"), []string{pic}))
	var hint string
	for range 100 { // scaling takes a moment
		hint = step(t, ctx, "hint", chromedp.Evaluate[string](`document.getElementById('photo-hint').textContent`))
		if strings.Contains(hint, "已选 1 张") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(hint, "已在手机上缩小") {
		t.Fatalf("hint: %q", hint)
	}
	sent := step(t, ctx, "file", chromedp.Evaluate[string](`(f => f.name + ' ' + f.type)(document.getElementById('photo').files[0])`))
	if sent != "照片1.jpg image/jpeg" {
		t.Fatalf("the file sent is %q", sent)
	}
	screenshot(t, ctx, dir, "20-report-photo-phone")
	do(t, ctx, "submit", chromedp.Click(chromedp.CSS("button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".code")))
	body := step(t, ctx, "receipt", chromedp.Evaluate[string](`document.body.innerText`))
	if !strings.Contains(body, "已收到照片 1 张") {
		t.Fatalf("receipt:\n%s", body)
	}
	tips, err := s.Tips(context.Background(), safetybot.TipFilter{}, "h1")
	if err != nil || len(tips) != 1 || tips[0].Photos != 1 {
		t.Fatalf("stored %+v, %v", tips, err)
	}
	photos, err := s.TipPhotos(context.Background(), tips[0].ID, "h1")
	if err != nil || len(photos) != 1 {
		t.Fatal(err)
	}
	img, err := jpeg.DecodeConfig(bytes.NewReader(photos[0]))
	if err != nil || img.Width != 1600 || img.Height != 1200 {
		t.Fatalf("stored photo %+v, %v", img, err)
	}
}
