package longconn_test

import (
	"context"
	"strings"
	"testing"

	"safetybot/store"
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

// TestPastedControlCharacters: a frame whose text holds characters XML
// forbids, raw (invalid JSON) or escaped, is handled, not dropped.
func TestPastedControlCharacters(t *testing.T) {
	f := newFixture(t, nil)
	f.start()
	raw := []byte("{\"cmd\":\"aibot_msg_callback\",\"headers\":{\"req_id\":\"raw-1\"},\"body\":{\"msgid\":\"cc-1\",\"chattype\":\"single\",\"from\":{\"userid\":\"lisi\"},\"msgtype\":\"text\",\"text\":{\"content\":\"上报 码头护栏\x1d缺失 领域:水上交通\"}}}")
	if err := f.fake.PushRaw(raw); err != nil {
		t.Fatal(err)
	}
	r2, _ := f.fake.PushMessage(wecomtest.WSMessage{MsgID: "cc-2", UserID: "lisi", Text: "上报 码头护栏\x0b缺失\uFFFE 领域:水上交通"})
	for _, id := range []string{"raw-1", r2} {
		fr := f.fake.WaitResponses(wait(t), id, 1)
		if len(fr) != 1 || !hazardNo.MatchString(streamOf(t, fr[0]).Stream.Content) {
			t.Fatalf("%s: %+v\n%s", id, fr, f.logs)
		}
	}
	hs, _ := f.store.Hazards(context.Background(), store.HazardFilter{})
	if len(hs) != 2 {
		t.Fatalf("%d hazards", len(hs))
	}
	for _, h := range hs {
		if strings.ContainsFunc(h.Description, func(r rune) bool { return r < 0x20 || r == 0xFFFE }) {
			t.Errorf("kept %q", h.Description)
		}
	}
}
