package scheduler

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// TestOverdueAwaitingVerificationAsksTheVerifiers: a hazard past its
// deadline whose responsible person reported it done (待验收) is late in
// its verification: the morning escalation asks its verifiers to verify
// it, not the responsible person to rectify it again (qa6 B2), and never
// staff limited to another group, who may not close it.
func TestOverdueAwaitingVerificationAsksTheVerifiers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		domain string
		grants []safetybot.Grant
		want   []string // users told to verify ("leaders": the leader role)
	}{
		{name: "the group's staff", domain: "公路运营",
			grants: []safetybot.Grant{{UserID: "wang", Role: safetybot.RoleStaff, WorkingGroup: "highway_ops"}, {UserID: "clerk", Role: safetybot.RoleStaff}},
			want:   []string{"wang"}},
		{name: "a group without staff: bureau-wide staff, not another group's", domain: "水上交通",
			grants: []safetybot.Grant{{UserID: "wang", Role: safetybot.RoleStaff, WorkingGroup: "highway_ops"}, {UserID: "clerk", Role: safetybot.RoleStaff}},
			want:   []string{"clerk"}},
		{name: "a domain without a group", domain: "消防/人员密集场所",
			grants: []safetybot.Grant{{UserID: "wang", Role: safetybot.RoleStaff, WorkingGroup: "highway_ops"}, {UserID: "clerk", Role: safetybot.RoleStaff}},
			want:   []string{"clerk"}},
		{name: "nobody on staff may: the leaders", domain: "水上交通",
			grants: []safetybot.Grant{{UserID: "wang", Role: safetybot.RoleStaff, WorkingGroup: "highway_ops"}},
			want:   []string{"leaders"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s := openStore(t, filepath.Join(t.TempDir(), "v.db"))
			defer s.Close()
			for _, g := range tc.grants {
				if err := s.Grant(ctx, g, "admin"); err != nil {
					t.Fatal(err)
				}
			}
			h := &safetybot.Hazard{Description: "码头护栏缺失", Unit: "某港务公司", Domain: tc.domain, Grade: safetybot.GradeMajor,
				Source: safetybot.SourceInspection, Status: safetybot.StatusVerifying, Assignee: "liuzong", Deadline: "2020-01-01"}
			if err := s.CreateHazard(ctx, h, "staff1", nil); err != nil {
				t.Fatal(err)
			}
			sc := New(s, Options{Log: quiet, Directory: mapDir{"liuzong": "刘总"}})
			notes, err := sc.overdue(ctx, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			var told []string
			for _, n := range notes {
				if n.Card != nil {
					if n.Card.Kind != safetybot.CardOverdue || !strings.Contains(n.Card.Desc, "已报整改完成，待验收") {
						t.Errorf("leaders' card: %+v", n.Card)
					}
					continue
				}
				if n.Target == "liuzong" {
					t.Errorf("the responsible person is told again: %s", n.Body)
				}
				for _, w := range []string{"【验收逾期】", "责任人 刘总 已报整改完成，尚未验收", "「销号 " + h.Number + " 验收通过」", "「驳回 " + h.Number + " <原因>」"} {
					if !strings.Contains(n.Body, w) {
						t.Errorf("notice to %s lacks %q: %s", n.Target, w, n.Body)
					}
				}
				who := n.Target
				if n.TargetKind == safetybot.TargetRole {
					who = "leaders"
				}
				told = append(told, who)
			}
			if !slices.Equal(told, tc.want) {
				t.Errorf("told %v, want %v", told, tc.want)
			}
		})
	}
}
