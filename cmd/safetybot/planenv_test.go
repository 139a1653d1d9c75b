package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// QA 11 §10: a broken SAFETYBOT_PLAN is bad usage (exit 2) with the reason
// naming the file and the line, and no database file is created.
func TestBrokenPlanEnvExits2WithoutDatabase(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		file string
		want []string
	}{
		{filepath.Join(plansDir, "bad-duplicate-task.json"), []string{"SAFETYBOT_PLAN", "bad-duplicate-task.json", "第 36 行", "任务编号 2 重复"}},
		{filepath.Join(plansDir, "bad-cron-often.json"), []string{"SAFETYBOT_PLAN", "提醒过于频繁"}},
		{filepath.Join(dir, "missing.json"), []string{"SAFETYBOT_PLAN", "不存在"}},
	} {
		for _, args := range [][]string{{"chat", "--user", "admin"}, {"plan", "export", "--out", "-"}, {"report", "--year", "2026", "--out", filepath.Join(dir, "r.docx")}} {
			db := filepath.Join(dir, "never.db")
			err := run(context.Background(), args, env(map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_PLAN": tc.file}),
				strings.NewReader(""), io.Discard, io.Discard)
			var u usageError
			if !errors.As(err, &u) {
				t.Errorf("%v with %s: %v, want a usage error (exit 2)", args, filepath.Base(tc.file), err)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(u.msg, w) {
					t.Errorf("%v: reason %q lacks %q", args, u.msg, w)
				}
			}
			if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%v with a broken plan left a database file: %v", args, err)
			}
		}
	}
}
