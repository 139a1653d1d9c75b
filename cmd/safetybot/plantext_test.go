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

// fix9-6 #5: the bureau's plan as text (its wording, not a plan file) is
// refused saying so, on the line its text starts, and what to do instead;
// a JSON file with a mistake keeps the parser's reason and line.
func TestPlanImportPlainText(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t, filepath.Join(dir, "p.db"))
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		file string
		want []string
	}{
		{write("方案.txt", "\n\n沁水县交通运输局文件\n\n沁交发〔2024〕14号\n"),
			[]string{"不是 JSON 格式（第 3 行起是普通文字）", "无需导入", "plan export --out 方案.json"}},
		{write("bom.txt", "\xef\xbb\xbf　关于印发《三年行动实施方案》的通知\n"), []string{"第 1 行起是普通文字"}},
		{filepath.Join(plansDir, "bad-plain-text.json"), []string{"第 3 行起是普通文字"}},
		{filepath.Join(plansDir, "bad-leading-blank.json"), []string{"有误", "第 4 行 title：JSON 格式错误"}},
		{filepath.Join(plansDir, "bad-gbk.json"), []string{"不是 UTF-8 编码"}},
		{filepath.Join(plansDir, "bad-utf16.json"), []string{"UTF-16"}},
	} {
		for _, args := range [][]string{{"plan", "import", tc.file}, {"plan", "import", "--dry-run", tc.file}} {
			_, err := runCmd(t, db, args...)
			var u usageError
			if !errors.As(err, &u) || strings.Contains(u.msg, "\n") {
				t.Errorf("%v: %v, want a one-line usage error", args, err)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(u.msg, w) {
					t.Errorf("%v: %q lacks %q", args, u.msg, w)
				}
			}
		}
	}
	// SAFETYBOT_PLAN pointing at the text says so too.
	err := run(context.Background(), []string{"chat", "--user", "u"}, env(map[string]string{"SAFETYBOT_DB": filepath.Join(dir, "q.db"),
		"SAFETYBOT_PLAN": filepath.Join(dir, "方案.txt")}), strings.NewReader(""), io.Discard, io.Discard)
	var u usageError
	if !errors.As(err, &u) || !strings.Contains(u.msg, "SAFETYBOT_PLAN：方案文件") || !strings.Contains(u.msg, "第 3 行起是普通文字") {
		t.Errorf("SAFETYBOT_PLAN as text: %v", err)
	}
}
