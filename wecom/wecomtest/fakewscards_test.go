package wecomtest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// TestFakeWSHoldsClicksToTheDocs: on a card click's req_id the fake
// answers a stream with 846605, takes only a valid update of the clicked
// card, and refuses an update on any other req_id.
func TestFakeWSHoldsClicksToTheDocs(t *testing.T) {
	f := NewFakeWS(t, FakeWSOptions{BotID: "b", Secret: "s"})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, f.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	send := func(cmd, reqID string, body any) int {
		t.Helper()
		var w wireFrame
		w.Cmd, w.Headers.ReqID = cmd, reqID
		w.Body, _ = json.Marshal(body)
		data, _ := json.Marshal(w)
		if err := ws.Write(ctx, websocket.MessageText, data); err != nil {
			t.Fatal(err)
		}
		for {
			_, data, err := ws.Read(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var a wireFrame
			json.Unmarshal(data, &a)
			if a.Cmd == "" && a.Headers.ReqID == reqID && a.ErrCode != nil {
				return *a.ErrCode
			}
		}
	}
	if code := send("aibot_subscribe", "sub", map[string]string{"bot_id": "b", "secret": "s"}); code != 0 {
		t.Fatalf("subscribe: %d", code)
	}
	click, err := f.PushCardClick("u1", "T1", "确认 YH2026-0001", "")
	if err != nil {
		t.Fatal(err)
	}
	card := Card{CardType: "button_interaction", TaskID: "T1"}
	card.MainTitle.Title = "【重大隐患】YH2026-0001"
	card.Buttons = append(card.Buttons, struct {
		Type  int    `json:"type"`
		Text  string `json:"text"`
		Style int    `json:"style"`
		Key   string `json:"key"`
		URL   string `json:"url"`
	}{Text: "督办", Key: "督办 YH2026-0001"})
	update := func(c Card) map[string]any {
		return map[string]any{"response_type": "update_template_card", "template_card": c}
	}
	stream := map[string]any{"msgtype": "stream", "stream": map[string]any{"id": "s1", "finish": true, "content": "已确认"}}
	wrongTask := card
	wrongTask.TaskID = "T2"
	tooLong := card
	tooLong.MainTitle.Desc = "已确认 · 一个名字非常非常非常长的领导同志 11-30 09:12 以及更多文字"
	for _, c := range []struct {
		name, cmd, req string
		body           any
		want           int
	}{
		{"stream on a click", "aibot_respond_msg", click, stream, ErrStreamOnClick},
		{"update of another card", "aibot_respond_update_msg", click, update(wrongTask), ErrTaskIDInvalid},
		{"desc over the robot's 30", "aibot_respond_update_msg", click, update(tooLong), ErrCardInvalid},
		{"update not on a click", "aibot_respond_update_msg", "other", update(card), ErrUpdateNotClick},
		{"valid update", "aibot_respond_update_msg", click, update(card), 0},
	} {
		if got := send(c.cmd, c.req, c.body); got != c.want {
			t.Errorf("%s: errcode %d, want %d", c.name, got, c.want)
		}
	}
	if u := f.CardUpdates(); len(u) != 1 || u[0].ReqID != click || u[0].Card.TaskID != "T1" {
		t.Fatalf("accepted updates: %+v", u)
	}
}
