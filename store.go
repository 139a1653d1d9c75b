package safetybot

import "context"

// Store is every service one database provides. A backend (the SQLite store
// in package store today; a PostgreSQL one may follow) implements it, and
// callers depend on the services they use, never on the backend's type.
type Store interface {
	HazardService
	EvidenceService
	TaskService
	PlanService
	DutyService
	RuleService
	ScheduleService
	UnitService
	TipService
	RoleService
	OutboxService
	InboundService
	NameService
	CardService
	QuestionService
	SessionService
	DigestService
	HealthService

	// View runs fn with a read-only Store whose every read sees the
	// database at one moment (a snapshot that writes committing meanwhile
	// do not change): an export that reads hazards, then their events, then
	// counts, never lists an event of a hazard it does not list. The view's
	// writes fail with an internal error; it must not be used after fn
	// returns. fn's error is returned as is; an error taking the snapshot
	// is internal.
	View(ctx context.Context, fn func(v Store) error) error
}

// HealthService answers whether the backend is usable (for /healthz).
type HealthService interface {
	// Ping returns nil when the database answers a trivial query before
	// ctx ends, else the (internal) error.
	Ping(ctx context.Context) error
}
