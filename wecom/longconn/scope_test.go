package longconn_test

import (
	"context"
	"strings"
	"testing"

	"safetybot"
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
	hs, _ := f.store.Hazards(context.Background(), safetybot.HazardFilter{})
	if len(hs) != 2 {
		t.Fatalf("%d hazards", len(hs))
	}
	for _, h := range hs {
		if strings.ContainsFunc(h.Description, func(r rune) bool { return r < 0x20 || r == 0xFFFE }) {
			t.Errorf("kept %q", h.Description)
		}
	}
}

// TestGroupTipLeavesNoRecord: a 举报 in a group is refused ("未作任何记录")
// and leaves no dedup key and no log line; a private 举报 is deduplicated
// as usual but logged nowhere either, even when redelivered.
func TestGroupTipLeavesNoRecord(t *testing.T) {
	d := &memDedup{keys: map[string]bool{}}
	f := newFixture(t, func(c *longconn.Config) { c.Dedup = d })
	f.start()
	for range 2 {
		r, _ := f.fake.PushMessage(wecomtest.WSMessage{MsgID: "gt-1", ChatType: "group", ChatID: "wrG", UserID: "whistle_g", Text: "@安全助手 举报 某公司夜间违规装卸"})
		fr := f.fake.WaitResponses(wait(t), r, 1)
		if len(fr) != 1 || !strings.Contains(streamOf(t, fr[0]).Stream.Content, "未作任何记录") {
			t.Fatalf("group 举报: %+v", fr)
		}
	}
	for range 2 {
		r, _ := f.fake.PushMessage(wecomtest.WSMessage{MsgID: "pt-1", UserID: "whistle_p", Text: "举报 某码头夜间违规装卸"})
		if fr := f.fake.WaitResponses(wait(t), r, 1); len(fr) != 1 || !strings.Contains(streamOf(t, fr[0]).Stream.Content, "回执码") {
			t.Fatalf("private 举报: %+v", fr)
		}
	}
	d.mu.Lock()
	keys := len(d.keys)
	d.mu.Unlock()
	if keys != 1 {
		t.Fatalf("dedup keys %v, want only the private 举报's", d.keys)
	}
	// The connection's own lines (subscribed) are all the log holds.
	for _, line := range strings.Split(strings.TrimSpace(f.logs.String()), "\n") {
		if !strings.Contains(line, "subscribed") {
			t.Errorf("log line about a 举报: %s", line)
		}
	}
}
