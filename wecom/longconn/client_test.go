package longconn_test

// Tests of the connection itself: reconnecting, heartbeat, subscription,
// proactive pushes, bad frames. The fixture is in longconn_test.go.

import (
	"context"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/outbox"
	"safetybot/wecom/longconn"
	"safetybot/wecom/sender"
	"safetybot/wecom/wecomtest"
)

// TestReconnectBackoff: refused handshakes are retried after 1, 2, 4, 8,
// 16, 30, 30 s; once subscribed, a dropped connection is retried after 1 s.
func TestReconnectBackoff(t *testing.T) {
	f := newFixture(t, nil)
	f.fake.RejectNext(7)
	f.start()
	want := []time.Duration{1, 2, 4, 8, 16, 30, 30}
	got := f.sleeps.get()
	if len(got) != len(want) {
		t.Fatalf("delays %v", got)
	}
	for i := range want {
		if got[i] != want[i]*time.Second {
			t.Fatalf("delays %v, want %v seconds", got, want)
		}
	}
	if n := f.fake.Connections(); n != 1 {
		t.Fatalf("%d connections", n)
	}
	f.fake.Drop()
	if err := f.fake.WaitConnection(wait(t), 2); err != nil {
		t.Fatal("no new connection after a drop")
	}
	if got := f.sleeps.get(); got[len(got)-1] != time.Second {
		t.Fatalf("after a drop the delay was %v, want 1s", got[len(got)-1])
	}
	// the new connection works
	r, _ := f.fake.PushMessage(wecomtest.WSMessage{UserID: "u", Text: "帮助"})
	if len(f.fake.WaitResponses(wait(t), r, 1)) != 1 {
		t.Fatal("no answer after the reconnect")
	}
}

// TestMissedPingsMeanDead: two pings without an ack end the connection and
// the client reconnects.
func TestMissedPingsMeanDead(t *testing.T) {
	f := newFixture(t, func(c *longconn.Config) { c.PingInterval = 150 * time.Millisecond })
	f.start()
	f.fake.WaitFrames(wait(t), longconn.CmdPing, 3) // acked pings keep it up
	if f.fake.Connections() != 1 {
		t.Fatal("reconnected although pings were acked")
	}
	f.fake.IgnorePings(true)
	ctx := wait(t)
	for f.fake.Connections() < 2 && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	if f.fake.Connections() < 2 {
		t.Fatalf("no reconnect after missed pings\n%s", f.logs)
	}
	if !strings.Contains(f.logs.String(), "two pings without an ack") {
		t.Fatalf("log:\n%s", f.logs)
	}
}

// TestSubscribeRefused: a wrong secret is refused, retried with backoff,
// and the secret never reaches the log.
func TestSubscribeRefused(t *testing.T) {
	f := newFixture(t, func(c *longconn.Config) { c.Secret = "wrong-secret-xyz" })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.client.Run(ctx) }()
	for len(f.sleeps.get()) < 3 {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if got := f.sleeps.get(); got[0] != time.Second || got[1] != 2*time.Second {
		t.Fatalf("delays %v", got)
	}
	logs := f.logs.String()
	if !strings.Contains(logs, "40001") || strings.Contains(logs, "wrong-secret-xyz") {
		t.Fatalf("log:\n%s", logs)
	}
}

// TestPush: proactive aibot_send_msg, through the outbox sender too; an
// errcode in the ack and a missing connection are classified for the outbox.
func TestPush(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	if err := f.client.Push(ctx, "wrG", "x"); !outbox.IsUnavailable(err) {
		t.Fatalf("before connecting: %v", err)
	}
	f.start()
	snd, err := sender.New(sender.Config{AIBot: f.client})
	if err != nil {
		t.Fatal(err)
	}
	if err := snd.Send(ctx, safetybot.OutboxMessage{TargetKind: safetybot.TargetAIBot, Target: "wrG", Body: "**本周重大隐患 2 项**", Markdown: true}); err != nil {
		t.Fatal(err)
	}
	frames := f.fake.Frames(longconn.CmdSendMsg)
	if len(frames) != 1 || !strings.Contains(string(frames[0].Body), `"chatid":"wrG"`) ||
		!strings.Contains(string(frames[0].Body), `"msgtype":"markdown"`) {
		t.Fatalf("frames %+v", frames)
	}
	f.fake.FailNextAck(longconn.CmdSendMsg, 45009)
	err = snd.Send(ctx, safetybot.OutboxMessage{TargetKind: safetybot.TargetAIBot, Target: "wrG", Body: "二"})
	if !outbox.IsUnavailable(err) || !strings.Contains(err.Error(), "45009") {
		t.Fatalf("45009: %v", err)
	}
	f.fake.FailNextAck(longconn.CmdSendMsg, 81013)
	if err := snd.Send(ctx, safetybot.OutboxMessage{TargetKind: safetybot.TargetAIBot, Target: "nobody", Body: "三"}); !outbox.IsPermanent(err) {
		t.Fatalf("81013: %v", err)
	}
}

// TestMalformedFramesIgnored: garbage from the server does not break the
// connection.
func TestMalformedFramesIgnored(t *testing.T) {
	f := newFixture(t, nil)
	f.start()
	for _, raw := range []string{"", "[]", "{", `{"cmd":"aibot_msg_callback"}`, `{"cmd":"aibot_msg_callback","headers":{"req_id":"r"},"body":"x"}`,
		`{"cmd":"aibot_msg_callback","headers":{"req_id":"r2"},"body":{"msgid":7}}`} {
		f.fake.PushRaw([]byte(raw))
	}
	r, _ := f.fake.PushMessage(wecomtest.WSMessage{UserID: "u", Text: "帮助"})
	if len(f.fake.WaitResponses(wait(t), r, 1)) != 1 {
		t.Fatal("no answer after garbage")
	}
	if f.fake.Connections() != 1 {
		t.Fatal("garbage broke the connection")
	}
}
