package sender_test

import (
	"context"
	"testing"

	"safetybot"
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
