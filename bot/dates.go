package bot

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"safetybot"
)

// dateSeparators turns the separators of an absolute date into '-'.
var dateSeparators = strings.NewReplacer("年", "-", "月", "-", "日", "", "号", "", "/", "-", ".", "-")

// dateSuffixes are what staff write after a deadline and mean nothing more:
// 12月15日前, 月底之前, 年底前完成, 12月31日之前完成, 即日整改到位, and
// 今天下班前 (the day itself: a deadline is a day). They are cut
// repeatedly, so any stack of them goes (longest first).
var dateSuffixes = []string{"完成整改", "整改完成", "整改到位", "整改完毕", "之前", "以前", "为止", "截止",
	"前", "止", "完成", "到位", "完毕", "整改", "下班"}

// datePrefixes are what staff write before a deadline: 于12月20日前,
// 限期一个月, 截至12月31日, 最迟本月底.
// A change of the deadline before a date (延期至明年1月15日, 推迟到12月31日,
// 改为…) is that date.
var datePrefixes = []string{"截止到", "截至", "截止", "限期", "最迟", "务必",
	"延期至", "延期到", "延长至", "延长到", "顺延至", "顺延到", "推迟至", "推迟到", "推后至", "推后到", "延后至", "延后到",
	"延至", "延到", "改为", "改至", "改到", "调整为", "调整至", "调整到", "变更为", "于", "在", "限", "到", "至"}

// trimDateWords cuts dateSuffixes and datePrefixes off s, never to nothing.
func trimDateWords(s string) string {
	for cut := true; cut; {
		cut = false
		for _, suf := range dateSuffixes {
			if t, ok := strings.CutSuffix(s, suf); ok && t != "" {
				s, cut = t, true
				break
			}
		}
	}
	for cut := true; cut; {
		cut = false
		for _, pre := range datePrefixes {
			if t, ok := strings.CutPrefix(s, pre); ok && t != "" {
				s, cut = t, true
				break
			}
		}
	}
	return s
}

// weekdays maps the weekday characters after 周/星期/礼拜 to Monday = 1.
var weekdays = map[string]int{"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7, "末": 7}

// parseDate reads a deadline as staff write it, in Asia/Shanghai:
//   - absolute: 2026-12-31, 2026.12.31, 2026/12/31, 2026年12月31日, 12月31日, 12-31, 12.31;
//   - named days: 今天, 明天, 后天, 即日, 立即, 马上, 当天;
//   - weeks: 本周五, 这周五, 周五, 下周一, 下星期三 (weeks run Monday to Sunday);
//   - ends: 本月底, 月底, 月末, 12月底, 十二月底, 下月底, 年底, 年内, 本周内, 本月内;
//   - days of a month: 本月20日, 下月15号, 下个月5日;
//   - ends: 2026年12月底;
//   - a year in words before a month: 明年1月10日, 明年3月底, 今年12月20日
//     (明年 is next year, whatever the nearest year would be), 明年底;
//   - spans: 3天内, 三日内, 两周内, 一个月内, 半个月内, 十五天内, and without 内
//     when the unit cannot be a date: 7天, 两周, 一个月 (not 12日, 3月).
//
// Words around the date that add nothing are allowed: 12月31日之前完成,
// 于12月20日前, 限期一个月, 立即整改, 年底前整改到位 (trimDateWords). A date without a year is the one of
// last, this or next year nearest to today, so 11月25日 typed on 11-30 stays
// in this year and its hazard shows as overdue (issue 9), while 1月5日 typed
// in December is next year's.
func parseDate(s string, now time.Time) (safetybot.Date, error) {
	orig := strings.TrimSpace(s)
	// Emoji and other symbols typed around a date (12月10日✅) say nothing.
	s = strings.TrimFunc(strings.ReplaceAll(orig, " ", ""), func(r rune) bool {
		return unicode.In(r, unicode.So, unicode.Sk) || r == '\ufe0f'
	})
	s = trimDateWords(s)
	today := now.In(safetybot.Shanghai)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, safetybot.Shanghai)
	s = yearInWords(s, today)
	if t, ok := relativeDate(s, today); ok {
		return safetybot.DateOf(t), nil
	}
	if err := extensionOnly(orig); err != nil {
		return "", err
	}
	return absoluteDate(s, orig, today)
}

// yearInWords writes the year of 明年1月10日 or 今年12月20日 in digits
// (2027年1月10日), which the absolute and month-end forms read: a year
// named before a month is that year, never the nearest one. Anything else
// is returned as is.
func yearInWords(s string, today time.Time) string {
	for _, p := range []struct {
		word  string
		years int
	}{{"明年", 1}, {"来年", 1}, {"今年", 0}, {"本年", 0}} {
		if rest, ok := strings.CutPrefix(s, p.word); ok && strings.Contains(rest, "月") && !strings.HasPrefix(rest, "年") {
			return strconv.Itoa(today.Year()+p.years) + "年" + rest
		}
	}
	return s
}

