package longconn

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"safetybot/bot"
	"safetybot/wecom"
)

type handlerFunc func(context.Context, bot.Message) []bot.Reply

func (h handlerFunc) Handle(ctx context.Context, m bot.Message) []bot.Reply { return h(ctx, m) }

func (h handlerFunc) Sensitive(bot.Message) bool { return false }

func TestParseFrame(t *testing.T) {
	good := `{"cmd":"aibot_msg_callback","headers":{"req_id":"r1"},"body":{"msgid":"m","msgtype":"text","text":{"content":"帮助"}}}`
	f, err := ParseFrame([]byte(good))
	if err != nil || f.Cmd != CmdMsgCallback || f.Headers.ReqID != "r1" || f.Cmd == "" {
		t.Fatalf("%+v %v", f, err)
	}
	ack, err := ParseFrame([]byte(`{"headers":{"req_id":"r1"},"errcode":45009,"errmsg":"busy"}`))
	if err != nil || ack.Cmd != "" || ack.Code() != 45009 {
		t.Fatalf("%+v %v", ack, err)
	}
	for _, bad := range []string{"", " ", "null", "[]", `"x"`, "{", `{"cmd":"ping"}`, `{"headers":{"req_id":""}}`,
		`{"headers":{"req_id":"r"},"body":[1]}`, `{"headers":{"req_id":"r"}} {}`, `{"headers":{"req_id":5}}`} {
		if _, err := ParseFrame([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	var cb wecom.AIBotMessage
	if err := json.Unmarshal(f.Body, &cb); err != nil || cb.Text == nil || cb.Text.Content != "帮助" {
		t.Fatalf("body %+v %v", cb, err)
	}
}

// TestWords: the long connection reads what the user wrote from a text, a
// voice transcript and the text items of a mixed message, and answers a
// voice without transcript or a mixed message without text as the
// webhook does.
func TestWords(t *testing.T) {
	got := make(chan bot.Message, 1)
	r := wecom.NewRobot(handlerFunc(func(_ context.Context, m bot.Message) []bot.Reply {
		got <- m
		return nil
	}), source, slog.New(slog.DiscardHandler))
	for body, want := range map[string]string{
		`{"msgtype":"text","text":{"content":"帮助"}}`:     "帮助",
		`{"msgtype":"voice","voice":{"content":"上报 a"}}`: "上报 a",
		`{"msgtype":"mixed","mixed":{"msg_item":[{"msgtype":"text","text":{"content":"上报 a"}},{"msgtype":"image"},{"msgtype":"text","text":{"content":"b"}}]}}`: "上报 a\nb",
	} {
		var m wecom.AIBotMessage
		json.Unmarshal([]byte(body), &m)
		w, ok := r.Work(&m)
		if !ok || w.Answer != wecom.AnswerText {
			t.Fatalf("%s: %v %v", body, ok, w.Answer)
		}
		r.Run(context.Background(), w)
		if m := <-got; m.Text != want {
			t.Errorf("%s: %q, want %q", body, m.Text, want)
		}
	}
	for _, body := range []string{`{"msgtype":"mixed","mixed":{"msg_item":[{"msgtype":"image"}]}}`, `{"msgtype":"voice"}`} {
		var m wecom.AIBotMessage
		json.Unmarshal([]byte(body), &m)
		w, ok := r.Work(&m)
		if !ok || w.Answer != wecom.AnswerOther {
			t.Fatalf("%s: %v %v", body, ok, w.Answer)
		}
		if text, _ := r.Run(context.Background(), w); !strings.HasPrefix(text, "暂不支持") {
			t.Errorf("%s: answered %q", body, text)
		}
	}
}

// FuzzParseFrame: any bytes from the network either parse into a frame
// that survives a round trip or are refused; nothing panics.
func FuzzParseFrame(f *testing.F) {
	for _, s := range []string{
		`{"cmd":"aibot_msg_callback","headers":{"req_id":"r1"},"body":{"msgid":"m","chattype":"group","chatid":"c","from":{"userid":"u"},"msgtype":"text","text":{"content":"@安全助手 上报 x"}}}`,
		`{"cmd":"aibot_event_callback","headers":{"req_id":"r2"},"body":{"msgtype":"event","event":{"eventtype":"disconnected_event"}}}`,
		`{"headers":{"req_id":"r3"},"errcode":0,"errmsg":"ok"}`,
		`{"headers":{"req_id":"r"},"body":null}`,
		`{"cmd":"x","headers":{"req_id":"\u0000"},"errcode":-1}`,
		"{}", "[", "\xff",
	} {
		f.Add([]byte(s))
	}
	robot := wecom.NewRobot(handlerFunc(func(context.Context, bot.Message) []bot.Reply { return nil }), source, slog.New(slog.DiscardHandler))
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := ParseFrame(data)
		if err != nil {
			return
		}
		if fr.Headers.ReqID == "" {
			t.Fatal("accepted a frame without req_id")
		}
		var cb wecom.AIBotMessage
		if len(fr.Body) > 0 && json.Unmarshal(fr.Body, &cb) == nil {
			robot.Work(&cb)
		}
		out, err := json.Marshal(fr)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		again, err := ParseFrame(out)
		if err != nil || again.Cmd != fr.Cmd || again.Headers != fr.Headers || again.Code() != fr.Code() {
			t.Fatalf("round trip: %+v vs %+v (%v)", fr, again, err)
		}
	})
}
