package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
	"safetybot/store"
)

// seededDB writes the fixture's ledger (n hazards) to a database file and
// closes it, as a deployment's file would be.
func seededDB(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	w, err := fixture.Open(dir, n)
	if err != nil {
		t.Fatal(err)
	}
	w.Store.Close()
	return filepath.Join(dir, "fixture.db")
}

func runCLI(t *testing.T, db string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, env(map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_ADMINS": "envadmin",
		"SAFETYBOT_PUBLIC_URL": "https://safety.example.cn/"}), strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestExportXLSXAndCSV(t *testing.T) {
	db := seededDB(t, 40)
	dir := t.TempDir()
	s, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := s.Hazards(context.Background(), safetybot.HazardFilter{})
	of2026, _ := s.Hazards(context.Background(), safetybot.HazardFilter{Year: 2026, Domain: "道路运输"})
	s.Close()

	xlsx := filepath.Join(dir, "台账.xlsx")
	if _, stderr, err := runCLI(t, db, "export", "--format", "xlsx", "--out", xlsx); err != nil {
		t.Fatalf("export: %v %s", err, stderr)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(export.SheetLedger)
	f.Close()
	if !slices.Equal(rows[0], export.Columns) || len(rows)-1 != len(all) {
		t.Fatalf("xlsx: header %v, %d rows for %d hazards", rows[0], len(rows)-1, len(all))
	}

	csvFile := filepath.Join(dir, "road.csv") // format from the extension
	if _, stderr, err := runCLI(t, db, "export", "--out", csvFile, "--year", "2026", "--domain", "道路运输"); err != nil {
		t.Fatalf("export csv: %v %s", err, stderr)
	}
	b, _ := os.ReadFile(csvFile)
	if !bytes.HasPrefix(b, []byte("\uFEFF编号,")) || strings.Count(string(b), "\r\nYH2026-") != len(of2026) {
		t.Fatalf("csv: %d rows for %d hazards", strings.Count(string(b), "\r\nYH2026-"), len(of2026))
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("export left temporary files: %v", entries)
	}
}

func TestReportWritesDocumentAndWorkbook(t *testing.T) {
	db := seededDB(t, 60)
	out := filepath.Join(t.TempDir(), "2026年度总结.docx")
	stdout, stderr, err := runCLI(t, db, "report", "--year", "2026", "--out", out)
	if err != nil {
		t.Fatalf("report: %v %s", err, stderr)
	}
	xlsx := strings.TrimSuffix(out, ".docx") + ".xlsx"
	if stdout != out+"\n"+xlsx+"\n" {
		t.Errorf("report printed %q", stdout)
	}
	if _, err := os.Stat(strings.TrimSuffix(out, ".docx") + ".md"); err == nil {
		t.Error("Markdown written without --md")
	}
	s, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := export.LoadAnnual(context.Background(), s, 2026, time.Now())
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	text := docxText(t, out)
	for _, want := range []string{"沁水县交通运输安全生产治本攻坚三年行动2026年度工作总结", "全局共排查登记各类事故隐患" + strconv.Itoa(a.Total.Found) + "项"} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q", want)
		}
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, _ := f.GetCellValue(export.SheetSummary, "B5")
	if label, _ := f.GetCellValue(export.SheetSummary, "A5"); label != "登记隐患（项）" || v != strconv.Itoa(a.Total.Found) {
		t.Errorf("workbook %s = %s, want 登记隐患 %d", label, v, a.Total.Found)
	}
	for _, c := range []struct{ out, docx, xlsx string }{
		{"x/总结.md", "x/总结.docx", "x/总结.xlsx"},
		{"x/总结", "x/总结.docx", "x/总结.xlsx"},
		{"x/summary.XLSX", "x/summary.docx", "x/summary.xlsx"},
		{"x/summary.docx", "x/summary.docx", "x/summary.xlsx"},
	} {
		if d, x, _ := reportPaths(c.out); d != c.docx || x != c.xlsx {
			t.Errorf("reportPaths(%s) = %s, %s", c.out, d, x)
		}
	}
}

