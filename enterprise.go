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

	// UnitNames lists the unit names to match typed units against: the
	// registered enterprises, and the other names typed in reports and
	// inspections (known_units, kept by triggers), each sorted.
	// Its errors are internal.
	UnitNames(ctx context.Context) (registered, others []string, err error)
}
