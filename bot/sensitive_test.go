package bot

import (
	"context"
	"testing"
)

// TestSensitiveAgreesWithHandle: Sensitive names exactly the messages whose
// replies Handle marks as an anonymous-report command's, as written in chat
// (aliases, an @mention, no space after the verb), before handling.
func TestSensitiveAgreesWithHandle(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		m    Message
		want bool
	}{
		{Message{ChatType: ChatSingle, UserID: "u1", Text: "举报 某公司超载"}, true},
		{Message{ChatType: ChatSingle, UserID: "u1", Text: "tip someone overloads"}, true},
		{Message{ChatType: ChatSingle, UserID: "u1", Text: "TIP someone overloads"}, true},
		{Message{ChatType: ChatGroup, ChatID: "g", UserID: "u1", Text: "@安全助手 举报 群里举报"}, true},
		{Message{ChatType: ChatSingle, UserID: "u1", Text: "举报某公司超载"}, true},
		{Message{ChatType: ChatSingle, UserID: "u1", Text: "查询 1234 5678 9012 3456"}, true},
		{Message{ChatType: ChatSingle, UserID: "u1", Text: "补充 1234 5678 9012 3456 还有一辆"}, true},
		{Message{ChatType: ChatSingle, UserID: "u1", Text: "举报统计"}, false},
		{Message{ChatType: ChatSingle, UserID: "u1", Text: "上报 码头护栏缺失"}, false},
		{Message{ChatType: ChatSingle, UserID: "u1", Text: "帮助"}, false},
		{Message{ChatType: ChatSingle, UserID: "u1", Text: ""}, false},
		{Message{ChatType: ChatSingle, UserID: "u1", Kind: KindImage, MediaID: "m"}, false},
	} {
		got := f.engine.Sensitive(tc.m)
		if got != tc.want {
			t.Errorf("Sensitive(%q) = %v, want %v", tc.m.Text, got, tc.want)
		}
		if tc.m.Kind != KindText || tc.m.Text == "" {
			continue
		}
		replies := f.engine.Handle(context.Background(), tc.m)
		if len(replies) == 0 || replies[0].Sensitive != tc.want {
			t.Errorf("Handle(%q) = %+v; Sensitive said %v", tc.m.Text, replies, got)
		}
	}
}
