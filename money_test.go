package safetybot

import (
	"strings"
	"testing"
)

// TestBareNumeral: a numeral amount without a unit of money is asked
// about as bare digits are (QA10 #3); a closing 千 or any 万 is a unit.
func TestBareNumeral(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"三", true},
		{"三十", true},
		{"十", true},
		{"两", true},
		{"一百", true},
		{"一千五百", true},
		{"壹拾伍", true},
		{"2千5百", true},
		{"两千五", true}, // as 2500: 2500 元 or 万元? (fix10-3)
		{"一百五", true},
		{"一万二", false}, // any 万: yuan
		{"五千", false},  // as 5千: yuan
		{"伍仟", false},
		{"两万", false},
		{"三万五千", false},
		{"三元", false},
		{"3", false}, // digits: parseFunds' own test
		{"", false},
		{"三处", false},
		{"约三", false},
	} {
		if got := BareNumeral(tc.in); got != tc.want {
			t.Errorf("BareNumeral(%q) = %v; want %v", tc.in, got, tc.want)
		}
	}
}

// TestAmountDoubt: what names no one sum is refused with why, not only
// 无法识别 (fix10-3 #1, #5); every amount read has no doubt.
func TestAmountDoubt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // part of the reason; "" none
	}{
		{"百元", "只有单位，没有数目"},
		{"千", "只有单位，没有数目"},
		{"万元整", "只有单位，没有数目"},
		{"三四万元", "是约数"},
		{"两千五六", "是约数"},
		{"一万二三", "是约数"},
		{"五六千元", "是约数"},
		{"一百五万元", "「一百五」是口语省略"},
		{"两千五万", "例如 2500万元"},
		{"二〇二六元", ""}, // no one number, but no more to say
		{"三三元", ""},
		{"一百元", ""},
		{"一百零五万元", ""},
		{"两千五", ""},
		{"一万二", ""},
		{"2万5千元", ""},
		{"1.5万", ""},
		{"", ""},
	} {
		got := AmountDoubt(tc.in)
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("AmountDoubt(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}
