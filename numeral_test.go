package safetybot

import (
	"strings"
	"testing"
)

// TestParseNumeral: the one reader of numbers in words, for the numbers
// of dates (一..三十一, 二十五), shares (百分之百, 七成五), task numbers and
// amounts (伍仟, 2万5千), and what it must not guess.
func TestParseNumeral(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		// dates: days of a month, spans
		{"一", 1, true},
		{"三", 3, true},
		{"两", 2, true},
		{"十", 10, true},
		{"十五", 15, true},
		{"二十", 20, true},
		{"二十五", 25, true},
		{"三十一", 31, true},
		{"十二", 12, true},
		{"15", 15, true},
		{"2026", 2026, true},
		{"0", 0, true},
		{"零", 0, true},
		// shares and task numbers
		{"百", 100, true}, // 百分之百
		{"一百", 100, true},
		{"一百零五", 105, true},
		{"一百一十", 110, true},
		{"一百十", 110, true},
		{"二十二", 22, true},
		// amounts
		{"伍仟", 5000, true},
		{"五千", 5000, true},
		{"两万", 20000, true},
		{"2万5千", 25000, true},
		{"3千", 3000, true},
		{"1500万", 15000000, true},
		{"一万零五百", 10500, true},
		{"一万零500", 10500, true},
		{"十五万", 150000, true},
		{"三十五万五千", 355000, true},
		{"壹万贰仟", 12000, true},
		{"壹拾伍", 15, true},
		// spoken short forms: 15000 or 10005? 150 or 105? not guessed
		{"一万五", 0, false},
		{"一百五", 0, false},
		{"一百五万", 0, false},
		{"2万5", 0, false},
		{"1万5000", 0, false},
		// no one number
		{"", 0, false},
		{"二五", 0, false},
		{"二〇二六", 0, false},
		{"三三", 0, false},
		{"五零", 0, false},
		{"十十", 0, false},
		{"十百", 0, false},
		{"五千五千", 0, false},
		{"2万12千", 0, false},
		{"十25", 0, false},
		{"一万千", 0, false},
		{"两万三万", 0, false},
		{"万", 0, false},
		{"12345万", 0, false},
		{"五千万亿", 0, false},
		{"+5", 0, false},
		{"-5", 0, false},
		{"三点五", 0, false},
		{"3.5", 0, false},
		{"九十九亿", 0, false},
		{"99999999999999999999", 0, false},
		{"十五天", 0, false},
	} {
		got, ok := ParseNumeral(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseNumeral(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestParseAmountNumeral: money is said in short forms a date is never
// written in (两千五 for 2500, 一万二 for 12000: fix10-3 #1, both refused
// before); one digit after the last unit counts in the unit below it.
// What names no one sum stays refused, for AmountDoubt or 无法识别 to say.
func TestParseAmountNumeral(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"两千五", 2500, true},
		{"一万二", 12000, true},
		{"三万五", 35000, true},
		{"一千二百五", 1250, true},
		{"一百五", 150, true},
		{"一万五", 15000, true},
		{"一万二千五", 12500, true},
		{"十万五", 105000, true},
		{"十五万五", 155000, true},
		{"十万零五千", 105000, true}, // written out, as before
		{"两千零五", 2005, true},
		{"一万零二", 10002, true},
		{"2万5", 25000, true},
		{"3千5", 3500, true},
		{"伍仟伍", 5500, true},
		{"五千", 5000, true}, // whatever ParseNumeral reads, the same
		{"二十五", 25, true},
		// not one digit, or not at the end
		{"1万5000", 0, false},
		{"1万05", 0, false},
		{"1万0", 0, false},
		{"十25", 0, false},
		{"一百五万", 0, false},
		{"两千五万", 0, false},
		{"一万二三", 0, false},
		{"二〇二六", 0, false},
		{"二五", 0, false},
	} {
		got, ok := ParseAmountNumeral(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseAmountNumeral(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
		if _, strict := ParseNumeral(tc.in); strict && !tc.ok {
			t.Errorf("ParseNumeral(%q) reads what ParseAmountNumeral refuses", tc.in)
		}
	}
}

// TestAllDigits: amounts and hazard numbers share it.
func TestAllDigits(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"2026", true}, {"0001", true}, {"7", true},
		{"", false}, {"12a", false}, {"-1", false}, {"1.5", false}, {"１２", false}, {"十二", false},
	} {
		if got := AllDigits(tc.in); got != tc.want {
			t.Errorf("AllDigits(%q) = %v; want %v", tc.in, got, tc.want)
		}
	}
}

// FuzzParseNumeral: the numeral reader never panics, never reads a negative
// number, and an amount it reads is the amount ParseYuan reads with 元
// after it, so 资金 and dates agree on what a numeral is (QA10 #9: 十万元
// was refused while ParseNumeral read 十万). A number written out in
// words (numeralWords) reads back as itself.
func FuzzParseNumeral(f *testing.F) {
	for _, s := range []string{"三", "十", "十万", "拾万", "一十万", "十五万", "一万零五百", "壹万贰仟", "2万5千",
		"一百五", "二〇二六", "十百", "1500万", "百", "千", "三千万", "五千万亿", "两千五", "一万二", "2万5", "3千5", "一百五万"} {
		f.Add(s, uint32(0))
	}
	f.Add("", uint32(100005))
	f.Add("", uint32(10500))
	f.Add("", uint32(2500))
	f.Add("", uint32(1250))
	f.Fuzz(func(t *testing.T, s string, n uint32) {
		if v, ok := ParseNumeral(s); ok {
			if v < 0 {
				t.Fatalf("ParseNumeral(%q) = %d", s, v)
			}
			// the money reader reads whatever the strict one does, alike
			if a, aok := ParseAmountNumeral(s); !aok || a != v {
				t.Fatalf("ParseNumeral(%q) = %d but ParseAmountNumeral = %d, %v", s, v, a, aok)
			}
		}
		if v, ok := ParseAmountNumeral(s); ok {
			if v < 0 {
				t.Fatalf("ParseAmountNumeral(%q) = %d", s, v)
			}
			// ParseYuan reads numerals with a numeral digit or 十 in them,
			// or a unit inside digits (2万5); 百元, 千元 alone stay refused.
			if numeralAmount(s) && v > 0 && v <= 1e12 {
				if y, err := ParseYuan(s + "元"); err != nil || y != v {
					t.Fatalf("ParseAmountNumeral(%q) = %d but ParseYuan(%q) = %d, %v", s, v, s+"元", y, err)
				}
				if why := AmountDoubt(s); why != "" {
					t.Fatalf("AmountDoubt(%q) = %q, yet it reads as %d", s, why, v)
				}
			}
		}
		n %= 100000000
		if v, ok := ParseNumeral(numeralWords(int64(n))); !ok || v != int64(n) {
			t.Fatalf("ParseNumeral(%q) = %d, %v; want %d", numeralWords(int64(n)), v, ok, n)
		}
		// the spoken short form of n is n as money, and no date's number
		full, short := numeralWords(int64(n)), spokenWords(int64(n))
		if v, ok := ParseAmountNumeral(short); !ok || v != int64(n) {
			t.Fatalf("ParseAmountNumeral(%q) = %d, %v; want %d", short, v, ok, n)
		}
		if _, ok := ParseNumeral(short); ok && short != full {
			t.Fatalf("ParseNumeral(%q) reads a spoken short form", short)
		}
	})
}

// spokenWords is numeralWords(n) as n is said aloud when it ends in a
// unit with one digit and a larger unit before it: 两千五 for 二千五百,
// 一万二 for 一万二千, 一百二 for 一百二十; otherwise as written.
func spokenWords(n int64) string {
	w := []rune(numeralWords(n))
	if k := len(w); k >= 3 && strings.ContainsRune("十百千", w[k-1]) && strings.ContainsRune("一二三四五六七八九", w[k-2]) &&
		strings.ContainsRune("百千万", w[k-3]) {
		return string(w[:k-1])
	}
	return string(w)
}

// numeralWords writes n (below 1e8) in Chinese numerals the way a bank
// form does: 一万零五百, 十万零五, 一百一十, 二千零二十六.
func numeralWords(n int64) string {
	if n == 0 {
		return "零"
	}
	below := func(n int64, lead bool) string { // n < 10000; lead: nothing before it
		var b strings.Builder
		zero := false
		for _, u := range []struct {
			v    int64
			name string
		}{{1000, "千"}, {100, "百"}, {10, "十"}, {1, ""}} {
			d := n / u.v % 10
			switch {
			case d == 0:
				zero = b.Len() > 0 || !lead
			default:
				if zero {
					b.WriteString("零")
					zero = false
				}
				if !(d == 1 && u.v == 10 && lead && b.Len() == 0) { // 十五, not 一十五
					b.WriteString(string([]rune("一二三四五六七八九")[d-1]))
				}
				b.WriteString(u.name)
			}
		}
		return b.String()
	}
	if n < 10000 {
		return below(n, true)
	}
	s := below(n/10000, true) + "万"
	if low := n % 10000; low > 0 {
		s += below(low, false)
	}
	return s
}
