package safetybot

import "strings"

// numeralAmount reports whether t (without 元) is written with Chinese
// numerals or with 万 inside it (五千, 伍仟, 两万, 十万, 2万5千): the forms
// ParseNumeral reads, which ParseYuan's digits would refuse (QA7b #5). 十
// leads a number without a digit before it (十万, 拾万, 十五万): QA10 #9
// found 十万元 and 十元 refused, having no numeral digit.
func numeralAmount(t string) bool {
	if strings.ContainsFunc(t, func(r rune) bool { _, ok := numeralDigits[r]; return ok || r == '十' || r == '拾' }) {
		return true
	}
	i := strings.Index(t, "万")
	return i > 0 && i+len("万") < len(t)
}

// BareNumeral reports an amount written in Chinese numerals without a unit
// of money (三, 三十, 一百, 一千五百): as bare as 3 or 1500, which 资金
// asks about rather than guess 元 or 万元 (QA10 #3: 资金:三 was stored as
// 3元). A closing 千 (五千, like 5千) and any 万 are read as yuan, as
// digits before them are.
func BareNumeral(s string) bool {
	if s == "" || strings.ContainsRune(s, '万') || strings.HasSuffix(s, "千") || strings.HasSuffix(s, "仟") {
		return false
	}
	numeral := false
	for _, r := range s {
		_, digit := numeralDigits[r]
		switch {
		case digit || numeralUnits[r] > 0:
			numeral = true
		case r < '0' || r > '9':
			return false
		}
	}
	return numeral
}
