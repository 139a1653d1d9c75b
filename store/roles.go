package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sync"
	"time"

	"safetybot"
)

// User returns userID with the roles the store holds for them; admins named
// in the configuration hold the admin role without a row.
//
// Roles are cached per user with the role_version they were read at
// (triggers bump it on every change to user_roles, from any process). A
// lookup reads the current version first and uses the cache only when it is
// unchanged, so a grant or revoke committed before the lookup starts (from
// this process or another) is always seen.
func (s *Store) User(ctx context.Context, userID string) (safetybot.User, error) {
	u := safetybot.User{ID: userID}
	if s.view != nil { // a View reads its snapshot, past the cache
		rows, err := s.view.QueryContext(ctx, "SELECT role, working_group FROM user_roles WHERE user_id = ? ORDER BY role", userID)
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
	// A one-row read: not worth the driver's cancellation watcher.
	qctx := context.WithoutCancel(ctx)
	var v int64
	if err := s.roles.version.QueryRowContext(qctx).Scan(&v); err != nil {
		return u, err
	}
	if gs, ok := s.roles.get(v, userID); ok {
		u.Grants = gs
		return u, nil
	}
	// Version and roles from one snapshot, so the pair cached is consistent.
	tx, err := s.r.BeginTx(qctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return u, err
	}
	defer tx.Rollback()
	if err := tx.StmtContext(qctx, s.roles.version).QueryRowContext(qctx).Scan(&v); err != nil {
		return u, err
	}
	rows, err := tx.StmtContext(qctx, s.roles.of).QueryContext(qctx, userID)
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
	if err := rows.Err(); err != nil {
		return u, err
	}
	s.roles.put(v, userID, u.Grants)
	return u, nil
}

// roleCache holds users' grants read at one role_version.
type roleCache struct {
	version *sql.Stmt // on the read pool
	of      *sql.Stmt

	mu    sync.Mutex
	v     int64
	users map[string][]safetybot.Grant
}

// maxCachedUsers bounds the cache; it starts over when full.
const maxCachedUsers = 10_000

func (s *Store) prepareReads(ctx context.Context) error {
	var err error
	if s.roles.version, err = s.r.PrepareContext(ctx, "SELECT v FROM role_version WHERE id = 1"); err != nil {
		return err
	}
	s.roles.of, err = s.r.PrepareContext(ctx, "SELECT role, working_group FROM user_roles WHERE user_id = ? ORDER BY role")
	return err
}

// get returns a copy of the grants cached for user at version v.
func (c *roleCache) get(v int64, user string) ([]safetybot.Grant, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.v != v || c.users == nil {
		return nil, false
	}
	gs, ok := c.users[user]
	return slices.Clone(gs), ok
}

func (c *roleCache) put(v int64, user string, gs []safetybot.Grant) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.v || c.users == nil || len(c.users) >= maxCachedUsers {
		c.v, c.users = v, map[string][]safetybot.Grant{}
	}
	c.users[user] = slices.Clone(gs)
}

func (c *roleCache) close() error {
	var errs []error
	for _, st := range []*sql.Stmt{c.version, c.of} {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	return errors.Join(errs...)
}

// Grant gives g.Role to g.UserID (replacing the working group if already
// held), recording who granted it in grant_events; notes (e.g. telling the
// other admins) are queued in the same transaction.
func (s *Store) Grant(ctx context.Context, g safetybot.Grant, by string, notes ...safetybot.Notification) error {
	now := s.now()
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role, working_group, granted_by, granted_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, role) DO UPDATE SET working_group = excluded.working_group,
			granted_by = excluded.granted_by, granted_at = excluded.granted_at`,
			g.UserID, g.Role, g.WorkingGroup, by, ms(now))
		if err != nil {
			return err
		}
		if err := insertGrantEvent(ctx, tx, now, by, g, "授权"); err != nil {
			return err
		}
		return queue(ctx, tx, now, notes...)
	})
}

// EnsureGrant gives g unless the user already holds g.Role, so a configured
// admin is recorded once, not at every start.
func (s *Store) EnsureGrant(ctx context.Context, g safetybot.Grant, by string) error {
	now := s.now()
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role, working_group, granted_by, granted_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, role) DO NOTHING`, g.UserID, g.Role, g.WorkingGroup, by, ms(now))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return insertGrantEvent(ctx, tx, now, by, g, "授权")
	})
}

// Revoke removes a role, recording who revoked it; it reports whether the
// user held it. Revoking the last admin is refused (ECONFLICT): nobody could
// grant anything after it.
func (s *Store) Revoke(ctx context.Context, userID string, r safetybot.Role, by string) (bool, error) {
	now := s.now()
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		if r == safetybot.RoleAdmin {
			var admins, held int
			if err := tx.QueryRowContext(ctx, "SELECT count(*), count(*) FILTER (WHERE user_id = ?) FROM user_roles WHERE role = ?",
				userID, r).Scan(&admins, &held); err != nil {
				return err
			}
			if held > 0 && admins == 1 {
				return safetybot.Errorf(safetybot.ECONFLICT, "%s 是最后一位管理员，不能撤销；请先授权另一位管理员。", userID)
			}
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM user_roles WHERE user_id = ? AND role = ?", userID, r)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return insertGrantEvent(ctx, tx, now, by, safetybot.Grant{UserID: userID, Role: r}, "撤权")
	})
	return n > 0, err
}

func insertGrantEvent(ctx context.Context, tx *sql.Tx, at time.Time, actor string, g safetybot.Grant, action string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO grant_events (at, actor, user_id, role, working_group, action)
		VALUES (?, ?, ?, ?, ?, ?)`, ms(at), actor, g.UserID, g.Role, g.WorkingGroup, action)
	return err
}

// GrantEvents lists the newest limit role changes, newest first.
func (s *Store) GrantEvents(ctx context.Context, limit int) ([]GrantEvent, error) {
	var out []GrantEvent
	err := s.each(ctx, `SELECT at, actor, user_id, role, working_group, action FROM grant_events ORDER BY id DESC LIMIT ?`,
		func(r scanner) error {
			var ev GrantEvent
			var at int64
			err := r.Scan(&at, &ev.Actor, &ev.Grant.UserID, &ev.Grant.Role, &ev.Grant.WorkingGroup, &ev.Action)
			ev.At = fromMS(at)
			out = append(out, ev)
			return err
		}, limit)
	return out, err
}

// Grants lists every role held, for the admin's overview.
func (s *Store) Grants(ctx context.Context) ([]safetybot.Grant, error) {
	rows, err := s.q.QueryContext(ctx, "SELECT user_id, role, working_group FROM user_roles ORDER BY role, user_id")
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
	if s.view != nil {
		return roleHolders(ctx, s.view, r)
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return roleHolders(ctx, tx, r)
}
