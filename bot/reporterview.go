package bot

import "safetybot"

// Who reported a hazard is shown only where it cannot reach the people it
// was reported about: to staff, leaders and admins in a private chat (and on
// the dashboard, which only they sign in to). A principal (an enterprise's
// 整改责任人) looking at a hazard assigned to them, or anyone in a group, sees
// 上报人 withheld, and the reporter's own entries in the history without
// their name: naming an employee who reported their employer invites
// retaliation (fix9-8 #5).

// reporterWithheld stands for the reporter where they are not shown.
const reporterWithheld = "（不在此显示）"

// reporterShown reports whether r's sender may read who reported h here.
// The reporters themselves may, privately: it tells them nothing new.
func reporterShown(r *request, h *safetybot.Hazard) bool {
	if r.msg.ChatType == ChatGroup {
		return false
	}
	return r.user.IsStaff() || (h.Reporter != "" && r.user.ID == h.Reporter)
}

// reporterAs is how the detail names actor, one who acted on h: withheld
// when actor is h's reporter and show is false, else "".
func reporterAs(h *safetybot.Hazard, actor string, show bool) string {
	if !show && h.Reporter != "" && actor == h.Reporter {
		return reporterWithheld
	}
	return ""
}
