package safetybot

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
)

func TestExtractReceipt(t *testing.T) {
	const c = "1234567890123456"
	for _, tc := range []struct {
		in, code, rest string
	}{
		{"1234567890123456", c, ""},
		{"1234 5678 9012 3456", c, ""},
		{"1234567890123456。", c, ""},
		{"「1234567890123456」", c, ""},
		{"『1234 5678 9012 3456』。", c, ""},
		{"“1234567890123456”", c, ""},
		{"1234.5678.9012.3456", c, ""},
		{"1234．5678．9012．3456", c, ""},
		{"1234-5678-9012-3456", c, ""},
		{"1234—5678—9012—3456", c, ""},
		{"1234 - 5678 - 9012 - 3456", c, ""},
		{"1234·5678·9012·3456", c, ""},
		{"１２３４５６７８９０１２３４５６", c, ""},
		{"１２３４　５６７８　９０１２　３４５６。", c, ""},
		{"1234\u200b5678\u200b9012\u200b3456", c, ""},
		{"\ufeff1234\u200c5678\u200d9012\u20603456\u00ad", c, ""},
		{"12\u200b34 56\u200b78 9012 3456", c, ""},
		{"回执码：1234 5678 9012 3456", c, ""},
		{"我的回执码是 1234567890123456", c, "我的"},
		{"回执码「1234 5678 9012 3456」，谢谢", c, "谢谢"},
		{"1234-5678-9012-3456 又发现一处", c, "又发现一处"},
		{"1234567890123456补充内容", c, "补充内容"},
		{"1234 5678 9012 3456 3号仓库", c, "3号仓库"}, // a separator ends a complete code
		{"「1234567890123456」。二号安检口，2台", c, "二号安检口，2台"},
		{"2024年 1234567890123456", c, "2024年"}, // a shorter number before is not part of it
		{"1234 5678 9012 34567", "", ""},       // a 17th digit: never cut to 16
		{"12345678901234567", "", ""},
		{"123456789012345", "", ""},
		{"1234 5678 9012 345", "", ""},
		{"3 1234 5678 9012 3456", "", ""}, // one run of 17
		{"12345678901234567 1234567890123456", c, "12345678901234567"},
		{"hello", "", ""},
		{"", "", ""},
		{"\u200b\u200b", "", ""},
		{"1234x5678901234567", "", ""},
	} {
		code, rest, ok := ExtractReceipt(tc.in)
		if code != tc.code || rest != tc.rest || ok != (tc.code != "") {
			t.Errorf("ExtractReceipt(%q) = %q, %q, %v; want %q, %q", tc.in, code, rest, ok, tc.code, tc.rest)
		}
	}
}

// FuzzExtractReceipt checks, whatever the input: no panic; a code found is
// 16 ASCII digits that appear, in order, among the input's digits; the rest
// holds none of the code's digits that were not in the input around it.
// And for a real code wrapped in digit-free text, the code is found.
func FuzzExtractReceipt(f *testing.F) {
	for _, s := range []string{"1234 5678 9012 3456", "回执码:1234567890123456 补充", "１２３４５６７８９０１２３４５６",
		"「1234567890123456」。", "1234\u200b5678\u200b9012\u200b3456", "1234.5678.9012.3456", "12-34", "\xff\xfe"} {
		f.Add(s, uint64(1234567890123456), "「", "」。")
	}
	f.Fuzz(func(t *testing.T, s string, n uint64, prefix, suffix string) {
		code, rest, ok := ExtractReceipt(s)
		if !ok {
			if code != "" || rest != "" {
				t.Fatalf("no code, yet %q, %q", code, rest)
			}
		} else {
			if len(code) != ReceiptDigits || strings.Trim(code, "0123456789") != "" {
				t.Fatalf("code %q is not 16 ASCII digits", code)
			}
			if !strings.Contains(asciiDigits(s), code) {
				t.Fatalf("code %q is not among the digits of %q", code, s)
			}
			if again, _, ok := ExtractReceipt(FormatReceipt(code)); !ok || again != code {
				t.Fatalf("round trip of %q gave %q", code, again)
			}
		}
		// A real code among text without digits is always found.
		noDigits := func(r rune) rune {
			if _, d := digitOf(r); d || unicode.Is(unicode.Cf, r) {
				return -1
			}
			return r
		}
		real := FormatReceipt(padCode(n))
		got, _, ok := ExtractReceipt(strings.Map(noDigits, prefix) + real + strings.Map(noDigits, suffix))
		if !ok || got != padCode(n) {
			t.Fatalf("ExtractReceipt(%q + %q + %q) = %q, %v", prefix, real, suffix, got, ok)
		}
	})
}

// asciiDigits keeps the digits of s (full-width folded), in order.
func asciiDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if d, ok := digitOf(r); ok {
			b.WriteByte(d)
		}
	}
	return b.String()
}

// padCode makes a 16-digit code of n.
func padCode(n uint64) string { return fmt.Sprintf("%016d", n%1e16) }
