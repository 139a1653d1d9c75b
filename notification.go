package safetybot

import (
	"context"
	"time"
)

// Target kinds of a Notification.
const (
	TargetUser    = "user"    // a WeCom userid, through the app's message/send
	TargetAppChat = "appchat" // a group chat the app created
	TargetWebhook = "webhook" // a group robot, by the name in WECOM_WEBHOOK_KEYS
	TargetAIBot   = "aibot"   // a chat of the intelligent robot (proactive push)
	TargetRole    = "role"    // every holder of a role; expanded to users when queued
)

// Notification is a message to deliver later, queued in the same transaction
// as the change that causes it.
type Notification struct {
	TargetKind string
	Target     string
	Markdown   bool
	Body       string
	// DedupKey, when set, makes a second queueing of the same notification a
	// no-op (a reminder occurrence, a daily escalation…).
	DedupKey string
	// Coalesce, when set, names a kind of notice that reaches one person at
	// most once a minute: notices of that kind queued meanwhile are joined
	// into the one waiting (see CoalesceWindow).
	Coalesce string
	// Card, when set, makes this a button card (Body is its plain text,
	// Card.Text): one outbox row for all of its recipients, in format
	// "card", with a row in the cards table (store.Card).
	Card *Card
	// Except is a userid a role notification leaves out: the actor of a
	// 督办 told to all staff is not told of his own act.
	Except string
}

// CoalesceWindow is the least time between two notices of one Coalesce kind
// to one person.
const CoalesceWindow = time.Minute

// CoalesceMaxBytes bounds a joined notice; past it a new one is started.
const CoalesceMaxBytes = 1800

// NotifyUser is a text notification to one user.
func NotifyUser(userID, body string) Notification {
	return Notification{TargetKind: TargetUser, Target: userID, Body: body}
}

// NotifyRole is a text notification to every holder of role (leaders, say).
func NotifyRole(r Role, body string) Notification {
	return Notification{TargetKind: TargetRole, Target: string(r), Body: body}
}

// OutboxMessage is one queued notification as the worker sees it.
type OutboxMessage struct {
	ID         int64
	TargetKind string
	Target     string
	Markdown   bool
	// Format is how Body is to be read: "text", "markdown", "card" (a
	// Card as JSON, Target the recipients joined by '|') or
	// "card_update" (a CardUpdate as JSON).
	Format string
	// Body is the text: for a card, its plain text (Card.Text), for a card
	// update a line saying what it sets.
	Body string
	// Card and Update are the decoded body of "card" and "card_update" rows.
	Card      *Card
	Update    *CardUpdate
	Attempts  int
	LastError string
	CreatedAt time.Time
	// NextAttempt is when the row was due; PartsSent how many parts of a
	// long message are already delivered (see the outbox worker).
	NextAttempt time.Time
	PartsSent   int
}

// Outbox statuses.
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxDead    = "dead"
)

// OutboxOutcome is the result of one delivery attempt of a claimed row.
type OutboxOutcome struct {
	Status      string    // OutboxPending (retry or postpone), OutboxSent or OutboxDead
	Attempted   bool      // counts as an attempt (not for a pacing postponement)
	NextAttempt time.Time // for OutboxPending
	LastError   string
	PartsSent   int // parts of the body delivered so far
}

// OutboxService is the notification outbox: messages are queued in the
// transaction of the change they announce and delivered at least once by
// a worker that claims them under a lease; a row is finished by the owner
// of its claim only, so each is sent by one worker.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type OutboxService interface {
	// FreshenCard brings the card of outbox row m (format FormatCard) up to
	// date with its hazard just before it is sent, every card of every kind
	// (it may have waited out the coalescing, an outage, or a backlog
	// queued by another process): its rows show the hazard now (期限, 等级,
	// 责任人, 状态…), buttons that no longer ask are dropped, and a card whose
	// hazard moved on is recorded as finished and goes without callback
	// buttons. m.Card and m.Body are updated in place; other rows are left
	// as they are. Its errors are internal.
	FreshenCard(ctx context.Context, m *OutboxMessage) error

	// Queue adds notifications to the outbox in a transaction of their own, for
	// callers with nothing else to write. Its errors are internal.
	Queue(ctx context.Context, notes ...Notification) error

	// DeadOutbox returns the most recent dead-lettered messages, for admins.
	// Its errors are internal.
	DeadOutbox(ctx context.Context, limit int) ([]OutboxMessage, error)

	// OutboxCounts returns the number of messages by status, for /metrics.
	// Its errors are internal.
	OutboxCounts(ctx context.Context) (map[string]int, error)

	// ClaimOutbox leases up to limit due rows to owner until leaseUntil and
	// returns them oldest first. A row is due when it is pending, its next
	// attempt has come, no other worker holds a live lease on it, and no older
	// row to the same target waits for a later attempt or is leased elsewhere
	// (messages to one recipient go out in order). Two workers on one database
	// never hold the same row. Its errors are internal.
	ClaimOutbox(ctx context.Context, owner string, limit int, leaseUntil time.Time) ([]OutboxMessage, error)

	// ExtendLease moves owner's lease on ids to until (a long pass).
	// Its errors are internal.
	ExtendLease(ctx context.Context, owner string, until time.Time, ids ...int64) error

	// ReleaseOutbox gives rows back untouched (not attempted in this pass).
	// Its errors are internal.
	ReleaseOutbox(ctx context.Context, owner string, ids ...int64) error

	// FinishOutbox records the outcome of owner's attempt on row id and
	// releases the lease, in one statement. It reports false when owner no
	// longer held the row (its lease ran out and another worker took it).
	// Its errors are internal.
	FinishOutbox(ctx context.Context, owner string, id int64, o OutboxOutcome) (bool, error)

	// RetryOutboxNow makes every pending row of kind that waits for a retry due
	// at once: after WeCom comes back from an outage, nothing should wait out a
	// half-hour backoff. Pacing still applies when they are sent.
	// Its errors are internal.
	RetryOutboxNow(ctx context.Context, kind string) (int64, error)

	// PurgeSentOutbox deletes delivered rows sent before before; pending and
	// dead rows stay (the worker and admins still need them).
	// Its errors are internal.
	PurgeSentOutbox(ctx context.Context, before time.Time) (int64, error)
}
