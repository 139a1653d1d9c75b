package wecom_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/storetest"
	"safetybot/outbox"
	"safetybot/wecom"
	"safetybot/wecom/sender"
	"safetybot/wecom/wecomtest"
)

// TestRobotSlowReceiptReachesTheReporter (QA4 item 4): the robot's slow
// reply to a 举报 carries the receipt code, which exists nowhere else. When
// response_url fails it is retried as WeCom allows (once-only, so only a
// post that got no answer), then sent straight to the reporter as an app
// message, never through the outbox; when every way fails it is counted
// for /metrics. Whatever happens, no log line, and neither the reporter
// nor the code reaches the database.
func TestRobotSlowReceiptReachesTheReporter(t *testing.T) {
	const user, msgID, text = "whistle_r7", "msg-tip-77", "举报 服务区加油站夜间无人值守"
	tests := []struct {
		name     string
		gone     bool              // the response_url is used or expired already
		faults   []wecomtest.Fault // the next response_url posts
		down     bool              // response_url always fails
		noDirect bool              // no app configured to send with
		appFails bool              // message/send fails too
		posts    int               // response_url posts expected
		viaURL   int               // receipts delivered by response_url
		viaApp   int               // receipts delivered as an app message
		lost     int64
	}{
		{name: "response_url answers", posts: 1, viaURL: 1},
		{name: "retried after a 502 and a timeout-like 503", faults: []wecomtest.Fault{{Status: 502}, {Status: 503}}, posts: 3, viaURL: 1},
		{name: "response_url already used: app message", gone: true, posts: 1, viaApp: 1},
		{name: "response_url down: three posts, then app message", down: true, posts: 3, viaApp: 1},
		{name: "answer lost after delivery: both ways", faults: []wecomtest.Fault{{Status: 502, AfterDelivery: true}}, posts: 2, viaURL: 1, viaApp: 1},
		{name: "everything fails: counted only", down: true, appFails: true, posts: 3, lost: 1},
		{name: "no app to send with: counted only", down: true, noDirect: true, posts: 3, lost: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, 50*time.Millisecond)
			cfg := wecom.AIBotConfig{Token: e.botToken, EncodingAESKey: e.botKey, Engine: e.engine,
				Logger: slog.New(slog.NewTextHandler(e.logs, nil)), SlowAfter: 50 * time.Millisecond, RetryWait: 10 * time.Millisecond}
			var err error
			if cfg.Dedup, err = wecom.NewDedup(t.Context(), e.store, wecom.DedupOptions{}); err != nil {
				t.Fatal(err)
			}
			if !tt.noDirect {
				if cfg.Direct, err = sender.New(sender.Config{APIBase: e.api.URL, CorpID: corpID, AgentID: "1000002", Secret: "s",
					Log: slog.New(slog.NewTextHandler(e.logs, nil))}); err != nil {
					t.Fatal(err)
				}
			}
			h, err := wecom.NewAIBotHandler(cfg)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(h)
			defer srv.Close()
			e.aibot.URL = srv.URL
			url := e.api.ResponseURL()
			if tt.gone {
				url = strings.Replace(url, "response_code=", "response_code=used-", 1)
			}
			e.api.FailNext(wecomtest.EndpointAIBotResponse, tt.faults...)
			if tt.down {
				e.api.Fail(wecomtest.EndpointAIBotResponse, wecomtest.Fault{Status: 503})
			}
			if tt.appFails {
				e.api.Fail(wecomtest.EndpointMessage, wecomtest.Fault{ErrCode: wecomtest.ErrNoValidRecipient})
			}
			e.engine.delay.Store(int64(200 * time.Millisecond))
			if r := must(t)(e.aibot.SendSingleText(user, msgID, text, url)); !r.Empty {
				t.Fatalf("slow 举报: want an empty answer, got %+v", r)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := h.Wait(ctx); err != nil {
				t.Fatal(err)
			}
			if n := e.api.Count(wecomtest.EndpointAIBotResponse); n != tt.posts {
				t.Errorf("response_url posted %d times, want %d", n, tt.posts)
			}
			var viaURL, viaApp int
			for _, d := range e.api.Delivered() {
				if !strings.Contains(d.Content, "回执码") {
					t.Errorf("delivered without a receipt code: %+v", d)
				}
				switch d.Endpoint {
				case wecomtest.EndpointAIBotResponse:
					viaURL++
				case wecomtest.EndpointMessage:
					if d.To != user {
						t.Errorf("app message to %q", d.To)
					}
					viaApp++
				}
			}
			if viaURL != tt.viaURL || viaApp != tt.viaApp {
				t.Errorf("receipts: %d by response_url, %d by app message; want %d, %d", viaURL, viaApp, tt.viaURL, tt.viaApp)
			}
			if n := h.LostReplies(); n != tt.lost {
				t.Errorf("LostReplies = %d, want %d", n, tt.lost)
			}
			if logs := e.logs.String(); logs != "" {
				t.Errorf("the slow 举报 left log lines:\n%s", logs)
			}
			if due, _ := storetest.DueOutbox(context.Background(), e.store, 10); len(due) != 0 {
				t.Errorf("the receipt went to the outbox: %+v", due)
			}
			e.store.Close()
			for _, f := range []string{e.dbFile, e.dbFile + "-wal"} {
				data, _ := os.ReadFile(f)
				if bytes.Contains(data, []byte(user)) || bytes.Contains(data, []byte(msgID)) {
					t.Errorf("%s holds the reporter or the message id", filepath.Base(f))
				}
			}
		})
	}
}

