package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"

	"safetybot"
)

// The units table (migration 0029) holds every unit name the ledger knows
// with its classification, kept by triggers that call is_enterprise, the Go
// rule safetybot.IsEnterprise registered as an SQL function. Registering it
// here, in the package's init, makes it part of every connection the
// "sqlite" driver opens in this process: the store's, and the raw ones the
// fixtures and the migration tests open on the same file.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("is_enterprise", 2, isEnterpriseSQL)
}

// isEnterpriseSQL is is_enterprise(name TEXT, registered INTEGER): 1 when
// safetybot.IsEnterprise(name, registered <> 0), else 0.
func isEnterpriseSQL(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	var name string
	switch v := args[0].(type) {
	case string:
		name = v
	case []byte:
		name = string(v)
	case nil:
	default:
		return nil, fmt.Errorf("is_enterprise: name is %T", v)
	}
	registered := false
	switch v := args[1].(type) {
	case int64:
		registered = v != 0
	case bool:
		registered = v
	case nil:
	default:
		return nil, fmt.Errorf("is_enterprise: registered is %T", v)
	}
	if safetybot.IsEnterprise(name, registered) {
		return int64(1), nil
	}
	return int64(0), nil
}

// knownUnit is the WHERE of a known unit: registered, named on a hazard, or
// with an inspection recorded. knownEnterprise repeats the WHERE of the
// partial index units_known_enterprises word for word, so that SQLite
// counts and walks that index instead of the table. uninspected is the
// WHERE of a unit u without an inspection recorded for a period (its
// arguments: safetybot.DutyInspection and the period).
const (
	knownUnit       = "(registered = 1 OR hazards > 0 OR inspections > 0)"
	knownEnterprise = "enterprise = 1 AND " + knownUnit
	uninspected     = "NOT EXISTS (SELECT 1 FROM duty_records d WHERE d.duty = ? AND d.period = ? AND d.unit = u.name)"
)

// AddEnterprise registers (or updates) an enterprise and its principal.
func (s *Store) AddEnterprise(ctx context.Context, e safetybot.Enterprise, by string) error {
	_, err := s.exec(ctx, `INSERT INTO enterprises (name, principal, added_by, added_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET principal = excluded.principal`, e.Name, nullIfEmpty(e.Principal), by, ms(s.now()))
	return err
}

// units lists the units WHERE where (over units u) holds, by name, with
// their registry principal.
func (s *Store) units(ctx context.Context, where string, args ...any) ([]safetybot.Enterprise, error) {
	return list(ctx, s.q, `SELECT u.name, COALESCE(e.principal, ''), u.registered FROM units u
		LEFT JOIN enterprises e ON e.name = u.name WHERE `+where+` ORDER BY u.name`, func(r scanner) (e safetybot.Enterprise, err error) {
		err = r.Scan(&e.Name, &e.Principal, &e.Registered)
		return e, err
	}, args...)
}

// Enterprises lists the known units that are enterprises, by name
// (safetybot.UnitService).
func (s *Store) Enterprises(ctx context.Context) ([]safetybot.Enterprise, error) {
	return s.units(ctx, knownEnterprise)
}

// KnownUnits lists every known unit, enterprise or not: the registry, the
// units named in hazards now, and the units with an inspection recorded,
// by name.
func (s *Store) KnownUnits(ctx context.Context) ([]safetybot.Enterprise, error) {
	return s.units(ctx, knownUnit)
}

// UninspectedEnterprises lists the known enterprises with no principal's
// inspection recorded for period (e.g. "2026-Q4").
func (s *Store) UninspectedEnterprises(ctx context.Context, period string) ([]safetybot.Enterprise, error) {
	return s.units(ctx, knownEnterprise+" AND "+uninspected, safetybot.DutyInspection, period)
}

// CountEnterprises is len(Enterprises), counted over the index of known
// enterprises.
func (s *Store) CountEnterprises(ctx context.Context) (int, error) {
	return one[int](ctx, s.q, "SELECT count(*) FROM units WHERE "+knownEnterprise)
}

// EnterprisesInspected reports whether UninspectedEnterprises(period) is
// empty, stopping at the first enterprise without an inspection.
func (s *Store) EnterprisesInspected(ctx context.Context, period string) (bool, error) {
	return one[bool](ctx, s.q, "SELECT NOT EXISTS (SELECT 1 FROM units u WHERE "+knownEnterprise+" AND "+uninspected+")",
		safetybot.DutyInspection, period)
}

// EnterpriseDutyCounts is DutyCounts without the inspections of units that
// are not enterprises (export.EnterpriseCounts(DutyCounts, Enterprises):
// a unit with an inspection recorded is known, so its class decides).
func (s *Store) EnterpriseDutyCounts(ctx context.Context) ([]safetybot.DutyCount, error) {
	return list(ctx, s.q, `SELECT duty, period, COALESCE(unit, ''), count(*) FROM duty_records d
		WHERE duty <> ? OR EXISTS (SELECT 1 FROM units u WHERE u.name = d.unit AND u.enterprise = 1)
		GROUP BY duty, period, unit ORDER BY duty, period, unit`, scanDutyCount, safetybot.DutyInspection)
}

// LookupUnit reports whether name is a unit name the bureau knows (found:
// registered, or typed before in a report or an inspection), and whether it
// is in the enterprise registry. One index probe.
func (s *Store) LookupUnit(ctx context.Context, name string) (found, registered bool, err error) {
	err = s.q.QueryRowContext(ctx, "SELECT registered FROM units WHERE name = ?", name).Scan(&registered)
	if errors.Is(err, sql.ErrNoRows) {
		return false, false, nil
	}
	return err == nil, registered, err
}

// UnitNamesLike lists, sorted, the known unit names among the registered
// ones (registered) or among the others typed in reports and inspections
// (!registered) that contain typed, or with inOrder, that hold typed's
// characters in order (the way short forms are made: 通达危货 →
// 沁水县通达危险货物运输有限公司; a GLOB, for valid UTF-8 the rule of
// fuzzysearch's Find). typed "" lists them all.
func (s *Store) UnitNamesLike(ctx context.Context, typed string, registered, inOrder bool) ([]string, error) {
	pattern := "*" + globEscape(typed) + "*"
	if inOrder {
		var b strings.Builder
		b.WriteString("*")
		for _, r := range typed {
			b.WriteString(globEscape(string(r)))
			b.WriteString("*")
		}
		pattern = b.String()
	}
	q := "SELECT name FROM enterprises WHERE name GLOB ? ORDER BY name"
	if !registered {
		q = "SELECT name FROM units WHERE registered = 0 AND name GLOB ? ORDER BY name"
	}
	return list(ctx, s.q, q, scanValue[string], pattern)
}

// globEscape quotes GLOB's wildcards in s: each of * ? [ in brackets.
func globEscape(s string) string {
	if !strings.ContainsAny(s, "*?[") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '*', '?', '[':
			b.WriteString("[" + string(r) + "]")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
