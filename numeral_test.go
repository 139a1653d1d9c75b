package safetybot

import "testing"

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
