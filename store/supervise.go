package store

import (
	"context"
	"unicode/utf8"

	"safetybot"
)

// SuperviseHazard records a 督办 or 催办 by actor on the open hazard number
// (kind is Supervise or Urge; note is the leader's remark, at most
// MaxSuperviseNote runes, may be empty) as an event in the hazard's
// history, and queues notes(h) — the notice to the responsible person — in
// the same transaction. The hazard's fields and status do not change. It
// returns the hazard as it stands. Errors: EINVALID for another kind or a
// note too long; ENOTFOUND for an unknown number; ECONFLICT when the hazard
// is closed or rejected, or has no responsible person to notify yet (指派
// first). Nothing is written on error.
func (s *Store) SuperviseHazard(ctx context.Context, number, actor, kind, note string, notes func(h *safetybot.Hazard) []safetybot.Notification) (*safetybot.Hazard, error) {
	if kind != Supervise && kind != Urge {
		return nil, safetybot.Errorf(safetybot.EINVALID, "只能督办或催办，不认识「%s」。", safetybot.Truncate(kind, 10))
	}
	if n := utf8.RuneCountInString(note); n > MaxSuperviseNote {
		return nil, safetybot.Errorf(safetybot.EINVALID, "%s意见过长（%d 字），请控制在 %d 字以内。", kind, n, MaxSuperviseNote)
	}
	return s.ChangeHazard(ctx, number, actor, func(h *safetybot.Hazard) (HazardChange, error) {
		if !h.Status.Open() {
			return HazardChange{}, safetybot.Errorf(safetybot.ECONFLICT, "隐患 %s %s，无需%s。", h.Number, h.Status, kind)
		}
		if h.Assignee == "" {
			return HazardChange{}, safetybot.Errorf(safetybot.ECONFLICT,
				"隐患 %s 尚未指派整改责任人，%s无人可通知。请工作人员先发送「指派 %s <责任人> 期限:…」。", h.Number, kind, h.Number)
		}
		ch := HazardChange{Event: safetybot.HazardEvent{Action: kind, Note: note}}
		if notes != nil {
			ch.Notes = notes(h)
		}
		return ch, nil
	})
}
