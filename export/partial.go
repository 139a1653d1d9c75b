package export

import (
	"strconv"
	"strings"
	"time"

	"safetybot"
)

// inPart is what the text adds to the name of a month ("2026-12") or a
// quarter ("2026-Q4") the period holds only part of: the days counted,
// （12月1日至12月7日）, so 第四季度0次 in a summary of one week is not read
// as the whole quarter's figure (QA9 #1). "" for a whole month or quarter,
// and for a key it cannot read.
func (a *Annual) inPart(key string) string {
	first, last, ok := periodDays(key)
	from, err1 := a.From.Time()
	to, err2 := a.To.Time()
	if !ok || err1 != nil || err2 != nil {
		return ""
	}
	lo, hi := first, last
	if from.After(lo) {
		lo = from
	}
	if to.Before(hi) {
		hi = to
	}
	if lo.Equal(first) && hi.Equal(last) {
		return ""
	}
	return "（" + lo.Format("1月2日") + "至" + hi.Format("1月2日") + "）"
}

// periodDays is the first and last day of a month or quarter key.
func periodDays(key string) (first, last time.Time, ok bool) {
	months := 1
	y, q, isQuarter := strings.Cut(key, "-Q")
	if isQuarter {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > 4 {
			return first, last, false
		}
		key, months = y+"-"+strconv.Itoa((n-1)*3+1), 3
	}
	first, err := time.ParseInLocation("2006-1", key, safetybot.Shanghai)
	if err != nil {
		return first, last, false
	}
	return first, first.AddDate(0, months, -1), true
}
