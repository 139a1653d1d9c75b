package store

import "safetybot"

// The domain types the services take and return are declared in package
// safetybot; these aliases let this package's code name them as it did when
// they lived here. Callers use safetybot's names: a second backend must not
// be needed to compile them.
type (
	CardRecord     = safetybot.CardRecord
	CardClick      = safetybot.CardClick
	DutyCount      = safetybot.DutyCount
	LedgerEvent    = safetybot.LedgerEvent
	TipYear        = safetybot.TipYear
	Occurrence     = safetybot.Occurrence
	DeliveryRecord = safetybot.DeliveryRecord
	DigestFacts    = safetybot.DigestFacts
	Evidence       = safetybot.Evidence
	HazardChange   = safetybot.HazardChange
	HazardFilter   = safetybot.HazardFilter
	HazardCount    = safetybot.HazardCount
	HazardOrder    = safetybot.HazardOrder
	Tally          = safetybot.Tally
	MonthFlow      = safetybot.MonthFlow
	ReportLimits   = safetybot.ReportLimits
	LastChange     = safetybot.LastChange
	OutboxMessage  = safetybot.OutboxMessage
	OutboxOutcome  = safetybot.OutboxOutcome
	PlanImport     = safetybot.PlanImport
	GrantEvent     = safetybot.GrantEvent
	Enterprise     = safetybot.Enterprise
	TipCounts      = safetybot.TipCounts
	TipFilter      = safetybot.TipFilter
	TipAuditEntry  = safetybot.TipAuditEntry
	TipChange      = safetybot.TipChange
)

const (
	FormatCard       = safetybot.FormatCard
	FormatCardUpdate = safetybot.FormatCardUpdate
	DeliverySent     = safetybot.DeliverySent
	DeliveryDone     = safetybot.DeliveryDone
	DeliveryDropped  = safetybot.DeliveryDropped
	DeliveryEmpty    = safetybot.DeliveryEmpty
	LeaseScheduler   = safetybot.LeaseScheduler
	EvidenceImage    = safetybot.EvidenceImage
	EvidenceLocation = safetybot.EvidenceLocation
	Supervise        = safetybot.Supervise
	Urge             = safetybot.Urge
	MaxSuperviseNote = safetybot.MaxSuperviseNote
	OutboxPending    = safetybot.OutboxPending
	OutboxSent       = safetybot.OutboxSent
	OutboxDead       = safetybot.OutboxDead
)

var (
	ErrNoTip        = safetybot.ErrNoTip
	ErrTokenInvalid = safetybot.ErrTokenInvalid
	ErrNoSession    = safetybot.ErrNoSession
)