func TestReportPlanHasSelfAssessment(t *testing.T) {
	db := seededDB(t, 60)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"report", "--plan", "--out", filepath.Join(dir, "三年总结"), "--md"},
		{"report", "--from", "2024-01-01", "--to", "2026-12-31", "--out", filepath.Join(dir, "区间总结.docx")},
	} {
		stdout, stderr, err := runCLI(t, db, args...)
		if err != nil {
			t.Fatalf("%v: %v %s", args, err, stderr)
		}
		files := strings.Fields(stdout)
		text := docxText(t, files[0])
		for _, want := range []string{"沁水县交通运输安全生产治本攻坚三年行动（2024—2026年）工作总结", "2024—2026年，全局共排查登记", "表7　三年行动任务自查自评表", "序号任务责任单位完成时限完成情况"} {
			if !strings.Contains(text, want) {
				t.Errorf("%v: document lacks %q", args, want)
			}
		}
		f, err := excelize.OpenFile(files[1])
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows(export.SheetReview)
		f.Close()
		if len(rows) != 30 || rows[0][5] != "完成情况" || rows[1][0] != "1" || rows[29][0] != "29" {
			t.Errorf("%v: 自查自评 sheet has %d rows: %v", args, len(rows), rows[:min(len(rows), 2)])
		}
		if len(files) == 3 {
			md, _ := os.ReadFile(files[2])
			if !strings.Contains(string(md), "## 一、隐患排查整治情况") {
				t.Errorf("markdown: %.200s", md)
			}
		}
	}
}

// docxText is the text of a Word file's w:t runs, concatenated.
func docxText(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("%s is not an OOXML package: %v", path, err)
	}
	defer zr.Close()
	rc, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer rc.Close()
	var b strings.Builder
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return b.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		if e, ok := tok.(xml.StartElement); ok && e.Name.Local == "t" {
			var s string
			if err := d.DecodeElement(&s, &e); err != nil {
				t.Fatal(err)
			}
			b.WriteString(s)
		}
	}
}

func TestLoginLink(t *testing.T) {
	db := seededDB(t, 5)
	stdout, stderr, err := runCLI(t, db, "login-link", "--user", fixture.Leader)
	if err != nil {
		t.Fatalf("login-link: %v %s", err, stderr)
	}
	m := regexp.MustCompile(`^https://safety\.example\.cn/login\?token=([A-Za-z0-9_-]{43})\n$`).FindStringSubmatch(stdout)
	if m == nil || !strings.Contains(stderr, "仅能使用一次") {
		t.Fatalf("login-link printed %q / %q", stdout, stderr)
	}
	s, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if u, err := s.RedeemLoginToken(context.Background(), m[1]); err != nil || u != fixture.Leader {
		t.Fatalf("redeem: %q %v", u, err)
	}
	if _, err := s.RedeemLoginToken(context.Background(), m[1]); err == nil {
		t.Fatal("a link worked twice")
	}
	if _, _, err := runCLI(t, db, "login-link", "--user", fixture.Nobody); err == nil || !strings.Contains(err.Error(), "授权 "+fixture.Nobody) {
		t.Errorf("link for a user without a role: %v", err)
	}
	if _, _, err := runCLI(t, db, "login-link", "--user", "envadmin"); err != nil {
		t.Errorf("link for a configured admin: %v", err)
	}
	// QA 4: --form signs a member without a role in to the report form.
	stdout, stderr, err = runCLI(t, db, "login-link", "--user", fixture.Nobody, "--form")
	m = regexp.MustCompile(`^https://safety\.example\.cn/login\?token=([A-Za-z0-9_-]{43})&next=%2Fhazards%2Fnew\n$`).FindStringSubmatch(stdout)
	if err != nil || m == nil || !strings.Contains(stderr, "上报表单") {
		t.Fatalf("form link for a user without a role: %v %q / %q", err, stdout, stderr)
	}
	if u, err := s.RedeemLoginToken(context.Background(), m[1]); err != nil || u != fixture.Nobody {
		t.Fatalf("redeem the form link: %q %v", u, err)
	}
}

func TestExportReportLinkUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	for _, args := range [][]string{
		{"export"},
		{"export", "--format", "pdf", "--out", "x.pdf"},
		{"export", "--out", "x.xlsx", "--year", "26"},
		{"report", "--year", "2026"},
		{"report", "--year", "abc", "--out", "x"},
		{"report", "--plan", "--year", "2026", "--out", "x"},
		{"report", "--from", "2024-01-01", "--out", "x"},
		{"report", "--from", "2026-12-31", "--to", "2026-01-01", "--out", "x"},
		{"report", "--from", "2026-02-30", "--to", "2026-12-31", "--out", "x"},
		{"login-link"},
		{"login-link", "--user", "a", "--ttl", "48h"},
	} {
		_, _, err := runCLI(t, db, args...)
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}
