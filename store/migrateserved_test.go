package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// Upgrades beside a running serve, and backups, change nothing.

// TestMigrateRefusesWhileServed: a serve of the previous build holding the
// scheduler lease keeps running on the schema it knows; upgrading the file
// under it would fail every command it handles. Open refuses, changing
// nothing, while the lease is live; an expired lease (a serve that crashed)
// does not stop the upgrade, and a database already up to date opens beside
// a serve (chat while serve runs).
func TestMigrateRefusesWhileServed(t *testing.T) {
	at := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai).UnixMilli()
	file := filepath.Join(t.TempDir(), "old.db")
	legacyDB(t, file, nil, legacyData+
		fmt.Sprintf("INSERT INTO scheduler_lease (name, holder, expires_at) VALUES ('scheduler', 'sched-old', %d);", at+20000))
	legacyVersions := func() string {
		db, err := sql.Open("sqlite", "file:"+file)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		var names string
		if err := db.QueryRow("SELECT count(*), group_concat(name) FROM schema_migrations").Scan(&n, &names); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(n, names)
	}
	before := legacyVersions()
	s, err := openAt(t, file)
	if err == nil {
		s.Close()
		t.Fatal("Open upgraded a database a serve holds the lease of")
	}
	for _, w := range []string{"正在使用", "停止", "10:00:20"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("reason %q lacks %q", err, w)
		}
	}
	if after := legacyVersions(); after != before {
		t.Fatalf("refused, but the migrations changed:\n%s\n%s", before, after)
	}

	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE scheduler_lease SET expires_at = ?", at-1000); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err = openAt(t, file)
	if err != nil {
		t.Fatalf("an expired lease stopped the upgrade: %v", err)
	}
	if _, err := s.w.Exec("UPDATE scheduler_lease SET expires_at = ?", at+20000); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = openAt(t, file)
	if err != nil {
		t.Fatalf("an up-to-date database beside a serve: %v", err)
	}
	s.Close()
}

// TestBackupFileDoesNotMigrate: a backup is what an operator takes before an
// upgrade, to go back to the previous build if need be. BackupFile copies
// the database as it is, without applying this build's migrations to it or
// to the copy, and refuses a database file that is not there (it would
// create and back up an empty one).
func TestBackupFileDoesNotMigrate(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "old.db")
	legacyDB(t, file, nil, legacyData)
	migrations := func(f string) string {
		db, err := sql.Open("sqlite", "file:"+f)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n, hazards int
		var names string
		if err := db.QueryRow("SELECT count(*), group_concat(name), (SELECT count(*) FROM hazards) FROM schema_migrations").Scan(&n, &names, &hazards); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(n, " ", names, " hazards ", hazards)
	}
	before := migrations(file)
	copyFile := filepath.Join(dir, "copy.db")
	if err := BackupFile(context.Background(), file, copyFile); err != nil {
		t.Fatal(err)
	}
	if got := migrations(file); got != before {
		t.Errorf("the backup migrated the database:\n%s\n%s", before, got)
	}
	if got := migrations(copyFile); got != before {
		t.Errorf("the copy is not the database as it was:\n%s\n%s", before, got)
	}
	if st, err := os.Stat(copyFile); err != nil || st.Mode().Perm() != FileMode {
		t.Errorf("copy mode %v, %v", st, err)
	}
	if err := BackupFile(context.Background(), file, copyFile); err == nil {
		t.Error("a backup overwrote an existing file")
	}
	missing := filepath.Join(dir, "missing.db")
	if err := BackupFile(context.Background(), missing, filepath.Join(dir, "none.db")); err == nil || !strings.Contains(err.Error(), "不存在") {
		t.Errorf("backup of a missing database: %v", err)
	}
	for _, f := range []string{missing, filepath.Join(dir, "none.db")} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s was created (%v)", f, err)
		}
	}
}
