package wecom_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/storetest"
	"safetybot/outbox"
	"safetybot/wecom/sender"
	"safetybot/wecom/wecomtest"
)

// cardEnv is env with the outbox delivering to the fake WeCom through the
// real sender, as serve does.
type cardEnv struct {
	*env
	worker *outbox.Worker
}

func newCardEnv(t *testing.T) *cardEnv {
	e := newEnv(t, 0)
	snd, err := sender.New(sender.Config{APIBase: e.api.URL, CorpID: corpID, AgentID: "1000002", Secret: "s",
		PublicURL: "https://safety.example.cn", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return &cardEnv{env: e, worker: &outbox.Worker{Store: e.store, Sender: snd, Now: e.now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}}
}

// deliver runs the outbox until nothing is due.
func (e *cardEnv) deliver() {
	e.t.Helper()
	for range 10 {
		n, err := e.worker.DeliverDue(context.Background())
		if err != nil {
			e.t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	// every card and update was accepted: nothing waits for a retry
	if left, err := storetest.PendingOutbox(context.Background(), e.store, 10); err != nil || len(left) > 0 {
		e.t.Fatalf("outbox not delivered: %v %+v", err, left)
	}
}

func (e *cardEnv) status(number string) safetybot.Status {
	e.t.Helper()
	h, _, err := e.store.Hazard(context.Background(), number)
	if err != nil {
		e.t.Fatal(err)
	}
	return h.Status
}

func (e *cardEnv) events(number string) int {
	e.t.Helper()
	_, evs, err := e.store.Hazard(context.Background(), number)
	if err != nil {
		e.t.Fatal(err)
	}
	return len(evs)
}

// majorCard grants two leaders, reports a 重大 hazard and returns the one
// card both leaders got.
func (e *cardEnv) majorCard() wecomtest.Card {
	e.t.Helper()
	must(e.t)(e.app.SendText("admin", "1", "授权 leader1 领导"))
	must(e.t)(e.app.SendText("admin", "2", "授权 leader2 领导"))
	r := must(e.t)(e.app.SendText("zhangsan", "3", "上报 危货车辆未安装智能视频监控 单位:某运输公司 领域:道路运输 等级:重大 期限:2026-12-31"))
	if !strings.Contains(r.Content, "YH2026-0001") && !hazardNumber.MatchString(r.Content) {
		e.t.Fatalf("report: %q", r.Content)
	}
	e.deliver()
	cards := e.api.Cards()
	if len(cards) != 1 || cards[0].To != "leader1|leader2" {
		e.t.Fatalf("want one card to leader1|leader2, got %+v", cards)
	}
	c, err := wecomtest.ParseCard(cards[0])
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func number(c wecomtest.Card) string { return hazardNumber.FindString(c.MainTitle.Title) }

func TestMajorReportSendsCardToEachLeader(t *testing.T) {
	e := newCardEnv(t)
	c := e.majorCard()
	n := number(c)
	var texts []string
	for _, b := range c.Buttons {
		texts = append(texts, b.Text)
	}
	if !slices.Equal(texts, []string{"确认", "督办", "详情"}) || c.Buttons[0].Key != "确认 "+n ||
		c.Buttons[2].Type != 1 || c.Buttons[2].URL != "https://safety.example.cn/hazards/"+n {
		t.Fatalf("buttons: %+v", c.Buttons)
	}
	// the card's own text says what to type (the WeChat plugin shows no buttons)
	if !strings.HasSuffix(c.SubTitleText, "可回复「确认 "+n+"」「督办 "+n+"」") || !strings.HasPrefix(c.SubTitleText, "危货车辆未安装智能视频监控") {
		t.Fatalf("sub_title_text %q", c.SubTitleText)
	}
	if !strings.HasPrefix(c.MainTitle.Title, "【重大隐患】"+n) || c.TaskID == "" {
		t.Fatalf("card: %+v", c)
	}
}

func TestCardClickThroughApp(t *testing.T) {
	e := newCardEnv(t)
	c := e.majorCard()
	n := number(c)
	before := e.events(n)

	// A stranger's click is refused like the typed command; nothing changes.
	code := e.api.NewClickCode(c.TaskID)
	r := must(t)(e.app.SendCardClick("stranger", c.TaskID, "确认 "+n, code, 0))
	if !strings.Contains(r.Content, "「确认」仅限工作人员使用") {
		t.Fatalf("stranger's click: %q", r.Content)
	}
	e.deliver()
	if e.status(n) != safetybot.StatusPending || e.events(n) != before || len(e.api.CardUpdates()) != 0 {
		t.Fatalf("a refused click changed something: %s, %d events, %d updates", e.status(n), e.events(n), len(e.api.CardUpdates()))
	}

	// The leader's click confirms and updates every copy with its code.
	code = e.api.NewClickCode(c.TaskID)
	r = must(t)(e.app.SendCardClick("leader1", c.TaskID, "确认 "+n, code, 1_900_000_000))
	if !strings.Contains(r.Content, "已确认 "+n) {
		t.Fatalf("leader's click: %q", r.Content)
	}
	if e.status(n) != safetybot.StatusRectifying {
		t.Fatalf("status after the click: %s", e.status(n))
	}
	// A retry of the same event (same sender and CreateTime) is not run again.
	if r2 := must(t)(e.app.SendCardClick("leader1", c.TaskID, "确认 "+n, code, 1_900_000_000)); r2.Content != r.Content || e.events(n) != before+1 {
		t.Fatalf("retried click: %q, %d events", r2.Content, e.events(n))
	}
	e.deliver()
	// 确认 finished its own button only: every copy becomes the card again
	// with 督办 (and the 详情 link) and who confirmed in its desc (QA 2).
	ups := e.api.CardUpdates()
	if len(ups) != 1 || ups[0].ResponseCode != code || ups[0].TaskID != c.TaskID || ups[0].Card == nil ||
		!slices.Equal(ups[0].Users, []string{"leader1", "leader2"}) || ups[0].ReplaceName != "" ||
		!strings.HasPrefix(ups[0].Card.MainTitle.Desc, "已确认 · leader1 ") || ups[0].Card.Buttons[0].Key != "督办 "+n ||
		slices.ContainsFunc(ups[0].Card.Buttons, func(b struct {
			Type  int    `json:"type"`
			Text  string `json:"text"`
			Style int    `json:"style"`
			Key   string `json:"key"`
			URL   string `json:"url"`
		}) bool {
			return b.Text == "确认"
		}) {
		t.Fatalf("updates: %+v", ups)
	}

	// 督办 stays usable on the confirmed hazard; it then finishes the card.
	code2 := e.api.NewClickCode(c.TaskID)
	r = must(t)(e.app.SendCardClick("leader2", c.TaskID, "督办 "+n, code2, 0))
	if !strings.Contains(r.Content, "已督办 "+n) || e.events(n) != before+2 {
		t.Fatalf("督办 after 确认: %q, %d events", r.Content, e.events(n))
	}
	e.deliver()
	if ups = e.api.CardUpdates(); len(ups) != 2 || ups[1].ResponseCode != code2 || !strings.HasPrefix(ups[1].ReplaceName, "已督办 · leader2 ") ||
		!slices.Equal(ups[1].Users, []string{"leader1", "leader2"}) {
		t.Fatalf("update after 督办: %+v", ups)
	}

	// A second click on the finished card says 已处理 and the state.
	code3 := e.api.NewClickCode(c.TaskID)
	r = must(t)(e.app.SendCardClick("leader1", c.TaskID, "确认 "+n, code3, 1_900_000_050))
	if !strings.Contains(r.Content, "已处理：已督办 · leader2") || !strings.Contains(r.Content, "当前状态：整改中") {
		t.Fatalf("second click: %q", r.Content)
	}
	if e.events(n) != before+2 {
		t.Fatalf("the second click recorded something: %d events", e.events(n))
	}
	e.deliver()
	if ups = e.api.CardUpdates(); len(ups) != 3 || ups[2].ResponseCode != code3 || !slices.Equal(ups[2].Users, []string{"leader1"}) {
		t.Fatalf("third update: %+v", ups)
	}

	// An unknown task_id, or a key the card never had, is ignored (the
	// engine's log line is checked in bot's tests).
	if r = must(t)(e.app.SendCardClick("leader1", "nosuchtask_0001", "确认 "+n, "x", 0)); !r.Empty {
		t.Fatalf("unknown task_id answered %q", r.Content)
	}
	if r = must(t)(e.app.SendCardClick("admin", c.TaskID, "销号 "+n, "y", 1_900_000_100)); !r.Empty {
		t.Fatalf("foreign key answered %q", r.Content)
	}
	if e.status(n) != safetybot.StatusRectifying || e.events(n) != before+2 {
		t.Fatalf("ignored clicks changed the hazard: %s, %d events", e.status(n), e.events(n))
	}
}

// TestCardClickThroughRobot: a click through the intelligent robot's
// callback runs the button's command like the app's, and is answered as
// WeCom documents (101031): the passive reply updates the card
// (update_template_card; the fake client fails a stream with 846605), and
// the text goes to the event's response_url.
func TestCardClickThroughRobot(t *testing.T) {
	e := newCardEnv(t)
	c := e.majorCard()
	n := number(c)
	click := func(user, msgID, key, code string) (*wecomtest.Reply, string) {
		t.Helper()
		url := e.api.ResponseURL()
		r, err := e.aibot.SendCardClick(user, "", msgID, c.TaskID, key, code, url)
		if err != nil {
			t.Fatalf("%s's click: %v", user, err)
		}
		return r, e.responseText(url)
	}

	// a stranger is refused; the card stays as it is
	r, text := click("stranger", "m1", "确认 "+n, "")
	if !r.Empty || !strings.Contains(text, "「确认」仅限工作人员使用") || e.status(n) != safetybot.StatusPending {
		t.Fatalf("stranger's click: %+v %q, %s", r, text, e.status(n))
	}

	// a leader confirms: every copy loses 确认 and says who did it
	code := e.api.NewClickCode(c.TaskID)
	r, text = click("leader2", "m2", "确认 "+n, code)
	if !strings.Contains(text, "已确认 "+n) || e.status(n) != safetybot.StatusRectifying {
		t.Fatalf("leader's click: %q, %s", text, e.status(n))
	}
	u := r.Update
	if u == nil || u.UserIDs != nil || !strings.HasPrefix(u.TemplateCard.MainTitle.Desc, "已确认 · leader2 ") ||
		len(u.TemplateCard.Buttons) != 1 || u.TemplateCard.Buttons[0].Key != "督办 "+n ||
		u.TemplateCard.CardAction == nil || u.TemplateCard.CardAction.URL != "https://safety.example.cn/hazards/"+n {
		t.Fatalf("update after 确认: %s", r.Plain)
	}
	// a retry of the same click gets the same update and runs nothing again
	before := e.events(n)
	if again := must(t)(e.aibot.SendCardClick("leader2", "", "m2", c.TaskID, "确认 "+n, code, "")); string(again.Plain) != string(r.Plain) || e.events(n) != before {
		t.Fatalf("retried click: %s, %d events (want %d)", again.Plain, e.events(n), before)
	}
	// with a response_code the event does not document, the app's update is queued too
	e.deliver()
	if ups := e.api.CardUpdates(); len(ups) != 1 || ups[0].ResponseCode != code || ups[0].Card == nil ||
		!strings.HasPrefix(ups[0].Card.MainTitle.Desc, "已确认 · leader2") {
		t.Fatalf("updates: %+v", ups)
	}

	// the other leader's 确认: 已处理, on their copy alone
	r, text = click("leader1", "m3", "确认 "+n, "")
	if !strings.Contains(text, "已处理：已确认 · leader2") || r.Update == nil ||
		!slices.Equal(r.Update.UserIDs, []string{"leader1"}) || !strings.HasPrefix(r.Update.TemplateCard.MainTitle.Desc, "已处理：已确认 · leader2") {
		t.Fatalf("second click: %q %s", text, r.Plain)
	}

	// 督办 finishes the card: its one button says what happened and who did it
	r, text = click("leader1", "m4", "督办 "+n, "")
	if !strings.Contains(text, "已督办 "+n) || r.Update == nil || r.Update.UserIDs != nil {
		t.Fatalf("督办 after 确认: %q %s", text, r.Plain)
	}
	done := r.Update.TemplateCard
	if !strings.HasPrefix(done.MainTitle.Desc, "已督办 · leader1 ") || len(done.Buttons) != 1 ||
		!strings.HasPrefix(done.Buttons[0].Text, "已督办 · ") || done.Buttons[0].Key != "确认 "+n {
		t.Fatalf("finished card: %s", r.Plain)
	}
	events := e.events(n)

	// a click on the finished card: 已处理 on the card, nothing changes
	r, text = click("leader2", "m5", done.Buttons[0].Key, "")
	if !strings.Contains(text, "已处理：已督办 · leader1") || r.Update == nil || !slices.Equal(r.Update.UserIDs, []string{"leader2"}) ||
		!strings.HasPrefix(r.Update.TemplateCard.MainTitle.Desc, "已处理：已督办 · leader1") || e.events(n) != events {
		t.Fatalf("click on the finished card: %q %s", text, r.Plain)
	}
}

// responseText waits for the text posted to response_url url.
func (e *cardEnv) responseText(url string) string {
	e.t.Helper()
	id := url[strings.LastIndex(url, "=")+1:]
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		if d := e.api.DeliveredTo(id); len(d) > 0 {
			return d[0].Content
		}
		time.Sleep(5 * time.Millisecond)
	}
	e.t.Fatalf("nothing posted to response_url %s", id)
	return ""
}

// A card for a step the hazard has left answers 已处理 with its state:
// the assignment card after the work was reported done, the verification
// card after a typed 销号.
func TestCardForHazardThatMovedOn(t *testing.T) {
	e := newCardEnv(t)
	c := e.majorCard()
	n := number(c)
	must(t)(e.app.SendText("admin", "9", "授权 wang 工作人员"))
	must(t)(e.app.SendText("admin", "10", "确认 "+n))
	must(t)(e.app.SendText("admin", "11", "指派 "+n+" lisi"))
	e.deliver() // the assignment card goes while it asks (one sent later goes finished: cardbacklog_test.go)
	must(t)(e.app.SendText("lisi", "12", "整改 "+n+" 已更换设备 完成:是"))
	e.deliver()
	var assign, verify wecomtest.Card
	for _, d := range e.api.Cards() {
		k, _ := wecomtest.ParseCard(d)
		switch {
		case strings.HasPrefix(k.MainTitle.Title, "【整改指派】") && d.To == "lisi":
			assign = k
		case strings.HasPrefix(k.MainTitle.Title, "【待验收】"):
			verify = k
		}
	}
	if assign.TaskID == "" || verify.TaskID == "" || verify.Buttons[0].Text != "验收通过" || verify.Buttons[1].Text != "退回" {
		t.Fatalf("cards: %+v", e.api.Cards())
	}
	r := must(t)(e.app.SendCardClick("lisi", assign.TaskID, "整改 "+n+" 已收到，开始整改", e.api.NewClickCode(assign.TaskID), 0))
	if !strings.Contains(r.Content, "已处理") || !strings.Contains(r.Content, "当前状态：待验收") {
		t.Fatalf("assignment card after 完成: %q", r.Content)
	}
	// the field's staff verify from the card: 退回 sends it back
	r = must(t)(e.app.SendCardClick("wang", verify.TaskID, verify.Buttons[1].Key, e.api.NewClickCode(verify.TaskID), 0))
	if !strings.Contains(r.Content, "验收不通过") || e.status(n) != safetybot.StatusRectifying {
		t.Fatalf("退回: %q, %s", r.Content, e.status(n))
	}
}

// A forged or stale click is refused like any callback, before the engine:
// the hazard stays as it is.
func TestForgedAndStaleClicksRefused(t *testing.T) {
	e := newCardEnv(t)
	c := e.majorCard()
	n := number(c)
	plain := e.app.XML(wecomtest.AppMessage{FromUser: "leader1", MsgType: "event", Event: "template_card_event",
		TaskID: c.TaskID, EventKey: "确认 " + n, ResponseCode: e.api.NewClickCode(c.TaskID)})
	forged := e.app.Sign(plain)
	forged.Query.Set("msg_signature", strings.Repeat("0", 40))
	stale, err := wecomtest.NewAppClient(e.app.URL, e.appToken, e.appKey, corpID)
	if err != nil {
		t.Fatal(err)
	}
	stale.Now = func() time.Time { return time.Now().Add(-20 * time.Minute) }
	other, err := wecomtest.NewAppClient(e.app.URL, e.appToken, wecomtest.NewAESKey(), corpID)
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]wecomtest.Signed{
		"forged signature": forged,
		"stale":            stale.Sign(stale.XML(wecomtest.AppMessage{FromUser: "leader1", MsgType: "event", Event: "template_card_event", TaskID: c.TaskID, EventKey: "确认 " + n})),
		"other key":        other.Sign(plain),
	} {
		r, err := e.app.Do(s)
		if err == nil && r.Status < 400 {
			t.Errorf("%s click answered %d %q", name, r.Status, r.Content)
		}
	}
	if e.status(n) != safetybot.StatusPending {
		t.Fatalf("a refused click changed the hazard: %s", e.status(n))
	}
}
