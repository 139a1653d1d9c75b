package store

import (
	"context"
	"strings"
	"testing"

	"safetybot"
)

func TestSuperviseHazard(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	h := &safetybot.Hazard{Description: "隧道应急照明损坏", Grade: safetybot.GradeMajor, Reporter: "zhang", Domain: "公路"}
	if err := s.CreateHazard(ctx, h, "zhang", nil); err != nil {
		t.Fatal(err)
	}
	for _, g := range []safetybot.Grant{{UserID: "wang", Role: safetybot.RoleStaff, WorkingGroup: "road"}, {UserID: "zhao", Role: safetybot.RoleStaff, WorkingGroup: "water"}} {
		if err := s.Grant(ctx, g, "test"); err != nil {
			t.Fatal(err)
		}
	}
	groupOf := func(domain string) string {
		if domain == "公路" {
			return "road"
		}
		return ""
	}
	sv := func(kind, note string) safetybot.Supervision {
		return safetybot.Supervision{Kind: kind, Actor: "boss", By: "王局长", Note: note, Today: "2026-11-30"}
	}
	// No responsible person yet: recorded, and the field's staff are told to assign.
	if _, _, err := s.SuperviseHazard(ctx, h.Number, sv(safetybot.Supervise, "先指派"), groupOf); err != nil {
		t.Fatalf("unassigned: %v", err)
	}
	out, _ := s.PendingOutbox(ctx, 10)
	if len(out) != 1 || out[0].Target != "wang" || !strings.Contains(out[0].Body, "【督办】王局长 督办隐患 "+h.Number) ||
		!strings.Contains(out[0].Body, "指派 "+h.Number) {
		t.Fatalf("outbox when unassigned %+v", out)
	}
	if _, err := s.ChangeHazard(ctx, h.Number, "staff", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		h.Assignee = "li"
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "指派"}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct{ kind, note string }{{"表扬", ""}, {safetybot.Urge, strings.Repeat("快", safetybot.MaxSuperviseNote+1)}} {
		if _, _, err := s.SuperviseHazard(ctx, h.Number, sv(bad.kind, bad.note), groupOf); safetybot.ErrorCode(err) != safetybot.EINVALID {
			t.Errorf("%q: %v", bad.kind, err)
		}
	}
	if _, _, err := s.SuperviseHazard(ctx, "YH2026-9999", sv(safetybot.Urge, ""), groupOf); safetybot.ErrorCode(err) != safetybot.ENOTFOUND {
		t.Errorf("unknown number: %v", err)
	}
	got, _, err := s.SuperviseHazard(ctx, h.Number, sv(safetybot.Supervise, "本周内完成"), groupOf)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != safetybot.StatusPending || got.Assignee != "li" {
		t.Errorf("supervision changed the hazard: %+v", got)
	}
	_, evs, _ := s.Hazard(ctx, h.Number)
	last := evs[len(evs)-1]
	if last.Action != safetybot.Supervise || last.Actor != "boss" || last.Note != "本周内完成" || last.FromStatus != last.ToStatus {
		t.Errorf("event %+v", last)
	}
	out, _ = s.PendingOutbox(ctx, 10)
	if len(out) != 2 || out[1].Target != "li" || !strings.Contains(out[1].Body, "【督办】王局长 督办隐患 "+h.Number) ||
		!strings.Contains(out[1].Body, "督办意见：本周内完成") || !strings.Contains(out[1].Body, "整改 "+h.Number) {
		t.Errorf("outbox %+v", out)
	}
	// Closed: refused, and nothing more queued.
	if _, err := s.ChangeHazard(ctx, h.Number, "staff", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		h.Status = safetybot.StatusRejected
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "驳回"}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SuperviseHazard(ctx, h.Number, sv(safetybot.Urge, ""), groupOf); safetybot.ErrorCode(err) != safetybot.ECONFLICT ||
		safetybot.ErrorMessage(err) != "隐患 "+h.Number+" 已驳回，无需催办。" {
		t.Errorf("rejected hazard: %v", err)
	}
	if out, _ := s.PendingOutbox(ctx, 10); len(out) != 2 {
		t.Errorf("outbox after refusals: %d rows", len(out))
	}
}

// TestSuperviseHazardWithoutFieldStaff: a hazard whose field has no staff
// tells every staff member but the actor, and when the actor is the only
// one, nobody, and the reply says so (qa5 #2: 「已通知全体工作人员指派」 reached
// only the actor himself).
func TestSuperviseHazardWithoutFieldStaff(t *testing.T) {
	for _, tc := range []struct {
		name    string
		staff   []string
		actor   string
		targets []string
		told    string
	}{
		{"actor is the only staff", []string{"wang"}, "wang", nil, "尚未指派责任人；本领域没有其他工作人员，未通知他人，请尽快指派。"},
		{"actor and one more", []string{"wang", "zhao"}, "wang", []string{"zhao"}, "尚未指派责任人，已通知其他工作人员指派。"},
		{"a leader, not staff", []string{"wang", "zhao"}, "boss", []string{"wang", "zhao"}, "尚未指派责任人，已通知全体工作人员指派。"},
		{"no staff at all", nil, "boss", nil, "尚未指派责任人；本领域没有其他工作人员，未通知他人，请尽快指派。"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTest(t)
			ctx := context.Background()
			h := &safetybot.Hazard{Description: "渡口救生衣不足", Grade: safetybot.GradeGeneral, Reporter: "zhang", Domain: "水上交通"}
			if err := s.CreateHazard(ctx, h, "zhang", nil); err != nil {
				t.Fatal(err)
			}
			for _, u := range tc.staff {
				if err := s.Grant(ctx, safetybot.Grant{UserID: u, Role: safetybot.RoleStaff}, "test"); err != nil {
					t.Fatal(err)
				}
			}
			sv := safetybot.Supervision{Kind: safetybot.Urge, Actor: tc.actor, Today: "2026-12-07"}
			got, notes, err := s.SuperviseHazard(ctx, h.Number, sv, func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			out, _ := s.PendingOutbox(ctx, 10)
			var targets []string
			for _, m := range out {
				targets = append(targets, m.Target)
			}
			if strings.Join(targets, ",") != strings.Join(tc.targets, ",") {
				t.Errorf("told %v, want %v", targets, tc.targets)
			}
			if told := safetybot.Told(got, notes, func(id string) string { return id }); told != tc.told {
				t.Errorf("Told = %q, want %q", told, tc.told)
			}
		})
	}
}
