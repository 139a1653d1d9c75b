package wecom

import (
	"context"
	"log/slog"
	"strings"
	"testing"
)

// TestRobotWork: how each kind of robot message is read, the same for the
// webhook and the long connection (longconn's TestWords), what runs and
// how its answer goes back.
func TestRobotWork(t *testing.T) {
	r := &Robot{runner{engine: echoEngine{}, log: slog.New(slog.DiscardHandler)}, "aibot"}
	for _, c := range []struct {
		body   string
		ok     bool
		answer Answer
		text   string // the answer, or its start
	}{
		{`{"msgtype":"text","text":{"content":"帮助\u0001"}}`, true, AnswerText, "收到 帮助 "},
		{`{"msgtype":"text"}`, false, 0, ""},
		{`{"msgtype":"voice","voice":{"content":"上报 a"}}`, true, AnswerText, "收到 上报 a"},
		{`{"msgtype":"voice","voice":{"content":""}}`, true, AnswerOther, "暂不支持语音消息"},
		{`{"msgtype":"mixed","mixed":{"msg_item":[{"msgtype":"text","text":{"content":"上报 a"}}]}}`, true, AnswerText, "收到 上报 a"},
		{`{"msgtype":"mixed","mixed":{"msg_item":[{"msgtype":"image"}]}}`, true, AnswerOther, "暂不支持此类消息"},
		{`{"msgtype":"image"}`, true, AnswerOther, "暂不支持此类消息"},
		{`{"msgtype":"stream","stream":{"id":"s"}}`, false, 0, ""},
		{`{"msgtype":"event","event":{"eventtype":"enter_chat"}}`, true, AnswerWelcome, hello},
		{`{"msgtype":"event","event":{"eventtype":"template_card_event","template_card_event":{"task_id":"t","event_key":"k"}}}`, true, AnswerClick, "收到 "},
		{`{"msgtype":"event","event":{"eventtype":"template_card_event"}}`, false, 0, ""},
		{`{"msgtype":"event","event":{"eventtype":"feedback_event"}}`, false, 0, ""},
		{`{"msgtype":"event"}`, false, 0, ""},
	} {
		// every callback carries its msgid and sender (ParseAIBotMessage)
		m, err := ParseAIBotMessage([]byte(`{"msgid":"m","from":{"userid":"u"},` + c.body[1:]))
		if err != nil {
			t.Fatalf("%s: %v", c.body, err)
		}
		w, ok := r.Work(m)
		if ok != c.ok || ok && w.Answer != c.answer {
			t.Errorf("%s: %v %v, want %v %v", c.body, ok, w.Answer, c.ok, c.answer)
			continue
		}
		if !ok {
			continue
		}
		if text, _ := r.Run(context.Background(), w); !strings.HasPrefix(text, c.text) {
			t.Errorf("%s: answered %q, want %q…", c.body, text, c.text)
		}
	}
}
