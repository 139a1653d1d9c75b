package web_test

import (
	"context"
	"strings"
	"testing"

	"safetybot"
	"safetybot/internal/fixture"
)

// TestHazardPageMarksUndoneSteps: a step taken back by 撤销 stays in the
// page's 处置记录 marked 「（已撤销）」, as the chat's 隐患 view marks it
// (qa2 #10: 完成整改 … 整改中 → 待验收 showed as if it stood).
func TestHazardPageMarksUndoneSteps(t *testing.T) {
	ctx := context.Background()
	s := world.Store
	h := &safetybot.Hazard{Description: "候车厅应急照明失效", Grade: safetybot.GradeGeneral, Domain: "道路运输", Reporter: fixture.Staff}
	if err := s.CreateHazard(ctx, h, fixture.Staff, nil); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		action string
		to     safetybot.Status
	}{{"确认", safetybot.StatusRectifying}, {"完成整改", safetybot.StatusVerifying}} {
		if _, err := s.ChangeHazard(ctx, h.Number, fixture.Staff, func(x *safetybot.Hazard) (safetybot.HazardChange, error) {
			x.Status, x.Confirmed = step.to, true
			return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: step.action}}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.UndoHazard(ctx, h.Number, fixture.Staff, func(*safetybot.Hazard, safetybot.LastChange) (safetybot.HazardChange, error) {
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "撤销", Note: "撤销「完成整改」"}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Leader)
	_, body := c.get("/hazards/" + h.Number)
	i := strings.Index(body, `id="history"`)
	if i < 0 {
		t.Fatal("no 处置记录 on the page")
	}
	history := body[i : i+strings.Index(body[i:], "</ol>")]
	for _, c := range []struct {
		action string
		undone bool
	}{{"<b>上报</b>", false}, {"<b>确认</b>", false}, {"<b>完成整改</b>", true}} {
		j := strings.Index(history, c.action)
		if j < 0 {
			t.Fatalf("%s is not in the history: %s", c.action, history)
		}
		li := history[strings.LastIndex(history[:j], "<li"):]
		li = li[:strings.Index(li, "</li>")]
		if got := strings.Contains(li, "（已撤销）") && strings.Contains(li, `class="undone"`); got != c.undone {
			t.Errorf("%s marked undone: %v, want %v: %s", c.action, got, c.undone, li)
		}
	}
}
