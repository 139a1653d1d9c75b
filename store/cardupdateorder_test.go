package store

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"safetybot"
)

// QA 13: the update that answers a card click goes at once, not behind the
// notices to the same person that the leaders' pacing holds back (a
// minute or more: meanwhile the clicked card still shows its buttons).
// Updates to one recipient still go in order among themselves.
func TestCardUpdateDoesNotWaitBehindPacedNotices(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	now := s.now()
	if err := s.Queue(ctx, safetybot.Notification{TargetKind: safetybot.TargetUser, Target: "wangju", Body: "【重大隐患】YH2026-0002 …"}); err != nil {
		t.Fatal(err)
	}
	var paced int64
	if err := s.r.QueryRowContext(ctx, "SELECT id FROM outbox WHERE target = 'wangju'").Scan(&paced); err != nil {
		t.Fatal(err)
	}
	finishRow(t, s, paced, safetybot.OutboxOutcome{Status: safetybot.OutboxPending, Attempted: true, NextAttempt: now.Add(90 * time.Second), LastError: "paced"})
	insert := func(code string) {
		err := s.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO outbox (target_kind, target, format, body, next_attempt_at, created_at)
				VALUES ('user', 'wangju', 'card_update', ?, ?, ?)`,
				`{"task_id":"t1","response_code":"`+code+`","replace_name":"已确认 · 王局长"}`, ms(now), ms(now))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	insert("rc1")
	got, err := s.ClaimOutbox(ctx, "w1", 10, now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Format != safetybot.FormatCardUpdate {
		t.Fatalf("claimed %+v, want the card update alone", got)
	}
	// a second update waits behind the first while it is leased
	insert("rc2")
	if got, err := s.ClaimOutbox(ctx, "w2", 10, now.Add(time.Minute)); err != nil || len(got) != 0 {
		t.Fatalf("claimed %+v (%v) while an older update is leased", got, err)
	}
}
