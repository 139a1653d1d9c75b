// Package storetest gives tests an empty, migrated database without
// migrating one per test. Creating a database applies every migration, and
// the table rebuilds among them re-parse the whole schema on each ALTER
// TABLE RENAME: about 170 ms of CPU per database, several times that under
// the race detector, and most tests want nothing but an empty ledger. So a
// test binary migrates one template, once, keeps its bytes, and writes a
// copy of them for each test.
//
// A copy's schema_migrations.applied_at is set to the test's clock, as if
// it had been migrated when opened (Since, the first day in use, reads it).
// Tests of migrating itself or of creating a database (first start, the
// warning about a missing SAFETYBOT_DB, the mode of a new file) must not
// use it.
package storetest

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"safetybot"
	"safetybot/store"
)

var template struct {
	once  sync.Once
	bytes []byte
	err   error
}

// build migrates a database in a directory of its own, folds its log into
// the file (so that the file alone is the database), and returns the
// file's bytes; the directory is removed, so nothing is left behind
// whether or not the package has a TestMain.
func build() ([]byte, error) {
	dir, err := os.MkdirTemp("", "safetybot-storetest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "template.db")
	ctx := context.Background()
	s, err := store.Open(ctx, file, nil)
	if err != nil {
		return nil, err
	}
	if err := s.Close(); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	_, err = db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	if err = errors.Join(err, db.Close()); err != nil {
		return nil, err
	}
	return os.ReadFile(file)
}

// Copy writes a new empty, migrated database file at file (mode
// store.FileMode), migrated at now (nil: time.Now), for code that has no
// testing.TB, such as a TestMain.
func Copy(file string, now safetybot.Clock) error {
	template.once.Do(func() { template.bytes, template.err = build() })
	if template.err != nil {
		return template.err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, store.FileMode)
	if err != nil {
		return err
	}
	_, err = f.Write(template.bytes)
	if err = errors.Join(err, f.Close()); err != nil {
		return err
	}
	return stamp(file, now)
}

// stamp sets every migration's applied_at to now, as store.Open on a new
// file under that clock would have.
func stamp(file string, now safetybot.Clock) error {
	if now == nil {
		now = time.Now
	}
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	_, err = db.Exec("UPDATE schema_migrations SET applied_at = ?", now().UnixMilli())
	return errors.Join(err, db.Close())
}

// File returns the path of a new empty database file in tb's temporary
// directory, migrated now: for tests that hand the path on (SAFETYBOT_DB).
func File(tb testing.TB) string {
	tb.Helper()
	return fileAt(tb, time.Now)
}

func fileAt(tb testing.TB, now safetybot.Clock) string {
	tb.Helper()
	file := filepath.Join(tb.TempDir(), "test.db")
	if err := Copy(file, now); err != nil {
		tb.Fatalf("storetest: %v", err)
	}
	return file
}

// Open opens a new empty, migrated database with the clock now (nil for
// time.Now), closed when the test ends.
func Open(tb testing.TB, now safetybot.Clock) *store.Store {
	tb.Helper()
	s, _ := OpenFile(tb, now)
	return s
}

// OpenFile is Open for tests that also reach the file (testkit.RawDB,
// reopening it).
func OpenFile(tb testing.TB, now safetybot.Clock) (*store.Store, string) {
	tb.Helper()
	file := fileAt(tb, now)
	s, err := store.Open(context.Background(), file, now)
	if err != nil {
		tb.Fatalf("storetest: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, file
}
