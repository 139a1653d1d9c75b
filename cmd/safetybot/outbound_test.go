package main

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"safetybot/wecom/wecomtest"
)

// TestServeOutboundAndLongConnection runs serve with the app's credentials,
// a webhook key and the long connection pointed at the fakes: a group
// @-mention through the long connection registers a major hazard and is
// answered on its req_id, and the outbox delivers the leader's notice with
// message/send to the fake WeCom, once.
func TestServeOutboundAndLongConnection(t *testing.T) {
	api := wecomtest.NewFakeAPI(t, wecomtest.FakeAPIOptions{CorpID: "wwserve01", Secret: "app-secret-1"})
	ws := wecomtest.NewFakeWS(t, wecomtest.FakeWSOptions{BotID: "bot01", Secret: "ws-secret-1"})
	vars := map[string]string{
		"SAFETYBOT_ADMINS":   "leader1",
		"WECOM_API_BASE":     api.URL,
		"WECOM_CORP_ID":      "wwserve01",
		"WECOM_AGENT_ID":     "1000002",
		"WECOM_SECRET":       "app-secret-1",
		"WECOM_WEBHOOK_KEYS": "wr001=hook-key-1",
		"WECOM_AIBOT_ID":     "bot01",
		"WECOM_AIBOT_SECRET": "ws-secret-1",
		"WECOM_AIBOT_WS_URL": ws.URL,
	}
	logs := startServe(t, vars).stderr
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	if err := ws.WaitSubscribed(wctx); err != nil {
		t.Fatalf("no long connection: %v\n%s", err, logs)
	}
	reqID, err := ws.PushMessage(wecomtest.WSMessage{ChatType: "group", ChatID: "wrGroup01", UserID: "zhangsan",
		Text: "@安全助手 上报 隧道应急照明损坏 单位:某隧道管理站 领域:公路运营 等级:重大"})
	if err != nil {
		t.Fatal(err)
	}
	frames := ws.WaitResponses(wctx, reqID, 1)
	if len(frames) == 0 {
		t.Fatalf("no answer on the long connection\n%s", logs)
	}
	no := regexp.MustCompile(`YH\d{4}-\d{4,}`).FindString(string(frames[len(frames)-1].Body))
	if no == "" || !strings.Contains(string(frames[len(frames)-1].Body), `"finish":true`) {
		t.Fatalf("answer %s", frames[len(frames)-1].Body)
	}
	// the outbox worker polls every 2 s
	for api.Count(wecomtest.EndpointMessage) == 0 && wctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	got := api.DeliveredTo("leader1")
	if len(got) != 1 || !strings.Contains(got[0].Content, no) {
		t.Fatalf("leader's notice: %+v\n%s", got, logs)
	}
	// (the engine itself logs the userid of non-sensitive commands)
	for _, secret := range []string{"app-secret-1", "ws-secret-1", "hook-key-1", "隧道"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("serve logged %q:\n%s", secret, logs)
		}
	}
	if !strings.Contains(logs.String(), "aibot long connection on") {
		t.Errorf("start-up line does not say what is on:\n%s", logs)
	}
}

func TestServeRefusesPartialOutboundConfig(t *testing.T) {
	for _, vars := range []map[string]string{
		{"WECOM_AGENT_ID": "1000002", "WECOM_SECRET": "s"},                                   // no corp id
		{"WECOM_CORP_ID": "c", "WECOM_SECRET": "s"},                                          // no agent id
		{"WECOM_CORP_ID": "c", "WECOM_AGENT_ID": "x", "WECOM_SECRET": "s"},                   // agent id not a number
		{"WECOM_WEBHOOK_KEYS": "justakey"},                                                   // not name=key
		{"WECOM_AIBOT_ID": "b"},                                                              // no secret
		{"WECOM_AIBOT_ID": "b", "WECOM_AIBOT_SECRET": "s", "WECOM_AIBOT_WS_URL": "http://x"}, // not ws
		{"WECOM_API_BASE": "qyapi", "WECOM_WEBHOOK_KEYS": "a=b"},                             // base without scheme
	} {
		vars["SAFETYBOT_DB"] = filepath.Join(t.TempDir(), "x.db")
		vars["SAFETYBOT_ADDR"] = "127.0.0.1:0"
		err := run(context.Background(), nil, env(vars), strings.NewReader(""), io.Discard, io.Discard)
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("%v: want a usage error, got %v", vars, err)
		}
	}
}
