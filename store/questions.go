package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"safetybot"
)

// AskQuestion keeps body as the open question under key until expires,
// replacing an older one, and drops questions that have expired.
func (s *Store) AskQuestion(ctx context.Context, key, body string, expires time.Time) error {
	now := s.now()
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM questions WHERE expires_at < ?", ms(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO questions (key, body, expires_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET body = excluded.body, expires_at = excluded.expires_at`, key, body, ms(expires))
		return err
	})
}

// TakeQuestion removes and returns the open question under key; ok is
// false when there is none or it expired. Taking is atomic: of two answers
// at once, one gets the question.
func (s *Store) TakeQuestion(ctx context.Context, key string) (body string, ok bool, err error) {
	now := s.now()
	err = s.write(ctx, func(tx *sql.Tx) error {
		var exp int64
		err := tx.QueryRowContext(ctx, "DELETE FROM questions WHERE key = ? RETURNING body, expires_at", key).Scan(&body, &exp)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		ok = exp >= ms(now)
		return nil
	})
	return body, ok, err
}

// OpenQuestions returns the unexpired questions whose key starts with
// prefix, oldest first. Every question lives questionTTL, so the order of
// expiry is the order of asking. The key range keeps it an index probe.
func (s *Store) OpenQuestions(ctx context.Context, prefix string) ([]safetybot.Question, error) {
	query := "SELECT key, body FROM questions WHERE key >= ? AND expires_at >= ?"
	args := []any{prefix, ms(s.now())}
	if end, ok := prefixEnd(prefix); ok {
		query += " AND key < ?"
		args = append(args, end)
	}
	return list(ctx, s.q, query+" ORDER BY expires_at, key", func(r scanner) (q safetybot.Question, err error) {
		err = r.Scan(&q.Key, &q.Body)
		return q, err
	}, args...)
}

// prefixEnd is the least string above every string starting with prefix
// (byte order, as SQLite compares TEXT); ok is false when there is none
// (an empty prefix, or one of 0xff bytes only).
func prefixEnd(prefix string) (string, bool) {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}
