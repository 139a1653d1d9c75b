package store

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"safetybot"
)

// Queue adds notifications to the outbox in a transaction of their own, for
// callers with nothing else to write.
func (s *Store) Queue(ctx context.Context, notes ...safetybot.Notification) error {
	return s.write(ctx, func(tx *sql.Tx) error { return queue(ctx, tx, s.now(), notes...) })
}

// queue writes outbox rows; a role target becomes one row per holder (leaders
// fall back to admins so a major hazard never notifies nobody), and a
// repeated DedupKey is silently ignored.
func queue(ctx context.Context, tx *sql.Tx, now time.Time, notes ...safetybot.Notification) error {
	for _, n := range notes {
		targets := []string{n.Target}
		kind := n.TargetKind
		if kind == safetybot.TargetRole {
			var err error
			if targets, err = roleHolders(ctx, tx, safetybot.Role(n.Target)); err != nil {
				return err
			}
			if len(targets) == 0 && n.Target == string(safetybot.RoleLeader) {
				if targets, err = roleHolders(ctx, tx, safetybot.RoleAdmin); err != nil {
					return err
				}
			}
			kind = safetybot.TargetUser
			targets = without(targets, n.Except)
		}
		if n.Card != nil {
			sent, err := queueCard(ctx, tx, now, kind, targets, n)
			if err != nil {
				return err
			}
			if sent {
				continue
			}
			// not a channel for cards: the card's text (it says what to type)
		}
		format := "text"
		if n.Markdown {
			format = "markdown"
		}
		for _, t := range targets {
			next := now
			if n.Coalesce != "" {
				joined, at, err := coalesce(ctx, tx, now, kind, t, n)
				if err != nil {
					return err
				}
				if joined { // this holder's is queued; the next holder's and notice's are not
					continue
				}
				next = at
			}
			if _, err := insertOutbox(ctx, tx, n, kind, t, format, n.Body, next, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// insertOutbox writes one row of n for target, due at next, and reports
// whether it did: not when n's DedupKey was queued for target before.
func insertOutbox(ctx context.Context, tx *sql.Tx, n safetybot.Notification, kind, target, format, body string, next, now time.Time) (bool, error) {
	var dedup any
	if n.DedupKey != "" {
		dedup = n.DedupKey + "|" + kind + ":" + target
	}
	return execFirst(ctx, tx, `INSERT INTO outbox (target_kind, target, format, body, dedup_key,
		next_attempt_at, created_at, coalesce) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING`,
		kind, target, format, body, dedup, ms(next), ms(now), n.Coalesce)
}

func roleHolders(ctx context.Context, q reader, r safetybot.Role) ([]string, error) {
	return list(ctx, q, "SELECT user_id FROM user_roles WHERE role = ? ORDER BY user_id", scanValue[string], r)
}

// coalesce joins n to a notice of its kind queued for target within the
// last CoalesceWindow and still waiting (not claimed, nothing of it sent);
// otherwise it says when n may go: at once, or
// one CoalesceWindow after the last notice of its kind to target.
func coalesce(ctx context.Context, tx *sql.Tx, now time.Time, kind, target string, n safetybot.Notification) (joined bool, next time.Time, err error) {
	k, err := affected(tx.ExecContext(ctx, `UPDATE outbox SET body = body || ? || ? WHERE id = (
			SELECT id FROM outbox WHERE target_kind = ? AND target = ? AND coalesce = ? AND status = 'pending' AND format IN ('text', 'markdown')
			AND attempts = 0 AND parts_sent = 0 AND (lease_until IS NULL OR lease_until < ?) AND created_at > ? ORDER BY id DESC LIMIT 1)
		AND length(CAST(body AS BLOB)) + length(CAST(? AS BLOB)) <= ?`,
		"\n\n", n.Body, kind, target, n.Coalesce, ms(now), ms(now.Add(-safetybot.CoalesceWindow)), n.Body, safetybot.CoalesceMaxBytes))
	if err != nil || k > 0 {
		return k > 0, now, err
	}
	next, err = nextSlot(ctx, tx, now, kind, target, n.Coalesce)
	return false, next, err
}

// nextSlot is when a notice of coalesce kind co may next go to target:
// now, or one CoalesceWindow after the last one due to target within the
// window (a card to several people counts for each of them).
func nextSlot(ctx context.Context, tx *sql.Tx, now time.Time, kind, target, co string) (time.Time, error) {
	var last sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT max(next_attempt_at) FROM outbox WHERE target_kind = ?
		AND (target = ? OR instr('|' || target || '|', ?) > 0)
		AND coalesce = ? AND next_attempt_at > ?`, kind, target, "|"+target+"|", co, ms(now.Add(-safetybot.CoalesceWindow))).Scan(&last)
	if err != nil || !last.Valid {
		return now, err
	}
	return fromMS(last.Int64).Add(safetybot.CoalesceWindow), nil
}

// DeadOutbox returns the most recent dead-lettered messages, for admins.
func (s *Store) DeadOutbox(ctx context.Context, limit int) ([]safetybot.OutboxMessage, error) {
	return s.outboxWhere(ctx, "status = 'dead' ORDER BY id DESC LIMIT ?", limit)
}

func (s *Store) outboxWhere(ctx context.Context, where string, args ...any) ([]safetybot.OutboxMessage, error) {
	return list(ctx, s.q, "SELECT "+outboxColumns+" FROM outbox WHERE "+where, func(r scanner) (m safetybot.OutboxMessage, err error) {
		err = scanOutbox(r, &m)
		return m, err
	}, args...)
}

const outboxColumns = "id, target_kind, target, format, body, attempts, last_error, created_at"

// scanOutbox reads outboxColumns, then more, into m and decodes a card
// row's body.
func scanOutbox(r scanner, m *safetybot.OutboxMessage, more ...any) error {
	err := r.Scan(append([]any{&m.ID, &m.TargetKind, &m.Target, &m.Format, &m.Body, &m.Attempts, &m.LastError,
		(*msTime)(&m.CreatedAt)}, more...)...)
	if err != nil {
		return err
	}
	m.Markdown = m.Format == "markdown"
	return decodeCard(m)
}

// OutboxCounts returns the number of messages by status, for /metrics.
func (s *Store) OutboxCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{safetybot.OutboxPending: 0, safetybot.OutboxSent: 0, safetybot.OutboxDead: 0}
	err := s.each(ctx, "SELECT status, count(*) FROM outbox GROUP BY status", func(r scanner) error {
		var st string
		var n int
		err := r.Scan(&st, &n)
		out[st] = n
		return err
	})
	return out, err
}

// ClaimOutbox leases up to limit due rows to owner until leaseUntil and
// returns them oldest first. A row is due when it is pending, its next
// attempt has come, no other worker holds a live lease on it, and no older
// row to the same target waits for a later attempt or is leased elsewhere
// (messages to one recipient go out in order). A card update (the answer
// to a click on a card already sent) waits only behind older card updates:
// not behind notices the leaders' pacing holds back, while the clicker
// looks at the card. Two workers on one database never hold the same row.
func (s *Store) ClaimOutbox(ctx context.Context, owner string, limit int, leaseUntil time.Time) ([]safetybot.OutboxMessage, error) {
	now := ms(s.now())
	var out []safetybot.OutboxMessage
	err := s.write(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		return each(ctx, tx, `UPDATE outbox SET lease_owner = ?, lease_until = ?
			WHERE id IN (SELECT o.id FROM outbox o
				WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until <= ?)
				AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.target_kind = o.target_kind
					AND p.target = o.target AND p.status = 'pending' AND p.id < o.id
					AND (o.format <> 'card_update' OR p.format = 'card_update')
					AND (p.next_attempt_at > ? OR p.lease_until > ?))
				ORDER BY o.id LIMIT ?)
			RETURNING `+outboxColumns+`, next_attempt_at, parts_sent`, func(r scanner) error {
			var m safetybot.OutboxMessage
			err := scanOutbox(r, &m, (*msTime)(&m.NextAttempt), &m.PartsSent)
			out = append(out, m)
			return err
		}, owner, ms(leaseUntil), now, now, now, now, limit)
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}

// ExtendLease moves owner's lease on ids to until (a long pass).
func (s *Store) ExtendLease(ctx context.Context, owner string, until time.Time, ids ...int64) error {
	return s.leaseUpdate(ctx, "lease_until = ?", []any{ms(until)}, owner, ids)
}

// ReleaseOutbox gives rows back untouched (not attempted in this pass).
func (s *Store) ReleaseOutbox(ctx context.Context, owner string, ids ...int64) error {
	return s.leaseUpdate(ctx, "lease_until = NULL, lease_owner = NULL", nil, owner, ids)
}

func (s *Store) leaseUpdate(ctx context.Context, set string, args []any, owner string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			a := append(append([]any(nil), args...), id, owner)
			if _, err := tx.ExecContext(ctx, "UPDATE outbox SET "+set+" WHERE id = ? AND lease_owner = ? AND status = 'pending'", a...); err != nil {
				return err
			}
		}
		return nil
	})
}

// FinishOutbox records the outcome of owner's attempt on row id and
// releases the lease, in one statement. It reports false when owner no
// longer held the row (its lease ran out and another worker took it).
func (s *Store) FinishOutbox(ctx context.Context, owner string, id int64, o safetybot.OutboxOutcome) (bool, error) {
	attempted, sentAt := 0, int64(0)
	if o.Attempted {
		attempted = 1
	}
	if o.Status == safetybot.OutboxSent {
		sentAt = ms(s.now())
	}
	n, err := s.exec(ctx, `UPDATE outbox SET status = ?, attempts = attempts + ?,
		next_attempt_at = CASE WHEN ? = 'pending' THEN ? ELSE next_attempt_at END,
		last_error = ?, parts_sent = ?, sent_at = CASE WHEN ? > 0 THEN ? ELSE sent_at END,
		lease_owner = NULL, lease_until = NULL
		WHERE id = ? AND lease_owner = ? AND status = 'pending'`,
		o.Status, attempted, o.Status, ms(o.NextAttempt), o.LastError, o.PartsSent, sentAt, sentAt, id, owner)
	return n == 1, err
}

// RetryOutboxNow makes every pending row of kind that waits for a retry due
// at once: after WeCom comes back from an outage, nothing should wait out a
// half-hour backoff. Pacing still applies when they are sent.
func (s *Store) RetryOutboxNow(ctx context.Context, kind string) (int64, error) {
	now := ms(s.now())
	return s.exec(ctx, `UPDATE outbox SET next_attempt_at = ?
		WHERE status = 'pending' AND target_kind = ? AND attempts > 0 AND next_attempt_at > ?`, now, kind, now)
}

// PurgeSentOutbox deletes delivered rows sent before before; pending and
// dead rows stay (the worker and admins still need them).
func (s *Store) PurgeSentOutbox(ctx context.Context, before time.Time) (int64, error) {
	return s.exec(ctx, "DELETE FROM outbox WHERE status = 'sent' AND sent_at < ?", ms(before))
}

// without is ids less except (none when except is "").
func without(ids []string, except string) []string {
	if except == "" {
		return ids
	}
	out := ids[:0:0]
	for _, id := range ids {
		if id != except {
			out = append(out, id)
		}
	}
	return out
}
