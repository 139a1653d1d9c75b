package export_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
)

// TestTipSectionLeavesRejectedVerificationsOut: a report verified into a
// hazard that was then rejected is not 属实; the summary says how many were
// left out, and says nothing when none were (qa6 B3).
func TestTipSectionLeavesRejectedVerificationsOut(t *testing.T) {
	for _, tc := range []struct {
		name      string
		tips      safetybot.TipYear
		want, not string
	}{
		{name: "none rejected", tips: safetybot.TipYear{Received: 3, Declined: 1, Verified: 2},
			want: "受理2件；经核查属实2件，查实率100.0%", not: "不计入属实"},
		{name: "one rejected", tips: safetybot.TipYear{Received: 3, Declined: 0, Verified: 1, VerifiedRejected: 1},
			want: "受理3件；经核查属实1件（另有1件查实后登记的隐患经核查被驳回，不计入属实），查实率33.3%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := export.LoadAnnual(context.Background(), seeded(t).Store, 2026, fixture.Now)
			if err != nil {
				t.Fatal(err)
			}
			a.Tips = tc.tips
			var db bytes.Buffer
			if err := export.WriteDOCX(&db, a.Document(), a.Generated); err != nil {
				t.Fatal(err)
			}
			text := readDOCX(t, db.Bytes())
			if !strings.Contains(text, tc.want) {
				t.Errorf("document lacks %q", tc.want)
			}
			if tc.not != "" && strings.Contains(text, tc.not) {
				t.Errorf("document says %q", tc.not)
			}
		})
	}
}
