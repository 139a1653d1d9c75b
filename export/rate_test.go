package export_test

import (
	"testing"

	"safetybot/export"
)

// QA 9: official documents round half up (四舍五入); 公路运营's 1 of 16
// closed is 6.25 %, printed 6.3%, not 6.2% (what %.1f of the float gave).
func TestRateRoundsHalfUp(t *testing.T) {
	for _, tc := range []struct {
		num, den int
		want     string
	}{
		{1, 16, "6.3%"},   // 6.25
		{3, 16, "18.8%"},  // 18.75
		{5, 16, "31.3%"},  // 31.25
		{1, 8, "12.5%"},   // exact
		{1, 3, "33.3%"},   // 33.33…
		{2, 3, "66.7%"},   // 66.66…
		{1, 2000, "0.1%"}, // 0.05
		{1, 2001, "0.0%"}, // 0.04997…
		{0, 7, "0.0%"},
		{7, 7, "100.0%"},
		{1, 0, "—"},
		{0, 0, "—"},
		{5, -1, "—"},
		{-1, 16, "-6.3%"},
		{1999, 2000, "100.0%"}, // 99.95
		{19989, 20000, "99.9%"},
	} {
		if got := export.Rate(tc.num, tc.den); got != tc.want {
			t.Errorf("Rate(%d, %d) = %s, want %s", tc.num, tc.den, got, tc.want)
		}
	}
}
