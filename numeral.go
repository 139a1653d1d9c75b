package safetybot

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// numeralDigits are the Chinese numerals numbers are written with, the
// financial forms (伍仟元 on a receipt) included.
var numeralDigits = map[rune]int64{
	'零': 0, '〇': 0, '一': 1, '壹': 1, '二': 2, '两': 2, '贰': 2, '三': 3, '叁': 3, '四': 4, '肆': 4,
	'五': 5, '伍': 5, '六': 6, '陆': 6, '七': 7, '柒': 7, '八': 8, '捌': 8, '九': 9, '玖': 9,
}

// numeralUnits are the place units below 万.
var numeralUnits = map[rune]int64{'十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000}

// ParseNumeral reads a whole number as staff write one in a date, an
// amount, a share or a task number: Arabic digits (15, 2026), Chinese
// numerals (三, 两, 十五, 二十五, 三十一, 一百零五, 五千, 两万, 百 as in
// 百分之百), their financial forms (伍仟, 壹万贰仟) and Arabic digits before
// a unit (2万5千). Dates and amounts once had a reader each, which read
// the same words differently (一百五 was 105 days and no amount); one
// reader keeps them agreeing. ok is false for what names no one number,
// so that nothing is stored on a guess: a digit trailing a unit above 十
// without 零 (一万五, 一百五: spoken short for 15000 and 150, which a
// deadline or a task number is never written as; ParseAmountNumeral reads
// them for money), two numerals in a row (二五, 二〇二六), units out of
// order (十百), a second 万, a sign, and anything else.
func ParseNumeral(s string) (v int64, ok bool) { return parseNumeral(s, false) }

// ParseAmountNumeral reads an amount of money in words: what ParseNumeral
// reads, and the spoken short forms in which one digit trails a unit above
// 十 without 零 and counts in the unit below it (两千五 2500, 一万二 12000,
// 三万五 35000, 一千二百五 1250, 十五万五 155000, 2万5 25000). Money is
// said so (testers found 资金:两千五元 and 资金:一万二 refused); the
// written number for 2005 or 10002 has a 零 (两千零五, 一万零二). Only at
// the end and only one digit: 一百五万 (a short form multiplied again) and
// 1万5000 stay refused, and AmountDoubt says why where it can.
func ParseAmountNumeral(s string) (v int64, ok bool) { return parseNumeral(s, true) }

// parseNumeral is ParseNumeral, and with spoken ParseAmountNumeral.
func parseNumeral(s string, spoken bool) (v int64, ok bool) {
	var total, section, n int64 // the 万 part, the part below it, the digit not yet placed
	var last int64              // the last unit placed: 10000 after 万
	have, zero, read := false, false, false
	wide := false // n was written with more than one Arabic digit
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= '0' && r <= '9' {
			for size = 1; i+size < len(s) && s[i+size] >= '0' && s[i+size] <= '9'; size++ {
			}
			d, err := strconv.ParseInt(s[i:i+size], 10, 64)
			if err != nil || have {
				return 0, false
			}
			n, have, wide = d, true, size > 1
		} else if d, isDigit := numeralDigits[r]; isDigit {
			if have {
				return 0, false
			}
			if d == 0 {
				zero = true
			} else {
				n, have, wide = d, true, false
			}
		} else if u := numeralUnits[r]; u > 0 {
			switch {
			case last != 0 && u >= last, have && n >= 10, !have && u != 10 && last != 0:
				return 0, false // 十百; 15十; 一万千
			case !have:
				n = 1 // 十五, 百
			}
			section += n * u
			n, last, have, zero = 0, u, false, false
		} else if r == '万' {
			if have && !placed(n, last, zero) {
				return 0, false // 一百五万
			}
			if total > 0 || section+n == 0 || section+n >= 10000 {
				return 0, false
			}
			total = (section + n) * 10000
			section, n, last, have, zero = 0, 0, 10000, false, false
		} else {
			return 0, false
		}
		i += size
		read = true
	}
	if have && !placed(n, last, zero) {
		if !spoken || wide || n == 0 || last < 100 {
			return 0, false // 十25; 1万5000, 1万05, 1万0: not one digit
		}
		n *= last / 10 // 两千五: 五百
	}
	return total + section + n, read
}

// placed reports whether digit n, read after unit last (0: none), is a
// number's own ones: after 零 (一百零五, 一万零500) or right after 十
// (十五), not a spoken short form after a larger unit (一百五) or digits
// glued to one (一万500, 十25).
func placed(n, last int64, zero bool) bool {
	return last == 0 || zero || n < 10 && last == 10
}

// AllDigits reports a non-empty run of ASCII digits: an amount's digits,
// a hazard number's year and sequence.
func AllDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
