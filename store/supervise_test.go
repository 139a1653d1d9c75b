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
	h := &safetybot.Hazard{Description: "隧道应急照明损坏", Grade: safetybot.GradeMajor, Reporter: "zhang"}
	if err := s.CreateHazard(ctx, h, "zhang", nil); err != nil {
		t.Fatal(err)
	}
	notify := func(h *safetybot.Hazard) []safetybot.Notification {
		return []safetybot.Notification{safetybot.NotifyUser(h.Assignee, "【督办】"+h.Number)}
	}
	// No responsible person yet: refused, nothing written.
	if _, err := s.SuperviseHazard(ctx, h.Number, "boss", Supervise, "", notify); safetybot.ErrorCode(err) != safetybot.ECONFLICT ||
		!strings.Contains(safetybot.ErrorMessage(err), "指派") {
		t.Fatalf("unassigned: %v", err)
	}
	if _, err := s.ChangeHazard(ctx, h.Number, "staff", func(h *safetybot.Hazard) (HazardChange, error) {
		h.Assignee = "li"
		return HazardChange{Event: safetybot.HazardEvent{Action: "指派"}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct{ kind, note string }{{"表扬", ""}, {Urge, strings.Repeat("快", MaxSuperviseNote+1)}} {
		if _, err := s.SuperviseHazard(ctx, h.Number, "boss", bad.kind, bad.note, notify); safetybot.ErrorCode(err) != safetybot.EINVALID {
			t.Errorf("%q: %v", bad.kind, err)
		}
	}
	if _, err := s.SuperviseHazard(ctx, "YH2026-9999", "boss", Urge, "", notify); safetybot.ErrorCode(err) != safetybot.ENOTFOUND {
		t.Errorf("unknown number: %v", err)
	}
	got, err := s.SuperviseHazard(ctx, h.Number, "boss", Supervise, "本周内完成", notify)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != safetybot.StatusPending || got.Assignee != "li" {
		t.Errorf("supervision changed the hazard: %+v", got)
	}
	_, evs, _ := s.Hazard(ctx, h.Number)
	last := evs[len(evs)-1]
	if last.Action != Supervise || last.Actor != "boss" || last.Note != "本周内完成" || last.FromStatus != last.ToStatus {
		t.Errorf("event %+v", last)
	}
	out, _ := s.PendingOutbox(ctx, 10)
	if len(out) != 1 || out[0].Target != "li" || out[0].Body != "【督办】"+h.Number {
		t.Errorf("outbox %+v", out)
	}
	// Closed: refused, and nothing more queued.
	if _, err := s.ChangeHazard(ctx, h.Number, "staff", func(h *safetybot.Hazard) (HazardChange, error) {
		h.Status = safetybot.StatusRejected
		return HazardChange{Event: safetybot.HazardEvent{Action: "驳回"}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SuperviseHazard(ctx, h.Number, "boss", Urge, "", notify); safetybot.ErrorCode(err) != safetybot.ECONFLICT {
		t.Errorf("rejected hazard: %v", err)
	}
	if out, _ := s.PendingOutbox(ctx, 10); len(out) != 1 {
		t.Errorf("outbox after refusals: %d rows", len(out))
	}
}
