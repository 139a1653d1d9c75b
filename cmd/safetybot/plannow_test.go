package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanImportNowStopsCampaignReminders: the next plan imported early with
// --now archives the running one, so the reminders of duties bound to a
// campaign (专班研究, 一线督导) stop at once and start again only with the
// new plan's period; standing duties go on. They used to run on through
// December 2026 with the new plan's end (QA report item 12), whether the
// file lists its duties or takes the built-in ones.
func TestPlanImportNowStopsCampaignReminders(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(plansDir, "good-2027.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	delete(f, "duties")
	builtin, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		file   []byte
		stayed []string // campaign-bound reminders of the new plan, in January 2027
	}{
		{"its own duties", b, []string{"公路运营专班研究·月初"}},
		{"built-in duties", builtin, []string{"公路运营专班研究·月初", "一线督导·10日"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "now.db")
			file := filepath.Join(dir, "2027.json")
			if err := os.WriteFile(file, tt.file, 0o600); err != nil {
				t.Fatal(err)
			}
			if out, err := runAt(t, "2026-11-30", db, "plan", "import", "--now", file); err != nil || !strings.Contains(out, "已将原方案归档为「方案1」") {
				t.Fatalf("import --now: %v\n%s", err, out)
			}
			dec := mustRun(t, db, "calendar", "--from", "2026-12-01", "--to", "2026-12-31")
			for _, l := range strings.Split(dec, "\n") {
				if strings.Contains(l, "〔方案期内〕") {
					t.Errorf("December 2026, after the old plan was archived and before the new one starts: %s", l)
				}
			}
			if !strings.Contains(dec, "党组议题·月初  〔常态化〕") {
				t.Errorf("standing duties stopped too:\n%s", dec)
			}
			jan := mustRun(t, db, "calendar", "--from", "2027-01-01", "--to", "2027-01-31")
			for _, name := range tt.stayed {
				if !strings.Contains(jan, "  "+name+"  〔方案期内〕") {
					t.Errorf("January 2027 lacks the new plan's %s:\n%s", name, jan)
				}
			}
			// The plan file as exported does not carry the plan's first
			// day into every reminder (a copy made into the next plan
			// must not either), so importing it again changes nothing.
			again := filepath.Join(dir, "again.json")
			mustRun(t, db, "plan", "export", "--out", again)
			if e, _ := os.ReadFile(again); strings.Contains(string(e), `"from": "2027-01-01"`) {
				t.Errorf("export writes the plan's first day into its reminders:\n%s", e)
			}
			if out := mustRun(t, db, "plan", "import", again); !strings.Contains(out, "与当前方案相同") {
				t.Errorf("re-import of the export:\n%s", out)
			}
		})
	}
}
