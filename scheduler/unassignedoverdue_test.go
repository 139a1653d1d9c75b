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

// TestOverdueUnassignedFollowsTheVerifierRule: the morning notice of a
// hazard past its deadline that nobody was assigned goes to who may take it
// up, by the rule of its verification (safetybot.Verifiers), never to staff
// limited to another group (qa7b #12: wang, 公路运营 only, was told of a
// 消防 hazard), and to the leaders while there is nobody.
func TestOverdueUnassignedFollowsTheVerifierRule(t *testing.T) {
	wang := safetybot.Grant{UserID: "wang", Role: safetybot.RoleStaff, WorkingGroup: "highway_ops"}
	clerk := safetybot.Grant{UserID: "clerk", Role: safetybot.RoleStaff}
	for _, tc := range []struct {
		name   string
		domain string
		grants []safetybot.Grant
		want   []string // users told ("leaders": the leader role)
		say    string
	}{
		{name: "the group's staff", domain: "公路运营", grants: []safetybot.Grant{wang, clerk},
			want: []string{"wang"}, say: "请发送「指派 YH2026-0001 <责任人> 期限:…」"},
		{name: "a group without staff: bureau-wide staff, not another group's", domain: "水上交通",
			grants: []safetybot.Grant{wang, clerk}, want: []string{"clerk"}, say: "请发送「指派 YH2026-0001 <责任人> 期限:…」"},
		{name: "a domain without a group", domain: "消防/人员密集场所", grants: []safetybot.Grant{wang, clerk},
			want: []string{"clerk"}, say: "请发送「指派 YH2026-0001 <责任人> 期限:…」"},
		{name: "nobody on staff may: the leaders", domain: "消防/人员密集场所", grants: []safetybot.Grant{wang},
			want: []string{"leaders"}, say: "本领域也没有可指派的工作人员，请安排工作人员发送「指派 YH2026-0001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s := openStore(t, filepath.Join(t.TempDir(), "u.db"))
			defer s.Close()
			for _, g := range tc.grants {
				if err := s.Grant(ctx, g, "admin"); err != nil {
					t.Fatal(err)
				}
			}
			h := &safetybot.Hazard{Description: "商场疏散通道堆放杂物", Unit: "县百货大楼", Domain: tc.domain, Grade: safetybot.GradeGeneral,
				Source: safetybot.SourceInspection, Status: safetybot.StatusRectifying, Deadline: "2020-01-01"}
			if err := s.CreateHazard(ctx, h, "staff1", nil); err != nil {
				t.Fatal(err)
			}
			notes, err := New(s, Options{Log: quiet}).overdue(ctx, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			var told []string
			for _, n := range notes {
				who := n.Target
				if n.TargetKind == safetybot.TargetRole {
					who = string(n.Target)
					if n.Target == string(safetybot.RoleLeader) {
						who = "leaders"
					}
				}
				if !strings.Contains(n.Body, "【隐患逾期】"+h.Number) || !strings.Contains(n.Body, "尚未指派责任人") || !strings.Contains(n.Body, tc.say) {
					t.Errorf("notice to %s: %s", who, n.Body)
				}
				told = append(told, who)
			}
			if !slices.Equal(told, tc.want) {
				t.Errorf("told %v, want %v", told, tc.want)
			}
		})
	}
}
