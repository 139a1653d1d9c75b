package safetybot

import "testing"

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
		{"五千", false}, // as 5千: yuan
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
