package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync/atomic"
)

// Group commit. Every write of the Store goes to one committer goroutine
// (started by Open, stopped by Close). It takes all the writes waiting when
// it starts a transaction, runs each in its own SAVEPOINT inside one
// IMMEDIATE transaction, commits once, and only then answers each caller.
// A caller whose fn fails (or panics) has its savepoint rolled back and gets
// its error; the others in the batch are unaffected. One commit (one WAL
// append and its syscalls) then serves many concurrent callers.

// ErrClosed is returned by writes on a closed Store.
var ErrClosed = errors.New("store: closed")

// maxBatch bounds the writes committed together, so the first caller of a
// batch does not wait for an unbounded number of others.
const maxBatch = 128

type writeReq struct {
	ctx context.Context
	fn  func(*sql.Tx) error
	// claimed by the committer, which runs it and the caller waits for the
	// outcome, or by the caller whose context ended first: it never runs.
	claimed atomic.Bool
	err     error      // the outcome, set by the committer before it answers
	done    chan error // buffered: the committer never blocks on a caller
}

// PanicError is what a write whose fn panicked returns; its transaction
// (savepoint) is rolled back and the other writes of the batch go on.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("store: write panicked: %v", e.Value) }

// write runs fn in a write transaction (a savepoint of a group commit) and
// returns once its changes are committed, or with the error that means they
// are not: fn's own error, a commit failure, ErrClosed, or ctx's error when
// ctx ends before fn started.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	err := ErrClosed
	s.mu.RLock()
	if !s.closed {
		select {
		case s.writes <- r:
			err = nil
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	s.mu.RUnlock()
	if err != nil {
		return err
	}
	select {
	case err := <-r.done:
		return err
	case <-ctx.Done():
		if r.claimed.CompareAndSwap(false, true) {
			return ctx.Err() // withdrawn: the committer will skip it
		}
		// Already running: its outcome (committed or not) is what to report.
		return <-r.done
	}
}

// committer runs until Close closes s.writes, then answers what is still
// queued and returns.
func (s *Store) committer() {
	defer close(s.committed)
	batch := make([]*writeReq, 0, maxBatch)
	for r := range s.writes {
		batch = append(batch[:0], r)
		if len(s.writes) == 0 {
			// Let writers that are about to queue do so: on a busy machine a
			// bigger batch saves each of them a commit.
			runtime.Gosched()
		}
		for len(batch) < maxBatch && len(s.writes) > 0 { // only the committer receives
			batch = append(batch, <-s.writes)
		}
		live := batch[:0]
		for _, r := range batch {
			if !r.claimed.CompareAndSwap(false, true) {
				continue // withdrawn: the caller has returned
			}
			if err := r.ctx.Err(); err != nil {
				r.done <- err
				continue
			}
			live = append(live, r)
		}
		for len(live) > 0 {
			live = live[s.commitBatch(live):]
		}
		clear(batch[:cap(batch)])
	}
}

// commitBatch runs batch in one transaction and answers the callers it ran.
// It returns how many it ran: fewer than len(batch) when the transaction
// was lost (an I/O error rolls back the whole transaction), and the rest
// go into a fresh one.
func (s *Store) commitBatch(batch []*writeReq) int {
	s.batches.Add(1)
	s.batched.Add(int64(len(batch)))
	ran := s.runBatch(batch)
	for _, r := range batch[:ran] {
		r.done <- r.err
	}
	return ran
}

func (s *Store) runBatch(batch []*writeReq) int {
	tx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		return fail(batch, err)
	}
	if len(batch) == 1 { // alone: the transaction is its savepoint
		r := batch[0]
		if r.err = call(r.fn, tx); r.err != nil {
			tx.Rollback()
		} else if r.err = tx.Commit(); r.err == nil {
			s.committedOne()
		}
		return 1
	}
	ok := false
	for i, r := range batch {
		if _, err := tx.Exec("SAVEPOINT w"); err != nil {
			if i == 0 { // nothing ran: no use retrying the same statement
				i = len(batch)
			}
			return abandon(tx, batch[:i], err)
		}
		if r.err = call(r.fn, tx); r.err != nil {
			if _, err := tx.Exec("ROLLBACK TO w"); err != nil {
				return abandon(tx, batch[:i+1], err)
			}
		}
		if _, err := tx.Exec("RELEASE w"); err != nil {
			return abandon(tx, batch[:i+1], err)
		}
		ok = ok || r.err == nil
	}
	if !ok {
		tx.Rollback()
		return len(batch)
	}
	if err := tx.Commit(); err != nil {
		return fail(batch, err)
	}
	s.committedOne()
	return len(batch)
}

