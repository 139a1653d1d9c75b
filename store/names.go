package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"safetybot"
)

// This file keeps people's display names (table user_names, migration
// 0070): the address-book name WeCom's user/get gave, with when and how it
// last answered, and the name an administrator set with 姓名.

// PersonName returns what the store knows of userID's names; ok is false
// when it knows nothing.
func (s *Store) PersonName(ctx context.Context, userID string) (p safetybot.PersonName, ok bool, err error) {
	var setAt, checked int64
	p.UserID = userID
	err = s.q.QueryRowContext(ctx, `SELECT set_name, set_by, set_at, book_name, book_status, checked_at
		FROM user_names WHERE user_id = ?`, userID).Scan(&p.Set, &p.SetBy, &setAt, &p.Book, &p.BookStatus, &checked)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, err
	}
	p.SetAt, p.CheckedAt = fromMS(setAt), fromMS(checked)
	return p, true, nil
}

// SaveBookName records an answer of user/get for userID at at: status is
// safetybot.BookOK with the member's name, or BookDenied / BookMissing
// with name "" (the old book name is then dropped: it may no longer be
// right). A name an administrator set is kept.
func (s *Store) SaveBookName(ctx context.Context, userID, name, status string, at time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO user_names (user_id, book_name, book_status, checked_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET book_name = excluded.book_name, book_status = excluded.book_status,
			checked_at = excluded.checked_at`, userID, name, status, ms(at))
		return err
	})
}

// SetName records the display name an administrator (by) set for userID;
// name "" clears it, so the address-book name (or the userid) shows again.
func (s *Store) SetName(ctx context.Context, userID, name, by string) error {
	now := s.now()
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO user_names (user_id, set_name, set_by, set_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET set_name = excluded.set_name, set_by = excluded.set_by,
			set_at = excluded.set_at`, userID, name, by, ms(now))
		return err
	})
}

// SetNames lists the names administrators set, by userid.
func (s *Store) SetNames(ctx context.Context) ([]safetybot.PersonName, error) {
	var out []safetybot.PersonName
	err := s.each(ctx, `SELECT user_id, set_name, set_by, set_at, book_name, book_status, checked_at
		FROM user_names WHERE set_name <> '' ORDER BY user_id`, func(r scanner) error {
		var p safetybot.PersonName
		var setAt, checked int64
		err := r.Scan(&p.UserID, &p.Set, &p.SetBy, &setAt, &p.Book, &p.BookStatus, &checked)
		p.SetAt, p.CheckedAt = fromMS(setAt), fromMS(checked)
		out = append(out, p)
		return err
	})
	return out, err
}

// StaleBookNames lists up to limit userids whose address-book entry was
// last checked before cutoff (and was checked at least once), oldest
// first: the daily refresh asks WeCom again for them.
func (s *Store) StaleBookNames(ctx context.Context, cutoff time.Time, limit int) ([]string, error) {
	var out []string
	err := s.each(ctx, `SELECT user_id FROM user_names WHERE checked_at > 0 AND checked_at < ?
		ORDER BY checked_at LIMIT ?`, func(r scanner) error {
		var id string
		err := r.Scan(&id)
		out = append(out, id)
		return err
	}, ms(cutoff), limit)
	return out, err
}
