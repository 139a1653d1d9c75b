package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// qa10 #18: an --out in a directory that takes no new file is refused
// before any work, exit 2, with the reason in Chinese: /proc/x.xlsx was
// 「所在目录不存在」 with exit 1, after the work.
func TestOutInUnwritableDir(t *testing.T) {
	db := newDB(t, filepath.Join(t.TempDir(), "cli.db"))
	type refusal struct{ out, want string }
	var cases []refusal
	if fi, err := os.Stat("/proc/self"); err == nil && fi.IsDir() {
		cases = append(cases, refusal{"/proc/x.xlsx", "export：--out /proc/x.xlsx 所在的目录 /proc 不允许建立文件，请换一个目录，未作任何改动"})
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(t.TempDir(), "只读")
		if err := os.Mkdir(ro, 0o500); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, refusal{filepath.Join(ro, "台账.xlsx"), "所在的目录 " + ro + " 没有写入权限，请换一个目录"})
	}
	if len(cases) == 0 {
		t.Skip("no unwritable directory here")
	}
	for _, tc := range cases {
		_, _, err := runCLI(t, db, "export", "--out", tc.out)
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(u.msg, tc.want) {
			t.Errorf("--out %s: %v, want a usage error with %q", tc.out, err, tc.want)
		}
	}
}

// The check leaves nothing behind in a directory it can write.
func TestOutCheckLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	if err := checkOut("export", filepath.Join(dir, "台账.xlsx"), "台账.xlsx"); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("checkOut left %v", left)
	}
}
