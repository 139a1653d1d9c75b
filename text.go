package safetybot

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Truncate keeps the first n runes of s and marks the cut with an
// ellipsis; replies, digests and charts all shorten user text this way.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// OneLine collapses s's white space (line breaks included) and truncates it
// to n runes, for a list item that must stay on one line.
func OneLine(s string, n int) string {
	return Truncate(strings.Join(strings.Fields(s), " "), n)
}

// JoinNonEmpty joins the parts that are not blank with sep, for notes and
// ledger cells assembled from optional pieces.
func JoinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// ShowFunds shows a hazard's 整改资金, stored in yuan ("8000元"), in 万元
// ("0.8万元"), as 隐患, the dashboard and the ledger's 整改资金（万元）
// column show it: the README promises 万元, and a reply saying 8000元 beside
// a ledger saying 0.8 read as two figures (qa6b #8). Any other text is
// returned as it is (funds recorded before amounts were read, such as
// "已申请专项资金").
func ShowFunds(s string) string {
	if wan, ok := FundsWan(s); ok {
		return wan + "万元"
	}
	return s
}

// yuanAmount is 整改资金 as stored since amounts are read: a plain number
// of yuan, with or without 元 ("36000元", "5000", "-3.5").
var yuanAmount = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)$`)

// FundsWan is 整改资金, stored in yuan, as a plain number of 万元 ("0.8"
// for "8000元"): the unit the README promises everywhere a hazard is shown
// (隐患, the dashboard, the ledger's 整改资金（万元） column), so the three
// read the same figure. ok is false for other text (funds recorded before
// amounts were read, such as "已申请专项资金" or "3.5万元").
func FundsWan(s string) (wan string, ok bool) {
	n := strings.TrimSuffix(strings.TrimSpace(s), "元")
	if !yuanAmount.MatchString(n) {
		return "", false
	}
	return yuanToWan(n), true
}

// yuanToWan moves the decimal point of the plain number n (yuan) four
// places left, on the digits rather than through a float, so 12345 is
// exactly 1.2345 and never 1.2344999.
func yuanToWan(n string) string {
	sign := ""
	if n[0] == '+' || n[0] == '-' {
		sign, n = n[:1], n[1:]
	}
	if sign == "+" {
		sign = ""
	}
	whole, frac, _ := strings.Cut(n, ".")
	whole = strings.Repeat("0", max(0, 5-len(whole))) + whole // at least one digit before the point
	cut := len(whole) - 4
	whole, frac = strings.TrimLeft(whole[:cut], "0"), strings.TrimRight(whole[cut:]+frac, "0")
	if whole == "" {
		whole = "0"
	}
	if frac == "" {
		if whole == "0" {
			return "0"
		}
		return sign + whole
	}
	return sign + whole + "." + frac
}
