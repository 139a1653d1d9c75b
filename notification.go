package safetybot

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
}

// NotifyUser is a text notification to one user.
func NotifyUser(userID, body string) Notification {
	return Notification{TargetKind: TargetUser, Target: userID, Body: body}
}

// NotifyRole is a text notification to every holder of role (leaders, say).
func NotifyRole(r Role, body string) Notification {
	return Notification{TargetKind: TargetRole, Target: string(r), Body: body}
}
