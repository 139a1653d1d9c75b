package safetybot

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Kinds of supervision: what the chat commands 督办 and 催办 and the
// dashboard's buttons of the same names record.
const (
	Supervise = "督办" // formal supervision: a leader takes the hazard in hand
	Urge      = "催办" // a reminder to hurry
)

// MaxSuperviseNote bounds the remark of a 督办 or 催办, in runes.
const MaxSuperviseNote = 200

// Supervision is one 督办 or 催办 of a hazard, typed in chat, pressed on a
// card or on the dashboard. Every surface goes through the same rule
// (store.SuperviseHazard): it is refused on a closed or rejected hazard
// (Refusal), recorded as an event in the hazard's history (Event; the
// hazard itself does not change), and tells the responsible person, or
// while nobody is responsible yet, the staff of the hazard's field, who
// are to assign someone (Notices).
type Supervision struct {
	Kind  string // Supervise or Urge
	Actor string // the userid of who supervises
	By    string // how Actor is shown in the notice (a name; "" shows the userid)
	Note  string // the remark, at most MaxSuperviseNote runes; may be empty
	Today Date   // for the days overdue in the notice
}

// Check refuses (EINVALID) a kind other than 督办 or 催办 and a note over
// MaxSuperviseNote runes.
func (s Supervision) Check() error {
	if s.Kind != Supervise && s.Kind != Urge {
		return Errorf(EINVALID, "只能督办或催办，不认识「%s」。", Truncate(s.Kind, 10))
	}
	if n := utf8.RuneCountInString(s.Note); n > MaxSuperviseNote {
		return Errorf(EINVALID, "%s说明过长（%d 字），请控制在 %d 字以内。", s.Kind, n, MaxSuperviseNote)
	}
	return nil
}

// MayRecord reports whether u may record a supervision of kind, as the
// chat commands allow it: 督办 is for leaders (and admins), 催办 for anyone
// who works the ledger (staff, leaders, admins).
func MayRecord(u User, kind string) bool {
	if kind == Supervise {
		return u.IsLeader()
	}
	return u.IsStaff()
}

// Refusal is the ECONFLICT error for a hazard that is closed or rejected
// (隐患 YH2026-0001 已销号，无需督办。), nil for an open one.
func (s Supervision) Refusal(h *Hazard) error {
	if h.Status.Open() {
		return nil
	}
	return Errorf(ECONFLICT, "隐患 %s %s，无需%s。", h.Number, h.Status, s.Kind)
}

// Event is the line the supervision adds to the hazard's history.
func (s Supervision) Event() HazardEvent { return HazardEvent{Action: s.Kind, Note: s.Note} }

// Notices are who is told of the supervision of h, and what: the
// responsible person; while there is none, staff (the staff of h's field),
// or every staff member (all) while the field has none; never the actor,
// who knows already, so that the reply (Told) does not claim a notice that
// only reached him.
//
// A hazard awaiting verification (待验收) is the verifiers' to act on, not
// the responsible person's, who reported it done: staff are then its
// verifiers (Verifiers), and the leaders while it has none.
func (s Supervision) Notices(h *Hazard, staff, all []string) []Notification {
	if h.Status == StatusVerifying {
		if len(staff) == 0 {
			n := NotifyRole(RoleLeader, s.Notice(h))
			n.Except = s.Actor
			return []Notification{n}
		}
		var out []Notification
		for _, u := range staff {
			if u != s.Actor {
				out = append(out, NotifyUser(u, s.Notice(h)))
			}
		}
		return out
	}
	if h.Assignee != "" {
		return []Notification{NotifyUser(h.Assignee, s.Notice(h))}
	}
	body := s.Notice(h)
	if len(staff) == 0 {
		n := NotifyRole(RoleStaff, body)
		if slices.Contains(all, s.Actor) {
			n.Except = s.Actor
		}
		if len(all) == 0 || n.Except != "" && len(all) == 1 {
			return nil // nobody else to tell: Told says so
		}
		return []Notification{n}
	}
	var out []Notification
	for _, u := range staff {
		if u != s.Actor {
			out = append(out, NotifyUser(u, body))
		}
	}
	return out
}

// Told says who notes (the supervision's Notices, as queued) reached, in
// the words of every surface's reply (the chat's 督办 and 催办, the
// dashboard's banner): the responsible person by name; while there is
// none, the field's staff, every (other) staff member, or nobody else at
// all when the actor is the field's or the bureau's only staff member.
// name shows a userid.
func Told(h *Hazard, notes []Notification, name func(userID string) string) string {
	if h.Status == StatusVerifying {
		var who []string
		for _, n := range notes {
			if n.TargetKind == TargetRole {
				return "已报整改完成、等待验收，已通知领导安排验收。"
			}
			who = append(who, name(n.Target))
		}
		if len(who) == 0 {
			return "已报整改完成、等待验收；没有其他可验收的工作人员，未通知他人，请尽快现场验收。"
		}
		return "已报整改完成、等待验收，已通知负责验收的 " + strings.Join(who, "、") + "。"
	}
	if h.Assignee != "" {
		return "已通知责任人 " + name(h.Assignee) + "。"
	}
	switch {
	case len(notes) == 0:
		return "尚未指派责任人；本领域没有其他工作人员，未通知他人，请尽快指派。"
	case notes[0].TargetKind == TargetRole && notes[0].Except != "":
		return "尚未指派责任人，已通知其他工作人员指派。"
	case notes[0].TargetKind == TargetRole:
		return "尚未指派责任人，已通知全体工作人员指派。"
	}
	return "尚未指派责任人，已通知本领域工作人员指派。"
}

// Notice is the text of the supervision of h: who did what, the hazard's
// unit, grade, status and deadline (with the days overdue), the remark,
// and what to do next: report progress, or assign someone first.
func (s Supervision) Notice(h *Hazard) string {
	var b strings.Builder
	by := s.By
	if by == "" {
		by = s.Actor
	}
	fmt.Fprintf(&b, "【%s】%s %s隐患 %s：%s", s.Kind, by, s.Kind, h.Number, Truncate(h.Description, 60))
	due := "未设定"
	if h.Deadline != "" {
		due = string(h.Deadline)
		if n := h.DaysOverdue(s.Today); n > 0 {
			due += fmt.Sprintf("（已逾期 %d 天）", n)
		}
	}
	unit := h.Unit
	if strings.TrimSpace(unit) == "" {
		unit = "—"
	}
	fmt.Fprintf(&b, "\n单位：%s｜等级：%s｜状态：%s｜整改期限：%s", unit, h.Grade, h.Status, due)
	if s.Note != "" {
		fmt.Fprintf(&b, "\n%s意见：%s", s.Kind, s.Note)
	}
	switch {
	case h.Status == StatusVerifying:
		fmt.Fprintf(&b, "\n责任人已报整改完成，请尽快现场验收：合格发送「销号 %s 验收通过」，不合格发送「驳回 %s <原因>」退回整改。", h.Number, h.Number)
	case h.Assignee == "":
		fmt.Fprintf(&b, "\n该隐患尚未指派整改责任人，请本领域工作人员发送「指派 %s <责任人> 期限:…」。", h.Number)
	default:
		fmt.Fprintf(&b, "\n请抓紧整改，进展发送「整改 %s <进展>」，完成后发送「整改 %s 已完成 完成:是」。", h.Number, h.Number)
	}
	return b.String()
}

// DomainGroup is the key of the working group that covers domain, "" for
// a domain without one.
func (p *Plan) DomainGroup(domain string) string {
	for _, d := range p.Domains {
		if d.Name == domain {
			return d.Group
		}
	}
	return ""
}
