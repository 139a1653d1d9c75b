package safetybot

import (
	"fmt"
	"strconv"
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

// ParseYuan reads an amount in yuan: 5000, 5000元, ¥5,000, 1.5万, 30万元,
// 3.6 万元, 约2万元. Only plain decimal digits are read, with commas
// between groups of three: 1,2345 or 1e9 would otherwise be taken for an
// amount nobody wrote (12345元, 10亿元), so they are refused with the reason.
// The arithmetic is on digits, never floats, so 1.1万 is exactly 11000.
// Errors are EINVALID with the Chinese reason.
func ParseYuan(s string) (int64, error) {
	bad := func() error {
		return Errorf(EINVALID, "金额「%s」无法识别，请写整数元，例如 15000、1.5万。", s)
	}
	t := strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	for _, p := range []string{"约", "共计", "合计", "共"} {
		t = strings.TrimPrefix(t, p)
	}
	t = strings.TrimPrefix(strings.TrimPrefix(t, "¥"), "￥")
	// 5000元整 as a receipt writes it; 0.5万元左右 is 约0.5万元 (QA7b #5).
	t = strings.TrimSuffix(strings.TrimSuffix(t, "左右"), "上下")
	t = strings.TrimSuffix(strings.TrimSuffix(t, "元整"), "圆整")
	t = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(t, "元"), "圆"), "人民币")
	if why := AmountDoubt(t); why != "" {
		return 0, Errorf(EINVALID, "金额「%s」%s。", s, why)
	}
	if numeralAmount(t) {
		if v, ok := ParseAmountNumeral(t); ok && v > 0 && v <= 1e12 {
			return v, nil
		}
		return 0, bad()
	}
	shift := 0 // decimal places 万, 千 or 百 moves the point by
	if v, ok := strings.CutSuffix(t, "万"); ok {
		t, shift = v, 4
	} else if v, ok := strings.CutSuffix(t, "千"); ok { // 5千元, as phones write it (qa6b #8)
		t, shift = v, 3
	} else if v, ok := strings.CutSuffix(t, "百"); ok { // 5百元, as 5千元
		t, shift = v, 2
	}
	whole, frac, _ := strings.Cut(t, ".")
	whole = strings.ReplaceAll(whole, "，", ",")
	if strings.Contains(whole, ",") {
		if !thousands(whole) {
			return 0, Errorf(EINVALID, "金额「%s」无法识别：逗号只能每三位一个（如 12,345 元），请重写，例如 12345、1.2345万。", s)
		}
		whole = strings.ReplaceAll(whole, ",", "")
	}
	if !AllDigits(whole) || (frac != "" || strings.Contains(t, ".")) && !AllDigits(frac) {
		return 0, bad()
	}
	if len(frac) > shift {
		if strings.Trim(frac[shift:], "0") != "" {
			return 0, Errorf(EINVALID, "金额「%s」请写到整数元。", s)
		}
		frac = frac[:shift]
	}
	digits := strings.TrimLeft(whole+frac+strings.Repeat("0", shift-len(frac)), "0")
	if len(digits) > 13 {
		return 0, bad()
	}
	if digits == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || v > 1e12 {
		return 0, bad()
	}
	return v, nil
}

// thousands reports digits grouped by commas the way amounts are written:
// 1 to 3 digits, then groups of exactly three (1,250,000).
func thousands(s string) bool {
	groups := strings.Split(s, ",")
	if n := len(groups[0]); n < 1 || n > 3 || !AllDigits(groups[0]) {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !AllDigits(g) {
			return false
		}
	}
	return true
}

// FormatYuan writes 15000 as 15,000.
func FormatYuan(v int64) string {
	s := strconv.FormatInt(v, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
