package safetybot

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// numeralAmount reports whether t (without 元) is written with Chinese
// numerals or with a unit inside it (五千, 伍仟, 两万, 十万, 2万5千, 2万5,
// 3千5): the forms ParseAmountNumeral reads, which ParseYuan's digits would
// refuse (QA7b #5). 十 leads a number without a digit before it (十万, 拾万,
// 十五万): QA10 #9 found 十万元 and 十元 refused, having no numeral digit.
// A unit at the end (1.5万, 2.5千, 5百) is the decimal reader's.
func numeralAmount(t string) bool {
	if strings.ContainsFunc(t, func(r rune) bool { _, ok := numeralDigits[r]; return ok || r == '十' || r == '拾' }) {
		return true
	}
	i := strings.IndexFunc(t, func(r rune) bool { return r == '万' || numeralUnits[r] > 0 })
	if i <= 0 {
		return false
	}
	_, size := utf8.DecodeRuneInString(t[i:])
	return i+size < len(t)
}

// BareNumeral reports an amount written in Chinese numerals without a unit
// of money (三, 三十, 一百, 一千五百, 两千五): as bare as 3 or 1500, which
// 资金 asks about rather than guess 元 or 万元 (QA10 #3: 资金:三 was stored
// as 3元). A closing 千 (五千, like 5千) and any 万 are read as yuan, as
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

// AmountDoubt is why t, an amount as written (元 and 整 may follow it),
// names no one sum, when there is more to say than 无法识别: a unit with
// no number (百元, 千元: not 一百元), two neighbouring numerals, a rough
// figure (三四万, 两千五六: 三万到四万), and a spoken short form
// multiplied again (一百五万, 两千五万), which is not read since 一百五 is
// 150 only at a number's end (ParseAmountNumeral). The reason is a clause
// for a reply that has just quoted t; "" when there is none, as for every
// amount ParseYuan reads.
func AmountDoubt(t string) string {
	t = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(t), "整"), "元")
	if t != "" && strings.Trim(t, "万千百仟佰") == "" {
		return "只有单位，没有数目，请写明多少，例如 100元、1000元"
	}
	var prev int64 = -1
	for _, r := range t {
		d, digit := numeralDigits[r]
		if digit && d == prev+1 && prev > 0 {
			return "是约数，台账只记一个数，请写实际金额"
		}
		prev = -1
		if digit {
			prev = d
		}
	}
	head, _, ok := strings.Cut(t, "万")
	if _, full := ParseNumeral(head); ok && !full {
		if v, spoken := ParseAmountNumeral(head); spoken {
			return fmt.Sprintf("写法有歧义：「%s」是口语省略，后面又接「万」，请用数字写实际金额，例如 %d万元", head, v)
		}
	}
	return ""
}
