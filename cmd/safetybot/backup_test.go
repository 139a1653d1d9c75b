package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fix9-6 #3: backup's refusals are one Chinese line with what to do
// instead, and an output it cannot write is exit 2 before anything is
// copied, as export's --out is.
func TestBackupRefusals(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t, filepath.Join(dir, "b.db"))
	existing := filepath.Join(dir, "已有.db")
	if err := os.WriteFile(existing, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	notDir := filepath.Join(dir, "文件")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		db, dst string
		usage   bool // exit 2
		want    string
	}{
		{db, "/nonexist/x.db", true, "backup：/nonexist/x.db 所在的文件夹 /nonexist 不存在，请先建立它或换一个文件夹"},
		{db, existing, true, "backup：" + existing + " 已存在，备份不会覆盖已有的文件，请换一个文件名，例如 safetybot backup " + filepath.Join(dir, "safetybot-")},
		{db, dir, true, "backup：" + dir + " 是一个目录，请写备份文件名，例如 safetybot backup " + filepath.Join(dir, "safetybot-")},
		{db, filepath.Join(dir, "新建") + "/", true, "是一个目录，请写备份文件名"},
		{db, filepath.Join(notDir, "x.db"), true, "不是文件夹"},
		{dir, filepath.Join(dir, "y.db"), true, "backup：SAFETYBOT_DB 指向的 " + dir + " 是一个目录"},
		{filepath.Join(dir, "无此库.db"), filepath.Join(dir, "z.db"), false, "backup：数据库文件 " + filepath.Join(dir, "无此库.db") + " 不存在，没有可备份的内容"},
	} {
		var stderr bytes.Buffer
		err := run(context.Background(), []string{"backup", tc.dst}, env(map[string]string{"SAFETYBOT_DB": tc.db}), nil, &bytes.Buffer{}, &stderr)
		var u usageError
		if err == nil || errors.As(err, &u) != tc.usage || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("SAFETYBOT_DB=%s backup %s: %v (usage error %v), want %q", tc.db, tc.dst, err, errors.As(err, &u), tc.want)
			continue
		}
		if bad := english.FindString(err.Error()); bad != "" || strings.Contains(err.Error(), "\n") || stderr.Len() > 0 {
			t.Errorf("backup %s: %q (English %q), stderr %q; want one Chinese line", tc.dst, err, bad, stderr.String())
		}
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep" {
		t.Errorf("the existing file was changed: %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "z.db")); err == nil {
		t.Error("a backup of a missing database was written")
	}
	if _, err := os.Stat(filepath.Join(dir, "无此库.db")); err == nil {
		t.Error("a backup of a missing database created it")
	}
}
