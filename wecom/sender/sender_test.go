package sender_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"safetybot/internal/testkit"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/outbox"
	. "safetybot/wecom/sender"
	"safetybot/wecom/wecomtest"
)

func newClock() *testkit.Clock {
	return testkit.NewClock(time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai))
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// newSender returns a sender wired to a fresh fake on a shared fake clock.
func newSender(t *testing.T, opts wecomtest.FakeAPIOptions, mod func(*Config)) (*Sender, *wecomtest.FakeAPI, *testkit.Clock) {
	t.Helper()
	c := newClock()
	opts.Now = c.Now
	if opts.CorpID == "" {
		// a corp ID per test: senders of parallel tests never share a route
		opts.CorpID, opts.Secret = "ww"+strings.ReplaceAll(t.Name(), "/", "_"), "s3cret"
	}
	f := wecomtest.NewFakeAPI(t, opts)
	cfg := Config{APIBase: f.URL, CorpID: opts.CorpID, AgentID: "1000002", Secret: opts.Secret,
		WebhookKeys: map[string]string{"wr001": "key-wr001"}, Now: c.Now, Log: quiet, Timeout: 2 * time.Second}
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, f, c
}

func msg(kind, target, body string) safetybot.OutboxMessage {
	return safetybot.OutboxMessage{ID: 1, TargetKind: kind, Target: target, Body: body}
}

