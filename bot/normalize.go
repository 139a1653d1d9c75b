package bot

import (
	"slices"
	"strings"
	"unicode/utf8"

	"safetybot"
)

// normalize prepares a message for the reader, as typed on a phone or pasted
// from WPS: cells pasted from a table are read first (tableCells), the
// characters folded by the rule the form and the dashboard share
// (safetybot.Fold: ２０２６－１２－３１ → 2026-12-31, invisible characters
// removed, spaces one space, line breaks kept as they separate fields), a
// unit written in a label read into its value (unitLabels), and the bot's
// @mention removed wherever it stands (its names may hold a space, "@Safety
// Bot"), as is any "@word" before the verb. Other mentions inside the text
// stay: "指派 YH2026-0001 @lisi" names the assignee. Last, one pair of
// quote marks around the whole message goes (unquote).
func normalize(s string, botNames []string) string {
	return unquote(stripMentions(unitLabels(safetybot.Fold(tableCells(s))), botNames))
}

// normalizeRows is normalize for a message run as a command: the table
// rows after a header's first row and the cells under the ledger's own
// columns are left out and returned (tableRows), for the reply to name.
func normalizeRows(s string, botNames []string) (string, pastedTable) {
	return normalizeTable(s, botNames, true)
}

// normalizeTable is normalizeRows, reading a row without header by its
// cells' content only with content (tableRows).
func normalizeTable(s string, botNames []string, content bool) (string, pastedTable) {
	t, pasted := tableRows(s, true, content)
	return unquote(stripMentions(unitLabels(safetybot.Fold(t)), botNames)), pasted
}

// quotePairs are the quote marks a command is copied with: the bot's own
// replies quote every command they suggest (请发送「提醒 恢复 80」), and
// documents and notices use “…”, 『…』, ‘…’ and "…".
var quotePairs = map[rune]rune{'「': '」', '『': '』', '“': '”', '‘': '’', '"': '"', '\'': '\''}

// unquote removes one pair of quote marks around the whole of s (after the
// @mention): a command selected with the quotes of the reply that
// suggested it, 「提醒 恢复 80」, was read as the verb 「提醒 and refused
// (qa10 #13). Only a pair that encloses the whole message goes, matched
// by nesting (「上报 「禁止通行」牌倒伏」 keeps its inner pair); quotes inside
// the content (上报 “禁止通行”牌倒伏, “甲”和“乙”) stay as typed.
func unquote(s string) string {
	t := strings.TrimSpace(s)
	open, n := utf8.DecodeRuneInString(t)
	closing, ok := quotePairs[open]
	if !ok || len(t) <= n {
		return s
	}
	depth := 0
	for i, r := range t {
		switch {
		case r == closing && depth > 0:
			if depth--; depth > 0 {
				continue
			}
			if i+utf8.RuneLen(r) != len(t) {
				return s // the first pair closes before the end: content quotes
			}
			return strings.TrimSpace(t[n:i])
		case r == open:
			depth++
		}
	}
	return s
}

// DefaultBotName is the name the bot is @mentioned by when none is configured.
const DefaultBotName = "安全助手"

// AppName is what the bot calls itself (帮助's title, the cards' source,
// the welcome), so people @mention it by that name too, whatever
// WECOM_BOT_NAME says (QA16 #9a: 「上报@安全生产助手 铁路护网缺口」 kept the
// mention in the description).
const AppName = "安全生产助手"

// mentionNames are the names stripMentions removes: the configured ones
// (WECOM_BOT_NAME) and the bot's own two, longest first, so that a
// configured 安全 does not take the @安全 of @安全助手 and leave 助手.
func mentionNames(configured []string) []string {
	names := slices.Clone(configured)
	for _, n := range []string{DefaultBotName, AppName} {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	slices.SortStableFunc(names, func(a, b string) int { return len(b) - len(a) })
	return names
}

// stripMentions removes "@name" for each of the bot's names wherever it
// stands, then every "@word" at the start of the text or after a space (a
// userid such as wang@corp keeps its @: nothing precedes it but letters).
func stripMentions(s string, botNames []string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	for _, n := range botNames {
		if n = strings.TrimSpace(n); n != "" {
			s = replaceFold(s, "@"+n, " ")
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	lead := true // still before the verb: only spaces and mentions so far
	for i := 0; i < len(s); {
		if s[i] != ' ' && s[i] != '\n' && s[i] != '@' {
			lead = false
		}
		if lead && s[i] == '@' {
			j := i + 1
			for j < len(s) && s[j] != ' ' && s[j] != '\n' {
				j++
			}
			if cronDescriptors[strings.ToLower(s[i:j])] {
				b.WriteString(s[i:j]) // 提醒 添加 @daily …: cron syntax, not a mention
				i = j
				continue
			}
			b.WriteByte(' ')
			i = j
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// cronDescriptors are robfig/cron's @-schedules, which 提醒 添加 accepts.
var cronDescriptors = map[string]bool{"@yearly": true, "@annually": true, "@monthly": true, "@weekly": true,
	"@daily": true, "@midnight": true, "@hourly": true, "@every": true}

// replaceFold replaces every occurrence of old in s, ASCII letters compared
// without case ("@safety bot" and "@Safety Bot" are one mention).
func replaceFold(s, old, repl string) string {
	if old == "" {
		return s
	}
	lower, lowerOld := strings.ToLower(s), strings.ToLower(old)
	if len(lower) != len(s) { // ToLower changed some byte lengths: fall back to exact
		return strings.ReplaceAll(s, old, repl)
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, lowerOld)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
}

// typedAs is v, a value the reader took from raw after normalize, as the
// user typed it (－３万元, not -3万元), so a reply quoting a value it could
// not read quotes what is on the user's screen (qa3 #12). It folds raw
// rune by rune as normalize does and finds v there; whatever it finds
// folds to v, so at worst it is v in other widths. v itself when v is not
// there (a value normalize rewrote more than rune by rune, e.g. 8，000).
func typedAs(raw, v string) string {
	if raw == "" || v == "" || !strings.ContainsFunc(raw, func(r rune) bool { return r >= utf8.RuneSelf }) {
		return v
	}
	var folded []rune
	var at []int // at[i]: byte offset in raw of folded[i]
	for i, r := range raw {
		switch r = safetybot.FoldRune(r); {
		case r < 0:
			continue
		case r == ' ':
			if n := len(folded); n > 0 && folded[n-1] == ' ' {
				continue
			}
		}
		folded = append(folded, r)
		at = append(at, i)
	}
	want := []rune(v)
	for i := 0; i+len(want) <= len(folded); i++ {
		if string(folded[i:i+len(want)]) != v {
			continue
		}
		end := len(raw)
		if j := i + len(want); j < len(at) {
			end = at[j]
		}
		return strings.TrimRightFunc(raw[at[i]:end], func(r rune) bool { return safetybot.FoldRune(r) < 0 })
	}
	return v
}
