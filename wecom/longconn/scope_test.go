package longconn_test

import (
	"strings"
	"testing"

	"safetybot/wecom/longconn"
	"safetybot/wecom/wecomtest"
)

// TestDedupScopedToSender: a msgid another user already used is a new
// message for this user: handled, and answered with this user's own reply,
// never the first user's (which holds a receipt code); the persistent
// dedup keys carry the sender, so a restart keeps the distinction.
func TestDedupScopedToSender(t *testing.T) {
	d := &memDedup{keys: map[string]bool{}}
	f := newFixture(t, func(c *longconn.Config) { c.Dedup = d })
	f.start()
	ra, _ := f.fake.PushMessage(wecomtest.WSMessage{MsgID: "same-1", UserID: "whistle_a", Text: "举报 某码头夜间违规装卸"})
	a := f.fake.WaitResponses(wait(t), ra, 1)
	rb, _ := f.fake.PushMessage(wecomtest.WSMessage{MsgID: "same-1", UserID: "user_b", Text: "帮助"})
	b := f.fake.WaitResponses(wait(t), rb, 1)
	if len(a) != 1 || len(b) != 1 {
		t.Fatalf("answers: A %d, B %d", len(a), len(b))
	}
	ca, cb := streamOf(t, a[0]).Stream.Content, streamOf(t, b[0]).Stream.Content
	if !strings.Contains(ca, "回执码") || ca == cb || !strings.Contains(cb, "上报") {
		t.Fatalf("A got %q, B got %q", ca, cb)
	}
	if len(d.keys) != 2 {
		t.Fatalf("persistent keys: %v", d.keys)
	}
}
