package store

import (
	"context"
	"database/sql"
	"fmt"

	"safetybot"
)

// Store implements every service of package safetybot (safetybot.Store
// embeds them all).
var _ safetybot.Store = (*Store)(nil)

// reader is what the read methods need: the read pool, or the one read
// transaction of a View.
type reader interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// View runs fn with a read-only Store whose every read method sees the
// database at one moment: one SQLite read transaction, which in WAL mode
// is a snapshot that writers committing meanwhile do not change (SQLite,
// "Write-Ahead Logging", §2.2 Concurrency). An export or report that reads
// hazards, then their events, then counts, from the view never lists an
// event of a hazard it does not list.
//
// The view's writes fail with ErrClosed, its Close does nothing, and its
// Read returns the shared pool (not the snapshot). The view must not be used
// after fn returns. fn's error is returned as is; an error beginning the
// transaction is wrapped.
func (s *Store) View(ctx context.Context, fn func(v safetybot.Store) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: begin a read snapshot: %w", err)
	}
	defer tx.Rollback()
	// SQLite takes the snapshot at the transaction's first read, not at
	// BEGIN: read now, so the moment is View's call and not fn's first query.
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
		return fmt.Errorf("store: begin a read snapshot: %w", err)
	}
	v := &Store{r: s.r, q: tx, view: tx, now: s.now, file: s.file, closed: true}
	return fn(v)
}
