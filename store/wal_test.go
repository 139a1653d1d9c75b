package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"safetybot"
)

// Tests of the WAL's bound and of readers beside the writer.

// TestWALStaysBounded: the committer's RESTART checkpoint keeps the log
// within the bound commit.go promises, maxWAL×walLimit, passed by at most
// the one commit that crossed it, through writes of many times that size by
// concurrent writers while readers keep reading (so the log seldom restarts
// by itself; without the RESTART step it grows to ~26 MiB).
//
// The checkpoint connection's busy timeout is long here: a RESTART gives up
// only when a reader stays in the log for that long, and after giving up
// the store lets the log grow by another walLimit before it tries again.
// With the 1 s this test once had, a loaded 2-core machine made RESTARTs
// give up (a short read descheduled past it) and the log legitimately grew
// past the bound. Giving up is TestLongReaderDoesNotStopWrites's subject.
func TestWALStaysBounded(t *testing.T) {
	const writers = 4
	limit, rows := int64(256<<10), 600 // per writer
	if raceEnabled {                   // ten times slower: a smaller log, fewer rows
		limit, rows = 96<<10, 240
	}
	file := filepath.Join(t.TempDir(), "wal.db")
	s, err := open(context.Background(), file, nil, options{walLimit: limit, ckBusyMS: 60_000})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				s.Hazards(ctx, safetybot.HazardFilter{Limit: 5})
			}
		})
	}
	body := strings.Repeat("隐患描述", 300) // ~3.6 KB a row
	create := func() error {
		h := &safetybot.Hazard{Description: body, Grade: safetybot.GradeGeneral, Source: safetybot.SourceSelfCheck}
		return s.CreateHazard(ctx, h, "u", nil)
	}
	var written, peak int64
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for range rows {
				if err := create(); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for {
		if sz := s.walSize(); sz > peak {
			peak = sz
		}
		select {
		case <-done:
		default:
			runtime.Gosched()
			continue
		}
		break
	}
	close(stop)
	readers.Wait()
	written = int64(writers * rows * len(body))
	restarts := s.checkpoints.Load()
	// The commit that takes the log past maxWAL×walLimit is followed by the
	// RESTART, so the next commit writes from the log's start: the file
	// passes the bound by that one commit's frames. A commit is one batch of
	// the group commit, here at most one write per writer, and a batch's
	// pages are at most the sum of its writes' pages. One write's frames
	// are measured now, with the tables at their largest (deepest trees),
	// as the most of 32 writes each on an empty log (so splits count).
	var pageSize int64
	if err := s.r.QueryRow("PRAGMA page_size").Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	var frames int64
	for range 32 {
		if done, err := s.checkpoint("TRUNCATE"); !done || err != nil || s.walSize() != 0 {
			t.Fatalf("TRUNCATE checkpoint: done %v, %v, WAL %d bytes", done, err, s.walSize())
		}
		if err := create(); err != nil {
			t.Fatal(err)
		}
		frames = max(frames, (s.walSize()-walHeader)/(pageSize+walFrameHeader))
	}
	batch := writers * frames * (pageSize + walFrameHeader)
	// A RESTART that a reader's snapshot keeps from finishing is tried
	// again once the log has grown by another limit (committedOne): on a
	// loaded machine that happens (seen once: 2466 KiB against 2402), and
	// the log then passes the bound by up to one more limit, no further.
	bound := maxWAL*limit + limit + batch
	t.Logf("wrote %d KiB of rows; WAL peaked at %d KiB, bound %d KiB (%d×%d KiB + one more for a retried RESTART + a batch of %d writes × %d frames); %d RESTART checkpoints",
		written>>10, peak>>10, bound>>10, maxWAL+1, limit>>10, writers, frames, restarts)
	if peak > bound {
		t.Errorf("WAL grew to %d KiB, past its bound of %d KiB", peak>>10, bound>>10)
	}
	if written < 2*bound {
		t.Fatalf("test wrote too little (%d KiB) to show a bound of %d KiB", written>>10, bound>>10)
	}
}

// The WAL file's layout (sqlite.org/fileformat.html, "WAL File Format"): a
// header, then a frame per page written, each page behind its own header.
const walHeader, walFrameHeader = 32, 24

// TestLongReaderDoesNotStopWrites: a reader that stays in the log keeps it
// from restarting; writes go on (each RESTART attempt gives up after the
// checkpoint connection's busy timeout, retried only as the log grows), and once the
// reader leaves the log is brought back within its bound.
func TestLongReaderDoesNotStopWrites(t *testing.T) {
	const limit = 64 << 10
	s, err := open(context.Background(), filepath.Join(t.TempDir(), "reader.db"), nil,
		options{walLimit: limit, ckBusyMS: 20})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	create := func() {
		t.Helper()
		h := &safetybot.Hazard{Description: strings.Repeat("长", 1000), Grade: safetybot.GradeGeneral, Source: safetybot.SourceSelfCheck}
		if err := s.CreateHazard(ctx, h, "u", nil); err != nil {
			t.Fatal(err)
		}
	}
	create()
	reader, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := reader.QueryRow("SELECT count(*) FROM hazards").Scan(&n); err != nil {
		t.Fatal(err)
	}
	for s.walSize() < (maxWAL+4)*limit {
		create()
	}
	reader.Rollback()
	for range 3 {
		create()
	}
	if sz, bound := s.walSize(), int64(maxWAL*limit+64<<10); sz > bound {
		t.Fatalf("WAL %d KiB after the reader left, bound %d KiB", sz>>10, bound>>10)
	}
}

// TestUserSeesOtherProcess: a grant or revoke committed by another
// connection (the terminal chat beside serve) is seen by the next lookup.
func TestUserSeesOtherProcess(t *testing.T) {
	s, file := openTest(t)
	other, err := Open(context.Background(), file, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := context.Background()
	for range 2 {
		if u, err := s.User(ctx, "wang"); err != nil || len(u.Grants) != 0 {
			t.Fatalf("before: %+v, %v", u, err)
		}
	}
	if err := other.Grant(ctx, safetybot.Grant{UserID: "wang", Role: safetybot.RoleLeader}, "admin"); err != nil {
		t.Fatal(err)
	}
	u, err := s.User(ctx, "wang")
	if err != nil || !u.Has(safetybot.RoleLeader) {
		t.Fatalf("after another process's grant: %+v, %v", u, err)
	}
	u.Grants[0].Role = safetybot.RoleAdmin // a caller's change must not reach the store
	u.Grants = append(u.Grants, safetybot.Grant{UserID: "wang", Role: safetybot.RoleAdmin})
	if u, _ := s.User(ctx, "wang"); len(u.Grants) != 1 || !u.Has(safetybot.RoleLeader) {
		t.Fatalf("grants changed by a caller: %+v", u)
	}
	if ok, err := other.Revoke(ctx, "wang", safetybot.RoleLeader, "test"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if u, err := s.User(ctx, "wang"); err != nil || u.Has(safetybot.RoleLeader) {
		t.Fatalf("after another process's revoke: %+v, %v", u, err)
	}
}
