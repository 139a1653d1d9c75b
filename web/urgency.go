package web

import (
	"cmp"
	"slices"

	"safetybot"
)

// DaysOverdue is how many whole days an open hazard is past its deadline on
// day today: 0 when it is not overdue (closed, rejected, no deadline, or
// the deadline is today or later). A hazard due 2026-11-20 is 10 days
// overdue on 2026-11-30.
func DaysOverdue(h *safetybot.Hazard, today safetybot.Date) int {
	if !h.Overdue(today) {
		return 0
	}
	due, err1 := h.Deadline.Time()
	now, err2 := today.Time()
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(now.Sub(due).Hours()+12) / 24 // +12: a 23- or 25-hour day never rounds down
}

// SortByUrgency orders hazards the way a leader reads the ledger, in place:
// open before closed or rejected; then 重大 before 一般; then the most days
// overdue first; then the nearest deadline first (no deadline last); then
// the newest number first.
func SortByUrgency(hs []*safetybot.Hazard, today safetybot.Date) {
	slices.SortStableFunc(hs, func(a, b *safetybot.Hazard) int {
		return cmp.Or(
			-cmp.Compare(b2i(a.Status.Open()), b2i(b.Status.Open())),
			-cmp.Compare(b2i(a.Grade == safetybot.GradeMajor), b2i(b.Grade == safetybot.GradeMajor)),
			-cmp.Compare(DaysOverdue(a, today), DaysOverdue(b, today)),
			compareDeadlines(a.Deadline, b.Deadline),
			-cmp.Compare(a.ID, b.ID),
		)
	})
}

// compareDeadlines puts the earlier deadline first and a missing one last.
func compareDeadlines(a, b safetybot.Date) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return cmp.Compare(a, b)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// UrgentMax is how many overdue 重大 hazards the overview lists.
const UrgentMax = 10
