package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"safetybot"
	"safetybot/internal/storetest"
	"safetybot/store"
)

// newDB creates the database at path as a first chat leaves it (serve and
// chat create it; the commands that read refuse a missing one) and
// returns path.
func newDB(t *testing.T, path string) string {
	t.Helper()
	if err := storetest.Copy(path, nil); err != nil {
		t.Fatal(err)
	}
	chatAs(t, path, "admin", "")
	return path
}

// QA 6: with a mistyped SAFETYBOT_DB the commands that read an office's
// data created an empty database there and reported success in silence (an
// empty ledger, the built-in plan, a summary of zeros). They still create
// it, as on a fresh install where they are among the first commands tried,
// but say on stderr, naming the path, that the database is new and empty.
// A directory is refused.
func TestReadCommandsWarnOfMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	good := newDB(t, filepath.Join(dir, "safetybot.db"))
	for i, args := range [][]string{
		{"export", "--out", filepath.Join(dir, "台账.xlsx")},
		{"export", "--domain", "水上", "--out", filepath.Join(dir, "水上.csv")},
		{"plan", "export", "--out", filepath.Join(dir, "方案.json")},
		{"report", "--year", "2026", "--out", filepath.Join(dir, "总结")},
		{"login-link", "--user", "envadmin"},
	} {
		typo := filepath.Join(dir, fmt.Sprintf("safetybto%d.db", i))
		_, stderr, err := runCLI(t, typo, args...)
		if err != nil || !strings.Contains(stderr, "数据库文件 "+typo+" 不存在") || !strings.Contains(stderr, "SAFETYBOT_DB") {
			t.Errorf("%v on a missing database: %v %q, want success with a warning naming the file", args, err, stderr)
		}
		if _, err := os.Stat(typo); err != nil {
			t.Errorf("%v did not create the database: %v", args, err)
		}
		var u usageError
		if _, _, err := runCLI(t, dir, args...); !errors.As(err, &u) || !strings.Contains(u.msg, "是一个目录") {
			t.Errorf("%v on a directory: %v", args, err)
		}
		if _, stderr, err := runCLI(t, good, args...); err != nil || strings.Contains(stderr, "不存在") {
			t.Errorf("%v on the database: %v %s", args, err, stderr)
		}
	}
}

// QA 6: export --domain reads the domain as chat's 领域: does (chat accepts
// 水上, so the ledger of 水上 is 水上交通's), and refuses a word it cannot
// read, naming the domains, instead of writing an empty ledger with exit 0.
// A domain the ledger holds but the plan no longer lists is taken as is.
func TestExportDomainReadAsChatReadsIt(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t, filepath.Join(dir, "d.db"))
	chatAs(t, db, "zhangsan", "上报 码头护栏缺失 单位:县港航站 领域:水上\n"+
		"上报 渡船救生衣配备不足 单位:端氏渡口 领域：水上交通\n"+
		"上报 危货车辆未安装智能视频监控 单位:通达危货 领域:危货\n")
	s, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	old := &safetybot.Hazard{Description: "航空运输旧账", Domain: "民航运输", Grade: safetybot.GradeGeneral}
	if err := s.CreateHazard(context.Background(), old, "zhangsan", nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, tc := range []struct {
		domain string
		title  string // "" = refused
		n      int
	}{
		{"水上", "隐患台账（水上交通）", 2},
		{"水上交通", "隐患台账（水上交通）", 2},
		{"渡口", "隐患台账（水上交通）", 2},
		{"道路运输领域", "隐患台账（道路运输）", 1},
		{"公路", "隐患台账（公路运营）", 0},
		{"民航运输", "隐患台账（民航运输）", 1},
		{"海运", "", 0},
		{"交通", "", 0},
	} {
		out := filepath.Join(dir, "台账.csv")
		os.Remove(out)
		_, stderr, err := runCLI(t, db, "export", "--domain", tc.domain, "--out", out)
		if tc.title == "" {
			var u usageError
			if !errors.As(err, &u) || !strings.Contains(u.msg, "领域「"+tc.domain+"」无法识别，请填：道路运输、水上交通") {
				t.Errorf("--domain %s: %v, want exit 2 naming the domains", tc.domain, err)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("--domain %s wrote a file", tc.domain)
			}
			continue
		}
		if want := fmt.Sprintf("%s：%d 项隐患", tc.title, tc.n); err != nil || !strings.Contains(stderr, want) {
			t.Errorf("--domain %s: %v, %q; want %q", tc.domain, err, stderr, want)
		}
	}
}
