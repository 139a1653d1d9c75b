package bot

import (
	"context"
	"fmt"

	"safetybot"
)

// Who hears of a change to a hazard: the leaders, and the people the
// hazard concerns (its reporter and its responsible person).

// notifyLeaders addresses a notice to the leaders. The one rule of who that
// is lives in the store's queue: every holder of 领导, or while none is set,
// every admin (configured admins are recorded as grants at start-up), so a
// major hazard never reaches nobody.
// Notices to leaders coalesce: a burst of reports reaches each leader at
// most once a minute (issue 10 §17).
func notifyLeaders(body string) safetybot.Notification {
	n := safetybot.NotifyRole(safetybot.RoleLeader, body)
	n.Coalesce = "leaders"
	return n
}

// leaders lists who notifyLeaders reaches now, for a reply that says
// whether anyone was told.
func (e *Engine) leaders(ctx context.Context) ([]string, error) {
	ids, err := e.store.UsersWithRole(ctx, safetybot.RoleLeader)
	if err != nil || len(ids) > 0 {
		return ids, err
	}
	return e.store.UsersWithRole(ctx, safetybot.RoleAdmin)
}

// notifyParties tells the reporter and the assignee, but not the person who
// acted, about a change to their hazard.
func (e *Engine) notifyParties(h *safetybot.Hazard, actor, msg string) []safetybot.Notification {
	var out []safetybot.Notification
	seen := map[string]bool{actor: true, "": true}
	for _, u := range []string{h.Assignee, h.Reporter} {
		if !seen[u] {
			seen[u] = true
			out = append(out, safetybot.NotifyUser(u, msg))
		}
	}
	return out
}

// returnedReply answers a 驳回 that sent hazard h back to rectification
// (验收不通过), saying who was told only where someone was: a hazard
// reported done before anyone was assigned has no responsible person to
// tell (qa7b #12), so it asks for one; one returned by its own responsible
// person tells nobody else.
func returnedReply(h *safetybot.Hazard, actor string) string {
	switch h.Assignee {
	case "":
		return fmt.Sprintf("%s 验收不通过，已退回整改。该隐患尚未指派责任人，没有责任人收到退回通知：请发送「指派 %s <userid> 期限:」指定责任人整改。", h.Number, h.Number)
	case actor:
		return fmt.Sprintf("%s 验收不通过，已退回整改（责任人是您本人）。", h.Number)
	}
	return fmt.Sprintf("%s 验收不通过，已退回整改并通知责任人。", h.Number)
}
