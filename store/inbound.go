package store

import (
	"context"
	"database/sql"
)

// InboundSecret returns the deployment's key for hashing inbound message ids
// (the HMAC the deduplication keeps instead of the ids), storing fresh on
// first use; every process on the database reads the same key.
func (s *Store) InboundSecret(ctx context.Context, fresh []byte) ([]byte, error) {
	return s.secret(ctx, "dedup_hmac", fresh)
}

// secret returns the secret called name, storing fresh under it first if
// there is none.
func (s *Store) secret(ctx context.Context, name string, fresh []byte) (value []byte, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", name, fresh); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT value FROM secrets WHERE name = ?", name).Scan(&value)
	})
	return value, err
}

// RecordInbound records keys as seen in hour and reports which were seen
// before, pruning in the same transaction (safetybot.InboundService).
func (s *Store) RecordInbound(ctx context.Context, keys [][32]byte, hour int64, prune bool, pruneBefore int64) (seen []bool, err error) {
	seen = make([]bool, len(keys))
	err = s.write(ctx, func(tx *sql.Tx) error {
		for i, k := range keys {
			added, err := execFirst(ctx, tx, "INSERT INTO wecom_inbound (key, seen_hour) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", k[:], hour)
			if err != nil {
				return err
			}
			seen[i] = !added
		}
		if prune {
			_, err = tx.ExecContext(ctx, "DELETE FROM wecom_inbound WHERE seen_hour < ?", pruneBefore)
		}
		return err
	})
	return seen, err
}