func TestSendChannels(t *testing.T) {
	s, f, _ := newSender(t, wecomtest.FakeAPIOptions{}, nil)
	ctx := context.Background()
	m := msg(safetybot.TargetUser, "zhangsan", "隐患 YH2026-0001 已指派给您")
	if err := s.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	m.Markdown, m.Body = true, "**摘要**"
	if err := s.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := s.Send(ctx, msg(safetybot.TargetAppChat, "chat001", "群通知")); err != nil {
		t.Fatal(err)
	}
	wm := msg(safetybot.TargetWebhook, "wr001", "## 提醒")
	wm.Markdown = true
	if err := s.Send(ctx, wm); err != nil {
		t.Fatal(err)
	}
	got := f.Delivered()
	want := []wecomtest.Delivery{
		{Endpoint: wecomtest.EndpointMessage, To: "zhangsan", MsgType: "text", Content: "隐患 YH2026-0001 已指派给您"},
		{Endpoint: wecomtest.EndpointMessage, To: "zhangsan", MsgType: "text", Content: "摘要"}, // plain by default
		{Endpoint: wecomtest.EndpointAppChat, To: "chat001", MsgType: "text", Content: "群通知"},
		{Endpoint: wecomtest.EndpointWebhook, To: "key-wr001", MsgType: "markdown", Content: "## 提醒"},
	}
	if len(got) != len(want) {
		t.Fatalf("delivered %d, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g := got[i]
		g.At = time.Time{}
		if g != want[i] {
			t.Errorf("delivery %d = %+v, want %+v", i, g, want[i])
		}
	}
	if n := f.Count(wecomtest.EndpointToken); n != 1 {
		t.Errorf("gettoken called %d times, want 1 (cached)", n)
	}
	body := string(f.Calls(wecomtest.EndpointMessage)[0].Body)
	for _, w := range []string{`"enable_duplicate_check":1`, `"duplicate_check_interval":14400`, `"agentid":"1000002"`} {
		if !strings.Contains(body, w) {
			t.Errorf("message/send body lacks %s: %s", w, body)
		}
	}
}

func TestTokenExpiryRefetchesOnce(t *testing.T) {
	s, f, _ := newSender(t, wecomtest.FakeAPIOptions{}, nil)
	ctx := context.Background()
	if err := s.Send(ctx, msg("user", "zhangsan", "一")); err != nil {
		t.Fatal(err)
	}
	f.ExpireTokens() // the cached token now gets 42001
	if err := s.Send(ctx, msg("user", "zhangsan", "二")); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	f.FailNext(wecomtest.EndpointMessage, wecomtest.Fault{ErrCode: wecomtest.ErrInvalidToken})
	if err := s.Send(ctx, msg("user", "zhangsan", "三")); err != nil {
		t.Fatalf("after 40014: %v", err)
	}
	if n := f.Count(wecomtest.EndpointToken); n != 3 {
		t.Errorf("gettoken called %d times, want 3", n)
	}
	if n := len(f.Delivered()); n != 3 {
		t.Errorf("delivered %d, want 3", n)
	}
	// a token rejected twice in a row is not retried a third time
	f.FailNext(wecomtest.EndpointMessage, wecomtest.Fault{ErrCode: 42001}, wecomtest.Fault{ErrCode: 42001})
	err := s.Send(ctx, msg("user", "zhangsan", "四"))
	if err == nil || outbox.IsPermanent(err) {
		t.Fatalf("twice 42001: want a retryable error, got %v", err)
	}
	if n := f.Count(wecomtest.EndpointMessage); n != 3+1+1+2 {
		t.Errorf("message/send called %d times, want 7", n)
	}
	if s.CachedToken() != nil {
		t.Error("rejected token still cached under " + s.TokenCacheKey())
	}
}

func TestErrcodeClasses(t *testing.T) {
	cases := []struct {
		code        int
		unavailable bool
		permanent   bool
		reason      string
	}{
		{wecomtest.ErrBusy, true, false, "繁忙"},
		{wecomtest.ErrFreqLimit, true, false, "限流"},
		{wecomtest.ErrConcurrencyLimit, true, false, "限流"},
		{wecomtest.ErrIPNotTrusted, false, true, "可信IP"},
		{wecomtest.ErrNoValidRecipient, false, true, "81013"},
		{40003, false, false, "40003"},
	}
	for _, c := range cases {
		s, f, _ := newSender(t, wecomtest.FakeAPIOptions{}, nil)
		f.FailNext(wecomtest.EndpointMessage, wecomtest.Fault{ErrCode: c.code})
		err := s.Send(context.Background(), msg("user", "zhangsan", "x"))
		if err == nil || outbox.IsUnavailable(err) != c.unavailable || outbox.IsPermanent(err) != c.permanent ||
			!strings.Contains(err.Error(), c.reason) {
			t.Errorf("errcode %d: got %v (unavailable=%v permanent=%v)", c.code, err, outbox.IsUnavailable(err), outbox.IsPermanent(err))
		}
		if len(f.Delivered()) != 0 {
			t.Errorf("errcode %d: delivered anyway", c.code)
		}
	}
}

func TestUnknownRecipientsAndKeys(t *testing.T) {
	s, _, _ := newSender(t, wecomtest.FakeAPIOptions{Users: []string{"zhangsan"}, WebhookKeys: []string{"key-wr001"}},
		func(c *Config) { c.WebhookKeys["old"] = "revoked" })
	ctx := context.Background()
	if err := s.Send(ctx, msg("user", "nobody", "x")); !outbox.IsPermanent(err) || !strings.Contains(err.Error(), "81013") {
		t.Errorf("unknown user: %v", err)
	}
	if err := s.Send(ctx, msg("webhook", "old", "x")); !outbox.IsPermanent(err) || !strings.Contains(err.Error(), "93000") {
		t.Errorf("revoked webhook key: %v", err)
	}
	if err := s.Send(ctx, msg("webhook", "wr999", "x")); !outbox.IsPermanent(err) || !strings.Contains(err.Error(), "WECOM_WEBHOOK_KEYS") {
		t.Errorf("unknown webhook name: %v", err)
	}
}

func TestUnconfiguredChannelsArePermanent(t *testing.T) {
	s, err := New(Config{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	for kind, env := range map[string]string{"user": "WECOM_SECRET", "appchat": "WECOM_CORP_ID", "webhook": "WECOM_WEBHOOK_KEYS",
		"aibot": "WECOM_AIBOT_ID", "role": "unknown target kind"} {
		err := s.Send(context.Background(), msg(kind, "x", "y"))
		if !outbox.IsPermanent(err) || !strings.Contains(err.Error(), env) {
			t.Errorf("%s: %v", kind, err)
		}
	}
	if _, _, err := s.FetchMedia(context.Background(), "m"); !outbox.IsPermanent(err) {
		t.Errorf("media: %v", err)
	}
	if _, err := New(Config{APIBase: "qyapi.weixin.qq.com"}); err == nil {
		t.Error("an API base without scheme accepted")
	}
	if _, err := New(Config{CorpID: "a", Secret: "b", AgentID: "abc"}); err == nil {
		t.Error("a non-numeric agent id accepted")
	}
}

func TestTimeoutsAndHTTPErrorsAreUnavailable(t *testing.T) {
	s, f, _ := newSender(t, wecomtest.FakeAPIOptions{}, func(c *Config) { c.Timeout = 100 * time.Millisecond })
	ctx := context.Background()
	f.FailNext(wecomtest.EndpointMessage, wecomtest.Fault{Hang: true})
	start := time.Now()
	err := s.Send(ctx, msg("user", "zhangsan", "x"))
	if !outbox.IsUnavailable(err) || time.Since(start) > 2*time.Second {
		t.Fatalf("hang: %v after %v", err, time.Since(start))
	}
	f.FailNext(wecomtest.EndpointWebhook, wecomtest.Fault{Status: 502})
	if err := s.Send(ctx, msg("webhook", "wr001", "x")); !outbox.IsUnavailable(err) {
		t.Fatalf("502: %v", err)
	}
	f.FailNext(wecomtest.EndpointToken, wecomtest.Fault{Hang: true})
	f.ExpireTokens()
	s.DropCachedToken()
	if err := s.Send(ctx, msg("user", "zhangsan", "x")); !outbox.IsUnavailable(err) {
		t.Fatalf("gettoken hang: %v", err)
	}
	if err := s.Send(ctx, msg("user", "zhangsan", "x")); err != nil {
		t.Fatalf("after recovery: %v", err)
	}
}

func TestLongMessageSplitsAndResumes(t *testing.T) {
	s, f, _ := newSender(t, wecomtest.FakeAPIOptions{}, nil)
	ctx := context.Background()
	var lines []string
	for i := range 60 {
		lines = append(lines, "第"+strings.Repeat("〇", 2)+"行："+strings.Repeat("重大隐患整改", 5)+string(rune('A'+i%26)))
	}
	body := strings.Join(lines, "\n") // ~6 KB
	m := msg("user", "zhangsan", body)
	f.FailNext(wecomtest.EndpointMessage, wecomtest.Fault{}, wecomtest.Fault{ErrCode: -1})
	err := s.Send(ctx, m)
	var part *outbox.PartialError
	if !errors.As(err, &part) || part.Parts != 1 || !outbox.IsUnavailable(err) {
		t.Fatalf("want 1 part sent then busy, got %v", err)
	}
	m.PartsSent = part.Parts
	if err := s.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range f.Delivered() {
		if len(d.Content) > LimitText {
			t.Fatalf("part of %d bytes", len(d.Content))
		}
		got = append(got, d.Content)
	}
	if strings.Join(got, "\n") != body {
		t.Fatalf("parts (%d) do not give back the body", len(got))
	}
	// webhook markdown takes 4096 bytes a part
	wm := msg("webhook", "wr001", body)
	wm.Markdown = true
	f.Reset()
	if err := s.Send(ctx, wm); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Delivered()); n != (len(body)+4095)/4096 {
		t.Errorf("webhook markdown parts = %d for %d bytes", n, len(body))
	}
}

// TestPacingKeepsWeComFromDropping sends 100 messages to one member and
// 60 to one robot as fast as the outbox would, on a fake that drops what
// exceeds WeCom's limits: every send either goes through or is postponed,
// and nothing is dropped.
func TestPacingKeepsWeComFromDropping(t *testing.T) {
	s, f, c := newSender(t, wecomtest.FakeAPIOptions{EnforceLimits: true}, nil)
	ctx := context.Background()
	pending := map[string]int{"user": 100, "webhook": 60}
	target := map[string]string{"user": "zhangsan", "webhook": "wr001"}
	start := c.Now()
	seq := 0
	for steps := 0; pending["user"]+pending["webhook"] > 0; steps++ {
		next := c.Now().Add(time.Hour)
		for kind, n := range pending {
			for n > 0 {
				seq++ // distinct texts: enable_duplicate_check would hide repeats
				err := s.Send(ctx, msg(kind, target[kind], fmt.Sprintf("提醒 %d", seq)))
				var post *outbox.Postponed
				if errors.As(err, &post) {
					if !post.Until.After(c.Now()) {
						t.Fatalf("postponed to the past: %v", post.Until)
					}
					next = minTime(next, post.Until)
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				n--
			}
			pending[kind] = n
		}
		if steps > 1000 {
			t.Fatal("no progress")
		}
		if pending["user"]+pending["webhook"] > 0 {
			c.Add(next.Sub(c.Now()))
		}
	}
	if d := f.Dropped(); len(d) != 0 {
		t.Fatalf("WeCom dropped %d messages", len(d))
	}
	if n := len(f.Delivered()); n != 160 {
		t.Fatalf("delivered %d, want 160", n)
	}
	// 100 messages at 25/min take at least 3 minutes
	if took := c.Now().Sub(start); took < 3*time.Minute {
		t.Fatalf("100 messages to one member in %v", took)
	}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// TestFakeDropsWithoutPacing shows the fake does drop what WeCom drops, so
// the test above proves something.
func TestFakeDropsWithoutPacing(t *testing.T) {
	s, f, _ := newSender(t, wecomtest.FakeAPIOptions{EnforceLimits: true},
		func(c *Config) { c.Limits = Limits{} })
	for i := range 40 {
		if err := s.Send(context.Background(), msg("user", "zhangsan", "提醒"+string(rune('0'+i)))); err != nil {
			t.Fatal(err)
		}
	}
	if len(f.Dropped()) != 10 {
		t.Fatalf("dropped %d, want 10", len(f.Dropped()))
	}
}

func TestFetchMedia(t *testing.T) {
	s, f, c := newSender(t, wecomtest.FakeAPIOptions{}, nil)
	ctx := context.Background()
	jpeg := []byte("\xff\xd8\xff\xe0fake-jpeg")
	f.PutMedia("MEDIA1", "image/jpeg", jpeg)
	data, ctype, err := s.FetchMedia(ctx, "MEDIA1")
	if err != nil || string(data) != string(jpeg) || ctype != "image/jpeg" {
		t.Fatalf("got %q %q %v", data, ctype, err)
	}
	f.ExpireTokens()
	if _, _, err := s.FetchMedia(ctx, "MEDIA1"); err != nil {
		t.Fatalf("after token expiry: %v", err)
	}
	if _, _, err := s.FetchMedia(ctx, "NOPE"); err == nil || !strings.Contains(err.Error(), "40007") {
		t.Fatalf("unknown media: %v", err)
	}
	c.Add(73 * time.Hour)
	if _, _, err := s.FetchMedia(ctx, "MEDIA1"); err == nil {
		t.Fatal("media older than 3 days fetched")
	}
}

type pusher struct {
	err  error
	sent []string
}

func (p *pusher) Push(_ context.Context, chatID, md string) error {
	if p.err != nil {
		return p.err
	}
	p.sent = append(p.sent, chatID+":"+md)
	return nil
}

func TestAIBotRoute(t *testing.T) {
	p := &pusher{}
	s, err := New(Config{AIBot: p, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	md := msg("aibot", "wrgroup", "**提醒**")
	md.Markdown = true
	if err := s.Send(context.Background(), md); err != nil {
		t.Fatal(err)
	}
	if len(p.sent) != 1 || p.sent[0] != "wrgroup:**提醒**" {
		t.Fatalf("pushed %q", p.sent)
	}
	p.err = &APIError{API: "aibot_send_msg", Code: 45009}
	if err := s.Send(context.Background(), msg("aibot", "wrgroup", "x")); !outbox.IsUnavailable(err) {
		t.Fatalf("45009 over the long connection: %v", err)
	}
}
