package safetybot

import "strings"

// numeralAmount reports whether t (without 元) is written with Chinese
// numerals or with 万 inside it (五千, 伍仟, 两万, 2万5千): the forms
// ParseNumeral reads, which ParseYuan's digits would refuse (QA7b #5).
func numeralAmount(t string) bool {
	if strings.ContainsFunc(t, func(r rune) bool { _, ok := numeralDigits[r]; return ok }) {
		return true
	}
	i := strings.Index(t, "万")
	return i > 0 && i+len("万") < len(t)
}
