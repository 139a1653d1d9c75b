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

// TestServeWeComCallbacks runs serve with the architecture page's WeCom
// environment and drives both callbacks as WeCom would.
func TestServeWeComCallbacks(t *testing.T) {
	api := wecomtest.NewFakeAPI(t, wecomtest.FakeAPIOptions{})
	vars := callbackVars(api.URL)
	vars["WECOM_AGENT_ID"], vars["WECOM_SECRET"] = "1000002", "app-secret-for-the-fake"
	srv := startServe(t, vars)
	base, logs := srv.base, srv.stderr
	number := regexp.MustCompile(`YH\d{4}-\d{4}`)

	app, err := wecomtest.NewAppClient(base+"/wecom/callback", vars["WECOM_TOKEN"], vars["WECOM_ENCODING_AES_KEY"], vars["WECOM_CORP_ID"])
	if err != nil {
		t.Fatal(err)
	}
	if echo, status, err := app.VerifyURL("42"); err != nil || status != 200 || echo != "42" {
		t.Fatalf("URL check: %d %q %v", status, echo, err)
	}
	start := time.Now()
	r, err := app.SendText("zhangsan", "6001", "上报 候车室消防通道堵塞 领域:道路运输")
	if err != nil || !number.MatchString(r.Content) || time.Since(start) > time.Second {
		t.Fatalf("app 上报: %+v %v after %v", r, err, time.Since(start))
	}
	again, err := app.SendText("zhangsan", "6001", "上报 候车室消防通道堵塞 领域:道路运输")
	if err != nil || again.Content != r.Content {
		t.Fatalf("retry: %+v %v", again, err)
	}
	// A photo right after: downloaded at once through the app's media/get.
	api.PutMedia("MEDIA-PHOTO-1", "image/jpeg", append([]byte("\xff\xd8\xff\xe0"), make([]byte, 2048)...))
	if p, err := app.SendImage("zhangsan", "6002", "MEDIA-PHOTO-1"); err != nil || !strings.Contains(p.Content, "已将照片附到隐患 "+number.FindString(r.Content)) {
		t.Fatalf("photo: %+v %v", p, err)
	}
	if api.Count(wecomtest.EndpointMedia) != 1 {
		t.Fatalf("media/get called %d times", api.Count(wecomtest.EndpointMedia))
	}

	bot, err := wecomtest.NewAIBotClient(base+"/wecom/aibot", vars["WECOM_AIBOT_TOKEN"], vars["WECOM_AIBOT_ENCODING_AES_KEY"])
	if err != nil {
		t.Fatal(err)
	}
	g, err := bot.SendGroupText("wrGroup01", "lisi", "aibot-1", "@安全助手 上报 隧道照明损坏", api.ResponseURL())
	if err != nil || !g.Finish || !number.MatchString(g.Content) || number.FindString(g.Content) == number.FindString(r.Content) {
		t.Fatalf("robot 上报: %+v %v", g, err)
	}
	for _, secret := range []string{vars["WECOM_SECRET"], vars["WECOM_TOKEN"], vars["WECOM_ENCODING_AES_KEY"], vars["WECOM_AIBOT_TOKEN"], vars["WECOM_AIBOT_ENCODING_AES_KEY"]} {
		if strings.Contains(logs.String(), secret) {
			t.Fatalf("serve logged a secret:\n%s", logs.String())
		}
	}
}

func TestServeRefusesPartialWeComConfig(t *testing.T) {
	for _, vars := range []map[string]string{
		{"WECOM_TOKEN": "t", "WECOM_ENCODING_AES_KEY": wecomtest.NewAESKey()}, // no corp id
		{"WECOM_CORP_ID": "c", "WECOM_TOKEN": "t"},                            // no key
		{"WECOM_CORP_ID": "c", "WECOM_TOKEN": "t", "WECOM_ENCODING_AES_KEY": "short"},
		{"WECOM_AIBOT_TOKEN": "t"},
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
