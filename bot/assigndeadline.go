package bot

import (
	"fmt"

	"safetybot"
)

// assignDeadline is how the 指派 reply says the deadline: 期限：2026-12-31
// (未定 for none), or, when the assignment replaced another deadline,
// 期限由 12月18日 改为 12月31日. QA9 #4: a re-assignment with a new 期限
// replaced the old one without a word, so whoever set the old one never
// knew it moved.
func assignDeadline(old, now, today safetybot.Date) string {
	if old == "" || old == now {
		return "期限：" + orText(string(now), "未定")
	}
	return fmt.Sprintf("期限由 %s 改为 %s", dayText(old, today), dayText(now, today))
}

// dayText is a day as a reply reads it: 12月18日 in this year, 2027年1月5日
// in another; as stored when it does not parse.
func dayText(d, today safetybot.Date) string {
	t, err := d.Time()
	if err != nil {
		return string(d)
	}
	if len(today) >= 4 && string(d)[:4] == string(today)[:4] {
		return t.Format("1月2日")
	}
	return t.Format("2006年1月2日")
}
