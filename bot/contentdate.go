package bot

import (
	"fmt"
	"regexp"
	"strings"
	"time"

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

// leadingDate matches a day at the start of the content.
var leadingDate = regexp.MustCompile(`^(?:(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|大前天|前天|昨天|昨日|前日)`)

// anyDate matches a written day anywhere in the content.
var anyDate = regexp.MustCompile(`(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}`)

// spanWords after a date make it a deadline or one end of a span.
var spanWords = []string{"前", "之前", "以前", "起", "以来", "之后", "以后", "后", "至", "到", "止", "-", "—", "~", "～"}

// contentDate finds a date in note that is no deadline or span: a day or
// a past-day word (昨天) at its start, or else the first day anywhere; ""
// when there is none.
func contentDate(note string) string {
	note = strings.TrimSpace(note)
	if m := leadingDate.FindString(note); m != "" && !startsWithAny(strings.TrimSpace(note[len(m):]), spanWords) {
		return m
	}
	for _, loc := range anyDate.FindAllStringIndex(note, 8) {
		before := strings.TrimSpace(note[:loc[0]])
		if !startsWithAny(strings.TrimSpace(note[loc[1]:]), spanWords) && !endsWithAny(before, spanStarts) {
			return note[loc[0]:loc[1]]
		}
	}
	return ""
}

// pastContentDate is contentDate when that day is before today: a day to
// come (12月3日党组会…, 12月20日开展演练, something planned) is no backfill
// and not told of. "" when there is none.
func pastContentDate(note string, now time.Time) string {
	date := contentDate(note)
	if d, err := parseDoneDate(date, now); date == "" || err != nil || d >= safetybot.DateOf(now) {
		return ""
	}
	return date
}

// spanStarts before a date make it the end of a span or a deadline.
var spanStarts = []string{"至", "到", "截至", "截止", "-", "—", "~", "～"}

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
	s := fmt.Sprintf("注意：内容中有日期「%s」，本条按今天（%s）登记。如那是%s的日期，请", date, today, what)
	if undo != "" {
		s += "发送「" + undo + "」撤回本条，再"
	}
	return s + fmt.Sprintf("重发并写明「日期:%s」补记。", date)
}
