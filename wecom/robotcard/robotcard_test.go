package robotcard_test

import (
	"encoding/json"
	"strings"
	"testing"

	"safetybot"
	"safetybot/bot"
	"safetybot/wecom/robotcard"
	"safetybot/wecom/wecomtest"
)

// TestUpdateWithinRobotLimits: whatever the card holds, the update is a
// button_interaction card within the robot's field limits (101031), with
// the clicked card's task_id and only callback buttons.
func TestUpdateWithinRobotLimits(t *testing.T) {
	long := strings.Repeat("危货车辆未安装智能视频监控", 20)
	h := &safetybot.Hazard{Number: "YH2026-0001", Description: long, Unit: long, Domain: "道路运输", Grade: "重大",
		Deadline: "2026-12-31", Assignee: "一个名字非常非常非常长的责任人", Status: safetybot.StatusPending}
	sent := *safetybot.HazardCard(safetybot.CardMajor, h, "【重大隐患】"+long, long)
	sent.Rows = append(sent.Rows, safetybot.CardRow{Label: "依据" + long, Value: long}, safetybot.CardRow{Label: "上报人", Value: long})
	sent.TaskID = "YH2026-0001_major_1"
	left := sent
	left.Buttons = sent.Buttons[1:]
	left.Desc = "已确认 · " + long + " 11-30 09:12"
	done := "已督办 · 一个名字非常非常非常长的领导同志 11-30 09:12"
	for name, u := range map[string]*bot.CardUpdate{
		"buttons left": {Update: safetybot.CardUpdate{TaskID: sent.TaskID, Card: &left}, Sent: sent},
		"finished":     {Update: safetybot.CardUpdate{TaskID: sent.TaskID, ReplaceName: done}, Sent: sent},
		"handled":      {Update: safetybot.CardUpdate{TaskID: sent.TaskID, ReplaceName: done}, Sent: sent, Users: []string{"u1"}, Handled: true},
	} {
		body := robotcard.Update(u, "https://safety.example.cn")
		raw, _ := json.Marshal(body)
		var got wecomtest.RobotCardUpdate
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatal(err)
		}
		if got.ResponseType != "update_template_card" || got.TemplateCard.TaskID != sent.TaskID {
			t.Errorf("%s: %s", name, raw)
			continue
		}
		if p := wecomtest.RobotCardProblem(*got.TemplateCard); p != "" {
			t.Errorf("%s: %s: %s", name, p, raw)
		}
		if name != "buttons left" && (len(got.TemplateCard.Buttons) != 1 || got.TemplateCard.Buttons[0].Key != sent.Buttons[0].Key ||
			!strings.HasPrefix(got.TemplateCard.Buttons[0].Text, "已督办 · ")) {
			t.Errorf("%s: buttons %+v", name, got.TemplateCard.Buttons)
		}
		if (name == "handled") != strings.HasPrefix(got.TemplateCard.MainTitle.Desc, "已处理：") {
			t.Errorf("%s: desc %q", name, got.TemplateCard.MainTitle.Desc)
		}
	}
}

// QA 13: a card finished because its hazard moved on says 已处理 · 当前已驳回;
// the clicker's copy does not say 已处理 twice.
func TestHandledUpdateSaysHandledOnce(t *testing.T) {
	h := &safetybot.Hazard{Number: "YH2026-0001", Description: "危货车辆未安装智能视频监控", Grade: "重大", Status: safetybot.StatusRejected}
	sent := *safetybot.HazardCard(safetybot.CardMajor, h, "【重大隐患】", "新上报，请确认并督办")
	sent.TaskID = "YH2026-0001_major_1"
	u := &bot.CardUpdate{Update: safetybot.CardUpdate{TaskID: sent.TaskID, ReplaceName: "已处理 · 当前已驳回"}, Sent: sent,
		Users: []string{"u1"}, Handled: true}
	raw, _ := json.Marshal(robotcard.Update(u, ""))
	var got wecomtest.RobotCardUpdate
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if d := got.TemplateCard.MainTitle.Desc; d != "已处理 · 当前已驳回" {
		t.Errorf("desc %q", d)
	}
}
