package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// QA 11 §2: report --plan sums up the current plan and report --plan 方案N
// archived plan N, under a heading that fits the plan; a wrong argument
// gets a usage error that says what --plan takes.
func TestReportPlanNamesThePlan(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	if _, err := runAt(t, "2026-11-30", db, "plan", "import", "--now", filepath.Join(plansDir, "good-2027.json")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args     []string
		want     []string
		unwanted []string
	}{
		{[]string{"--plan"}, []string{"方案任务推进情况", "方案确定的3项任务"}, []string{"三年行动任务推进情况"}},
		{[]string{"--plan", "方案1"}, []string{"三年行动任务推进情况", "方案确定的29项任务", "沁水县交通运输安全生产治本攻坚三年行动（2024—2026年）工作总结"}, nil},
		{[]string{"--plan=方案1"}, []string{"方案确定的29项任务"}, nil},
	} {
		out := filepath.Join(dir, "plan")
		if _, err := runAt(t, "2027-01-04", db, append(append([]string{"report"}, tc.args...), "--out", out+".docx")...); err != nil {
			t.Fatalf("report %v: %v", tc.args, err)
		}
		text := docxText(t, out+".docx")
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("report %v lacks %q", tc.args, w)
			}
		}
		for _, w := range tc.unwanted {
			if strings.Contains(text, w) {
				t.Errorf("report %v has %q", tc.args, w)
			}
		}
	}
	// QA 8: the next plan imported early (--now) has not begun on the day.
	if _, err := runAt(t, "2026-11-30", db, "report", "--plan", "--out", filepath.Join(dir, "early.docx")); err == nil || !strings.Contains(err.Error(), "report --plan：方案《沁水县交通运输安全生产工作要点（2027年）》自 2027-01-01 开始执行，尚未开始") {
		t.Errorf("report --plan of a plan not begun: %v", err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--plan", "方案9", "--out", "x.docx"}, "没有「方案9」"},
		{[]string{"--plan", "2026", "--out", "x.docx"}, "--plan 的值「2026」无效：--plan 不写值为当前方案，历史方案写 方案1 这样的编号"},
		{[]string{"--plan", "方案1"}, "report：请用 --out 写明文件名"},
		{[]string{"--year", "2026", "--out", "x.docx", "extra"}, "report：多余的参数「extra」"},
	} {
		_, err := runAt(t, "2026-11-30", db, append([]string{"report"}, tc.args...)...)
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(u.msg, tc.want) {
			t.Errorf("report %v: %v, want a usage error with %q", tc.args, err, tc.want)
		}
	}
}

// QA 11 §13: a year wholly before the first plan began is refused with the
// reason, and no file is written; the plan's first year is summed up.
func TestReportBeforeFirstPlanRefused(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t, filepath.Join(dir, "y.db"))
	out := filepath.Join(dir, "2023")
	for _, args := range [][]string{{"--year", "2023"}, {"--from", "2023-01-01", "--to", "2023-12-31"}} {
		_, err := runCmd(t, db, append(append([]string{"report"}, args...), "--out", out+".docx")...)
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(u.msg, "早于第一期方案开始（2024-01-01）") || !strings.Contains(u.msg, "2024 及以后") {
			t.Errorf("report %v: %v, want a usage error naming the plan's start", args, err)
		}
		if _, err := os.Stat(out + ".docx"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("report %v wrote a file: %v", args, err)
		}
	}
	mustRun(t, db, "report", "--year", "2024", "--out", filepath.Join(dir, "2024.docx"))
	mustRun(t, db, "report", "--from", "2023-12-01", "--to", "2024-01-31", "--out", filepath.Join(dir, "span.docx"))
}
