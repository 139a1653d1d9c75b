package safetybot

import (
	"math"
	"strconv"
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

// ShowFunds shows a hazard's 整改资金, stored in yuan ("36000元"), the way
// the ledger reads it: 万元 from ten thousand up (3.6万元), 元 below. Any
// other text is returned as it is (funds recorded before amounts were read,
// such as "已申请专项资金").
func ShowFunds(s string) string {
	n, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "元"), 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return s
	}
	if math.Abs(n) >= 10000 {
		return strconv.FormatFloat(n/10000, 'f', -1, 64) + "万元"
	}
	return strconv.FormatFloat(n, 'f', -1, 64) + "元"
}
