package wecom_test

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"safetybot/internal/testkit"
	"safetybot/wecom/wecomtest"
)

// newSharedKeyEnv is newEnv with the robot configured with the app's Token
// and EncodingAESKey, as an administrator might do: the worst case for a
// body captured at one endpoint and posted to the other, since its
// signature then verifies there.
func newSharedKeyEnv(t *testing.T) *env {
	e := newEnv(t, 0)
	e.botToken, e.botKey = e.appToken, e.appKey
	srv := httptest.NewServer(e.mux(t.Context()))
	t.Cleanup(srv.Close)
	var err error
	if e.app, err = wecomtest.NewAppClient(srv.URL+"/wecom/callback", e.appToken, e.appKey, corpID); err != nil {
		t.Fatal(err)
	}
	if e.aibot, err = wecomtest.NewAIBotClient(srv.URL+"/wecom/aibot", e.botToken, e.botKey); err != nil {
		t.Fatal(err)
	}
	return e
}

// wire is a ciphertext as captured on the wire, with the signed
// parameters that came with it (a request's query, or a passive reply's
// own MsgSignature, TimeStamp and Nonce).
type wire struct {
	query url.Values
	enc   string
}

// asApp is the capture posted to the app callback (the envelope is not
// signed: anyone can rewrap a ciphertext).
func (c wire) asApp() wecomtest.Signed {
	return wecomtest.Signed{Query: c.query, Body: []byte("<xml><ToUserName><![CDATA[" + corpID + "]]></ToUserName><Encrypt><![CDATA[" + c.enc + "]]></Encrypt></xml>")}
}

// asBot is the capture posted to the robot's webhook.
func (c wire) asBot() wecomtest.Signed {
	b, _ := json.Marshal(map[string]string{"encrypt": c.enc})
	return wecomtest.Signed{Query: c.query, Body: b}
}

