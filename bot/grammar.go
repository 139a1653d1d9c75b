package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"safetybot"
)

// splitVerb strips leading @mentions and returns the command word and the
// rest. The verb ends at a space or a separator ("上报，桥面坑槽"). Chinese
// users often write the verb and its argument without a space
// ("隐患YH2026-0001"), so a known Chinese verb is also matched as a prefix.
func splitVerb(text string, verbs []string) (verb, rest string) {
	text = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) && r != '\n' {
			return ' '
		}
		return r
	}, text))
	for strings.HasPrefix(text, "@") || strings.HasPrefix(text, "＠") {
		i := strings.IndexFunc(text, unicode.IsSpace)
		if i < 0 {
			return "", ""
		}
		text = strings.TrimSpace(text[i:])
	}
	if text == "" {
		return "", ""
	}
	text = verbForm(text)
	// 【上报】… and [上报] …, as templates write the verb.
	if open, size := utf8.DecodeRuneInString(text); open == '【' || open == '[' {
		if end := strings.IndexAny(text, "】]"); end > size {
			for _, v := range verbs {
				if strings.EqualFold(text[size:end], v) {
					_, n := utf8.DecodeRuneInString(text[end:])
					return v, strings.TrimSpace(strings.TrimLeftFunc(text[end+n:], afterVerb))
				}
			}
		}
	}
	end := strings.IndexFunc(text, afterVerb)
	first, rest := text, ""
	if end >= 0 {
		first, rest = text[:end], strings.TrimLeftFunc(text[end:], afterVerb)
	}
	for _, v := range verbs {
		if strings.EqualFold(first, v) {
			return v, strings.TrimSpace(rest)
		}
	}
	for _, v := range verbs {
		if v != "" && !safetybot.IsASCII(v) && strings.HasPrefix(text, v) {
			return v, strings.TrimSpace(strings.TrimLeftFunc(text[len(v):], afterVerb))
		}
	}
	return first, strings.TrimSpace(rest)
}

// doneVerbs are the verbs that may be written as done: 已完成 疏散演练,
// 完成了 疏散演练 and 已完成了 疏散演练 are 完成 疏散演练 (QA6a item 9:
// 完成了 was read as 完成 of a duty named 了, 已完成 as no command; QA7a
// item 5: 已完成了 was read as 已完成 of a duty named 了). The marks are
// read apart, before (已经, 已) and after (了) the verb, so that every
// combination of them is the verb and none is left as the text's first word.
var doneVerbs = []string{"完成"}

// doneBefore and doneAfter are the marks of a done verb, longest first.
var (
	doneBefore = []string{"已经", "已"}
	doneAfter  = []string{"了"}
)

// verbForm writes a leading done verb with its marks (已完成了) as the
// verb; the verb alone, or not followed by its text, is left as typed.
func verbForm(text string) string {
	rest, marked := text, false
	for _, m := range doneBefore {
		if r, ok := strings.CutPrefix(rest, m); ok {
			rest, marked = r, true
			break
		}
	}
	for _, v := range doneVerbs {
		r, ok := strings.CutPrefix(rest, v)
		if !ok {
			continue
		}
		for _, m := range doneAfter {
			if r2, ok := strings.CutPrefix(r, m); ok {
				r, marked = r2, true
				break
			}
		}
		if marked {
			return v + " " + r
		}
	}
	return text
}

// afterVerb reports what may separate a verb from its text: a space, a
// separator, or a colon ("上报：桥面坑槽", "隐患:YH2026-0001").
func afterVerb(r rune) bool { return r == ' ' || r == ':' || r == '：' || isSeparator(r) }
