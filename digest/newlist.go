package digest

import (
	"slices"

	"safetybot"
)

// newLabel is what the 近24小时新增 list says of h after its number: its
// grade, or 已驳回 for a hazard rejected since (not a hazard, or a
// duplicate), which never counts as a major one, whatever grade it was
// registered with (export.DomainYear's rule). QA9 #2: a rejected 重大 was
// listed as a new major hazard.
func newLabel(h *safetybot.Hazard) string {
	if h.Status == safetybot.StatusRejected {
		return string(safetybot.StatusRejected)
	}
	return string(h.Grade)
}

// newOrder is the new hazards as the list shows them: the store's order
// (majors first, then the newest), with the rejected ones moved last, so a
// rejected 重大 does not head the list above the hazards still to handle.
func newOrder(hs []*safetybot.Hazard) []*safetybot.Hazard {
	out := slices.Clone(hs)
	slices.SortStableFunc(out, func(a, b *safetybot.Hazard) int {
		ra, rb := a.Status == safetybot.StatusRejected, b.Status == safetybot.StatusRejected
		switch {
		case ra == rb:
			return 0
		case ra:
			return 1
		}
		return -1
	})
	return out
}
