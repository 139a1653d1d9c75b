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

const (
	reqQueued    int32 = iota
	reqTaken           // the committer runs it: the caller waits for the outcome
	reqWithdrawn       // the caller's context ended first: it never runs
)

type writeReq struct {
	ctx   context.Context
	fn    func(*sql.Tx) error
	state atomic.Int32
	done  chan error // buffered: the committer never blocks on a caller
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
	return s.enqueue(ctx, &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)})
}

func (s *Store) enqueue(ctx context.Context, r *writeReq) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return ErrClosed
	}
	select {
	case s.writes <- r:
	case <-ctx.Done():
		s.mu.RUnlock()
		return ctx.Err()
	}
	s.mu.RUnlock()
	select {
	case err := <-r.done:
		return err
	case <-ctx.Done():
		if r.state.CompareAndSwap(reqQueued, reqWithdrawn) {
			return ctx.Err()
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
	more:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-s.writes:
				if !ok {
					break more
				}
				batch = append(batch, r)
			default:
				break more
			}
		}
		live := batch[:0]
		for _, r := range batch {
			if !r.state.CompareAndSwap(reqQueued, reqTaken) {
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
	errs, ran := s.runBatch(batch, s.errs[:0])
	for i := range ran {
		batch[i].done <- errs[i]
	}
	clear(errs[:cap(errs)])
	s.errs = errs[:0]
	return ran
}

func (s *Store) runBatch(batch []*writeReq, errs []error) ([]error, int) {
	tx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		for range batch {
			errs = append(errs, err)
		}
		return errs, len(batch)
	}
	if len(batch) == 1 { // alone: the transaction is its savepoint
		err := call(batch[0].fn, tx)
		if err == nil {
			if err = tx.Commit(); err == nil {
				s.committedOne()
			}
		} else {
			tx.Rollback()
		}
		return append(errs, err), 1
	}
	bg := context.Background()
	ok := 0
	for i, r := range batch {
		if _, err := tx.ExecContext(bg, "SAVEPOINT w"); err != nil {
			if i == 0 { // nothing ran: no use retrying the same statement
				return abandon(tx, errs, len(batch), err)
			}
			return abandon(tx, errs, i, err)
		}
		ferr := call(r.fn, tx)
		if ferr != nil {
			if _, err := tx.ExecContext(bg, "ROLLBACK TO w"); err != nil {
				return abandon(tx, append(errs, ferr), i+1, err)
			}
		}
		if _, err := tx.ExecContext(bg, "RELEASE w"); err != nil {
			return abandon(tx, append(errs, ferr), i+1, err)
		}
		errs = append(errs, ferr)
		if ferr == nil {
			ok++
		}
	}
	if ok == 0 {
		tx.Rollback()
		return errs, len(batch)
	}
	if err := tx.Commit(); err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
		return errs, len(batch)
	}
	s.committedOne()
	return errs, len(batch)
}

// abandon rolls back a transaction that can no longer be trusted (a
// savepoint statement failed: SQLite may have rolled the whole transaction
// back). The first ran writes are answered: those that had succeeded are
// not committed and are told so. The writes after them go into a new
// transaction.
func abandon(tx *sql.Tx, errs []error, ran int, cause error) ([]error, int) {
	tx.Rollback()
	lost := fmt.Errorf("store: group transaction lost, write not committed: %w", cause)
	for i := range errs {
		if errs[i] == nil {
			errs[i] = lost
		}
	}
	for len(errs) < ran {
		errs = append(errs, lost)
	}
	return errs, ran
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
