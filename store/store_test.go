package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/testkit"
)

// openTest opens an empty store on 2026-11-28 10:00 (a copy, openCopy).
func openTest(t testing.TB) (*Store, string) {
	t.Helper()
	return openCopy(t, func() time.Time {
		return time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	})
}

// openNew is openTest on a database migrated from nothing, for the tests
// of migrating and of a fresh database's schema.
func openNew(t testing.TB) (*Store, string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "store.db")
	s, err := Open(context.Background(), file, func() time.Time {
		return time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, file
}

// openCopy opens, with the clock now, a copy of an empty database migrated
// once per test binary (testkit.CopyOf; migrating one costs about 170 ms of
// CPU, several times that under the race detector), its migrations stamped
// at now as if applied on opening (Since reads them). internal/storetest
// does this for other packages; it imports this one, so it cannot be used
// here.
func openCopy(t testing.TB, now safetybot.Clock) (*Store, string) {
	t.Helper()
	ctx := context.Background()
	file := testkit.CopyOf(t, "store.db", func(file string) error {
		s, err := Open(ctx, file, nil)
		if err != nil {
			return err
		}
		return s.Close()
	})
	err := testkit.WriteRaw(ctx, file, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE schema_migrations SET applied_at = ?", now().UnixMilli())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, file, now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, file
}

// schemaVersions is the applied migration versions, in order.
func schemaVersions(ctx context.Context, s *Store) ([]int, error) {
	return list(ctx, s.q, "SELECT version FROM schema_migrations ORDER BY version", scanValue[int])
}

func TestMigrationsApplyOnce(t *testing.T) {
	s, file := openNew(t)
	ctx := context.Background()
	first, err := schemaVersions(ctx, s)
	if err != nil || len(first) == 0 || first[0] != 1 {
		t.Fatalf("versions %v, %v", first, err)
	}
	s.Close()
	s2, err := Open(ctx, file, nil)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s2.Close()
	again, _ := schemaVersions(ctx, s2)
	if len(again) != len(first) {
		t.Fatalf("reopen changed versions %v → %v", first, again)
	}
	var mode string
	if err := s2.r.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode %q, %v", mode, err)
	}
}

// TestConcurrentWritesNeverBusy hammers read-then-write transactions from
// many goroutines and a second Store on the same file (as chat beside serve
// does): none may fail with SQLITE_BUSY.
func TestConcurrentWritesNeverBusy(t *testing.T) {
	s, file := openTest(t)
	other, err := Open(context.Background(), file, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for i := range 8 {
		st := s
		if i%2 == 1 {
			st = other
		}
		wg.Go(func() {
			for range 25 {
				h := &safetybot.Hazard{Description: "并发", Grade: safetybot.GradeGeneral, Source: safetybot.SourceSelfCheck}
				if err := st.CreateHazard(ctx, h, "u", nil); err != nil {
					errs <- err
					continue
				}
				_, err := st.ChangeHazard(ctx, h.Number, "u", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
					h.Status = safetybot.StatusRectifying
					return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "确认"}}, nil
				})
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent write failed: %v", err)
	}
	hs, err := s.Hazards(ctx, safetybot.HazardFilter{})
	if err != nil || len(hs) != 200 {
		t.Fatalf("%d hazards, %v; want 200", len(hs), err)
	}
}

func TestChangeHazardIsAtomic(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	h := &safetybot.Hazard{Description: "桥", Grade: safetybot.GradeMajor, Source: safetybot.SourceSelfCheck}
	if err := s.CreateHazard(ctx, h, "u", nil); err != nil {
		t.Fatal(err)
	}
	_, err := s.ChangeHazard(ctx, h.Number, "u", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		h.Status = safetybot.StatusClosed
		return safetybot.HazardChange{}, safetybot.Errorf(safetybot.ECONFLICT, "no")
	})
	if safetybot.ErrorCode(err) != safetybot.ECONFLICT {
		t.Fatalf("err %v", err)
	}
	got, evs, _ := s.Hazard(ctx, h.Number)
	if got.Status != safetybot.StatusPending || len(evs) != 1 {
		t.Fatalf("refused change leaked: status %s, %d events", got.Status, len(evs))
	}
	_, _, err = s.Hazard(ctx, "YH2026-9999")
	if safetybot.ErrorCode(err) != safetybot.ENOTFOUND || !strings.Contains(safetybot.ErrorMessage(err), "YH2026-9999") {
		t.Fatalf("unknown number: %v", err)
	}
}

func TestQueueDedupAndRoles(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	for _, u := range []string{"l1", "l2"} {
		if err := s.Grant(ctx, safetybot.Grant{UserID: u, Role: safetybot.RoleLeader}, "admin"); err != nil {
			t.Fatal(err)
		}
	}
	n := safetybot.NotifyRole(safetybot.RoleLeader, "摘要")
	n.DedupKey = "digest:2026-11-28"
	for range 3 {
		if err := s.Queue(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	due, _ := s.DueOutbox(ctx, 10)
	if len(due) != 2 {
		t.Fatalf("%d rows; want one per leader despite three queueings", len(due))
	}
}

// finishRow is a worker's attempt on row id with outcome o (ClaimOutbox,
// FinishOutbox); the other rows claimed with it are given back.
func finishRow(t testing.TB, s *Store, id int64, o safetybot.OutboxOutcome) {
	t.Helper()
	ctx := context.Background()
	rows, err := s.ClaimOutbox(ctx, "test", 1000, s.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	var others []int64
	claimed := false
	for _, m := range rows {
		if m.ID == id {
			claimed = true
		} else {
			others = append(others, m.ID)
		}
	}
	if err := s.ReleaseOutbox(ctx, "test", others...); err != nil || !claimed {
		t.Fatalf("row %d: claimed %v (%v)", id, claimed, err)
	}
	if ok, err := s.FinishOutbox(ctx, "test", id, o); err != nil || !ok {
		t.Fatalf("row %d: finished %v (%v)", id, ok, err)
	}
}

func TestPurgeSentOutbox(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if err := s.Queue(ctx, safetybot.NotifyUser("a", "1"), safetybot.NotifyUser("b", "2"), safetybot.NotifyUser("c", "3")); err != nil {
		t.Fatal(err)
	}
	due, _ := s.DueOutbox(ctx, 10)
	finishRow(t, s, due[0].ID, safetybot.OutboxOutcome{Status: safetybot.OutboxSent, Attempted: true})
	finishRow(t, s, due[1].ID, safetybot.OutboxOutcome{Status: safetybot.OutboxDead, Attempted: true, LastError: "81013"})
	if n, err := s.PurgeSentOutbox(ctx, s.Now()); err != nil || n != 0 {
		t.Fatalf("purged %d rows sent at the cut-off, %v", n, err)
	}
	if n, err := s.PurgeSentOutbox(ctx, s.Now().Add(time.Millisecond)); err != nil || n != 1 {
		t.Fatalf("purged %d, %v; want the one sent row", n, err)
	}
	counts, _ := s.OutboxCounts(ctx)
	if counts[safetybot.OutboxSent] != 0 || counts[safetybot.OutboxDead] != 1 || counts[safetybot.OutboxPending] != 1 {
		t.Fatalf("after purge: %v", counts)
	}
}

// Leader notices within a minute become one message; a later one waits a
// minute after the last, so a burst reaches each leader once a minute.
func TestOutboxCoalesces(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai))
	s, _ := openCopy(t, clock.Now)
	defer s.Close()
	notice := func(body string) safetybot.Notification {
		n := safetybot.NotifyUser("leader1", body)
		n.Coalesce = "leaders"
		return n
	}
	for i := range 40 {
		if err := s.Queue(ctx, notice(fmt.Sprintf("重大隐患 %d", i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Queue(ctx, safetybot.NotifyUser("leader1", "普通通知")); err != nil {
		t.Fatal(err)
	}
	all, err := s.PendingOutbox(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var coalesced []safetybot.OutboxMessage
	for _, m := range all {
		if strings.Contains(m.Body, "重大隐患") {
			coalesced = append(coalesced, m)
		}
	}
	// 40 notices of ~15 bytes each fit two or three joined messages under the byte bound.
	if len(coalesced) == 0 || len(coalesced) > 3 || !strings.Contains(coalesced[0].Body, "重大隐患 0\n\n重大隐患 1") {
		t.Fatalf("40 notices became %d messages: %+v", len(coalesced), coalesced)
	}
	for _, m := range coalesced {
		if len(m.Body) > safetybot.CoalesceMaxBytes {
			t.Errorf("joined notice of %d bytes", len(m.Body))
		}
	}
	due, err := s.DueOutbox(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 2 { // the first joined notice and the plain one; later ones wait their minute
		t.Errorf("%d due now, want 2: %+v", len(due), due)
	}
	// Once the first was sent, a notice 10 s later waits for its minute.
	finishRow(t, s, coalesced[0].ID, safetybot.OutboxOutcome{Status: safetybot.OutboxSent, Attempted: true})
	clock.Add(2 * time.Minute)
	if err := s.Queue(ctx, notice("之后的重大隐患")); err != nil {
		t.Fatal(err)
	}
	due, _ = s.DueOutbox(ctx, 100)
	n := 0
	for _, m := range due {
		if strings.Contains(m.Body, "之后的重大隐患") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("a notice two minutes later is due %d times", n)
	}
}

// TestCoalescedRoleNoticeReachesEveryHolder: a role's notice that joins one
// already waiting for its first holder still reaches the other holders, and
// the notices after it in the same call are still queued (queue returned
// at the first join, so leader2 had only the first notice).
func TestCoalescedRoleNoticeReachesEveryHolder(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for _, id := range []string{"leader1", "leader2"} {
		if err := s.Grant(ctx, safetybot.Grant{UserID: id, Role: safetybot.RoleLeader}, "admin"); err != nil {
			t.Fatal(err)
		}
	}
	notice := func(body string) safetybot.Notification {
		n := safetybot.NotifyRole(safetybot.RoleLeader, body)
		n.Coalesce = "leaders"
		return n
	}
	if err := s.Queue(ctx, notice("重大隐患 一")); err != nil {
		t.Fatal(err)
	}
	if err := s.Queue(ctx, notice("重大隐患 二"), notice("重大隐患 三"), safetybot.NotifyUser("staff1", "另一条通知")); err != nil {
		t.Fatal(err)
	}
	all, err := s.PendingOutbox(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range all {
		got[m.Target] += m.Body + "|"
	}
	for _, id := range []string{"leader1", "leader2"} {
		for _, want := range []string{"重大隐患 一", "重大隐患 二", "重大隐患 三"} {
			if !strings.Contains(got[id], want) {
				t.Errorf("%s did not get %q: %q", id, want, got[id])
			}
		}
	}
	if !strings.Contains(got["staff1"], "另一条通知") {
		t.Errorf("the notice after the joined ones was dropped: %q", got)
	}
}
