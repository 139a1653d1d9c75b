package web

import "safetybot"

// DaysOverdue is h.DaysOverdue(today): whole days an open hazard is past
// its deadline, 0 when it is not overdue.
func DaysOverdue(h *safetybot.Hazard, today safetybot.Date) int { return h.DaysOverdue(today) }

// SortByUrgency is safetybot.SortByUrgency: the order of the hazard list
// and of its export.
func SortByUrgency(hs []*safetybot.Hazard, today safetybot.Date) { safetybot.SortByUrgency(hs, today) }

// UrgentMax is how many overdue 重大 hazards the overview lists.
const UrgentMax = 10

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
