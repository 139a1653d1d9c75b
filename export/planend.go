package export

import (
	"time"

	"safetybot"
)

// planEnded gives the last day of the plan summed up, and whether the plan
// had ended by the report's last day counted: that day is the plan's end or
// later, and today is past it (on its last day a plan still runs).
func (a *Annual) planEnded(now time.Time) (safetybot.Date, bool) {
	_, end := (&safetybot.Plan{Phases: a.Phases}).Period()
	return end, end != "" && a.AsOf >= end && safetybot.DateOf(now) > end
}
