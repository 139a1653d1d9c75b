package safetybot

import (
	"strconv"
	"strings"
)

// numeralDigits are the Chinese numerals amounts are written with, the
// financial forms (伍仟元 on a receipt) included.
var numeralDigits = map[rune]int64{
	'零': 0, '〇': 0, '一': 1, '壹': 1, '二': 2, '两': 2, '贰': 2, '三': 3, '叁': 3, '四': 4, '肆': 4,
	'五': 5, '伍': 5, '六': 6, '陆': 6, '七': 7, '柒': 7, '八': 8, '捌': 8, '九': 9, '玖': 9,
}

// numeralUnits are the place units below 万.
var numeralUnits = map[rune]int64{'十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000}

// numeralAmount reports whether t (without 元) is written with Chinese
// numerals or with 万 inside it (五千, 伍仟, 两万, 2万5千): the forms
// numeralYuan reads, which ParseYuan's digits would refuse (QA7b #5).
func numeralAmount(t string) bool {
	if strings.ContainsFunc(t, func(r rune) bool { _, ok := numeralDigits[r]; return ok }) {
		return true
	}
	i := strings.Index(t, "万")
	return i > 0 && i+len("万") < len(t)
}

// numeralYuan reads an amount written in Chinese numerals, Arabic digits
// allowed before a unit (2万5千). ok is false for anything else and for a
// digit trailing a unit above 十 (一万五, 一百五): spoken short for 15000
// and 150, yet read literally 10005 and 105, so neither is guessed.
func numeralYuan(t string) (v int64, ok bool) {
	var total, section, n int64
	var digits string // a run of Arabic digits
	lastUnit, zero := int64(0), false
	flush := func() bool {
		if digits == "" {
			return true
		}
		d, err := strconv.ParseInt(digits, 10, 64)
		digits, n = "", d
		return err == nil && d < 10000
	}
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits += string(r)
		case numeralDigits[r] > 0 || r == '零' || r == '〇':
			if !flush() {
				return 0, false
			}
			n = numeralDigits[r]
			zero = zero || n == 0
		case numeralUnits[r] > 0:
			if !flush() {
				return 0, false
			}
			u := numeralUnits[r]
			if n == 0 && u == 10 {
				n = 1 // 十五
			}
			section += n * u
			n, lastUnit, zero = 0, u, false
		case r == '万':
			if !flush() || section+n == 0 || total > 0 {
				return 0, false
			}
			total = (section + n) * 10000
			section, n, lastUnit, zero = 0, 0, 10000, false
		default:
			return 0, false
		}
	}
	if !flush() {
		return 0, false
	}
	if n > 0 && lastUnit > 10 && !zero {
		return 0, false
	}
	v = total + section + n
	return v, v > 0 && v <= 1e12
}
