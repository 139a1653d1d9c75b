package wecom_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/wecom"
	"safetybot/wecom/wecomtest"
)

func TestAIBotGroupMention(t *testing.T) {
	e := newEnv(t, 0)
	r := must(t)(e.aibot.SendGroupText("wrkgrp01", "zhangsan", "msg-aaa", "@安全助手 上报 隧道应急照明损坏 领域:公路", e.api.ResponseURL()))
	if r.Status != 200 || r.MsgType != "stream" || !r.Finish || r.StreamID == "" || !hazardNumber.MatchString(r.Content) {
		t.Fatalf("group reply = %+v", r)
	}
	again := must(t)(e.aibot.SendGroupText("wrkgrp01", "zhangsan", "msg-aaa", "@安全助手 上报 隧道应急照明损坏 领域:公路", e.api.ResponseURL()))
	if again.Content != r.Content || e.hazards() != 1 {
		t.Fatalf("retry: %q, %d hazards", again.Content, e.hazards())
	}
	hs, _ := e.store.Hazards(context.Background(), safetybot.HazardFilter{})
	if hs[0].Reporter != "zhangsan" || hs[0].Domain == "" {
		t.Fatalf("hazard = %+v", hs[0])
	}
	// 举报 is refused in a group (the engine's rule reaches the robot too).
	if r := must(t)(e.aibot.SendSingleText("lisi", "msg-bbb", "帮助", "")); !strings.Contains(r.Content, "上报") {
		t.Fatalf("single chat help: %q", r.Content)
	}
	w := must(t)(e.aibot.SendEvent("lisi", "", "evt-1", "enter_chat"))
	if w.MsgType != "text" || !strings.Contains(w.Content, "您好") {
		t.Fatalf("enter_chat: %+v", w)
	}
	if logs := e.logs.String(); strings.Contains(logs, "zhangsan") || strings.Contains(logs, "隧道") || strings.Contains(logs, "wrkgrp01") {
		t.Fatalf("log leaks:\n%s", logs)
	}
}

func TestAIBotSlowReplyGoesToResponseURLOnce(t *testing.T) {
	e := newEnv(t, 50*time.Millisecond)
	e.engine.delay.Store(int64(300 * time.Millisecond))
	r := must(t)(e.aibot.SendGroupText("wrkgrp01", "zhangsan", "msg-slow", "@安全助手 上报 慢", e.api.ResponseURL()))
	if !r.Empty {
		t.Fatalf("slow robot reply: %+v", r)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got := e.api.WaitDelivered(ctx, 1)
	if len(got) != 1 || !hazardNumber.MatchString(got[0].Content) {
		t.Fatalf("response_url deliveries = %+v", got)
	}
	time.Sleep(100 * time.Millisecond)
	if n := e.api.Count(wecomtest.EndpointAIBotResponse); n != 1 {
		t.Fatalf("response_url called %d times", n)
	}
}

func TestAIBotRefusals(t *testing.T) {
	e := newEnv(t, 0)
	good := func() wecomtest.Signed {
		m := e.aibot.Text("zhangsan", "g1", "m1", "@安全助手 上报 不该登记", "")
		b, _ := jsonMarshal(m)
		return e.aibot.Sign(b)
	}
	stale, _ := wecomtest.NewAIBotClient(e.aibot.URL, e.botToken, e.botKey)
	stale.Now = func() time.Time { return time.Now().Add(-20 * time.Minute) }
	appKeyed, _ := wecomtest.NewAIBotClient(e.aibot.URL, e.appToken, e.appKey)
	for name, c := range map[string]struct {
		s    wecomtest.Signed
		want int
	}{
		"forged": {func() wecomtest.Signed { s := good(); s.Query.Set("msg_signature", strings.Repeat("0", 40)); return s }(), 403},
		"stale": {func() wecomtest.Signed {
			b, _ := jsonMarshal(stale.Text("zhangsan", "g1", "m2", "上报 x", ""))
			return stale.Sign(b)
		}(), 403},
		"malformed json": {func() wecomtest.Signed { s := good(); s.Body = []byte(`{"encrypt":`); return s }(), 400},
		"inner not json": {e.aibot.Sign([]byte("not json")), 400},
		"no msgtype":     {e.aibot.Sign([]byte(`{"msgid":"x"}`)), 400},
		"no msgid":       {e.aibot.Sign([]byte(`{"from":{"userid":"zhangsan"},"chattype":"single","msgtype":"text","text":{"content":"上报 无编号"}}`)), 400},
		"no sender":      {e.aibot.Sign([]byte(`{"msgid":"m4","chattype":"single","msgtype":"text","text":{"content":"上报 无发送人"}}`)), 400},
		// the robot's own welcome reply posted back: no msgid, no sender
		"own reply": {e.aibot.Sign([]byte(`{"msgtype":"text","text":{"content":"您好，我是安全生产助手"}}`)), 400},
		"other token": {func() wecomtest.Signed {
			b, _ := jsonMarshal(appKeyed.Text("zhangsan", "g1", "m3", "上报 x", ""))
			return appKeyed.Sign(b)
		}(), 403},
		"oversized": {func() wecomtest.Signed { s := good(); s.Body = bytes.Repeat([]byte(" "), wecom.MaxBody+1); return s }(), 413},
	} {
		r := must(t)(e.aibot.Do(c.s))
		if r.Status != c.want {
			t.Errorf("%s: status %d, want %d", name, r.Status, c.want)
		}
	}
	if e.hazards() != 0 || e.engine.calls.Load() != 0 {
		t.Fatalf("refusals changed something")
	}
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
