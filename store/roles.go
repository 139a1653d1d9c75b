package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"safetybot"
)

// User returns userID with the roles the store holds for them and the
// registered enterprises whose principal they are, the userid matched in
// any case; admins named in the configuration hold the admin role without
// a row. WeCom userids are case-insensitive (通讯录 doc 90195) and WeCom
// sends a sender in its own spelling: SAFETYBOT_ADMINS=Admin on a fresh
// ledger was granted as Admin, and admin, whose messages WeCom sends, was
// no administrator (fix10 #3). It reads the database every time (one
// statement; each side two range searches of its index, sameUser), so a
// grant or revoke committed before it by any process is seen.
func (s *Store) User(ctx context.Context, userID string) (safetybot.User, error) {
	u := safetybot.User{ID: userID}
	err := s.each(ctx, userQuery, func(r scanner) error {
		var enterprise bool
		var name, group string
		if err := r.Scan(&enterprise, &name, &group); err != nil {
			return err
		}
		if enterprise {
			u.Enterprises = append(u.Enterprises, name)
		} else {
			u.Grants = append(u.Grants, safetybot.Grant{UserID: userID, Role: safetybot.Role(name), WorkingGroup: group})
		}
		return nil
	}, userID)
	return u, err
}

// sameUser is col equal to ?1 ignoring ASCII case (a userid is ASCII;
// SQLite's upper and lower fold ASCII only), bounded so that col's index
// is searched, not the table scanned: NOCASE cannot use a BINARY index,
// and making the columns NOCASE would rebuild the tables (a migration).
// Every case variant of an id lies between its upper- and its lower-case
// form in byte order ('A'–'Z' before 'a'–'z'), and fixing the first
// character's case narrows that to two ranges of the ids that begin with
// it (store.hazardPeopleAnyCase steps through the same ranges).
func sameUser(col string) string {
	return "(" + col + " BETWEEN upper(?1) AND upper(substr(?1, 1, 1)) || lower(substr(?1, 2))" +
		" OR " + col + " BETWEEN lower(substr(?1, 1, 1)) || upper(substr(?1, 2)) AND lower(?1))" +
		" AND " + col + " = ?1 COLLATE NOCASE"
}

// The statements that read a person's roles in any case (sameUser), ?2
// being the role where there is one.
var (
	userQuery = `SELECT 0, role, COALESCE(working_group, '') FROM user_roles WHERE ` + sameUser("user_id") + `
		UNION ALL SELECT 1, name, '' FROM enterprises WHERE ` + sameUser("principal") + ` ORDER BY 1, 2`
	heldAsQuery     = "SELECT user_id FROM user_roles WHERE " + sameUser("user_id") + " AND role = ?2 ORDER BY user_id LIMIT 1"
	lastAdminQuery  = "SELECT count(*), count(*) FILTER (WHERE " + sameUser("user_id") + ") FROM user_roles WHERE role = ?2"
	revokeStatement = "DELETE FROM user_roles WHERE " + sameUser("user_id") + " AND role = ?2"
)

// heldAs is the spelling under which userID holds r in any case, userID
// itself when no spelling does: a grant to admin of what Admin holds
// updates Admin's row instead of adding a second one User would merge.
func heldAs(ctx context.Context, tx *sql.Tx, userID string, r safetybot.Role) (string, error) {
	id, err := one[string](ctx, tx, heldAsQuery, userID, r)
	if errors.Is(err, sql.ErrNoRows) {
		return userID, nil
	}
	return id, err
}

// Grant gives g.Role to g.UserID (replacing the working group if already
// held), recording who granted it in grant_events; notes (e.g. telling the
// other admins) are queued in the same transaction.
func (s *Store) Grant(ctx context.Context, g safetybot.Grant, by string, notes ...safetybot.Notification) error {
	now := s.now()
	return s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if g.UserID, err = heldAs(ctx, tx, g.UserID, g.Role); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role, working_group, granted_by, granted_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, role) DO UPDATE SET working_group = excluded.working_group,
			granted_by = excluded.granted_by, granted_at = excluded.granted_at`,
			g.UserID, g.Role, nullIfEmpty(g.WorkingGroup), by, ms(now))
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
		var err error
		if g.UserID, err = heldAs(ctx, tx, g.UserID, g.Role); err != nil {
			return err
		}
		added, err := execFirst(ctx, tx, `INSERT INTO user_roles (user_id, role, working_group, granted_by, granted_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, role) DO NOTHING`, g.UserID, g.Role, nullIfEmpty(g.WorkingGroup), by, ms(now))
		if err != nil || !added {
			return err
		}
		return insertGrantEvent(ctx, tx, now, by, g, "授权")
	})
}

// Revoke removes a role held under any case of userID (User reads them
// all as this person), recording who revoked it; it reports whether the
// user held it. Revoking the last admin is refused (ECONFLICT): nobody could
// grant anything after it.
func (s *Store) Revoke(ctx context.Context, userID string, r safetybot.Role, by string) (bool, error) {
	now := s.now()
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		if r == safetybot.RoleAdmin {
			var admins, held int
			if err := tx.QueryRowContext(ctx, lastAdminQuery, userID, r).Scan(&admins, &held); err != nil {
				return err
			}
			if held > 0 && admins == held {
				return safetybot.Errorf(safetybot.ECONFLICT, "%s 是最后一位管理员，不能撤销；请先授权另一位管理员。", userID)
			}
		}
		// Every spelling goes, as User reads them all as this person.
		var err error
		n, err = affected(tx.ExecContext(ctx, revokeStatement, userID, r))
		if err != nil || n == 0 {
			return err
		}
		return insertGrantEvent(ctx, tx, now, by, safetybot.Grant{UserID: userID, Role: r}, "撤权")
	})
	return n > 0, err
}

func insertGrantEvent(ctx context.Context, tx *sql.Tx, at time.Time, actor string, g safetybot.Grant, action string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO grant_events (at, actor, user_id, role, working_group, action)
		VALUES (?, ?, ?, ?, ?, ?)`, ms(at), actor, g.UserID, g.Role, nullIfEmpty(g.WorkingGroup), action)
	return err
}

// GrantEvents lists the newest limit role changes, newest first.
func (s *Store) GrantEvents(ctx context.Context, limit int) ([]safetybot.GrantEvent, error) {
	return list(ctx, s.q, `SELECT at, actor, user_id, role, COALESCE(working_group, ''), action FROM grant_events ORDER BY id DESC LIMIT ?`,
		func(r scanner) (ev safetybot.GrantEvent, err error) {
			err = r.Scan((*msTime)(&ev.At), &ev.Actor, &ev.Grant.UserID, &ev.Grant.Role, &ev.Grant.WorkingGroup, &ev.Action)
			return ev, err
		}, limit)
}

// Grants lists every role held, for the admin's overview.
func (s *Store) Grants(ctx context.Context) ([]safetybot.Grant, error) {
	return list(ctx, s.q, "SELECT user_id, role, COALESCE(working_group, '') FROM user_roles ORDER BY role, user_id",
		func(r scanner) (g safetybot.Grant, err error) {
			err = r.Scan(&g.UserID, &g.Role, &g.WorkingGroup)
			return g, err
		})
}

// UsersWithRole lists the holders of r.
func (s *Store) UsersWithRole(ctx context.Context, r safetybot.Role) ([]string, error) {
	return roleHolders(ctx, s.q, r)
}
