package sender_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/outbox"
	. "safetybot/wecom/sender"
	"safetybot/wecom/wecomtest"
)

// The sender's configuration: webhook keys, the API base, credentials.

func TestParseWebhookKeys(t *testing.T) {
	got, err := ParseWebhookKeys(" wr001 = k1 ,ops=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k2,")
	if err != nil || len(got) != 2 || got["wr001"] != "k1" || got["ops"] != "k2" {
		t.Fatalf("got %v %v", got, err)
	}
	for _, bad := range []string{"k1", "a=k1,a=k2", "=k",
		// Not keys, which used to be taken whole (QA 12 F5): a full-width
		// comma or a semicolon between two items, a space inside, a pasted
		// address without key=.
		"wr001=693a91f6-aaaa-bbbb-cccc-0123456789ab，ops=0f3c1111-2222",
		"wr001=693a91f6-aaaa-bbbb-cccc-0123456789ab;ops=0f3c1111-2222",
		"wr001=693a 91f6",
		"wr001=https://evil.example/cgi-bin/webhook/send?nokey=693a91f6",
	} {
		_, err := ParseWebhookKeys(bad)
		if err == nil {
			t.Errorf("%q accepted", bad)
			continue
		}
		if strings.Contains(err.Error(), "693a91f6") || strings.Contains(err.Error(), "0f3c1111") {
			t.Errorf("%q: error leaks the key: %v", bad, err)
		}
		if strings.Contains(err.Error(), "WECOM_WEBHOOK_KEYS") || !regexp.MustCompile(`\p{Han}`).MatchString(err.Error()) {
			t.Errorf("%q: want a Chinese reason the caller prefixes with the variable, got %v", bad, err)
		}
	}
	// Not even the first characters of a bare key (QA of issue 12: 「693a…」).
	for _, bad := range []string{"secretkeyvalue", "wr001=k1,693a91f6-dddd", "garbage-SECRETKEY"} {
		_, err := ParseWebhookKeys(bad)
		if err == nil || strings.Contains(err.Error(), "693a") || strings.Contains(err.Error(), "secr") || strings.Contains(err.Error(), "garb") {
			t.Errorf("%q: error leaks part of the key: %v", bad, err)
		}
	}
	if _, err := ParseWebhookKeys("wr001=k1,693a91f6-dddd"); err == nil || !strings.Contains(err.Error(), "第 2 项") {
		t.Errorf("want the item's position, got %v", err)
	}
}

// TestBaseIsPerSender: two senders of the same corp pointed at two fakes in
// one process each fetch their token from, and send to, their own fake
// (WECOM_API_BASE is a field of the client, no process-wide rewrite).
func TestBaseIsPerSender(t *testing.T) {
	opts := wecomtest.FakeAPIOptions{CorpID: "wwsame", Secret: "s3cret"}
	s1, f1, _ := newSender(t, opts, nil)
	s2, f2, _ := newSender(t, opts, nil)
	ctx := context.Background()
	if err := s1.Send(ctx, msg("user", "zhangsan", "一")); err != nil {
		t.Fatal(err)
	}
	if err := s2.Send(ctx, msg("user", "lisi", "二")); err != nil {
		t.Fatal(err)
	}
	for i, f := range []*wecomtest.FakeAPI{f1, f2} {
		if f.Count(wecomtest.EndpointToken) != 1 || len(f.Delivered()) != 1 {
			t.Errorf("fake %d: %d gettoken, %d delivered; want 1 and 1", i+1, f.Count(wecomtest.EndpointToken), len(f.Delivered()))
		}
	}
}

// BenchmarkSendText is one app text message through the sender to the fake
// WeCom on loopback (token cached, pacing on, a distinct member each time).
func BenchmarkSendText(b *testing.B) {
	c := newClock()
	f := wecomtest.NewFakeAPI(b, wecomtest.FakeAPIOptions{CorpID: "wwbench", Secret: "s", Now: c.Now})
	s, err := New(Config{APIBase: f.URL, CorpID: "wwbench", AgentID: "1000002", Secret: "s", Now: c.Now, Log: quiet})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	m := msg("user", "", "【重大隐患】YH2026-0001 国道路口护栏缺失，请督办。")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.Target = fmt.Sprintf("u%d", i)
		if err := s.Send(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBadCredentialsKeepMessages: a wrong secret stops the whole app
// channel; the messages wait (Unavailable) with a reason naming the settings.
func TestBadCredentialsKeepMessages(t *testing.T) {
	s, f, _ := newSender(t, wecomtest.FakeAPIOptions{}, func(c *Config) { c.Secret = "wrong" })
	err := s.Send(context.Background(), msg("user", "zhangsan", "x"))
	if !outbox.IsUnavailable(err) || !strings.Contains(err.Error(), "WECOM_SECRET") || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("got %v", err)
	}
	if f.Count(wecomtest.EndpointMessage) != 0 {
		t.Fatal("sent without a token")
	}
}

// TestErrorsNeverCarryCredentials: net/http quotes request URLs in its
// errors; the secret, the token and webhook keys must not
// reach the log or the outbox's last_error.
func TestErrorsNeverCarryCredentials(t *testing.T) {
	s, f, _ := newSender(t, wecomtest.FakeAPIOptions{}, func(c *Config) { c.Timeout = 100 * time.Millisecond })
	ctx := context.Background()
	f.FailNext(wecomtest.EndpointToken, wecomtest.Fault{Status: 502})
	f.FailNext(wecomtest.EndpointMessage, wecomtest.Fault{Status: 503}, wecomtest.Fault{Hang: true})
	f.FailNext(wecomtest.EndpointWebhook, wecomtest.Fault{Status: 500})
	var errs []error
	for _, m := range []safetybot.OutboxMessage{msg("user", "u", "a"), msg("user", "u", "b"), msg("user", "u", "c"), msg("webhook", "wr001", "d")} {
		errs = append(errs, s.Send(ctx, m))
	}
	tok := ""
	for _, c := range f.Calls(wecomtest.EndpointMessage) {
		tok = c.Query.Get("access_token")
	}
	for i, err := range errs {
		t.Logf("%d: %v", i, err)
		if err == nil || !outbox.IsUnavailable(err) {
			t.Errorf("%d: %v", i, err)
			continue
		}
		for _, secret := range []string{"s3cret", "key-wr001", tok} {
			if secret != "" && strings.Contains(err.Error(), secret) {
				t.Errorf("%d: error carries a credential: %v", i, err)
			}
		}
	}
}
