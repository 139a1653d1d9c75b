package safetybot

import "time"

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
