package store

import (
	"context"
	"database/sql"

	"safetybot"
)

// User returns userID with the roles the store holds for them; admins named
// in the configuration hold the admin role without a row.
func (s *Store) User(ctx context.Context, userID string) (safetybot.User, error) {
	u := safetybot.User{ID: userID}
	rows, err := s.r.QueryContext(ctx, "SELECT role, working_group FROM user_roles WHERE user_id = ? ORDER BY role", userID)
	if err != nil {
		return u, err
	}
	defer rows.Close()
	for rows.Next() {
		g := safetybot.Grant{UserID: userID}
		if err := rows.Scan(&g.Role, &g.WorkingGroup); err != nil {
			return u, err
		}
		u.Grants = append(u.Grants, g)
	}
	return u, rows.Err()
}

// Grant gives g.Role to g.UserID (replacing the working group if already held).
func (s *Store) Grant(ctx context.Context, g safetybot.Grant, by string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role, working_group, granted_by, granted_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, role) DO UPDATE SET working_group = excluded.working_group,
			granted_by = excluded.granted_by, granted_at = excluded.granted_at`,
			g.UserID, g.Role, g.WorkingGroup, by, ms(s.now()))
		return err
	})
}

// Revoke removes a role; it reports whether the user held it.
func (s *Store) Revoke(ctx context.Context, userID string, r safetybot.Role) (bool, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM user_roles WHERE user_id = ? AND role = ?", userID, r)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n > 0, err
}

// Grants lists every role held, for the admin's overview.
func (s *Store) Grants(ctx context.Context) ([]safetybot.Grant, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT user_id, role, working_group FROM user_roles ORDER BY role, user_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var gs []safetybot.Grant
	for rows.Next() {
		var g safetybot.Grant
		if err := rows.Scan(&g.UserID, &g.Role, &g.WorkingGroup); err != nil {
			return nil, err
		}
		gs = append(gs, g)
	}
	return gs, rows.Err()
}

// UsersWithRole lists the holders of r.
func (s *Store) UsersWithRole(ctx context.Context, r safetybot.Role) ([]string, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return roleHolders(ctx, tx, r)
}
