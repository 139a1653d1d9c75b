package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

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
	all, _ := s.Hazards(context.Background(), store.HazardFilter{})
	of2026, _ := s.Hazards(context.Background(), store.HazardFilter{Year: 2026, Domain: "道路运输"})
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

func TestReportWritesWorkbookAndText(t *testing.T) {
	db := seededDB(t, 60)
	out := filepath.Join(t.TempDir(), "2026年度总结.xlsx")
	stdout, stderr, err := runCLI(t, db, "report", "--year", "2026", "--out", out)
	if err != nil {
		t.Fatalf("report: %v %s", err, stderr)
	}
	md := strings.TrimSuffix(out, ".xlsx") + ".md"
	if stdout != out+"\n"+md+"\n" {
		t.Errorf("report printed %q", stdout)
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
	text, _ := os.ReadFile(md)
	if !strings.Contains(string(text), "全局共排查登记各类事故隐患"+strconv.Itoa(a.Total.Found)+"项") {
		t.Errorf("text lacks the year's count %d:\n%s", a.Total.Found, text)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, _ := f.GetCellValue(export.SheetSummary, "B4")
	if label, _ := f.GetCellValue(export.SheetSummary, "A4"); label != "登记隐患（项）" || v != strconv.Itoa(a.Total.Found) {
		t.Errorf("workbook %s = %s, want 登记隐患 %d", label, v, a.Total.Found)
	}
	for _, c := range []struct{ out, xlsx, md string }{
		{"x/总结.md", "x/总结.xlsx", "x/总结.md"},
		{"x/总结", "x/总结.xlsx", "x/总结.md"},
		{"x/summary.XLSX", "x/summary.xlsx", "x/summary.md"},
	} {
		if x, m := reportPaths(c.out); x != c.xlsx || m != c.md {
			t.Errorf("reportPaths(%s) = %s, %s", c.out, x, m)
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
}

func TestExportReportLinkUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	for _, args := range [][]string{
		{"export"},
		{"export", "--format", "pdf", "--out", "x.pdf"},
		{"export", "--out", "x.xlsx", "--year", "26"},
		{"report", "--year", "2026"},
		{"report", "--year", "abc", "--out", "x"},
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