// abandon rolls back a transaction that can no longer be trusted (a
// savepoint statement failed: SQLite may have rolled the whole transaction
// back). The writes in ran are answered: those that had succeeded are not
// committed and are told so. The writes after them go into a new
// transaction.
func abandon(tx *sql.Tx, ran []*writeReq, cause error) int {
	tx.Rollback()
	return fail(ran, fmt.Errorf("store: group transaction lost, write not committed: %w", cause))
}

// fail gives err to the writes of batch without an error of their own and
// returns how many there are.
func fail(batch []*writeReq, err error) int {
	for _, r := range batch {
		if r.err == nil {
			r.err = err
		}
	}
	return len(batch)
}

// call runs fn, turning a panic into a *PanicError.
func call(fn func(*sql.Tx) error, tx *sql.Tx) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return fn(tx)
}

// Checkpoints. SQLite copies the log into the database on the writer's
// commits (wal_autocheckpoint, walLimit), and the log restarts from its
// beginning, its file cut back to walLimit (journal_size_limit), when a
// write starts with the whole log copied and no reader in it. A writer that
// is never idle beside readers that never stop seldom sees that moment, and
// the log then grows without bound (TestWALStaysBounded without the step
// below: 26 MiB of log for 8 MiB of rows and a limit of 256 KiB). So past maxWAL×walLimit the committer runs a RESTART
// checkpoint after its commit, before it writes again, which waits for the
// readers in the log to leave. Its own connection's short busy timeout
// bounds that wait when a reader stays (a long export, another process);
// the next try then waits until the log has grown by walLimit.

const (
	defaultWALLimit = 4 << 20 // SQLite's default autocheckpoint of 1000 pages
	maxWAL          = 8       // × walLimit: the log's bound
	// checkpointPages is the log's size, in pages, at which a commit copies
	// it into the database. The copy runs inside that commit and every
	// caller of the batch waits for it, so it sets the tail latency.
	// Measured with ../shared/perf/run.sh's open loop (1,000 callbacks/s
	// after 36,000): SQLite's default of 1000 pages gave p99 7.8 ms, 300
	// pages 4.9–5.2 ms for 2 % more CPU per callback, 100 pages 3.4–3.8 ms
	// for 10 % more.
	checkpointPages = 300
)

// committedOne counts a commit and, past maxWAL×walLimit, checkpoints the
// log with the writer waiting: readers have kept it from restarting, and
// it must not grow further.
func (s *Store) committedOne() {
	s.commits.Add(1)
	size := s.walSize()
	if size > maxWAL*s.walLimit && size >= s.restartTried+s.walLimit {
		if done, _ := s.checkpoint("RESTART"); done {
			s.restartTried = 0
		} else {
			s.restartTried = size
		}
	}
}

// checkpoint runs one checkpoint and reports whether it copied the whole log.
func (s *Store) checkpoint(mode string) (bool, error) {
	var busy, log, done int
	err := s.ck.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &log, &done)
	if err != nil {
		return false, err
	}
	s.checkpoints.Add(1)
	return busy == 0 && log == done, nil
}

func (s *Store) walSize() int64 {
	fi, err := os.Stat(s.file + "-wal")
	if err != nil {
		return 0
	}
	return fi.Size()
}
