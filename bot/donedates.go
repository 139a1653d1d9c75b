package bot

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"safetybot"
)

// parseDoneDate reads the day a duty was done (the 日期 of 议题, 检查 and
// 完成): every form of parseDate, and the words people use for a day that
// has passed (QA6a item 10), which parseDate does not read because a
// deadline (期限) is never yesterday:
//   - 昨天, 昨日, 前天, 前日, 大前天, 昨天下午 (a time of day says nothing more);
//   - 上周五, 上星期三, 上个礼拜一, 上上周五; a bare 周五 or 星期五 is the
//     latest such day up to today, not the coming one as in a deadline;
//   - 上月15日, 上个月5号, 上月底;
//   - 去年12月20日, 去年底.
//
// Whether the day lies in the future is for the caller to say (doneOn
// refuses it with why).
func parseDoneDate(s string, now time.Time) (safetybot.Date, error) {
	today := now.In(safetybot.Shanghai)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, safetybot.Shanghai)
	w := strings.TrimFunc(strings.ReplaceAll(strings.TrimSpace(s), " ", ""), func(r rune) bool {
		return unicode.In(r, unicode.So, unicode.Sk) || r == '\ufe0f'
	})
	for _, part := range []string{"上午", "下午", "晚上", "早上", "中午", "傍晚"} {
		if t, ok := strings.CutSuffix(w, part); ok && t != "" {
			w = t
			break
		}
	}
	if t, ok := pastDate(w, today); ok {
		return safetybot.DateOf(t), nil
	}
	return parseDate(s, now)
}

// pastDate reads the forms of parseDoneDate that parseDate does not.
func pastDate(s string, today time.Time) (time.Time, bool) {
	switch s {
	case "昨天", "昨日":
		return today.AddDate(0, 0, -1), true
	case "前天", "前日":
		return today.AddDate(0, 0, -2), true
	case "大前天":
		return today.AddDate(0, 0, -3), true
	case "上月底", "上个月底", "上月末", "上个月末":
		return monthEnd(today, -1), true
	case "去年底", "去年年底", "去年末", "去年年末":
		return time.Date(today.Year()-1, 12, 31, 0, 0, 0, 0, safetybot.Shanghai), true
	}
	// 上周五, 上上周五, 上个星期三, and a bare 周五: the latest up to today.
	rest, weeks, bare := s, 0, true
	for _, p := range []struct {
		prefix string
		weeks  int
	}{{"上上个", -2}, {"上上", -2}, {"上个", -1}, {"上", -1}} {
		if t, ok := strings.CutPrefix(rest, p.prefix); ok {
			rest, weeks, bare = t, p.weeks, false
			break
		}
	}
	for _, w := range []string{"周", "星期", "礼拜"} {
		if d, ok := weekdays[strings.TrimPrefix(rest, w)]; ok && strings.HasPrefix(rest, w) {
			t := weekday(today, weeks, d)
			if bare && t.After(today) {
				t = t.AddDate(0, 0, -7)
			}
			return t, true
		}
	}
	// 上月15日, 上个月5号
	for _, prefix := range []string{"上个月", "上月"} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			rest = strings.TrimSuffix(strings.TrimSuffix(rest, "日"), "号")
			n, ok := chineseNumber(rest)
			if !ok || n < 1 || n > 31 {
				return time.Time{}, false
			}
			t := time.Date(today.Year(), today.Month()-1, n, 0, 0, 0, 0, safetybot.Shanghai)
			if t.Day() != n { // 上月31日 after a 30-day month
				return time.Time{}, false
			}
			return t, true
		}
	}
	// 去年12月20日: that year, as 明年 and 今年 are in parseDate.
	if rest, ok := strings.CutPrefix(s, "去年"); ok && strings.Contains(rest, "月") && !strings.HasPrefix(rest, "年") {
		d, err := absoluteDate(strconv.Itoa(today.Year()-1)+"年"+rest, s, today)
		if err != nil {
			return time.Time{}, false
		}
		t, err := d.Time()
		return t, err == nil
	}
	return time.Time{}, false
}

// fitsDoneDate fits the value of 日期, as parseDoneDate reads it.
func fitsDoneDate(v string, now time.Time) bool { _, err := parseDoneDate(v, now); return err == nil }

// backfillDate reads the value of 日期 (a 补记): parseDoneDate, except that
// a month and day without a year (6月1日, 6-1, 六月一日, 6月底) is the latest
// such day up to today, not the nearest one: a backfill is of something
// done, so 「日期：6月1日」 typed on 2026-12-08 is 2026-06-01, where the
// nearest-day rule of a deadline made it 2027-06-01 and refused it as a day
// to come (QA13 item 3). A day named relative to today (明天, 下周五, 本月底)
// keeps its meaning and is refused by the caller when it is to come.
func backfillDate(s string, now time.Time) (safetybot.Date, error) {
	d, err := parseDoneDate(s, now)
	if err != nil || d <= safetybot.DateOf(now) || !yearless(s) {
		return d, err
	}
	t, err := d.Time()
	if err != nil {
		return "", err
	}
	if p := t.AddDate(-1, 0, 0); p.Day() == t.Day() {
		return safetybot.DateOf(p), nil
	}
	// 2月29日 whose latest past one is no leap day.
	return "", safetybot.Errorf(safetybot.EINVALID, "日期「%s」不存在于去年，请写明年份。", safetybot.Truncate(strings.TrimSpace(s), 20))
}

// yearless reports whether s is a month and day, or a month's end, with no
// year and no word relative to today: only digits, Chinese numerals and
// the marks of a date, with a month in it, in at most two parts.
func yearless(s string) bool {
	w := trimDateWords(strings.TrimFunc(strings.ReplaceAll(strings.TrimSpace(s), " ", ""), func(r rune) bool {
		return unicode.In(r, unicode.So, unicode.Sk) || r == '\ufe0f'
	}))
	if !strings.ContainsAny(w, "月-./") {
		return false
	}
	for _, r := range w {
		if !(r >= '0' && r <= '9') && !strings.ContainsRune("〇零一二三四五六七八九十两月日号-./底末", r) {
			return false
		}
	}
	// 2026-12-31, 2026.12.31: three parts, the first a year.
	parts := strings.FieldsFunc(w, func(r rune) bool { return strings.ContainsRune("月日号-./底末", r) })
	return len(parts) <= 2
}
