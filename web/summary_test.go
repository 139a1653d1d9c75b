package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"safetybot/internal/fixture"
)

func TestSummaryDownload(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Leader)
	if _, body := c.get("/"); !strings.Contains(body, `href="/summary?year=2026&amp;format=docx"`) {
		t.Error("overview has no link to the year's summary")
	}
	get := func(path string) ([]byte, string, string) {
		res, err := c.http.Get(c.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, res.StatusCode, b)
		}
		return b, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition")
	}
	b, ct, cd := get("/summary?year=2026&format=docx")
	if !strings.Contains(ct, "wordprocessingml") || !strings.Contains(cd, "summary-2026.docx") {
		t.Errorf("docx: %s, %s", ct, cd)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			d, _ := io.ReadAll(rc)
			rc.Close()
			doc = string(d)
		}
	}
	if !strings.Contains(doc, "沁水县交通运输安全生产治本攻坚三年行动2026年度工作总结") {
		t.Error("the Word file lacks the year's title")
	}
	b, _, cd = get("/summary?plan=1&format=xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("自查自评")
	f.Close()
	if len(rows) != 30 || !strings.Contains(cd, "summary-plan.xlsx") {
		t.Errorf("plan workbook: %d 自查自评 rows, %s", len(rows), cd)
	}
	for _, bad := range []string{"/summary?format=pdf", "/summary?year=26"} {
		if code, _ := c.get(bad); code != 400 {
			t.Errorf("%s: %d", bad, code)
		}
	}
}
