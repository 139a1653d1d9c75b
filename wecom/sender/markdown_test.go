package sender_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"safetybot"
	"safetybot/internal/testkit"
	. "safetybot/wecom/sender"
	"safetybot/wecom/wecomtest"
)

// TestAppMarkdownOptIn: markdown notifications (the 08:30 digest) reach
// app users and app chats as plain text unless WECOM_APP_MARKDOWN=1
// (AppMarkdown); group robots keep markdown either way; plain text stays as
// it is.
func TestAppMarkdownOptIn(t *testing.T) {
	const md = "**安全生产每日摘要** 2026-11-30 08:30\n🔴 **逾期未整改 1 条**（重大 0）\n> YH2026-0001 码头护栏缺失（一般，逾期3天）"
	const plain = "安全生产每日摘要 2026-11-30 08:30\n🔴 逾期未整改 1 条（重大 0）\n· YH2026-0001 码头护栏缺失（一般，逾期3天）"
	for _, tc := range []struct {
		name      string
		optIn     bool
		kind      string
		target    string
		markdown  bool
		wantType  string
		wantBody  string
		wantPoint string
	}{
		{"user default", false, safetybot.TargetUser, "zhangsan", true, "text", plain, wecomtest.EndpointMessage},
		{"appchat default", false, safetybot.TargetAppChat, "chat001", true, "text", plain, wecomtest.EndpointAppChat},
		{"user opt-in", true, safetybot.TargetUser, "zhangsan", true, "markdown", md, wecomtest.EndpointMessage},
		{"appchat opt-in", true, safetybot.TargetAppChat, "chat001", true, "markdown", md, wecomtest.EndpointAppChat},
		{"webhook default", false, safetybot.TargetWebhook, "wr001", true, "markdown", md, wecomtest.EndpointWebhook},
		{"webhook opt-in", true, safetybot.TargetWebhook, "wr001", true, "markdown", md, wecomtest.EndpointWebhook},
		{"plain user", false, safetybot.TargetUser, "zhangsan", false, "text", "期限 > 今天 **不改**", wecomtest.EndpointMessage},
		{"plain user opt-in", true, safetybot.TargetUser, "zhangsan", false, "text", "期限 > 今天 **不改**", wecomtest.EndpointMessage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, f, _ := newSender(t, wecomtest.FakeAPIOptions{}, func(c *Config) { c.AppMarkdown = tc.optIn })
			m := msg(tc.kind, tc.target, md)
			if !tc.markdown {
				m.Body = tc.wantBody
			}
			m.Markdown = tc.markdown
			if err := s.Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			got := f.Delivered()
			if len(got) != 1 || got[0].Endpoint != tc.wantPoint || got[0].MsgType != tc.wantType || got[0].Content != tc.wantBody {
				t.Fatalf("delivered %+v, want %s %s %q", got, tc.wantPoint, tc.wantType, tc.wantBody)
			}
		})
	}
}

// TestPlainNotificationsReadAsTyped: a plain notification (a 督办, a
// reminder) quoting what a user typed (testdata/hostile-markdown.txt)
// reads as typed on every channel: the intelligent robot's push, which is
// always markdown, gets it escaped; a group robot and the app send it as a
// text message, unchanged. A markdown notification (the digest) is pushed
// as written.
func TestPlainNotificationsReadAsTyped(t *testing.T) {
	for i, in := range testkit.HostileMarkdown() {
		body := "【督办】隐患 YH2026-0001：" + in + "\n请于 2026-12-31 前整改。"
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			p := &pusher{}
			s, f, _ := newSender(t, wecomtest.FakeAPIOptions{}, func(c *Config) { c.AIBot = p })
			for _, kind := range []string{safetybot.TargetAIBot, safetybot.TargetWebhook, safetybot.TargetUser} {
				target := map[string]string{safetybot.TargetAIBot: "wrgroup", safetybot.TargetWebhook: "wr001", safetybot.TargetUser: "zhangsan"}[kind]
				if err := s.Send(context.Background(), msg(kind, target, body)); err != nil {
					t.Fatal(err)
				}
			}
			if len(p.sent) != 1 {
				t.Fatalf("pushed %q", p.sent)
			}
			pushed := strings.TrimPrefix(p.sent[0], "wrgroup:")
			if m := testkit.Markup(pushed); len(m) != 0 || testkit.Shown(pushed) != testkit.Shown(body) {
				t.Errorf("robot push renders %v or does not read as typed:\n%s", m, pushed)
			}
			for _, d := range f.Delivered() {
				if d.MsgType != "text" || d.Content != body {
					t.Errorf("%s: %s %q, want the text as typed", d.Endpoint, d.MsgType, d.Content)
				}
			}
			if n := len(f.Delivered()); n != 2 {
				t.Errorf("%d deliveries, want the group robot's and the app's", n)
			}
		})
	}
	p := &pusher{}
	s, _, _ := newSender(t, wecomtest.FakeAPIOptions{}, func(c *Config) { c.AIBot = p })
	const md = "**安全生产每日摘要**\n> YH2026-0001 ［点我］(http://evil.example)"
	m := msg(safetybot.TargetAIBot, "wrgroup", md)
	m.Markdown = true
	if err := s.Send(context.Background(), m); err != nil || len(p.sent) != 1 || p.sent[0] != "wrgroup:"+md {
		t.Fatalf("markdown push: %v %q", err, p.sent)
	}
}
