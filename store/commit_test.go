package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"modernc.org/sqlite"

	"safetybot"
)

// hold blocks the committer inside a write until the returned release is
// called, so that the writes started meanwhile queue up and are committed
// together as one batch.
func hold(t *testing.T, s *Store) (release func()) {
	t.Helper()
	started, gate, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- s.write(context.Background(), func(*sql.Tx) error {
			close(started)
			<-gate
			return nil
		})
	}()
	<-started
	return func() {
		close(gate)
		if err := <-done; err != nil {
			t.Errorf("holding write: %v", err)
		}
	}
}

// waitQueued waits until n writes are queued behind a hold.
func waitQueued(t *testing.T, s *Store, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(s.writes) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d writes queued, want %d", len(s.writes), n)
		}
		time.Sleep(time.Millisecond) // polling a queue, not waiting for a timer
	}
}

func mark(ctx context.Context, tx *sql.Tx, name string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO secrets (name, value) VALUES (?, x'00')", name)
	return err
}

func marked(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.r.Query("SELECT name FROM secrets WHERE name LIKE 'gc-%' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	return names
}

// TestGroupCommitIsolatesFailures: writes committed together in one batch,
// one failing and one panicking after writing; only their own changes are
// rolled back, the others are committed, and each caller gets its own answer.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	release := hold(t, s)
	batchesBefore := s.batches.Load()
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			errs[i] = s.write(ctx, func(tx *sql.Tx) error {
				if err := mark(ctx, tx, fmt.Sprintf("gc-%d", i)); err != nil {
					return err
				}
				switch i {
				case 2:
					return safetybot.Errorf(safetybot.ECONFLICT, "refused")
				case 5:
					panic("boom")
				}
				return nil
			})
		})
	}
	waitQueued(t, s, n)
	release()
	wg.Wait()
	if got := s.batches.Load() - batchesBefore; got != 1 {
		t.Errorf("the %d writes took %d transactions, want one", n, got)
	}
	for i, err := range errs {
		switch i {
		case 2:
			if safetybot.ErrorCode(err) != safetybot.ECONFLICT {
				t.Errorf("write 2: %v, want its own error", err)
			}
		case 5:
			var pe *PanicError
			if !errors.As(err, &pe) || pe.Value != "boom" || len(pe.Stack) == 0 {
				t.Errorf("write 5: %v, want a PanicError", err)
			}
		default:
			if err != nil {
				t.Errorf("write %d: %v", i, err)
			}
		}
	}
	want := []string{"gc-0", "gc-1", "gc-3", "gc-4", "gc-6", "gc-7"}
	if got := marked(t, s); !slices.Equal(got, want) {
		t.Errorf("committed %v, want %v", got, want)
	}
}

// TestGroupCommitSequenceGapFree: concurrent reports, some of them failing
// after taking a number in the same batches; the numbers committed are
// exactly 1..n, each once.
func TestGroupCommitSequenceGapFree(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	const workers, each = 8, 40
	var wg sync.WaitGroup
	var mu sync.Mutex
	var numbers []string
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				h := &safetybot.Hazard{Description: "序号", Grade: safetybot.GradeGeneral, Source: safetybot.SourceSelfCheck}
				fail := (w+i)%5 == 0
				err := s.write(ctx, func(tx *sql.Tx) error {
					if err := s.createHazardTx(ctx, tx, s.now(), h, "u", nil); err != nil {
						return err
					}
					if fail {
						return errors.New("refused after numbering")
					}
					return nil
				})
				if fail != (err != nil) {
					t.Errorf("fail=%v err=%v", fail, err)
					continue
				}
				if err == nil {
					mu.Lock()
					numbers = append(numbers, h.Number)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	slices.Sort(numbers)
	for i, n := range numbers {
		if want := fmt.Sprintf("YH2026-%04d", i+1); n != want {
			t.Fatalf("number %d is %s, want %s (gap or duplicate)", i, n, want)
		}
	}
	hs, err := s.Hazards(ctx, safetybot.HazardFilter{})
	if err != nil || len(hs) != len(numbers) {
		t.Fatalf("%d hazards stored, %d answered committed (%v)", len(hs), len(numbers), err)
	}
	if s.batches.Load() >= s.batched.Load() {
		t.Logf("no two writes shared a commit (%d writes in %d transactions)", s.batched.Load(), s.batches.Load())
	}
}

// TestGroupCommitManyCallers: every caller of a burst is committed, with
// fewer commits than writes.
func TestGroupCommitManyCallers(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	release := hold(t, s)
	const n = 100
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if err := s.write(ctx, func(tx *sql.Tx) error { return mark(ctx, tx, fmt.Sprintf("gc-%03d", i)) }); err != nil {
				t.Error(err)
			}
		})
	}
	waitQueued(t, s, n)
	commits := s.commits.Load()
	release()
	wg.Wait()
	if got := marked(t, s); len(got) != n {
		t.Fatalf("%d committed, want %d", len(got), n)
	}
	if c := s.commits.Load() - commits; c > 3 {
		t.Errorf("%d commits for a burst of %d queued writes", c, n)
	}
}

