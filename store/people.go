package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
)

// This file answers which accounts the ledger knows, for the commands that
// name a person by a typed userid or name (授权, 指派, 提醒 对象:用户:…):
// WeCom userids are case-insensitive, so "Zhangsan" must find zhangsan
// instead of becoming a second person (qa6a #12, qa6b #5).

// knownExact reports whether a userid is known as typed, each part one
// index probe: the roles, the names (set, or an address-book entry that
// exists), the enterprise principals, and the hazards' assignees and
// reporters. EXISTS, not a UNION of rows: one staff member may have
// reported most of the ledger.
const knownExact = `SELECT EXISTS (SELECT 1 FROM user_roles WHERE user_id = ?1)
	OR EXISTS (SELECT 1 FROM user_names WHERE user_id = ?1 AND (set_name IS NOT NULL OR book_status IN ('ok', 'denied')))
	OR EXISTS (SELECT 1 FROM enterprises WHERE principal = ?1)
	OR EXISTS (SELECT 1 FROM hazards WHERE assignee = ?1)
	OR EXISTS (SELECT 1 FROM hazards WHERE reporter = ?1)`

// knownPeopleAnyCase is the small tables of knownExact ignoring ASCII case
// (NOCASE folds ASCII only; a userid is ASCII). They hold one row per
// person or enterprise, so they are scanned.
const knownPeopleAnyCase = `SELECT user_id FROM user_roles WHERE user_id = ?1 COLLATE NOCASE
	UNION SELECT user_id FROM user_names WHERE user_id = ?1 COLLATE NOCASE AND (set_name IS NOT NULL OR book_status IN ('ok', 'denied'))
	UNION SELECT principal FROM enterprises WHERE principal = ?1 COLLATE NOCASE`

// KnownUserIDs returns the userids the ledger knows that equal userID
// ignoring case, sorted; userID itself alone when it is known as typed.
func (s *Store) KnownUserIDs(ctx context.Context, userID string) ([]string, error) {
	if userID == "" {
		return nil, nil
	}
	known, err := one[bool](ctx, s.q, knownExact, userID)
	if err != nil || known {
		if known {
			return []string{userID}, nil
		}
		return nil, err
	}
	ids, err := list(ctx, s.q, knownPeopleAnyCase, scanValue[string], userID)
	if err != nil {
		return nil, err
	}
	for _, col := range []string{"assignee", "reporter"} {
		found, err := s.hazardPeopleAnyCase(ctx, col, userID)
		if err != nil {
			return nil, err
		}
		ids = append(ids, found...)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// hazardPeopleAnyCase finds the values of hazards.col (assignee or
// reporter, each indexed) equal to userID ignoring ASCII case without
// reading every hazard: every case variant of an ASCII string lies between
// its upper-case and its lower-case form (byte order: 'A'–'Z' before
// 'a'–'z'), and fixing the first byte's case narrows that range to the ids
// that begin with it. Within a range it steps from one distinct value to
// the next (one index seek each), so a person on thousands of hazards is
// read once.
func (s *Store) hazardPeopleAnyCase(ctx context.Context, col, userID string) ([]string, error) {
	var out []string
	rest := userID[1:]
	firsts := []string{strings.ToUpper(userID[:1]), strings.ToLower(userID[:1])}
	for i, first := range firsts {
		if i > 0 && first == firsts[0] {
			break
		}
		lo, hi := first+strings.ToUpper(rest), first+strings.ToLower(rest)
		// One lower bound per statement: given both >= lo and > prev,
		// SQLite seeks to lo and filters by prev, reading every row of a
		// staff member who reported most of the ledger (BenchmarkKnownUserIDs200k).
		from := "SELECT " + col + " FROM hazards WHERE " + col + " >= ? AND " + col + " <= ? ORDER BY " + col + " LIMIT 1"
		next := "SELECT " + col + " FROM hazards WHERE " + col + " > ? AND " + col + " <= ? ORDER BY " + col + " LIMIT 1"
		for q, bound := from, lo; ; q = next {
			var v string
			err := s.q.QueryRowContext(ctx, q, bound, hi).Scan(&v)
			if errors.Is(err, sql.ErrNoRows) {
				break
			}
			if err != nil {
				return nil, err
			}
			if strings.EqualFold(v, userID) {
				out = append(out, v)
			}
			bound = v
		}
	}
	return out, nil
}

// UserIDsNamed returns the userids whose displayed name is name: the name
// an administrator set, else the address-book name; sorted.
func (s *Store) UserIDsNamed(ctx context.Context, name string) ([]string, error) {
	return list(ctx, s.q, `SELECT user_id FROM user_names WHERE COALESCE(set_name, book_name) = ? ORDER BY user_id`,
		scanValue[string], name)
}
