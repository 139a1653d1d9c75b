package scheduler

import (
	"database/sql"
	"testing"

	"safetybot/store"
)

// rawDB opens the database file of s read-only with database/sql, for the
// rows no service returns: the store hands out no connection of its own.
func rawDB(tb testing.TB, s *store.Store) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+s.File()+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}
