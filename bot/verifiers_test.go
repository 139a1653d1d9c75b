package bot

import (
	"context"
	"slices"
	"strings"
	"testing"

	"safetybot"
	"safetybot/internal/storetest"
)

// verifyTargets is who the 待验收 card about number went to: userids, or
// "role:<role>".
func (f *fixture) verifyTargets(number string) []string {
	f.t.Helper()
	due, err := storetest.PendingOutbox(context.Background(), f.store, 1000)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, m := range due {
		if m.Card != nil && m.Card.Kind == safetybot.CardVerify && m.Card.Hazard == number {
			return strings.Split(m.Target, "|")
		}
	}
	return nil
}

// TestVerifyCardGoesToWhoMayClose: the 待验收 card goes to who may act on
// it (验收通过 is 销号): the staff of the field's working group; while it
// has none, the bureau-wide staff, never staff limited to another group,
// who would be refused (qa6 B12); the leaders while there is nobody else.
// A 催办 of a 待验收 hazard asks the same people to verify it, not the
// responsible person to rectify it again (qa6 B2).
func TestVerifyCardGoesToWhoMayClose(t *testing.T) {
	for _, tc := range []struct {
		name   string
		grants []string
		domain string
		want   []string
	}{
		{name: "the group's staff", grants: []string{"授权 wang 工作人员 公路运营", "授权 clerk 工作人员"}, domain: "公路运营", want: []string{"wang"}},
		{name: "another group's staff are left out", grants: []string{"授权 wang 工作人员 公路运营", "授权 clerk 工作人员"}, domain: "水上交通", want: []string{"clerk"}},
		{name: "a domain without a group", grants: []string{"授权 wang 工作人员 公路运营", "授权 clerk 工作人员"}, domain: "消防/人员密集场所", want: []string{"clerk"}},
		{name: "only another group's staff: the leaders", grants: []string{"授权 wang 工作人员 公路运营", "授权 boss 领导"}, domain: "水上交通", want: []string{"boss"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			for _, g := range tc.grants {
				f.say("admin", g)
			}
			f.say("admin", "上报 码头护栏缺失 单位:某港务公司 领域:"+tc.domain)
			f.say("admin", "指派 YH2026-0001 liuzong 期限:2026-12-31")
			if got := f.say("liuzong", "整改 YH2026-0001 已更换护栏 完成:是"); !strings.Contains(got, "待验收") {
				t.Fatalf("整改: %s", got)
			}
			got := f.verifyTargets("YH2026-0001")
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("待验收 card went to %v, want %v", got, tc.want)
			}
			// every recipient may close it: the card's 验收通过 is not refused
			for _, u := range got {
				if usr, err := f.store.User(context.Background(), u); err != nil || !usr.CoversDomain(tc.domain, f.engine.groupDomains()) {
					t.Errorf("%s got the card but may not 销号 (%v)", u, err)
				}
			}
			before := len(f.outboxTo("liuzong"))
			reply := f.say("admin", "催办 YH2026-0001 请本周验收")
			if !strings.Contains(reply, "等待验收") {
				t.Errorf("催办 reply: %s", reply)
			}
			if after := f.outboxTo("liuzong"); len(after) != before {
				t.Errorf("催办 of a 待验收 hazard told the responsible person: %q", after[before:])
			}
			for _, u := range tc.want {
				msgs := f.outboxTo(u)
				if last := msgs[len(msgs)-1]; !strings.Contains(last, "【催办】") || !strings.Contains(last, "销号 YH2026-0001 验收通过") {
					t.Errorf("%s was told %q", u, last)
				}
			}
		})
	}
}
