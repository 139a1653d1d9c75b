package testkit

import (
	"context"
	"database/sql"
	"testing"

	_ "modernc.org/sqlite" // the "sqlite" driver
)

// RawDB opens the database file read-only with database/sql, for the rows
// no service returns (the store hands out no connection of its own); it is
// closed when the test ends.
func RawDB(tb testing.TB, file string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// WriteRaw runs fn in one write transaction on a connection of its own to
// the database file, committing when fn returns nil: for bulk fixtures the
// store's methods would take minutes to write.
func WriteRaw(ctx context.Context, file string, fn func(tx *sql.Tx) error) error {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=secure_delete(1)&_txlock=immediate")
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}
