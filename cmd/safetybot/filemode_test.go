package main

import (
	"os"
	"path/filepath"
	"testing"
)

// QA 11 §12: the summary's files are created 0644 less the umask, so
// another office user can open them; the hazard ledger stays 0600.
func TestReportFilesAreShared(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t, filepath.Join(dir, "m.db"))
	// What 0644 becomes under this process's umask.
	ref := filepath.Join(dir, "ref")
	f, err := os.OpenFile(ref, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	want := mode(t, ref)
	if want&0o044 == 0 {
		t.Skipf("umask %o leaves nothing for others to read", 0o644&^want)
	}
	out := filepath.Join(dir, "总结")
	mustRun(t, db, "report", "--year", "2026", "--out", out+".docx", "--md")
	for _, ext := range []string{".docx", ".xlsx", ".md"} {
		if got := mode(t, out+ext); got != want {
			t.Errorf("%s created %o, want %o (0644 less the umask)", ext, got, want)
		}
	}
	ledger := filepath.Join(dir, "台账.xlsx")
	mustRun(t, db, "export", "--format", "xlsx", "--out", ledger)
	if got := mode(t, ledger); got != 0o600 {
		t.Errorf("the ledger is %o, want 0600", got)
	}
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}
