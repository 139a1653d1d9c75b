package safetybot

import (
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