// send posts s and returns its status and raw body.
func send(t *testing.T, post func(wecomtest.Signed) (*http.Response, error), s wecomtest.Signed) (int, []byte) {
	t.Helper()
	resp, err := post(s)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

// appCapture is a signed app request (a POST, or a GET URL check's
// echostr, which is signed the same way) as captured.
func appCapture(t *testing.T, s wecomtest.Signed) wire {
	var env struct{ Encrypt string }
	if err := xml.Unmarshal(s.Body, &env); err != nil || env.Encrypt == "" {
		t.Fatalf("app request %q: %v", s.Body, err)
	}
	return wire{s.Query, env.Encrypt}
}

// appReply is an app passive reply as captured.
func appReply(t *testing.T, body []byte) wire {
	var r struct{ Encrypt, MsgSignature, TimeStamp, Nonce string }
	if err := xml.Unmarshal(body, &r); err != nil || r.Encrypt == "" {
		t.Fatalf("app passive reply %q: %v", body, err)
	}
	return wire{url.Values{"msg_signature": {r.MsgSignature}, "timestamp": {r.TimeStamp}, "nonce": {r.Nonce}}, r.Encrypt}
}

// botCapture is a signed robot request as captured.
func botCapture(t *testing.T, s wecomtest.Signed) wire {
	var env struct {
		Encrypt string `json:"encrypt"`
	}
	if err := json.Unmarshal(s.Body, &env); err != nil || env.Encrypt == "" {
		t.Fatalf("robot request %q: %v", s.Body, err)
	}
	return wire{s.Query, env.Encrypt}
}

// botReply is a robot passive reply as captured.
func botReply(t *testing.T, body []byte) wire {
	var r struct {
		Encrypt      string `json:"encrypt"`
		MsgSignature string `json:"msgsignature"`
		Timestamp    int64  `json:"timestamp"`
		Nonce        string `json:"nonce"`
	}
	if err := json.Unmarshal(body, &r); err != nil || r.Encrypt == "" {
		t.Fatalf("robot passive reply %q: %v", body, err)
	}
	return wire{url.Values{"msg_signature": {r.MsgSignature}, "timestamp": {strconv.FormatInt(r.Timestamp, 10)}, "nonce": {r.Nonce}}, r.Encrypt}
}

// TestCapturedTrafficReplayedIsRefused: what an eavesdropper captures from
// either endpoint (a request, the server's own encrypted passive reply, a
// GET URL check's echostr), posted back to the same endpoint or to the
// other one within the timestamp window, is refused with a 4xx: nothing
// runs, nothing is stored, no dedup row is written, and the log line says
// why without any content. The robot shares the app's keys here, the
// case where a signature alone would let a capture through.
func TestCapturedTrafficReplayedIsRefused(t *testing.T) {
	e := newSharedKeyEnv(t)
	const secret = "桥梁护栏松动"

	// Genuine traffic, and what it leaves on the wire.
	appPost := e.app.Sign(e.app.XML(wecomtest.AppMessage{FromUser: "zhangsan", MsgType: "text", MsgID: "8001", Content: "上报 " + secret + " 领域:公路"}))
	status, body := send(t, e.app.Post, appPost)
	if status != 200 || len(body) == 0 {
		t.Fatalf("genuine app message: %d %q", status, body)
	}
	appAnswer := appReply(t, body)
	m, _ := json.Marshal(e.aibot.Text("lisi", "wrkgrp01", "ai-8002", "@安全助手 上报 "+secret+" 领域:水上", e.api.ResponseURL()))
	botPost := e.aibot.Sign(m)
	if status, body = send(t, e.aibot.Post, botPost); status != 200 || len(body) == 0 {
		t.Fatalf("genuine robot message: %d %q", status, body)
	}
	botStream := botReply(t, body)
	m, _ = json.Marshal(map[string]any{"msgid": "ai-8003", "create_time": 1, "aibotid": "aib-test", "chattype": "single",
		"from": map[string]string{"userid": "lisi"}, "msgtype": "event", "event": map[string]string{"eventtype": "enter_chat"}})
	if status, body = send(t, e.aibot.Post, e.aibot.Sign(m)); status != 200 || len(body) == 0 {
		t.Fatalf("genuine enter_chat: %d %q", status, body)
	}
	botWelcome := botReply(t, body)
	// A card update is sealed exactly as the robot's click answer is.
	botUpdate := botCapture(t, e.aibot.Sign([]byte(`{"response_type":"update_template_card","template_card":{"card_type":"button_interaction","main_title":{"title":"隐患 YH2026-0001"},"task_id":"t1"}}`)))
	appEcho := appCapture(t, e.app.Sign([]byte(wecomtest.VectorEchoPlain)))
	botEcho := botCapture(t, e.aibot.Sign([]byte(wecomtest.VectorEchoPlain)))

	hazards, calls := e.hazards(), e.engine.calls.Load()
	rows := func() (n int) {
		testkit.RawDB(t, e.store.File()).QueryRow("SELECT count(*) FROM wecom_inbound").Scan(&n)
		return n
	}
	inbound := rows()
	mark := len(e.logs.String())

	app, bot := e.app.Post, e.aibot.Post
	for _, c := range []struct {
		name string
		to   func(wecomtest.Signed) (*http.Response, error)
		req  wecomtest.Signed
		want int
	}{
		{"app passive reply to the app callback", app, appAnswer.asApp(), 403},
		{"app passive reply to the robot", bot, appAnswer.asBot(), 400},
		{"app message to the robot", bot, appCapture(t, appPost).asBot(), 400},
		{"app URL-check echostr posted to the app callback", app, appEcho.asApp(), 400},
		{"app URL-check echostr posted to the robot", bot, appEcho.asBot(), 400},
		{"robot stream reply to the robot", bot, botStream.asBot(), 400},
		{"robot welcome reply to the robot", bot, botWelcome.asBot(), 400},
		{"robot card update to the robot", bot, botUpdate.asBot(), 400},
		{"robot stream reply to the app callback", app, botStream.asApp(), 403},
		{"robot message to the app callback", app, botCapture(t, botPost).asApp(), 403},
		{"robot URL-check echostr posted to the app callback", app, botEcho.asApp(), 403},
		{"robot URL-check echostr posted to the robot", bot, botEcho.asBot(), 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			if status, body := send(t, c.to, c.req); status != c.want {
				t.Errorf("status %d %q, want %d", status, body, c.want)
			}
		})
	}
	if e.hazards() != hazards || e.engine.calls.Load() != calls || rows() != inbound {
		t.Fatalf("replays changed something: hazards %d→%d, engine calls %d→%d, dedup rows %d→%d",
			hazards, e.hazards(), calls, e.engine.calls.Load(), inbound, rows())
	}
	logs := e.logs.String()[mark:]
	if strings.Count(logs, "wecom callback refused") != 12 {
		t.Errorf("each replay is logged as refused:\n%s", logs)
	}
	for _, leak := range []string{secret, "zhangsan", "lisi", corpID, "您好", "YH2026"} {
		if strings.Contains(logs, leak) {
			t.Errorf("log holds %q:\n%s", leak, logs)
		}
	}
}
