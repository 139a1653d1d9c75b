// Package store owns the SQLite database (modernc.org/sqlite, pure Go): the
// embedded forward-only migrations, and one file per aggregate (hazards,
// roles, plan, tasks, duties, outbox). Every state change is one transaction
// that also writes its audit event and its outbox rows.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite"

	"safetybot"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the database. Writes go through one connection (SQLite has one
// writer anyway; queuing in Go avoids SQLITE_BUSY on read-to-write upgrades);
// reads use a pool that WAL lets run beside the writer.
type Store struct {
	w   *sql.DB
	r   *sql.DB
	now safetybot.Clock
}

// Open opens (creating if needed) the database at path and applies pending
// migrations. now is the clock used for every timestamp the store writes.
func Open(ctx context.Context, file string, now safetybot.Clock) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	pragmas := "_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=secure_delete(1)"
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: file}).EscapedPath()}
	w, err := sql.Open("sqlite", u.String()+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", u.String()+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(4)
	s := &Store{w: w, r: r, now: now}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("migrate %s: %w", file, err)
	}
	return s, nil
}

// Close closes both pools.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// Ping answers whether the database is usable (for /healthz).
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Now is the store's clock, for callers that must agree with stored times.
func (s *Store) Now() time.Time { return s.now() }

// Backup writes a consistent copy of the live database to file.
func (s *Store) Backup(ctx context.Context, file string) error {
	_, err := s.w.ExecContext(ctx, "VACUUM INTO ?", file)
	return err
}

// migrate applies every embedded migration not yet recorded, in version
// order, each in its own transaction. Recording by version (not "highest
// applied") lets a migration merged later with a lower number still apply.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return err
	}
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	type mig struct {
		version int
		name    string
	}
	var all []mig
	for _, f := range files {
		name := path.Base(f)
		v, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", name)
		}
		all = append(all, mig{v, name})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].version < all[j].version })
	for _, m := range all {
		err := s.write(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&n); err != nil || n > 0 {
				return err
			}
			body, err := migrations.ReadFile("migrations/" + m.name)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("%s: %w", m.name, err)
			}
			_, err = tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, s.now().UnixMilli())
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion returns the applied migration versions, for tests and the log.
func (s *Store) SchemaVersion(ctx context.Context) ([]int, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT version FROM schema_migrations ORDER BY version")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, rows.Err()
}

// write runs fn in one immediate transaction on the writer connection.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Write exposes a write transaction to packages that own tables of their own
// (scheduler, wecom, web) so their changes commit atomically with outbox rows.
func (s *Store) Write(ctx context.Context, fn func(tx *sql.Tx) error) error { return s.write(ctx, fn) }

// Read exposes the read pool for packages with tables of their own.
func (s *Store) Read() *sql.DB { return s.r }

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).In(safetybot.Shanghai)
}
