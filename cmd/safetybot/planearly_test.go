package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// runAt runs the program as an administrator would on day (09:00 Beijing
// time), against db.
func runAt(t *testing.T, day, db string, args ...string) (string, error) {
	t.Helper()
	at, err := time.ParseInLocation(time.DateOnly, day, safetybot.Shanghai)
	if err != nil {
		t.Fatal(err)
	}
	cfg := mustConfig(t, map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_ADMINS": "admin"})
	cfg.hooks.now = func() time.Time { return at.Add(9 * time.Hour) }
	var out, errOut bytes.Buffer
	err = runConfig(context.Background(), cfg, args, strings.NewReader(""), &out, &errOut)
	return out.String(), err
}

// QA 11 §1: the 2027 plan imported on 2026-11-30 would archive the running
// campaign a month early. plan import refuses it until the new plan's first
// day, saying why and naming --now; --dry-run still previews; on
// 2027-01-01 it is imported; --now switches at once.
func TestPlanImportRefusesNextPlanBeforeCurrentEnds(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t, filepath.Join(dir, "early.db"))
	good := filepath.Join(plansDir, "good-2027.json")
	before := mustRun(t, db, "plan", "export", "--out", "-")
	for _, day := range []string{"2026-11-30", "2026-12-31"} {
		_, err := runAt(t, day, db, "plan", "import", good)
		var u usageError
		if !errors.As(err, &u) {
			t.Fatalf("import on %s: %v, want a usage error (exit 2)", day, err)
		}
		for _, want := range []string{"未作任何改动", "2027-01-01", "执行到 2026-12-31", "请在 2027-01-01 当天或之后再导入", "--now", "提醒随即停止"} {
			if !strings.Contains(u.msg, want) {
				t.Errorf("refusal on %s lacks %q: %s", day, want, u.msg)
			}
		}
		if strings.Contains(u.msg, "\n") {
			t.Errorf("refusal is not one line: %q", u.msg)
		}
	}
	out, err := runAt(t, "2026-11-30", db, "plan", "import", "--dry-run", good)
	if err != nil || !strings.Contains(out, "仅预览") || !strings.Contains(out, "正式导入请在 2027-01-01 当天或之后") {
		t.Errorf("dry run before the end: %v\n%s", err, out)
	}
	if after := mustRun(t, db, "plan", "export", "--out", "-"); after != before {
		t.Fatalf("a refused import changed the plan")
	}
	if out, err := runAt(t, "2027-01-01", db, "plan", "import", good); err != nil || !strings.Contains(out, "已将原方案归档为「方案1」") {
		t.Fatalf("import on the new plan's first day: %v\n%s", err, out)
	}
	other := filepath.Join(dir, "now.db")
	if out, err := runAt(t, "2026-11-30", other, "plan", "import", "--now", good); err != nil || !strings.Contains(out, "已将原方案归档为「方案1」") {
		t.Fatalf("import --now: %v\n%s", err, out)
	}
}
