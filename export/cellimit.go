package export

import (
	"strconv"
	"strings"
	"unicode/utf16"
)

// MaxCellChars is the most characters one cell may hold: 32,767 (Excel's
// "Specifications and limits"), counted in UTF-16 code units as Excel and
// excelize count them (a character outside the BMP takes two). Excelize
// and Excel cut a longer cell silently at that length.
const MaxCellChars = 32767

// cutMark ends a cell Cell had to shorten.
const cutMark = "…（超出单元格 32767 字的上限，以下从略）"

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s { // an invalid byte reads as U+FFFD: one unit
		n += utf16.RuneLen(r)
	}
	return n
}

// cutUTF16 returns the longest prefix of s, on a character boundary, that
// is at most n UTF-16 code units long.
func cutUTF16(s string, n int) string {
	used := 0
	for i, r := range s {
		used += utf16.RuneLen(r)
		if used > n {
			return s[:i]
		}
	}
	return s
}

// fit returns s unchanged when it fits in a cell, else its beginning ended
// by cutMark, MaxCellChars units in all.
func fit(s string) string {
	if len(s) <= MaxCellChars || utf16Len(s) <= MaxCellChars {
		return s
	}
	return cutUTF16(s, MaxCellChars-utf16Len(cutMark)) + cutMark
}

// moreNote is what ends a 进展记录 cell that left out its n oldest entries.
func moreNote(n int) string {
	return "…另 " + strconv.Itoa(n) + " 条见 xlsx 台账「处置记录」表"
}

// joinNewest joins entries (oldest first) with sep into at most limit
// UTF-16 code units. When they do not all fit it keeps the newest ones
// that do, still oldest first, and ends with sep and moreNote(N), N the
// entries left out (all of them are on the 处置记录 sheet). When not even
// the newest fits beside the note, its beginning is kept, ended by "…".
func joinNewest(entries []string, sep string, limit int) string {
	lens := make([]int, len(entries))
	total := 0
	for i, e := range entries {
		lens[i] = utf16Len(e)
		total += lens[i]
		if i > 0 {
			total += utf16Len(sep)
		}
	}
	if total <= limit {
		return strings.Join(entries, sep)
	}
	sepLen := utf16Len(sep)
	used, first := 0, len(entries)
	for i := len(entries) - 1; i >= 0; i-- {
		add := lens[i]
		if i < len(entries)-1 {
			add += sepLen
		}
		note := 0
		if i > 0 {
			note = sepLen + utf16Len(moreNote(i))
		}
		if used+add+note > limit {
			break
		}
		used += add
		first = i
	}
	if first == len(entries) { // the newest alone is too long
		newest := entries[len(entries)-1]
		room := limit - utf16Len("…")
		if omitted := len(entries) - 1; omitted > 0 {
			room -= sepLen + utf16Len(moreNote(omitted))
		}
		if room < 0 { // a limit too small for the note: the newest, cut
			return cutUTF16(newest, limit-utf16Len("…")) + "…"
		}
		kept := cutUTF16(newest, room) + "…"
		if len(entries) == 1 {
			return kept
		}
		return kept + sep + moreNote(len(entries)-1)
	}
	return strings.Join(entries[first:], sep) + sep + moreNote(first)
}
