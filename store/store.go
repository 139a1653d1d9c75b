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
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"

	"safetybot"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the database. Writes go through one connection (SQLite has one
// writer anyway; queuing in Go avoids SQLITE_BUSY on read-to-write upgrades)
// and one committer goroutine that commits concurrent writes together (see
// commit.go); reads use a pool that WAL lets run beside the writer. A third,
// one-connection pool with a short busy timeout runs the committer's RESTART
// checkpoint, so that a reader staying in the log holds writes back for at
// most that long (commit.go, "Checkpoints").
type Store struct {
	w    *sql.DB
	r    *sql.DB
	q    reader  // what read methods query: r, or a View's transaction
	view *sql.Tx // set in a View only
	ck   *sql.DB // the committer's RESTART checkpoints (commit.go)
	now  safetybot.Clock
	file string

	mu           sync.RWMutex // closed, and sends on writes
	closed       bool
	writes       chan *writeReq
	committed    chan struct{} // closed when the committer has answered everything
	restartTried int64         // the committer's last unfinished RESTART, at this log size

	commits     atomic.Int64 // transactions committed
	batches     atomic.Int64 // transactions begun by the committer
	batched     atomic.Int64 // writes run in them
	checkpoints atomic.Int64
	walLimit    int64

	closeOnce sync.Once
	closeErr  error
}

// options are the knobs tests turn.
type options struct {
	walLimit int64
	ckBusyMS int // the checkpoint connection's busy timeout
}

// Open opens (creating if needed) the database at path and applies pending
// migrations. now is the clock used for every timestamp the store writes.
// It starts the store's committer goroutine; Close stops it.
func Open(ctx context.Context, file string, now safetybot.Clock) (*Store, error) {
	return open(ctx, file, now, options{walLimit: defaultWALLimit, ckBusyMS: 1000})
}

func open(ctx context.Context, file string, now safetybot.Clock, o options) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	if err := secureFiles(file); err != nil {
		return nil, err
	}
	// temp_store(MEMORY): the sub-journals of the group commit's savepoints
	// (a copy of each page a write changes) stay in memory instead of
	// costing a temporary file's write per page.
	pragmas := "_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=secure_delete(1)&_pragma=temp_store(2)"
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: file}).EscapedPath()}
	// The writer copies the log into the database on the commit that takes
	// it past checkpointPages pages (or walLimit, when smaller), and the log
	// file shrinks back to walLimit when it restarts (commit.go).
	wc, err := sqlite.NewConnector(u.String() + "?" + pragmas +
		"&_pragma=wal_autocheckpoint(" + strconv.FormatInt(min(max(1, o.walLimit/4096), checkpointPages), 10) + ")" +
		"&_pragma=journal_size_limit(" + strconv.FormatInt(o.walLimit, 10) + ")&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w := sql.OpenDB(cachingConnector{inner: wc, detach: true})
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	// Readers: each connection costs about 1.2 MB resident (its own
	// parsed schema, prepared statements and page cache), and a reader's
	// page cache is emptied whenever it sees that the writer has committed
	// (WAL), so under writes a big one buys little: 512 KB instead of
	// SQLite's 2 MB. One connection per core (at least two, so that a slow
	// page does not stop every other read), at most four. Anonymous
	// memory of serve after the shared load (issue 12), four readers with
	// 2 MB caches 26.6 MB, with 512 KB 25.6 MB (both with SAFETYBOT_PPROF
	// on); four readers 25.3 MB, two 22.8 MB (512 KB, without).
	rc, err := sqlite.NewConnector(u.String() + "?" + pragmas + "&_pragma=query_only(1)&_pragma=cache_size(-512)")
	if err != nil {
		w.Close()
		return nil, err
	}
	r := sql.OpenDB(cachingConnector{inner: rc})
	readers := min(max(runtime.GOMAXPROCS(0), 2), 4)
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers) // as many as open: closing and reopening under load re-parses the schema
	// This connection's busy timeout is what a RESTART checkpoint in the
	// committer can hold writes back when a reader stays in the log. It
	// only checkpoints, which copies pages without its page cache: 64 KB.
	ck, err := sql.Open("sqlite", u.String()+"?"+strings.Replace(pragmas, "busy_timeout(10000)", "busy_timeout("+strconv.Itoa(o.ckBusyMS)+")", 1)+"&_pragma=cache_size(-64)")
	if err != nil {
		w.Close()
		r.Close()
		return nil, err
	}
	ck.SetMaxOpenConns(1)
	s := &Store{w: w, r: r, q: r, ck: ck, now: now, file: file,
		writes: make(chan *writeReq, maxBatch), committed: make(chan struct{}),
		walLimit: o.walLimit}
	// Before the committer starts: the migrator has the writer to itself.
	if err := migrate(ctx, w, now); err != nil {
		errors.Join(ck.Close(), r.Close(), w.Close())
		return nil, fmt.Errorf("migrate %s: %w", file, err)
	}
	go s.committer()
	return s, nil
}

// Close stops taking writes, commits those already queued (their callers
// get their answers) and closes the connections.
// Writes after Close return ErrClosed.
func (s *Store) Close() error {
	if s.view != nil {
		return nil // a View's; the Store it came from owns the connections
	}
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		close(s.writes)
		s.mu.Unlock()
		<-s.committed
		s.closeErr = errors.Join(s.ck.Close(), s.r.Close(), s.w.Close())
	})
	return s.closeErr
}

// Ping answers whether the database is usable (for /healthz).
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.q.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Now is the store's clock, for callers that must agree with stored times.
func (s *Store) Now() time.Time { return s.now() }

// BackupFile writes a consistent copy of the database at src to dst, a new
// file of mode FileMode, without opening it as a Store: the database and the
// copy keep the schema they have. A backup is what an operator takes before
// upgrading, so the previous build must still be able to open it; and
// migrating a file that an older serve is using would break that serve. A
// missing src is refused (it would create an empty database), as is an
// existing dst.
func BackupFile(ctx context.Context, src, dst string) error {
	if _, err := os.Stat(src); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("数据库文件 %s 不存在，没有可备份的内容（请检查 SAFETYBOT_DB）", src)
		}
		return fmt.Errorf("store: backup: %w", err)
	}
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: src}).EscapedPath()}
	db, err := sql.Open("sqlite", u.String()+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	if err := createBackupFile(dst); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		os.Remove(dst)
		return fmt.Errorf("store: backup %s: %w", src, err)
	}
	return nil
}

// File is the path of the database file Open was given (tests of other
// packages open it with database/sql to look at rows no service returns).
func (s *Store) File() string { return s.file }

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).In(safetybot.Shanghai)
}