// relativeDate reads the named and relative forms of parseDate.
func relativeDate(s string, today time.Time) (time.Time, bool) {
	switch s {
	case "今天", "今日", "当天", "当日", "即日", "立即", "立刻", "马上", "即刻", "立行立改":
		return today, true
	case "明天", "明日":
		return today.AddDate(0, 0, 1), true
	case "后天":
		return today.AddDate(0, 0, 2), true
	case "本月底", "月底", "本月末", "月末", "本月内", "当月底":
		return monthEnd(today, 0), true
	case "下月底", "下个月底", "下月末", "下月内":
		return monthEnd(today, 1), true
	case "年底", "年末", "本年底", "今年底", "今年年底", "年内", "本年内", "今年内":
		return time.Date(today.Year(), 12, 31, 0, 0, 0, 0, safetybot.Shanghai), true
	case "明年底", "明年年底", "明年末", "明年年末":
		return time.Date(today.Year()+1, 12, 31, 0, 0, 0, 0, safetybot.Shanghai), true
	case "本周内", "本周末", "这周内", "周末":
		return weekday(today, 0, 7), true
	case "下周内", "下周末":
		return weekday(today, 1, 7), true
	}
	// 本周五, 下周一, 周五, 星期五, 下星期三
	rest, weeks, bare := s, 0, true
	for _, p := range []struct {
		prefix string
		weeks  int
	}{{"下下", 2}, {"下个", 1}, {"下", 1}, {"本", 0}, {"这个", 0}, {"这", 0}} {
		if strings.HasPrefix(rest, p.prefix) {
			rest, weeks, bare = rest[len(p.prefix):], p.weeks, false
			break
		}
	}
	for _, w := range []string{"周", "星期", "礼拜"} {
		if d, ok := weekdays[strings.TrimPrefix(rest, w)]; ok && strings.HasPrefix(rest, w) {
			t := weekday(today, weeks, d)
			if bare && t.Before(today) { // a bare 周五 typed on Saturday is the coming one
				t = t.AddDate(0, 0, 7)
			}
			return t, true
		}
	}
	// 12月底, 3月末, 十二月底, 2026年12月底
	for _, end := range []string{"月底", "月末"} {
		if m, ok := strings.CutSuffix(s, end); ok {
			y, hasYear := 0, false
			if ys, ms, ok := strings.Cut(m, "年"); ok {
				n, err := strconv.Atoi(ys)
				if err != nil || n < 2000 || n > 2100 {
					return time.Time{}, false
				}
				y, m, hasYear = n, ms, true
			}
			// 十二月底 as 12月底 (QA10 #9), as 十二月三十一日 is read.
			if n, ok := chineseNumber(m); ok && n >= 1 && n <= 12 {
				if !hasYear {
					y = nearestYear(time.Date(today.Year(), time.Month(n)+1, 0, 0, 0, 0, 0, safetybot.Shanghai), today).Year()
				}
				return time.Date(y, time.Month(n)+1, 0, 0, 0, 0, 0, safetybot.Shanghai), true
			}
		}
	}
	// 本月20日, 下月15号, 下个月5日
	for _, p := range []struct {
		prefix string
		months int
	}{{"下个月", 1}, {"下月", 1}, {"本月", 0}, {"这个月", 0}, {"当月", 0}} {
		if rest, ok := strings.CutPrefix(s, p.prefix); ok {
			rest = strings.TrimSuffix(strings.TrimSuffix(rest, "日"), "号")
			n, ok := chineseNumber(rest)
			if !ok || n < 1 || n > 31 {
				return time.Time{}, false
			}
			t := time.Date(today.Year(), today.Month()+time.Month(p.months), n, 0, 0, 0, 0, safetybot.Shanghai)
			if t.Day() != n { // 下月31日 in a 30-day month
				return time.Time{}, false
			}
			return t, true
		}
	}
	// 3天内, 两周内, 一个月内, 半个月内
	if span, ok := strings.CutSuffix(s, "内"); ok {
		return spanDate(span, today)
	}
	// 7天, 两周, 一个月: a span without 内, when its unit cannot end a date
	// (12日 is the 12th, 3月 is March).
	for _, unit := range []string{"天", "周", "个星期", "个月"} {
		if strings.HasSuffix(s, unit) && !strings.HasSuffix(s, "工作日") {
			return spanDate(s, today)
		}
	}
	return time.Time{}, false
}

// spanDate reads "N天", "N日", "N周", "N个星期", "N个月", "半个月" from today.
func spanDate(span string, today time.Time) (time.Time, bool) {
	if span == "半个月" || span == "半月" {
		return today.AddDate(0, 0, 15), true
	}
	for _, u := range []struct {
		unit         string
		days, months int
	}{{"个工作日", 0, 0}, {"工作日", 0, 0}, {"天", 1, 0}, {"日", 1, 0}, {"个星期", 7, 0}, {"星期", 7, 0}, {"周", 7, 0}, {"个月", 0, 1}, {"月", 0, 1}} {
		num, ok := strings.CutSuffix(span, u.unit)
		if !ok {
			continue
		}
		n, ok := chineseNumber(num)
		if !ok || n <= 0 || n > 3660 || u.days+u.months == 0 { // working days need the holiday calendar
			return time.Time{}, false
		}
		if u.months > 0 {
			return addMonths(today, n*u.months), true
		}
		return today.AddDate(0, 0, n*u.days), true
	}
	return time.Time{}, false
}

