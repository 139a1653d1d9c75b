// Code in this package names the domain types by their short names; they
// are declared in package safetybot. Callers use safetybot's names.
package store

import "safetybot"

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
