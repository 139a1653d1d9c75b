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

// TestTipHazardsRejectedAreSaidApart: of the hazards registered from
// verified reports (来源「举报查实」), those then rejected are said apart
// in both places the count is written, the hazard section's sources and
// the tip section, beside a 属实 that leaves them out (qa13 #4).
func TestTipHazardsRejectedAreSaidApart(t *testing.T) {
	for _, tc := range []struct {
		name      string
		rejected  int
		want, not []string
	}{
		{name: "one rejected", rejected: 1, want: []string{
			"举报查实2项（其中1项经核实驳回）",
			"经核查属实1件（另有1件查实后登记的隐患经核查被驳回，不计入属实）",
			"台账中来源为「举报查实」的隐患2项（其中1项经核实驳回）。"}},
		{name: "none rejected", want: []string{"举报查实2项", "台账中来源为「举报查实」的隐患2项。"}, not: []string{"其中0项", "项经核实驳回）"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := export.LoadAnnual(context.Background(), seeded(t).Store, 2026, fixture.Now)
			if err != nil {
				t.Fatal(err)
			}
			a.Tips = safetybot.TipYear{Received: 3, Verified: 2 - tc.rejected, VerifiedRejected: tc.rejected}
			a.Total.BySource[safetybot.SourceTip] = 2
			a.Total.RejectedBySource = map[string]int{safetybot.SourceTip: tc.rejected}
			var db bytes.Buffer
			if err := export.WriteDOCX(&db, a.Document(), a.Generated); err != nil {
				t.Fatal(err)
			}
			text := readDOCX(t, db.Bytes())
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("document lacks %q", w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(text, n) {
					t.Errorf("document says %q", n)
				}
			}
		})
	}
}

// TestRejectedBySourceAddsUp: the rejected hazards by source add up to the
// rejected hazards, for the total and every field.
func TestRejectedBySourceAddsUp(t *testing.T) {
	a, err := export.LoadAnnual(context.Background(), seeded(t).Store, 2026, fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range append(a.Domains, a.Total) {
		n := 0
		for s, v := range d.RejectedBySource {
			if v > d.BySource[s] {
				t.Errorf("%s: %d %s rejected of %d", d.Domain, v, s, d.BySource[s])
			}
			n += v
		}
		if n != d.Rejected {
			t.Errorf("%s: rejected by source add up to %d, want %d", d.Domain, n, d.Rejected)
		}
	}
	if a.Total.Rejected == 0 || a.Total.RejectedBySource[safetybot.SourceTip] == 0 {
		t.Logf("the fixture rejects %d hazards, %d of them 举报查实", a.Total.Rejected, a.Total.RejectedBySource[safetybot.SourceTip])
	}
}
