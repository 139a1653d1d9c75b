package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"safetybot"
)

// A date written in what 议题, 检查 or 完成 says, without a 日期 label
// (QA7a item 2: 议题 11月24日党组会研究…, 检查 顺达 12月1日 总经理带队检查
// were recorded for today without a word, so a November meeting counted in
// December). Such a date is told of, never taken as the day: even at the
// start of the content it is often another day's (QA8 #1: 议题 11月28日市安委会
// 会议精神传达学习, 11月30日发生的客车侧翻事故处置, 11月28日以来安全形势分析
// were filed under November). The record is made for today, and the reply
// says so and how to backfill. A date followed by 前, 起, 至… or following
// 至, 截至… is a deadline or a span, and not told of.

// The patterns below only find where a day may be written; whether it is
// one is for the reader 日期: uses to say (parseDoneDate, contentMonth), so
// the content is told of the days 日期: would read (QA10 #7: 十一月二十八日,
// 11-28, 11/28, 十一月份 and 上周五 were recorded for today unsaid).

// dayPattern is a day written with its month: 11月28日, 十一月二十八号,
// 2026年11月28日, 2026-11-28.
const dayPattern = `(?:\d{4}年)?(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}`

// leadingDate matches a day, or a past day's word (昨天, 上周五, 上个星期三),
// at the start of the content.
var leadingDate = regexp.MustCompile(`^(?:` + dayPattern + `|大前天|前天|昨天|昨日|前日|上{1,2}个?(?:周|星期|礼拜)[一二三四五六日天])`)

// anyDate matches a written day anywhere in the content.
var anyDate = regexp.MustCompile(dayPattern)

// relativeDay matches, anywhere in the content, a day written relative to
// today, as 日期: reads it (parseDoneDate): 上月28日, 上个月5号, 上月底,
// 上周五, 上上个星期三, 本周三, 本月10日, 前天, 昨天, 去年12月20日 (fix10 #2:
// 议题 上月28日党组会研究… and 完成 一线督导 上周五到测试码头… were recorded
// for today unsaid; only a day at the start was told of). A bare 周五 is
// not: 每周五 is how often, not when.
var relativeDay = regexp.MustCompile(`去年(?:` + dayPattern + `)|(?:上上个?|上个?|本|这个?)(?:周|星期|礼拜)[一二三四五六日天末]|上个?月(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号]|上个?月[底末]|(?:本|这个?|当)月(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号]|大前天|前天|前日|昨天|昨日`)

// notBeforeFormer are the characters that make a word of 前天 or 前日
// after them: 目前天气, 日前日常, 提前天数 are no day.
const notBeforeFormer = "目之以提此当日事节年面眼跟先从空超向生战赛最午大"

