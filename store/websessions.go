package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"safetybot"
)

// Dashboard sign-in: one-time links and sessions (migration 0005). Tokens are
// 256 random bits, so a plain SHA-256 of them is a safe thing to store (no
// dictionary to attack); the token itself exists only in the link or cookie.

func tokenHash(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// CreateLoginToken makes a one-time sign-in token for userID valid for ttl.
// Expired and used tokens are purged on the way.
func (s *Store) CreateLoginToken(ctx context.Context, userID string, ttl time.Duration) (string, time.Time, error) {
	return s.newToken(ctx, "DELETE FROM web_login_tokens WHERE expires_at <= ? OR used_at IS NOT NULL",
		"INSERT INTO web_login_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)", userID, ttl)
}

// newToken stores, by insert, the hash of a fresh token of userID valid for
// ttl, after purge has deleted what expired; it returns the token.
func (s *Store) newToken(ctx context.Context, purge, insert, userID string, ttl time.Duration) (string, time.Time, error) {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	tok := base64.RawURLEncoding.EncodeToString(b)
	now := s.now()
	exp := now.Add(ttl)
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, purge, ms(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, insert, tokenHash(tok), userID, ms(now), ms(exp))
		return err
	})
	return tok, exp, err
}

// RedeemLoginToken uses up a sign-in token and returns whose it was. A second
// use, an unknown or an expired token gives ErrTokenInvalid.
func (s *Store) RedeemLoginToken(ctx context.Context, token string) (string, error) {
	now := s.now()
	var user string
	err := s.write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `UPDATE web_login_tokens SET used_at = ?
			WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id`,
			ms(now), tokenHash(token), ms(now)).Scan(&user)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", safetybot.ErrTokenInvalid
	}
	return user, err
}

// CreateSession starts a dashboard session for userID; the returned id goes
// into the cookie and only its hash is kept. Expired sessions are purged.
func (s *Store) CreateSession(ctx context.Context, userID string, ttl time.Duration) (string, time.Time, error) {
	return s.newToken(ctx, "DELETE FROM web_sessions WHERE expires_at <= ?",
		"INSERT INTO web_sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)", userID, ttl)
}

// SessionUser returns the user of a live session, or ErrNoSession.
func (s *Store) SessionUser(ctx context.Context, id string) (string, error) {
	user, err := one[string](ctx, s.q, "SELECT user_id FROM web_sessions WHERE id_hash = ? AND expires_at > ?", tokenHash(id), ms(s.now()))
	if errors.Is(err, sql.ErrNoRows) {
		return "", safetybot.ErrNoSession
	}
	return user, err
}

// DeleteSession ends a session (sign-out).
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.exec(ctx, "DELETE FROM web_sessions WHERE id_hash = ?", tokenHash(id))
	return err
}
