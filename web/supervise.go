package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"safetybot"
)

// postAllowed refuses a form post from another site or without the
// session's form token (the CSRF token rendered into every signed-in page).
// r's form must be parsed already. It answers 403 itself and returns false.
func (d *Dashboard) postAllowed(w http.ResponseWriter, r *http.Request) bool {
	tok, _ := r.Context().Value(csrfKey{}).(string)
	if !sameOrigin(r) || !validToken(r.PostFormValue("csrf"), tok) {
		d.log.InfoContext(r.Context(), "dashboard post refused: cross-site or no form token", "path", r.URL.Path)
		d.render(w, r, http.StatusForbidden, "message", &page{Title: "请求已拒绝",
			Message: "这个表单不是从本系统的页面提交的（或页面已过期），未作任何改动。请返回页面刷新后重试。"})
		return false
	}
	return true
}

// supervise handles POST /hazards/{number}/supervise: a leader's 督办 or
// 催办 (form fields kind, note, csrf). It is recorded in the hazard's
// history and the responsible person is notified through the outbox, in
// one transaction (store.SuperviseHazard); then the browser goes back to
// the hazard page, which says what was done.
func (d *Dashboard) supervise(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		d.fail(w, r, u, safetybot.Errorf(safetybot.EINVALID, "请求格式错误。"))
		return
	}
	if !d.postAllowed(w, r) {
		return
	}
	if !u.IsLeader() {
		d.fail(w, r, u, safetybot.Errorf(safetybot.EFORBIDDEN, "督办、催办仅限领导和管理员。如需催促整改，请联系分管领导。"))
		return
	}
	number := strings.ToUpper(r.PathValue("number"))
	kind := r.PostFormValue("kind")
	note := strings.TrimSpace(r.PostFormValue("note"))
	today := d.today()
	me := d.dir.Name(r.Context(), u.ID) // before the transaction: a look-up may wait
	h, err := d.store.SuperviseHazard(r.Context(), number, u.ID, kind, note, func(h *safetybot.Hazard) []safetybot.Notification {
		return []safetybot.Notification{safetybot.NotifyUser(h.Assignee, superviseNotice(h, me, kind, note, today))}
	})
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	d.log.InfoContext(r.Context(), "hazard supervised from the dashboard", "user", u.ID, "hazard", h.Number, "kind", kind)
	http.Redirect(w, r, "/hazards/"+h.Number+"?done="+url.QueryEscape(kind), http.StatusSeeOther)
}

// superviseNotice is the text the responsible person receives; by is how
// the leader is shown (a name).
func superviseNotice(h *safetybot.Hazard, by, kind, note string, today safetybot.Date) string {
	var b strings.Builder
	fmt.Fprintf(&b, "【%s】%s %s隐患 %s：%s", kind, by, kind, h.Number, safetybot.Truncate(h.Description, 60))
	due := "未设定"
	if h.Deadline != "" {
		due = string(h.Deadline)
		if n := DaysOverdue(h, today); n > 0 {
			due += fmt.Sprintf("（已逾期 %d 天）", n)
		}
	}
	fmt.Fprintf(&b, "\n单位：%s｜等级：%s｜状态：%s｜整改期限：%s", orDash(h.Unit), h.Grade, h.Status, due)
	if note != "" {
		fmt.Fprintf(&b, "\n%s意见：%s", kind, note)
	}
	fmt.Fprintf(&b, "\n请抓紧整改，进展发送「整改 %s <进展>」，完成后发送「整改 %s 已完成 完成:是」。", h.Number, h.Number)
	return b.String()
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// finishedAt is when the hazard's rectification was last reported finished
// (待验收), as the ledger's 完成时间 reads it: zero when it never was, when
// that report was undone, or when verification failed and sent it back.
func finishedAt(evs []safetybot.HazardEvent) time.Time {
	var at time.Time
	for _, e := range evs {
		if e.Undone || e.Action == "撤销" {
			continue
		}
		switch {
		case e.ToStatus == safetybot.StatusVerifying && e.FromStatus != safetybot.StatusVerifying:
			at = e.At
		case e.FromStatus == safetybot.StatusVerifying && e.ToStatus == safetybot.StatusRectifying:
			at = time.Time{}
		}
	}
	return at
}

// superviseKinds are the buttons the hazard page offers a leader.
var superviseKinds = []string{safetybot.Supervise, safetybot.Urge}
