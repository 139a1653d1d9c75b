package store

import (
	"context"
	"database/sql"
	"time"

	"safetybot"
)

// Queue adds notifications to the outbox in a transaction of their own, for
// callers with nothing else to write.
func (s *Store) Queue(ctx context.Context, notes ...safetybot.Notification) error {
	return s.write(ctx, func(tx *sql.Tx) error { return queue(ctx, tx, s.now(), notes...) })
}

// QueueTx adds notifications inside a caller's transaction (see Write).
func (s *Store) QueueTx(ctx context.Context, tx *sql.Tx, notes ...safetybot.Notification) error {
	return queue(ctx, tx, s.now(), notes...)
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
		}
		format := "text"
		if n.Markdown {
			format = "markdown"
		}
		for _, t := range targets {
			var dedup any
			if n.DedupKey != "" {
				dedup = n.DedupKey + "|" + kind + ":" + t
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO outbox (target_kind, target, format, body, dedup_key,
				next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING`,
				kind, t, format, n.Body, dedup, ms(now), ms(now))
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func roleHolders(ctx context.Context, tx *sql.Tx, r safetybot.Role) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT user_id FROM user_roles WHERE role = ? ORDER BY user_id", r)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// OutboxMessage is one queued notification as the worker sees it.
type OutboxMessage struct {
	ID         int64
	TargetKind string
	Target     string
	Markdown   bool
	Body       string
	Attempts   int
	LastError  string
	CreatedAt  time.Time
}

// Outbox statuses.
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxDead    = "dead"
)

// DueOutbox returns up to limit pending messages whose next attempt is due.
func (s *Store) DueOutbox(ctx context.Context, limit int) ([]OutboxMessage, error) {
	return s.outboxWhere(ctx, "status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?", ms(s.now()), limit)
}

// DeadOutbox returns the most recent dead-lettered messages, for admins.
func (s *Store) DeadOutbox(ctx context.Context, limit int) ([]OutboxMessage, error) {
	return s.outboxWhere(ctx, "status = 'dead' ORDER BY id DESC LIMIT ?", limit)
}

func (s *Store) outboxWhere(ctx context.Context, where string, args ...any) ([]OutboxMessage, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, target_kind, target, format, body, attempts, last_error, created_at
		FROM outbox WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OutboxMessage
	for rows.Next() {
		var m OutboxMessage
		var format string
		var created int64
		if err := rows.Scan(&m.ID, &m.TargetKind, &m.Target, &format, &m.Body, &m.Attempts, &m.LastError, &created); err != nil {
			return nil, err
		}
		m.Markdown, m.CreatedAt = format == "markdown", fromMS(created)
		out = append(out, m)
	}
	return out, rows.Err()
}

// MarkSent records a successful delivery.
func (s *Store) MarkSent(ctx context.Context, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?", ms(s.now()), id)
		return err
	})
}

// MarkRetry records a failed attempt and when to try again.
func (s *Store) MarkRetry(ctx context.Context, id int64, next time.Time, reason string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?", ms(next), reason, id)
		return err
	})
}

// Postpone moves a message's next attempt without counting a failure (pacing).
func (s *Store) Postpone(ctx context.Context, id int64, next time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE outbox SET next_attempt_at = ? WHERE id = ?", ms(next), id)
		return err
	})
}

// MarkDead gives up on a message; admins see it with 失败投递.
func (s *Store) MarkDead(ctx context.Context, id int64, reason string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = ? WHERE id = ?", reason, id)
		return err
	})
}

// OutboxCounts returns the number of messages by status, for /metrics.
func (s *Store) OutboxCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT status, count(*) FROM outbox GROUP BY status")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{OutboxPending: 0, OutboxSent: 0, OutboxDead: 0}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}
