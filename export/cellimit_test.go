package export

import (
	"strings"
	"testing"
)

func TestJoinNewest(t *testing.T) {
	e := func(n int, c string) string { return strings.Repeat(c, n) }
	for _, tc := range []struct {
		name    string
		entries []string
		limit   int
		want    string
	}{
		{"fits", []string{"a", "b", "c"}, 5, "a；b；c"},
		{"empty", nil, 5, ""},
		{"keeps the newest", []string{e(10, "a"), e(10, "b"), e(10, "c"), e(10, "d")}, 34, e(10, "d") + "；…另 3 条见 xlsx 台账「处置记录」表"},
		{"keeps two newest", []string{e(30, "a"), e(30, "b"), e(30, "c"), e(30, "d")}, 90, e(30, "c") + "；" + e(30, "d") + "；…另 2 条见 xlsx 台账「处置记录」表"},
		{"one unit short", []string{e(30, "a"), e(30, "b"), e(30, "c")}, 83, e(30, "c") + "；…另 2 条见 xlsx 台账「处置记录」表"},
		{"exactly at the limit", []string{e(10, "a"), e(10, "b"), e(10, "c")}, 32, e(10, "a") + "；" + e(10, "b") + "；" + e(10, "c")},
		{"newest alone too long", []string{"a", e(50, "z")}, 39, e(15, "z") + "…；…另 1 条见 xlsx 台账「处置记录」表"},
		{"one entry too long", []string{e(50, "z")}, 10, e(9, "z") + "…"},
		{"astral characters count twice", []string{e(3, "a"), e(7, "𝄞")}, 14, e(6, "𝄞") + "…"},
	} {
		got := joinNewest(tc.entries, "；", tc.limit)
		if got != tc.want {
			t.Errorf("%s: joinNewest = %q, want %q", tc.name, got, tc.want)
		}
		if utf16Len(got) > tc.limit {
			t.Errorf("%s: %d units, over the limit %d", tc.name, utf16Len(got), tc.limit)
		}
	}
}

func TestFitCutsVisibly(t *testing.T) {
	if s := strings.Repeat("隐", MaxCellChars); fit(s) != s {
		t.Error("a cell at the limit was cut")
	}
	long := strings.Repeat("隐", MaxCellChars+1)
	got := fit(long)
	if utf16Len(got) != MaxCellChars || !strings.HasSuffix(got, cutMark) {
		t.Errorf("fit: %d units, suffix %q", utf16Len(got), got[len(got)-30:])
	}
	astral := strings.Repeat("𝄞", MaxCellChars/2+1) // 32,768 units in 16,384 characters
	if got := fit(astral); utf16Len(got) > MaxCellChars || !strings.HasSuffix(got, cutMark) {
		t.Errorf("astral: %d units", utf16Len(got))
	}
}
