package export

import (
	"testing"

	"safetybot"
)

// A month or quarter the period holds only part of is named with the days
// counted; a whole one, as before (QA9 #1).
func TestInPartNamesTheDaysCounted(t *testing.T) {
	for _, tc := range []struct {
		from, to, key, want string
	}{
		{"2026-12-01", "2026-12-07", "2026-Q4", "（12月1日至12月7日）"},
		{"2026-12-01", "2026-12-07", "2026-12", "（12月1日至12月7日）"},
		{"2026-11-15", "2027-01-10", "2026-11", "（11月15日至11月30日）"},
		{"2026-11-15", "2027-01-10", "2026-12", ""},
		{"2026-11-15", "2027-01-10", "2027-Q1", "（1月1日至1月10日）"},
		{"2026-10-01", "2026-12-31", "2026-Q4", ""},
		{"2026-01-01", "2026-12-31", "2026-02", ""},
		{"2026-12-01", "2026-12-07", "第四季度", ""},
	} {
		a := &Annual{From: safetybot.Date(tc.from), To: safetybot.Date(tc.to)}
		if got := a.inPart(tc.key); got != tc.want {
			t.Errorf("%s..%s, %s: %q, want %q", tc.from, tc.to, tc.key, got, tc.want)
		}
	}
}
