package store

import (
	"context"

	"safetybot"
)

// SuperviseHazard is the one 督办/催办 rule (safetybot.Supervision) for
// every surface: the chat commands, card buttons and the dashboard. It
// records sv on hazard number as an event in the hazard's history and
// queues its notices in the same transaction: to the verifiers of a
// hazard awaiting verification (safetybot.Verifiers, the leaders while
// there are none), else to the responsible person, or while there is none, to the staff of the working group that
// groupOf(domain) names for the hazard's field (every staff member while
// that group has none), never to the actor. The hazard's fields and
// status do not change. It returns the hazard as it stands.
//
// Errors: EINVALID for another kind or a note too long (sv.Check);
// ENOTFOUND for an unknown number; ECONFLICT when the hazard is closed or
// rejected (sv.Refusal). Nothing is written on error. The notices queued
// are returned too, so that the reply can say who was told
// (safetybot.Told).
func (s *Store) SuperviseHazard(ctx context.Context, number string, sv safetybot.Supervision, groupOf func(domain string) string) (*safetybot.Hazard, []safetybot.Notification, error) {
	if err := sv.Check(); err != nil {
		return nil, nil, err
	}
	// The field's staff are read before the transaction, for the field the
	// hazard has now; should it change meanwhile, all staff are told.
	h, err := hazardByNumber(ctx, s.q, number)
	if err != nil {
		return nil, nil, err
	}
	var staff []string
	group := ""
	verifying := h.Status == safetybot.StatusVerifying
	if groupOf != nil && (h.Assignee == "" || verifying) {
		group = groupOf(h.Domain)
	}
	switch {
	case verifying: // the verifiers owe the next step, not the responsible person
		if staff, err = safetybot.Verifiers(ctx, s, group); err != nil {
			return nil, nil, err
		}
	case group != "":
		if staff, err = s.GroupStaff(ctx, group); err != nil {
			return nil, nil, err
		}
	}
	// every staff member, for a field with none, so that the actor is left out
	var all []string
	if h.Assignee == "" {
		if all, err = s.UsersWithRole(ctx, safetybot.RoleStaff); err != nil {
			return nil, nil, err
		}
	}
	domain := h.Domain
	var notes []safetybot.Notification
	h, err = s.ChangeHazard(ctx, number, sv.Actor, func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		if err := sv.Refusal(h); err != nil {
			return safetybot.HazardChange{}, err
		}
		field := staff
		if h.Domain != domain || (h.Status == safetybot.StatusVerifying) != verifying {
			field = nil // moved on meanwhile: all staff, or the leaders for a 待验收 one
		}
		notes = sv.Notices(h, field, all)
		return safetybot.HazardChange{Event: sv.Event(), Notes: notes}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	return h, notes, nil
}