// TestRobotSlowReplyFailureIsLogged: an ordinary command's slow reply that
// response_url refuses is still logged (and retried only when unanswered),
// and is not sent as an app message: only receipt codes take that way.
func TestRobotSlowReplyFailureIsLogged(t *testing.T) {
	e := newEnv(t, 50*time.Millisecond)
	snd, err := sender.New(sender.Config{APIBase: e.api.URL, CorpID: corpID, AgentID: "1000002", Secret: "s",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	var direct outbox.Sender = snd
	d, err := wecom.NewDedup(t.Context(), e.store, wecom.DedupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := wecom.NewAIBotHandler(wecom.AIBotConfig{Token: e.botToken, EncodingAESKey: e.botKey, Engine: e.engine, Dedup: d,
		Logger: slog.New(slog.NewTextHandler(e.logs, nil)), SlowAfter: 50 * time.Millisecond, RetryWait: 10 * time.Millisecond, Direct: direct})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	e.aibot.URL = srv.URL
	e.api.Fail(wecomtest.EndpointAIBotResponse, wecomtest.Fault{Status: 503})
	e.engine.delay.Store(int64(200 * time.Millisecond))
	must(t)(e.aibot.SendSingleText("zhangsan", "msg-rep-1", "上报 服务区加油站消防器材过期 领域:公路运营", e.api.ResponseURL()))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if n := e.api.Count(wecomtest.EndpointAIBotResponse); n != 3 {
		t.Errorf("response_url posted %d times, want 3", n)
	}
	if n := e.api.Count(wecomtest.EndpointMessage); n != 0 {
		t.Errorf("an ordinary reply went as an app message (%d)", n)
	}
	if !strings.Contains(e.logs.String(), "slow reply not delivered") {
		t.Errorf("no log line for the lost reply:\n%s", e.logs.String())
	}
	if h.LostReplies() != 0 {
		t.Error("an ordinary reply counted as a lost receipt")
	}
}

// failingSender is an AppConfig.Direct that never gets through.
type failingSender struct{}

func (failingSender) Send(context.Context, safetybot.OutboxMessage) error {
	return errors.New("message/send: errcode 81013")
}

// TestAppSlowReceiptLostIsCounted: the app callback's slow 举报 whose
// direct send fails leaves no line and is counted for /metrics.
func TestAppSlowReceiptLostIsCounted(t *testing.T) {
	e := newEnv(t, 50*time.Millisecond)
	d, err := wecom.NewDedup(t.Context(), e.store, wecom.DedupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := wecom.NewAppHandler(wecom.AppConfig{CorpID: corpID, Token: e.appToken, EncodingAESKey: e.appKey, Engine: e.engine,
		Store: e.store, Dedup: d, Logger: slog.New(slog.NewTextHandler(e.logs, nil)), SlowAfter: 50 * time.Millisecond, Direct: failingSender{}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	e.app.URL = srv.URL
	e.engine.delay.Store(int64(200 * time.Millisecond))
	must(t)(e.app.SendText("whistle_x9", "4400000000000000009", "举报 服务区加油站夜间无人值守"))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if n := h.LostReplies(); n != 1 {
		t.Errorf("LostReplies = %d, want 1", n)
	}
	if logs := e.logs.String(); logs != "" {
		t.Errorf("log lines:\n%s", logs)
	}
}
