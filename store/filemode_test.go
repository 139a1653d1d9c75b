package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"safetybot"
)

// TestFileModes: the database, its WAL and shared-memory files and a backup
// are readable by the owner only, whatever the umask allows; a database an
// older version created 0644 is narrowed on open.
func TestFileModes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	if err := os.WriteFile(old+"-wal", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{filepath.Join(dir, "new.db"), old} {
		s, err := Open(ctx, file, nil)
		if err != nil {
			t.Fatal(err)
		}
		h := &safetybot.Hazard{Description: "护栏缺失", Domain: "公路运营", Grade: safetybot.GradeGeneral, Reporter: "zhang"}
		if err := s.CreateHazard(ctx, h, "zhang", nil); err != nil {
			t.Fatal(err)
		}
		backup := file + ".bak"
		if err := BackupFile(ctx, file, backup); err != nil {
			t.Fatal(err)
		}
		if err := BackupFile(ctx, file, backup); err == nil {
			t.Errorf("a second backup overwrote %s", filepath.Base(backup))
		}
		for _, name := range []string{file, file + "-wal", file + "-shm", backup} {
			st, err := os.Stat(name)
			if err != nil {
				t.Errorf("%s: %v", filepath.Base(name), err)
				continue
			}
			if st.Mode().Perm() != FileMode {
				t.Errorf("%s has mode %v, want %v", filepath.Base(name), st.Mode().Perm(), FileMode)
			}
		}
		s.Close()
	}
}
