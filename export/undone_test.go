package export_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
	"safetybot/internal/storetest"
)

// TestEventSheetMarksUndone: in the 处置记录 sheet a change taken back by
// 撤销 says so in 操作, as the chat and the hazard page do; the other rows
// are as they were.
func TestEventSheetMarksUndone(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, func() time.Time { return fixture.Now })
	defer s.Close()
	h := &safetybot.Hazard{Description: "候车厅应急照明失效", Grade: safetybot.GradeGeneral, Domain: "道路运输", Source: safetybot.SourceInspection}
	if err := s.CreateHazard(ctx, h, "zhangsan", nil); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		action string
		to     safetybot.Status
	}{{"确认", safetybot.StatusRectifying}, {"完成整改", safetybot.StatusVerifying}} {
		if _, err := s.ChangeHazard(ctx, h.Number, "zhangsan", func(x *safetybot.Hazard) (safetybot.HazardChange, error) {
			x.Status, x.Confirmed = step.to, true
			return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: step.action}}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.UndoHazard(ctx, h.Number, "zhangsan", func(*safetybot.Hazard, safetybot.LastChange) (safetybot.HazardChange, error) {
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "撤销", Note: "撤销「完成整改」"}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	l, err := export.LoadLedger(ctx, s, export.Filter{}, fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	op := slices.Index(export.EventColumns, "操作")
	var got []string
	for _, r := range l.EventRows() {
		got = append(got, r[op])
	}
	if want := []string{"上报", "确认", "完成整改（已撤销）", "撤销"}; !slices.Equal(got, want) {
		t.Errorf("操作 = %q, want %q", got, want)
	}
}
