package web_test

import (
	"context"
	"regexp"
	"testing"

	"safetybot"
	"safetybot/internal/fixture"
)

// TestHazardPageDetails: the hazard page shows 整改资金 in 万元, the figure
// the ledger's 整改资金（万元） column holds (qa3 #10: the page read
// 8000元, the export 0.8), and the 停产停业 answer whichever it is, as
// the ledger does (qa3 #8: 否 had no row); nobody's answer has none.
func TestHazardPageDetails(t *testing.T) {
	ctx := context.Background()
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Leader)
	for _, tc := range []struct {
		name string
		h    safetybot.Hazard
		want map[string]string // <dt> → <dd>; "" means no such row
	}{
		{"资金不足一万", safetybot.Hazard{Funds: "8000元"}, map[string]string{"整改资金": "0.8万元"}},
		{"资金过万", safetybot.Hazard{Funds: "36000元"}, map[string]string{"整改资金": "3.6万元"}},
		{"早年文字", safetybot.Hazard{Funds: "已申请专项资金"}, map[string]string{"整改资金": "已申请专项资金"}},
		{"未填资金", safetybot.Hazard{}, map[string]string{"整改资金": "", "停产停业": ""}},
		{"停产", safetybot.Hazard{Halted: safetybot.AnswerYes}, map[string]string{"停产停业": "是"}},
		{"未停产", safetybot.Hazard{Halted: safetybot.AnswerNo}, map[string]string{"停产停业": "否"}},
	} {
		h := tc.h
		h.Description, h.Grade, h.Domain, h.Reporter = "候车厅护栏破损", safetybot.GradeGeneral, "道路运输", fixture.Staff
		if err := world.Store.CreateHazard(ctx, &h, fixture.Staff, nil); err != nil {
			t.Fatal(err)
		}
		_, page := c.get("/hazards/" + h.Number)
		for dt, want := range tc.want {
			m := regexp.MustCompile(`<dt>` + dt + `</dt><dd>([^<]*)</dd>`).FindStringSubmatch(page)
			got := ""
			if m != nil {
				got = m[1]
			}
			if got != want {
				t.Errorf("%s: %s shows %q, want %q", tc.name, dt, got, want)
			}
		}
	}
}
