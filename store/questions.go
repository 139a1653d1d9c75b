package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
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
