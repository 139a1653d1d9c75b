package longconn_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"safetybot"
	"safetybot/bot"
	"safetybot/internal/storetest"
	"safetybot/wecom/longconn"
	"safetybot/wecom/wecomtest"
)

// majorCardTask grants two leaders, reports a 重大 hazard through eng and
// returns its number and the task_id of the card queued for the leaders.
func (f *fixture) majorCardTask(eng longconn.Handler) (string, string) {
	f.t.Helper()
	ctx := context.Background()
	for _, text := range []string{"授权 leader1 领导", "授权 leader2 领导"} {
		eng.Handle(ctx, bot.Message{Source: "chat", ChatType: bot.ChatSingle, UserID: "admin", Text: text})
	}
	r := eng.Handle(ctx, bot.Message{Source: "chat", ChatType: bot.ChatSingle, UserID: "zhangsan",
		Text: "上报 危货车辆未安装智能视频监控 单位:某运输公司 领域:道路运输 等级:重大 期限:2026-12-31"})
	n := hazardNo.FindString(r[0].Text)
	rows, err := storetest.PendingOutbox(ctx, f.store, 20)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, m := range rows {
		if m.Card != nil && m.Card.Hazard == n && m.Card.Kind == safetybot.CardMajor {
			return n, m.Card.TaskID
		}
	}
	f.t.Fatalf("no 重大 card queued for %q: %+v", n, rows)
	return "", ""
}

// click pushes user's click on key of card task and returns the update the
// fake accepted on its req_id (nil for none) and the text pushed to user.
func (f *fixture) click(user, task, key string) (*wecomtest.WSCardUpdate, string) {
	f.t.Helper()
	pushes := len(f.fake.Frames(longconn.CmdSendMsg))
	req, err := f.fake.PushCardClick(user, task, key, "")
	if err != nil {
		f.t.Fatal(err)
	}
	sent := f.fake.WaitFrames(wait(f.t), longconn.CmdSendMsg, pushes+1)
	if len(sent) <= pushes {
		f.t.Fatalf("%s's click: no text pushed\n%s", user, f.logs)
	}
	for _, fr := range f.fake.Responses(req) {
		if fr.Cmd != longconn.CmdRespondUpdate {
			f.t.Fatalf("%s's click answered with %s on its req_id", user, fr.Cmd)
		}
	}
	var upd *wecomtest.WSCardUpdate
	for _, u := range f.fake.CardUpdates() {
		if u.ReqID == req {
			upd = &u
		}
	}
	if len(f.fake.Responses(req)) > 0 && upd == nil {
		f.t.Fatalf("%s's click: card update refused by the fake\n%s", user, f.logs)
	}
	return upd, string(sent[len(sent)-1].Body)
}

// TestCardClickUpdatesCard: a click through the long connection runs the
// button's command through the same permission check as the app's, the
// card is updated with aibot_respond_update_msg on the click's req_id
// (the fake refuses a stream there with 846605), and the text is pushed
// (aibot_send_msg).
func TestCardClickUpdatesCard(t *testing.T) {
	var eng longconn.Handler
	f := newFixture(t, func(c *longconn.Config) { eng, c.PublicURL = c.Handler, "https://safety.example.cn" })
	f.start()
	n, task := f.majorCardTask(eng)
	status := func() safetybot.Status {
		h, _, err := f.store.Hazard(context.Background(), n)
		if err != nil {
			t.Fatal(err)
		}
		return h.Status
	}

	// a stranger is refused: no update, the card stays as it is
	u, text := f.click("stranger", task, "确认 "+n)
	if u != nil || !strings.Contains(text, "「确认」仅限工作人员使用") || status() != safetybot.StatusPending {
		t.Fatalf("stranger's click: %+v %q %s", u, text, status())
	}

	// a leader confirms: every copy loses 确认 and says who did it
	u, text = f.click("leader2", task, "确认 "+n)
	if !strings.Contains(text, "已确认 "+n) || status() != safetybot.StatusRectifying {
		t.Fatalf("leader's click: %q %s", text, status())
	}
	if u == nil || u.UserIDs != nil || u.Card.TaskID != task || !strings.HasPrefix(u.Card.MainTitle.Desc, "已确认 · leader2 ") ||
		len(u.Card.Buttons) != 1 || u.Card.Buttons[0].Key != "督办 "+n || u.Card.CardAction == nil ||
		u.Card.CardAction.URL != "https://safety.example.cn/hazards/"+n {
		t.Fatalf("update after 确认: %+v", u)
	}

	// the other leader's 确认: 已处理, on their copy alone
	u, text = f.click("leader1", task, "确认 "+n)
	if !strings.Contains(text, "已处理：已确认 · leader2") || u == nil || !slices.Equal(u.UserIDs, []string{"leader1"}) ||
		!strings.HasPrefix(u.Card.MainTitle.Desc, "已处理：已确认 · leader2") {
		t.Fatalf("second click: %q %+v", text, u)
	}

	// 督办 finishes the card; a click on its last button answers 已处理
	u, text = f.click("leader1", task, "督办 "+n)
	if !strings.Contains(text, "已督办 "+n) || u == nil || u.UserIDs != nil || len(u.Card.Buttons) != 1 ||
		!strings.HasPrefix(u.Card.Buttons[0].Text, "已督办 · ") {
		t.Fatalf("督办: %q %+v", text, u)
	}
	u, text = f.click("leader2", task, u.Card.Buttons[0].Key)
	if !strings.Contains(text, "已处理：已督办 · leader1") || u == nil || !slices.Equal(u.UserIDs, []string{"leader2"}) {
		t.Fatalf("click on the finished card: %q %+v", text, u)
	}
	if strings.Contains(f.logs.String(), "not updated") || len(f.fake.Violations()) > 0 {
		t.Fatalf("logs: %s\nviolations: %v", f.logs, f.fake.Violations())
	}
}
