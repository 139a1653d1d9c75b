package safetybot

import "context"

// Enterprise is a unit whose principal must lead a quarterly inspection.
type Enterprise struct {
	Name      string
	Principal string // WeCom userid, "" when unknown
	// Registered: in the enterprise registry (企业 <单位> <负责人>), not only
	// a name typed in a report or an inspection.
	Registered bool
}

// UnitService is the enterprise registry and the unit names the ledger
// knows.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type UnitService interface {
	// AddEnterprise registers (or updates) an enterprise and its principal.
	// Its errors are internal.
	AddEnterprise(ctx context.Context, e Enterprise, by string) error

	// Enterprises lists every known enterprise, by name: the registry, and the
	// units named in hazards or with an inspection recorded that are
	// enterprises (safetybot.IsEnterprise: 县公路段 is a government body, not
	// one whose principal inspects quarterly). Its errors are internal.
	Enterprises(ctx context.Context) ([]Enterprise, error)

	// KnownUnits lists every known unit, enterprise or not: the registry, the
	// units named in hazards, and the units with an inspection recorded, by
	// name. Its errors are internal.
	KnownUnits(ctx context.Context) ([]Enterprise, error)

	// UninspectedEnterprises lists the known enterprises with no principal's
	// inspection recorded for period (e.g. "2026-Q4"). Its errors are internal.
	UninspectedEnterprises(ctx context.Context, period string) ([]Enterprise, error)

	// CountEnterprises is len(Enterprises), without listing them. Its
	// errors are internal.
	CountEnterprises(ctx context.Context) (int, error)

	// EnterprisesInspected reports whether every known enterprise has a
	// principal's inspection recorded for period (UninspectedEnterprises is
	// empty), stopping at the first that has none. Its errors are internal.
	EnterprisesInspected(ctx context.Context, period string) (bool, error)

	// EnterpriseDutyCounts is DutyCounts without the inspections of units
	// that are not enterprises (a government body's inspection is not an
	// enterprise principal's), as the report and the dashboard count them.
	// Its errors are internal.
	EnterpriseDutyCounts(ctx context.Context) ([]DutyCount, error)

	// LookupUnit reports whether name is a known unit name (found: in the
	// registry, or typed before in a report or an inspection) and whether
	// it is registered. Its errors are internal.
	LookupUnit(ctx context.Context, name string) (found, registered bool, err error)

	// UnitNamesLike lists, sorted, the registered unit names (registered)
	// or the other names typed in reports and inspections (!registered)
	// that contain typed, or with inOrder, that hold typed's runes in order
	// (fuzzysearch's Find, for valid UTF-8); typed "" lists them all. Its
	// errors are internal.
	UnitNamesLike(ctx context.Context, typed string, registered, inOrder bool) ([]string, error)
}