// TestWriteContextCanceledWhileQueued: a write whose context ends while it
// waits returns at once and never runs; the write's neighbours commit.
func TestWriteContextCanceledWhileQueued(t *testing.T) {
	s, _ := openTest(t)
	release := hold(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{}, 1)
	errc := make(chan error, 1)
	go func() {
		errc <- s.write(ctx, func(tx *sql.Tx) error {
			ran <- struct{}{}
			return mark(ctx, tx, "gc-canceled")
		})
	}()
	other := make(chan error, 1)
	go func() {
		other <- s.write(context.Background(), func(tx *sql.Tx) error { return mark(context.Background(), tx, "gc-other") })
	}()
	waitQueued(t, s, 2)
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled write: %v", err)
	}
	release()
	if err := <-other; err != nil {
		t.Fatal(err)
	}
	select {
	case <-ran:
		t.Error("a write canceled while queued ran")
	default:
	}
	if got := marked(t, s); !slices.Equal(got, []string{"gc-other"}) {
		t.Errorf("committed %v", got)
	}
}

// TestCanceledWriteDoesNotAbortBatch: a caller's context ending while its
// statements run must not interrupt the transaction it shares with others.
func TestCanceledWriteDoesNotAbortBatch(t *testing.T) {
	s, _ := openTest(t)
	release := hold(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var first, canceled error
	wg.Go(func() {
		first = s.write(context.Background(), func(tx *sql.Tx) error { return mark(context.Background(), tx, "gc-a") })
	})
	waitQueued(t, s, 1)
	wg.Go(func() {
		canceled = s.write(ctx, func(tx *sql.Tx) error {
			if err := mark(ctx, tx, "gc-b"); err != nil {
				return err
			}
			cancel() // mid-transaction, with a statement to come
			_, err := tx.ExecContext(ctx, "UPDATE secrets SET value = x'01' WHERE name = 'gc-b'")
			return err
		})
	})
	waitQueued(t, s, 2)
	wg.Go(func() {
		_ = s.write(context.Background(), func(tx *sql.Tx) error { return mark(context.Background(), tx, "gc-c") })
	})
	waitQueued(t, s, 3)
	release()
	wg.Wait()
	if first != nil || !errors.Is(canceled, context.Canceled) {
		t.Fatalf("first %v, canceled %v", first, canceled)
	}
	if got := marked(t, s); !slices.Equal(got, []string{"gc-a", "gc-c"}) {
		t.Errorf("committed %v, want gc-a and gc-c", got)
	}
}

// TestCancelMidStatementDoesNotAbortBatch: a caller's context ending while
// one of its statements runs (SQLite would roll back the whole shared
// transaction on an interrupt) leaves its neighbours committed.
func TestCancelMidStatementDoesNotAbortBatch(t *testing.T) {
	s, _ := openTest(t)
	release := hold(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var errA, errC error
	wg.Go(func() {
		errA = s.write(context.Background(), func(tx *sql.Tx) error { return mark(context.Background(), tx, "gc-a") })
	})
	waitQueued(t, s, 1)
	rows := 200_000 // enough for the interrupt to land mid-statement
	if raceEnabled {
		rows = 20_000
	}
	midStatement.Store(&cancel)
	defer midStatement.Store(nil)
	wg.Go(func() {
		s.write(ctx, func(tx *sql.Tx) error {
			// gc_cancel() ends ctx a thousand rows into the statement.
			_, err := tx.ExecContext(ctx, `INSERT INTO secrets (name, value) SELECT 'gc-b', x'00' FROM
				(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?)
				SELECT count(*) FROM c WHERE x <> 1000 OR gc_cancel())`, rows)
			return err
		})
	})
	waitQueued(t, s, 2)
	wg.Go(func() {
		errC = s.write(context.Background(), func(tx *sql.Tx) error { return mark(context.Background(), tx, "gc-c") })
	})
	waitQueued(t, s, 3)
	release()
	wg.Wait()
	if errA != nil || errC != nil {
		t.Fatalf("neighbours of a canceled write: %v, %v", errA, errC)
	}
	if got := marked(t, s); !slices.Contains(got, "gc-a") || !slices.Contains(got, "gc-c") {
		t.Errorf("committed %v, want gc-a and gc-c among them", got)
	}
}

// midStatement is what the SQL function gc_cancel() calls.
var midStatement atomic.Pointer[context.CancelFunc]

func init() {
	sqlite.MustRegisterScalarFunction("gc_cancel", 0, func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
		if f := midStatement.Load(); f != nil {
			(*f)()
		}
		return int64(1), nil
	})
}

// TestCloseDrainsQueuedWrites: Close answers every queued write after
// committing it; later writes get ErrClosed.
func TestCloseDrainsQueuedWrites(t *testing.T) {
	s, _ := openTest(t)
	release := hold(t, s)
	const n = 20
	errs := make(chan error, n)
	for i := range n {
		go func() {
			errs <- s.write(context.Background(), func(tx *sql.Tx) error {
				return mark(context.Background(), tx, fmt.Sprintf("gc-%02d", i))
			})
		}()
	}
	waitQueued(t, s, n)
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	for !func() bool { s.mu.RLock(); defer s.mu.RUnlock(); return s.closed }() {
		time.Sleep(time.Millisecond)
	}
	release()
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("queued write: %v", err)
		}
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if err := s.write(context.Background(), func(*sql.Tx) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Fatalf("write after Close: %v", err)
	}
	s2, err := Open(context.Background(), s.file, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := marked(t, s2); len(got) != n {
		t.Fatalf("%d of %d queued writes committed", len(got), n)
	}
}
