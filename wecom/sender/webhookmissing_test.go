package sender_test

import (
	"context"
	"strings"
	"testing"

	"safetybot"
	"safetybot/outbox"
	"safetybot/wecom/wecomtest"
)

// A message to a group robot WECOM_WEBHOOK_KEYS does not name (its key was
// removed after the reminder was stored) is dead-lettered at once, never
// sent elsewhere or dropped: 失败投递 lists it with the robot's name and the
// variable to set. serve warns of such rules at start (cmd/safetybot).
func TestSendToUnconfiguredWebhookDeadLetters(t *testing.T) {
	s, f, _ := newSender(t, wecomtest.FakeAPIOptions{}, nil) // wr001 only
	err := s.Send(context.Background(), msg(safetybot.TargetWebhook, "安全群", "周一晨检"))
	if !outbox.IsPermanent(err) {
		t.Fatalf("Send: %v, want a permanent error", err)
	}
	for _, w := range []string{"群机器人「安全群」未配置", "WECOM_WEBHOOK_KEYS", "安全群=<key>"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("reason %q lacks %q", err, w)
		}
	}
	if n := f.Count(wecomtest.EndpointWebhook); n != 0 {
		t.Errorf("webhook called %d times", n)
	}
}