// relativeDayAt reports whether the match of relativeDay at s[i:j] is a
// day, not the end of a longer word (目前天气).
func relativeDayAt(s string, i, j int) bool {
	if w := s[i:j]; w != "前天" && w != "前日" {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	return i == 0 || !strings.ContainsRune(notBeforeFormer, before)
}

// dottedNumber matches a run of digits joined by dots, hyphens or
// slashes: 11.28, 11-28, 11/28 (a day as staff write it, fix9 #3, QA10 #7)
// among 3.5, 0.35, 1.2.3, 3-5, 1/3; dottedDay says which are days.
var dottedNumber = regexp.MustCompile(`\d+(?:[./-]\d+)+`)

// monthDate matches a month without a day: 11月份, 2026年11月, 11月底,
// 11月中旬 (fix9 #3); a month in words only with what makes it one
// (十一月份, 2026年十一月, 十一月中旬: 一月一次 is no month). A day after
// it (11月28日) is anyDate's.
var monthDate = regexp.MustCompile(`(?:\d{4}年)?\d{1,2}月(?:份|底|末|初|上旬|中旬|下旬)?|\d{4}年(?:十[一二]?|[一二三四五六七八九])月(?:份|底|末|初|上旬|中旬|下旬)?|(?:十[一二]?|[一二三四五六七八九])月(?:份|底|末|初|上旬|中旬|下旬)`)

// spanWords after a date make it a deadline or one end of a span.
var spanWords = []string{"前", "之前", "以前", "起", "以来", "之后", "以后", "后", "至", "到", "止", "-", "—", "~", "～"}

// contentDate finds a date in note that is no deadline or span: a day or
// a past-day word (昨天) at its start, or else the first day anywhere
// (11月28日, 2026-11-28, 11.28), or else the first month (11月份); ""
// when there is none.
func contentDate(note string) string {
	note = strings.TrimSpace(note)
	if m := leadingDate.FindString(note); m != "" && !spanAfter(strings.TrimSpace(note[len(m):])) {
		return m
	}
	var days [][]int
	for _, loc := range anyDate.FindAllStringIndex(note, 8) {
		if !glued(note, loc[0], loc[1], false) {
			days = append(days, loc)
		}
	}
	for _, loc := range dottedNumber.FindAllStringIndex(note, 8) {
		if dottedDay(note, loc[0], loc[1]) {
			days = append(days, loc)
		}
	}
	for _, loc := range relativeDay.FindAllStringIndex(note, 8) {
		if relativeDayAt(note, loc[0], loc[1]) {
			days = append(days, loc)
		}
	}
	slices.SortFunc(days, func(a, b []int) int { return a[0] - b[0] })
	if d := firstNotSpan(note, days); d != "" {
		return d
	}
	var months [][]int
	for _, loc := range monthDate.FindAllStringIndex(note, 8) {
		if !glued(note, loc[0], loc[1], true) {
			months = append(months, loc)
		}
	}
	return firstNotSpan(note, months)
}

// firstNotSpan is the first of the dates at locs in note that is not a
// deadline or an end of a span.
func firstNotSpan(note string, locs [][]int) string {
	for _, loc := range locs {
		before := strings.TrimRight(note[:loc[0]], " ：:")
		if !spanAfter(strings.TrimSpace(note[loc[1]:])) && !endsWithAny(before, spanStarts) {
			return note[loc[0]:loc[1]]
		}
	}
	return ""
}

// spanAfter reports whether rest, the text after a date, makes it a
// deadline or one end of a span (spanWords). After 至 or 到 only when a
// date follows (11月1日至11月30日, 上周一到本周三) or 期 or 位 does (11月25日
// 到期, 到位): 上周五到测试码头督导 is where someone went that day.
func spanAfter(rest string) bool {
	for _, w := range []string{"至", "到"} {
		if r, ok := strings.CutPrefix(rest, w); ok {
			r = strings.TrimSpace(r)
			return r == "" || dateAhead.MatchString(r)
		}
	}
	return startsWithAny(rest, spanWords)
}

// dateAhead matches the start of a date, or of 期 or 位, after 至 or 到.
var dateAhead = regexp.MustCompile(`^(?:\d|[〇零一二三四五六七八九十两]{1,3}[月日号]|[期位]|今|明|次日|现在|目前|当前|(?:上上|下下|上|下|本|这)个?(?:周|星期|礼拜|月)|(?:周|星期|礼拜)[一二三四五六日天末]|月[底末]|年[底末]|去年|昨|前天|` + dayPattern + `)`)

// notDayBefore and notDayAfter, beside a dotted number, make it a
// quantity or a time, not a day: 第11.2条, K12.5, 系数1.25, 3.5万元,
// 1.5公里, 12.5%, 上午9.30.
const (
	notDayBefore = "第+×*¥￥$约近超共计率比值数分额量重长宽高深径厚速温午晚早上"
	notDayAfter  = "%％‰万亿千百十元角米里吨斤克升亩倍级分秒时小天周年岁个人次辆家处条款项节章页度户名台套件座艘架层间份届期篇部组批段根公平立毫厘月点号楼栋"
)

// dottedDay reports whether the dotted number at s[i:j] is a day written
// month.day (11.28, 12.1, 3.15, 11-28, 11/28): one separator, a month and
// a day that exist, at least one of them two digits (1.5, 2.5, 0.5, 3-5
// and 1/3 are amounts far more often than days), no letter, digit or
// separator on either side (v1.2, 1.2.3, 0356-5021234, K12-15), and no word
// of quantity before or unit after it (3-5万元, 5-10家, 9-10点, 1-11月).
func dottedDay(s string, i, j int) bool {
	sep := s[i+strings.IndexAny(s[i:j], "./-")]
	m, d, ok := strings.Cut(s[i:j], string(sep))
	if !ok || strings.ContainsAny(d, "./-") || len(m) > 2 || len(d) > 2 || len(m) < 2 && len(d) < 2 {
		return false
	}
	month, _ := strconv.Atoi(m)
	day, _ := strconv.Atoi(d)
	if month < 1 || month > 12 || day < 1 || day > time.Date(2024, time.Month(month+1), 0, 0, 0, 0, 0, time.UTC).Day() {
		return false
	}
	if before, _ := utf8.DecodeLastRuneInString(s[:i]); i > 0 && (before < utf8.RuneSelf && (unicode.IsLetter(before) || before == '.' || before == '_') || strings.ContainsRune(notDayBefore, before)) {
		return false
	}
	if after, _ := utf8.DecodeRuneInString(s[j:]); j < len(s) && (after < utf8.RuneSelf && (unicode.IsLetter(after) || after == '_') || strings.ContainsRune(notDayAfter, after)) {
		return false
	}
	return true
}

// pastContentDate is contentDate when that day, or that month, is before
// today's: a day to come (12月3日党组会…, 12月20日开展演练, something
// planned) is no backfill and not told of, nor is this month, which is the
// record's own. "" when there is none.
func pastContentDate(note string, now time.Time) string {
	date := contentDate(note)
	if date == "" {
		return ""
	}
	if d, err := parseDoneDate(date, now); err == nil {
		if d >= safetybot.DateOf(now) {
			return ""
		}
		return date
	}
	if m, ok := contentMonth(date, now); ok && m < safetybot.Month(now) {
		return date
	}
	return ""
}

// contentMonth is the month ("2026-11") a month without a day names
// (monthDate), the one nearest to now when no year is written, as a day
// without a year is read.
func contentMonth(date string, now time.Time) (string, bool) {
	sub := monthParts.FindStringSubmatch(date)
	if sub == nil {
		return "", false
	}
	month, ok := chineseNumber(sub[2])
	if !ok || month < 1 || month > 12 {
		return "", false
	}
	now = now.In(safetybot.Shanghai)
	year := now.Year()
	if sub[1] != "" {
		year, _ = strconv.Atoi(sub[1])
	} else if diff := month - int(now.Month()); diff > 6 {
		year--
	} else if diff < -6 {
		year++
	}
	return fmt.Sprintf("%04d-%02d", year, month), true
}

// parsesAsDay reports whether a date found in content is a day 日期: reads
// (11月底 is, 11月份 is not).
func parsesAsDay(date string, now time.Time) bool {
	_, err := parseDoneDate(date, now)
	return err == nil
}

// monthParts reads the year and the month of a monthDate.
var monthParts = regexp.MustCompile(`^(?:(\d{4})年)?(\d{1,2}|[一二三四五六七八九十]{1,2})月`)

// glued reports whether the date at s[i:j] is part of a longer number: a
// numeral of its own kind just before it (111月, 二十一月), or, for a
// month (after) ending in 月, just after it (11月28 without 日, 十一月二十八),
// where a day is meant but not written whole.
func glued(s string, i, j int, after bool) bool {
	first, _ := utf8.DecodeRuneInString(s[i:])
	kind := func(r rune) int {
		switch {
		case r >= '0' && r <= '9':
			return 1
		case strings.ContainsRune("〇零一二三四五六七八九十两", r):
			return 2
		}
		return 0
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	if i > 0 && kind(before) != 0 && kind(before) == kind(first) {
		return true
	}
	m, ok := strings.CutSuffix(s[i:j], "月")
	if !after || !ok || j == len(s) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(m)
	next, _ := utf8.DecodeRuneInString(s[j:])
	return kind(next) != 0 && kind(next) == kind(last)
}

// spanStarts before a date (a colon between them aside) make it the end
// of a span or a deadline: 整改期限：11月25日 is no day something was done.
var spanStarts = []string{"至", "到", "截至", "截止", "-", "—", "~", "～", "期限", "期限为", "期限是", "限期", "最迟", "最晚"}

func endsWithAny(s string, suffixes []string) bool {
	for _, p := range suffixes {
		if strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}

func startsWithAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// contentDateNotice is what the reply says of a date the content holds
// (contentDate), which is not read as the day: the record is
// for today, and how to move it to that day. undo is the command that takes
// today's record back ("" when there is none to give).
func contentDateNotice(date string, today safetybot.Date, what, undo string) string {
	if date == "" {
		return ""
	}
	if t, _ := today.Time(); monthDate.FindString(date) == date && !parsesAsDay(date, t) {
		// a month (11月份): the backfill needs the day
		m := monthParts.FindString(date)
		s := fmt.Sprintf("注意：内容中有月份「%s」，本条按今天（%s）登记。如%s是在那个月，请", date, today, what)
		if undo != "" {
			s += "发送「" + undo + "」撤回本条，再"
		}
		return s + fmt.Sprintf("重发并写明是哪一天「日期:%s…日」补记。", m)
	}
	day, written := date, ""
	if relativeDay.FindString(date) == date || !anyDate.MatchString(date) && leadingDate.FindString(date) == date {
		// 上周五 is another day next week: the reply says which day it
		// read, and the backfill names that day, not the word (fix10 #2).
		t, _ := today.Time()
		if d, err := parseDoneDate(date, t); err == nil {
			day, written = string(d), "（即 "+string(d)+"）"
		}
	}
	s := fmt.Sprintf("注意：内容中有日期「%s」%s，本条按今天（%s）登记。如那是%s的日期，请", date, written, today, what)
	if undo != "" {
		s += "发送「" + undo + "」撤回本条，再"
	}
	return s + fmt.Sprintf("重发并写明「日期:%s」补记。", day)
}
