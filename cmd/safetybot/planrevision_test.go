package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRevisionSurvivesRestart: a same-period revision imported with plan
// import (same title and period as the built-in plan) is what the ledger
// keeps on every later start. Each start used to bring the duties back up to
// the built-in schedule because the titles matched, so a dropped duty came
// back at the next command, with new rules (QA report item 1), and an
// edited reminder text went back to the built-in one.
func TestRevisionSurvivesRestart(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(duties []map[string]any) []map[string]any
		change string // what plan import lists
		absent []string
		want   []string // in the export after later starts
	}{
		{
			name: "dropped duty",
			edit: func(ds []map[string]any) []map[string]any {
				var out []map[string]any
				for _, d := range ds {
					if d["key"] != "leader_field_check" {
						out = append(out, d)
					}
				}
				return out
			},
			change: "删除 1 项：一线督导",
			absent: []string{`"leader_field_check"`, "一线督导"},
		},
		{
			name: "edited reminder text",
			edit: func(ds []map[string]any) []map[string]any {
				for _, d := range ds {
					if d["key"] == "party_topic" {
						rm := d["reminders"].([]any)[0].(map[string]any)
						rm["text"] = "本月局党组请研究安全生产议题（修订稿）。"
					}
				}
				return ds
			},
			change: "党组议题（提醒文字）",
			want:   []string{"本月局党组请研究安全生产议题（修订稿）。"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db := newDB(t, filepath.Join(dir, "ledger.db"))
			cur := filepath.Join(dir, "cur.json")
			mustRun(t, db, "plan", "export", "--out", cur)
			b, err := os.ReadFile(cur)
			if err != nil {
				t.Fatal(err)
			}
			var f map[string]any
			if err := json.Unmarshal(b, &f); err != nil {
				t.Fatal(err)
			}
			var duties []map[string]any
			for _, d := range f["duties"].([]any) {
				duties = append(duties, d.(map[string]any))
			}
			f["duties"] = tt.edit(duties)
			rev := filepath.Join(dir, "rev.json")
			if b, err = json.MarshalIndent(f, "", " "); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(rev, b, 0o600); err != nil {
				t.Fatal(err)
			}
			if out := mustRun(t, db, "plan", "import", rev); !strings.Contains(out, tt.change) || !strings.Contains(out, "视为对当前方案的修订") {
				t.Fatalf("import did not list %q as a revision:\n%s", tt.change, out)
			}
			// Several later starts of any kind: each opens the ledger again.
			mustRun(t, db, "calendar", "--from", "2026-12-01", "--to", "2026-12-31")
			chatAs(t, db, "admin", "方案\n")
			got := mustRun(t, db, "plan", "export", "--out", "-")
			cal := mustRun(t, db, "calendar", "--from", "2026-12-01", "--to", "2026-12-31")
			plan := chatAs(t, db, "admin", "方案\n")
			for _, s := range tt.absent {
				for what, text := range map[string]string{"plan export": got, "calendar": cal, "方案": plan} {
					if strings.Contains(text, s) {
						t.Errorf("%s after restarts has %s again:\n%s", what, s, text)
					}
				}
			}
			for _, s := range tt.want {
				if !strings.Contains(got, s) {
					t.Errorf("plan export after restarts lacks %s", s)
				}
			}
			if out := mustRun(t, db, "plan", "import", rev); !strings.Contains(out, "与当前方案相同") {
				t.Errorf("the revision is no longer what the ledger holds:\n%s", out)
			}
		})
	}
}

// qa6a #6: a revision that drops a working group says, in --dry-run and in
// the import, which staff hold a grant limited to it and how to grant them
// anew; their role would otherwise cover nothing without a word.
func TestRevisionDroppingGroupNamesItsStaff(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t, filepath.Join(dir, "ledger.db"))
	chatAs(t, db, "admin", "授权 li 工作人员 铁路沿线\n授权 wang 工作人员 道路运输\n")
	cur := filepath.Join(dir, "cur.json")
	mustRun(t, db, "plan", "export", "--out", cur)
	b, err := os.ReadFile(cur)
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	var groups, duties []any
	for _, g := range f["groups"].([]any) {
		if g.(map[string]any)["key"] != "railway" {
			groups = append(groups, g)
		}
	}
	for _, d := range f["duties"].([]any) {
		if !strings.HasSuffix(d.(map[string]any)["key"].(string), ":railway") {
			duties = append(duties, d)
		}
	}
	for _, d := range f["domains"].([]any) {
		if d := d.(map[string]any); d["group"] == "railway" {
			d["group"] = "highway_ops"
		}
	}
	for _, task := range f["tasks"].([]any) {
		if task := task.(map[string]any); task["owner"] == "railway" {
			task["owner"] = "office"
		}
	}
	f["groups"], f["duties"] = groups, duties
	rev := filepath.Join(dir, "norail.json")
	if b, err = json.MarshalIndent(f, "", " "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rev, b, 0o600); err != nil {
		t.Fatal(err)
	}
	want := "注意：新方案没有「铁路沿线工作专班」，限定于该专班的工作人员 li 导入后不能处理任何领域的隐患"
	for _, args := range [][]string{{"plan", "import", "--dry-run", rev}, {"plan", "import", rev}} {
		out := mustRun(t, db, args...)
		if !strings.Contains(out, want) || !strings.Contains(out, "授权 li 工作人员") || strings.Contains(out, "wang") {
			t.Errorf("%v:\n%s\nwant it to name li (and not wang) and how to grant anew", args, out)
		}
	}
}