// addMonths is the same day n months on, or that month's last day when it
// is shorter: 1月31日 plus a month is 2月28日, not 3月3日 (time.AddDate
// normalises into the next month).
func addMonths(t time.Time, n int) time.Time {
	last := time.Date(t.Year(), t.Month()+time.Month(n)+1, 0, 0, 0, 0, 0, t.Location())
	if t.Day() > last.Day() {
		return last
	}
	return time.Date(t.Year(), t.Month()+time.Month(n), t.Day(), 0, 0, 0, 0, t.Location())
}

// weekday returns day d (Monday = 1 … Sunday = 7) of the week weeks after
// today's (Chinese weeks run Monday to Sunday).
func weekday(today time.Time, weeks, d int) time.Time {
	wd := int(today.Weekday())
	if wd == 0 {
		wd = 7
	}
	return today.AddDate(0, 0, weeks*7+d-wd)
}

// monthEnd returns the last day of the month months after today's.
func monthEnd(today time.Time, months int) time.Time {
	return time.Date(today.Year(), today.Month()+time.Month(months)+1, 0, 0, 0, 0, 0, safetybot.Shanghai)
}

// absoluteDate reads 2026-12-31 and its spellings, and 12-31 without a year;
// written with 月, the month and day may be Chinese numerals (十二月三十一日)
// and the year two digits (26年12月31日).
func absoluteDate(s, orig string, today time.Time) (safetybot.Date, error) {
	bad := func() error { // built only when needed: fitValue tries many words that are no date
		return safetybot.Errorf(safetybot.EINVALID, "日期「%s」无法识别，请写成 2026-12-31、12月31日、本月底或 15天内。", safetybot.Truncate(orig, 20))
	}
	var buf [3]int
	nums := buf[:0]
	for p := range strings.SplitSeq(strings.TrimSuffix(dateSeparators.Replace(s), "-"), "-") {
		n, err := strconv.Atoi(p)
		if err == nil && len(p) > 4 {
			return "", bad()
		}
		if err != nil && strings.Contains(s, "月") { // 十二月三十一日, 12月三十一日
			var ok bool
			if n, ok = chineseNumber(p); ok {
				err = nil
			}
		}
		if err != nil || n < 0 || len(nums) == 3 {
			return "", bad()
		}
		nums = append(nums, n)
	}
	var y, m, d int
	switch len(nums) {
	case 3:
		y, m, d = nums[0], nums[1], nums[2]
		if y >= 10 && y <= 99 && strings.Contains(s, "年") {
			y += 2000 // 26年12月31日
		}
		if y < 2000 || y > 2100 {
			return "", bad()
		}
	case 2:
		if nums[0] > 31 || strings.Contains(s, "年") { // 2026年12月, 2026-12: no day
			return "", incompleteDate(orig)
		}
		y, m, d = today.Year(), nums[0], nums[1]
	default:
		if len(nums) == 1 && strings.HasSuffix(s, "月") { // 12月
			return "", incompleteDate(orig)
		}
		return "", bad()
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, safetybot.Shanghai)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		if len(nums) == 2 && m == 2 && d == 29 {
			return "", safetybot.Errorf(safetybot.EINVALID, "日期「%s」不存在于今年，请写明年份。", orig)
		}
		return "", safetybot.Errorf(safetybot.EINVALID, "日期「%s」不存在，请检查月份和日期。", orig)
	}
	if len(nums) == 2 {
		t = nearestYear(t, today)
		if t.Day() != d {
			return "", safetybot.Errorf(safetybot.EINVALID, "日期「%s」不存在，请写明年份。", orig)
		}
	}
	return safetybot.DateOf(t), nil
}

// incompleteDate says a date lacks its day (qa6b #11: 2026年12月 was
// called a date that does not exist): a deadline is a day, and the month's
// last one is written 12月底.
func incompleteDate(orig string) error {
	return safetybot.Errorf(safetybot.EINVALID, "日期「%s」不完整：没有写哪一天，请写到日，例如 12月31日，或写 12月底。", safetybot.Truncate(orig, 20))
}

// nearestYear moves t, a day of today's year, to last or next year when
// that is nearer to today.
func nearestYear(t, today time.Time) time.Time {
	best := t
	for _, dy := range []int{-1, 1} {
		c := t.AddDate(dy, 0, 0)
		if absDuration(c.Sub(today)) < absDuration(best.Sub(today)) {
			best = c
		}
	}
	return best
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// chineseNumber is safetybot.ParseNumeral, the one reader of numbers
// written in words, for the small numbers of dates, shares and task
// numbers: 3, 15, 三, 两, 十, 十五, 二十, 三十一, 一百, 一百零五.
func chineseNumber(s string) (int, bool) {
	n, ok := safetybot.ParseNumeral(s)
	return int(n), ok
}
