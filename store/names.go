package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"safetybot"
)

// This file keeps people's display names (table user_names, migrations
// 0021 and 0026): the address-book name WeCom's user/get gave, with when and how it
// last answered, and the name an administrator set with 姓名.

// PersonName returns what the store knows of userID's names; ok is false
// when it knows nothing.
func (s *Store) PersonName(ctx context.Context, userID string) (safetybot.PersonName, bool, error) {
	return personName(ctx, s.q, userID)
}

// personName is PersonName on q: the pool, a View's snapshot or a write
// transaction (a card freshened as it is sent names the assignee).
func personName(ctx context.Context, q reader, userID string) (p safetybot.PersonName, ok bool, err error) {
	p, err = scanName(q.QueryRowContext(ctx, "SELECT "+nameColumns+" FROM user_names WHERE user_id = ?", userID))
	if errors.Is(err, sql.ErrNoRows) {
		return safetybot.PersonName{UserID: userID}, false, nil
	}
	return p, err == nil, err
}

const nameColumns = "user_id, set_name, set_by, set_at, book_name, book_status, checked_at"

// scanName reads nameColumns; a name and its time are NULL until set or asked.
func scanName(r scanner) (p safetybot.PersonName, err error) {
	err = r.Scan(&p.UserID, (*nullText)(&p.Set), (*nullText)(&p.SetBy), (*msTime)(&p.SetAt),
		(*nullText)(&p.Book), (*nullText)(&p.BookStatus), (*msTime)(&p.CheckedAt))
	return p, err
}

// SaveBookName records an answer of user/get for userID at at, keeping
// a name an administrator set (safetybot.NameService).
func (s *Store) SaveBookName(ctx context.Context, userID, name, status string, at time.Time) error {
	_, err := s.exec(ctx, `INSERT INTO user_names (user_id, book_name, book_status, checked_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET book_name = excluded.book_name, book_status = excluded.book_status,
		checked_at = excluded.checked_at`, userID, nullIfEmpty(name), nullIfEmpty(status), ms(at))
	return err
}

// SetName records the display name an administrator (by) set for userID;
// name "" clears it, so the address-book name (or the userid) shows again.
func (s *Store) SetName(ctx context.Context, userID, name, by string) error {
	_, err := s.exec(ctx, `INSERT INTO user_names (user_id, set_name, set_by, set_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET set_name = excluded.set_name, set_by = excluded.set_by,
		set_at = excluded.set_at`, userID, nullIfEmpty(name), nullIfEmpty(by), ms(s.now()))
	return err
}

// SetNames lists the names administrators set, by userid.
func (s *Store) SetNames(ctx context.Context) ([]safetybot.PersonName, error) {
	return list(ctx, s.q, "SELECT "+nameColumns+" FROM user_names WHERE set_name IS NOT NULL ORDER BY user_id", scanName)
}

// StaleBookNames lists up to limit userids whose address-book entry was
// last checked before cutoff (and was checked at least once), oldest
// first: the daily refresh asks WeCom again for them.
func (s *Store) StaleBookNames(ctx context.Context, cutoff time.Time, limit int) ([]string, error) {
	return list(ctx, s.q, "SELECT user_id FROM user_names WHERE checked_at < ? ORDER BY checked_at LIMIT ?",
		scanValue[string], ms(cutoff), limit)
}
