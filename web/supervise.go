package web

import (
	"net/http"
	"strings"

	"safetybot"
)

// postAllowed refuses a form post from another site or without the
// session's form token (the CSRF token rendered into every signed-in page).
// r's form must be parsed already. It answers 403 itself and returns false.
func (d *Dashboard) postAllowed(w http.ResponseWriter, r *http.Request) bool {
	tok, _ := r.Context().Value(csrfKey{}).(string)
	if !d.sameOrigin(r) || !validToken(r.PostFormValue("csrf"), tok) {
		d.log.InfoContext(r.Context(), "dashboard post refused: cross-site or no form token", "path", r.URL.Path)
		d.render(w, r, http.StatusForbidden, "message", &page{Title: "请求已拒绝",
			Message: "这个表单不是从本系统的页面提交的（或页面已过期），未作任何改动。请返回页面刷新后重试。"})
		return false
	}
	return true
}

// supervise handles POST /hazards/{number}/supervise: a leader's 督办, or
// a leader's or staff member's 催办 (form fields kind, note, csrf). It is recorded in the hazard's
// history and the responsible person (while there is none, the field's
// staff) is notified through the outbox, in one transaction
// (store.SuperviseHazard, the rule the chat's 督办 and 催办 use too); then
// the browser goes back to
// the hazard page, which says once what was done and who was told (a
// one-time banner of the session, flash.go; never a URL parameter, which a
// link could forge).
func (d *Dashboard) supervise(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		d.fail(w, r, u, safetybot.Errorf(safetybot.EINVALID, "请求格式错误。"))
		return
	}
	if !d.postAllowed(w, r) {
		return
	}
	number := strings.ToUpper(r.PathValue("number"))
	kind := r.PostFormValue("kind")
	if !safetybot.MayRecord(*u, kind) {
		msg := "催办仅限工作人员、领导和管理员。"
		if kind == safetybot.Supervise {
			msg = "督办仅限领导和管理员；工作人员可以催办。"
		}
		d.fail(w, r, u, safetybot.Errorf(safetybot.EFORBIDDEN, "%s", msg))
		return
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	// the one rule of 督办 and 催办, as the chat commands use it
	sv := safetybot.Supervision{Kind: kind, Actor: u.ID, By: d.dir.Name(r.Context(), u.ID), Note: note, Today: d.today()}
	if err := sv.Check(); err != nil {
		// Past the page's limit (a post that bypassed it): the note is
		// shown again, to copy and shorten, with the way back to the hazard.
		d.render(w, r, http.StatusBadRequest, "message", &page{User: u, Title: "未能" + kind,
			Message: safetybot.ErrorMessage(err) + "未作记录。您填写的意见保留在下面，请复制、删减后回到隐患页重新提交。",
			Kept:    note, Back: link{"/hazards/" + number, "隐患 " + number}})
		return
	}
	h, notes, err := d.store.SuperviseHazard(r.Context(), number, sv, d.plan.DomainGroup)
	if safetybot.ErrorCode(err) == safetybot.ENOTFOUND {
		d.noHazard(w, r, u)
		return
	} else if err != nil {
		d.fail(w, r, u, err)
		return
	}
	d.log.InfoContext(r.Context(), "hazard supervised from the dashboard", "user", u.ID, "hazard", h.Number, "kind", kind)
	path := "/hazards/" + h.Number
	told := safetybot.Told(h, notes, func(id string) string { return d.dir.Name(r.Context(), id) })
	d.flash.put(r, path, "已"+kind+"，已记入处置记录。"+told, d.now())
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// superviseKinds are the buttons the hazard page may offer: 督办 to
// leaders, 催办 to staff and leaders (safetybot.MayRecord).
var superviseKinds = []string{safetybot.Supervise, safetybot.Urge}

// superviseOffered are the superviseKinds u may press.
func superviseOffered(u *safetybot.User) []string {
	var out []string
	for _, k := range superviseKinds {
		if safetybot.MayRecord(*u, k) {
			out = append(out, k)
		}
	}
	return out
}
