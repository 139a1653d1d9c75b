package store

import (
	"context"
	"slices"
)

// This file answers which accounts the ledger knows, for the commands that
// name a person by a typed userid or name (授权, 指派, 提醒 对象:用户:…):
// WeCom userids are case-insensitive, so "Zhangsan" must find zhangsan
// instead of becoming a second person (qa6a #12, qa6b #5).

// knownExact lists where a userid is known, each part over an index: the
// roles, the names (set, or an address-book entry that exists), the
// enterprise principals, and the hazards' assignees and reporters.
const knownExact = `SELECT user_id FROM user_roles WHERE user_id = ?1
	UNION SELECT user_id FROM user_names WHERE user_id = ?1 AND (set_name IS NOT NULL OR book_status IN ('ok', 'denied'))
	UNION SELECT principal FROM enterprises WHERE principal = ?1
	UNION SELECT assignee FROM hazards WHERE assignee = ?1
	UNION SELECT reporter FROM hazards WHERE reporter = ?1`

// knownAnyCase is knownExact ignoring ASCII case. It scans the indexes on
// hazards (a userid is ASCII, and NOCASE folds ASCII only), so it runs only
// when the userid as typed is not known.
const knownAnyCase = `SELECT user_id FROM user_roles WHERE user_id = ?1 COLLATE NOCASE
	UNION SELECT user_id FROM user_names WHERE user_id = ?1 COLLATE NOCASE AND (set_name IS NOT NULL OR book_status IN ('ok', 'denied'))
	UNION SELECT principal FROM enterprises WHERE principal = ?1 COLLATE NOCASE
	UNION SELECT DISTINCT assignee FROM hazards WHERE assignee = ?1 COLLATE NOCASE
	UNION SELECT DISTINCT reporter FROM hazards WHERE reporter = ?1 COLLATE NOCASE`

// KnownUserIDs returns the userids the ledger knows that equal userID
// ignoring case, sorted; userID itself alone when it is known as typed.
func (s *Store) KnownUserIDs(ctx context.Context, userID string) ([]string, error) {
	if userID == "" {
		return nil, nil
	}
	ids, err := list(ctx, s.q, knownExact, scanValue[string], userID)
	if err != nil || len(ids) > 0 {
		return ids, err
	}
	ids, err = list(ctx, s.q, knownAnyCase, scanValue[string], userID)
	slices.Sort(ids)
	return slices.Compact(ids), err
}

// UserIDsNamed returns the userids whose displayed name is name: the name
// an administrator set, else the address-book name; sorted.
func (s *Store) UserIDsNamed(ctx context.Context, name string) ([]string, error) {
	return list(ctx, s.q, `SELECT user_id FROM user_names WHERE COALESCE(set_name, book_name) = ? ORDER BY user_id`,
		scanValue[string], name)
}
