package safetybot

import (
	"context"
	"time"
)

// Delivery statuses.
const (
	DeliverySent    = "sent"    // notifications queued
	DeliveryDone    = "done"    // skipped: the duty was already done for the period
	DeliveryDropped = "dropped" // missed while down and too old to matter
	DeliveryEmpty   = "empty"   // nothing to say (no overdue hazard…)
)

// Occurrence is one firing of a rule, ready to be recorded with its
// notifications.
type Occurrence struct {
	RuleID int64
	At     time.Time // the scheduled time, not the time it ran
	Status string    // DeliverySent, DeliveryDropped, DeliveryEmpty…
	Note   string
	// Duty and Period, when set, make the delivery check inside its
	// transaction whether the duty is done for the period, and if so record
	// DeliveryDone and queue nothing.
	Duty, Period string
	Notes        []Notification
	// Holder, when set, must hold the scheduler lease (fencing: a process
	// that lost its lease while a job was running sends nothing).
	Holder string
}

// DeliveryRecord is one handled occurrence.
type DeliveryRecord struct {
	RuleID       int64
	ScheduledFor time.Time
	Status       string
	Note         string
	Holder       string
	CreatedAt    time.Time
}

// LeaseScheduler is the lease only one serve process holds at a time.
const LeaseScheduler = "scheduler"

// ScheduleService is the scheduler's state: each rule occurrence delivered
// exactly once (across restarts and processes), rule watermarks, and the
// lease that lets one process at a time run the scheduler.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type ScheduleService interface {
	// Deliver records an occurrence exactly once: the deliveries row
	// (UNIQUE(rule_id, scheduled_for)), its outbox rows and the rule's watermark
	// are written in one transaction. It returns the status recorded, or "" when
	// the occurrence had already been handled (a second process, a restart loop)
	// and nothing was written. Its errors are internal.
	Deliver(ctx context.Context, o Occurrence) (string, error)

	// AcquireLease takes or renews the named lease for holder until now+ttl. It
	// reports whether holder has it: a live lease of another holder is left
	// alone; an expired one is taken over. Its errors are internal.
	AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)

	// ReleaseLease gives the lease up (on shutdown) so another process need not
	// wait for it to expire. Its errors are internal.
	ReleaseLease(ctx context.Context, name, holder string) error
}
