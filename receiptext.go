package safetybot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ExtractReceipt finds the receipt code in s as people paste it: ASCII or
// full-width digits, grouped by spaces, dots or dashes (1234 5678 9012 3456,
// 1234.5678…, 1234-5678…), wrapped in quotes or brackets (「…」), after a
// label (回执码：), followed by punctuation (。) and carrying invisible
// format characters (zero-width spaces, joiners, BOM, soft hyphens: Unicode
// category Cf, dropped first). It is the one reading of a code for chat
// (查询, 补充) and the web status page.
//
// The code is the first run of exactly 16 digits: digits with only
// separators between them, ended by anything else or, once 16 digits are
// read, by a separator ("1234 5678 9012 3456 3号仓库" is the code and
// "3号仓库"). A run of 17 or more digits is not cut to 16; it is skipped.
// code is the 16 ASCII digits; rest is the text around the code without
// the label and the punctuation that wraps it (the addition of 补充), the
// text before and after joined by a space. ok is false, with code and rest
// empty, when s holds no such run: the input is not a code at all.
func ExtractReceipt(s string) (code, rest string, ok bool) {
	t := strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	var digits [ReceiptDigits]byte
	n, start, end, tooLong := 0, 0, 0, false
	for i, r := range t {
		if d, isDigit := digitOf(r); isDigit {
			switch {
			case n == 0:
				start, tooLong = i, false
				fallthrough
			case n < ReceiptDigits:
				digits[n] = d
				n++
				end = i + utf8.RuneLen(r)
			default:
				tooLong = true
			}
			continue
		}
		if n > 0 && n < ReceiptDigits && !tooLong && isReceiptSeparator(r) {
			continue // inside a run
		}
		if n == ReceiptDigits && !tooLong {
			break
		}
		n = 0
	}
	if n != ReceiptDigits || tooLong {
		return "", "", false
	}
	before := strings.TrimRightFunc(t[:start], isReceiptWrap)
	for _, label := range []string{"回执码是", "回执码为", "回执码", "回执"} {
		before = strings.TrimSuffix(before, label)
	}
	before = strings.TrimFunc(before, isReceiptWrap)
	after := strings.TrimFunc(t[end:], isReceiptWrap)
	switch {
	case before == "":
		rest = after
	case after == "":
		rest = before
	default:
		rest = before + " " + after
	}
	return string(digits[:]), rest, true
}

// digitOf reads an ASCII or full-width digit as its ASCII byte.
func digitOf(r rune) (byte, bool) {
	switch {
	case r >= '0' && r <= '9':
		return byte(r), true
	case r >= '０' && r <= '９':
		return byte('0' + r - '０'), true
	}
	return 0, false
}

// isReceiptSeparator: what people put between the groups of a code.
func isReceiptSeparator(r rune) bool {
	switch r {
	case ' ', '\t', '\u00a0', '\u3000', '-', '－', '‐', '‑', '‒', '–', '—', '―', '.', '．', '·', '・', '•':
		return true
	}
	return false
}

// isReceiptWrap: what surrounds a pasted code: spaces, quotes, brackets,
// colons and sentence punctuation.
func isReceiptWrap(r rune) bool {
	return unicode.IsSpace(r) || r == '\u3000' || strings.ContainsRune("「」『』“”\"'‘’()（）[]【】〔〕<>《》〈〉:：,，.。;；!！?？、·-－—", r)
}
