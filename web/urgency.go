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

// urgentHazards returns the open 重大 hazards past their deadline, most
// days overdue first.
func urgentHazards(hs []*safetybot.Hazard, today safetybot.Date) []*safetybot.Hazard {
	var out []*safetybot.Hazard
	for _, h := range hs {
		if h.Grade == safetybot.GradeMajor && h.Overdue(today) {
			out = append(out, h)
		}
	}
	SortByUrgency(out, today)
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
