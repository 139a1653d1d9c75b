package wecom_test

import (
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

var receiptCode = regexp.MustCompile(`\d{4} \d{4} \d{4} \d{4}`)

// TestDedupIsScopedToTheSender: user A sends 举报 with MsgId X, then user B
// sends 帮助 with the same MsgId X (ids are only unique per sender, and a
// forger may reuse one). B must get B's own answer, never A's reply with its
// receipt code; after a restart (empty memory, keyed hashes in the
// database) B's message is still B's, and A's retry is still a duplicate.
// The same holds on the intelligent robot's callback.
func TestDedupIsScopedToTheSender(t *testing.T) {
	e := newEnv(t, 0)
	const x = "7400000000000000001"
	a := must(t)(e.app.SendText("whistle_a", x, "举报 某运输公司夜间超载运输危化品"))
	code := receiptCode.FindString(a.Content)
	if code == "" {
		t.Fatalf("A's 举报: %q", a.Content)
	}
	b := must(t)(e.app.SendText("user_b", x, "帮助"))
	if b.ToUser != "user_b" || strings.Contains(b.Content, code) || !strings.Contains(b.Content, "上报") {
		t.Fatalf("B with A's MsgId got %+v", b)
	}
	// A's retry still gets A's answer.
	if again := must(t)(e.app.SendText("whistle_a", x, "举报 某运输公司夜间超载运输危化品")); again.Content != a.Content {
		t.Fatalf("A's retry: %q, want %q", again.Content, a.Content)
	}

	// Robot: same rule.
	ra := must(t)(e.aibot.SendSingleText("whistle_a", "ai-x", "举报 某码头夜间违规装卸", ""))
	rb := must(t)(e.aibot.SendSingleText("user_b", "ai-x", "帮助", ""))
	rcode := receiptCode.FindString(ra.Content)
	if rcode == "" || strings.Contains(rb.Content, rcode) || !strings.Contains(rb.Content, "上报") {
		t.Fatalf("robot: A %q, B %q", ra.Content, rb.Content)
	}

	// Restart: only the keyed hashes in the database remain.
	srv := httptest.NewServer(e.mux(t.Context()))
	defer srv.Close()
	e.app.URL, e.aibot.URL = srv.URL+"/wecom/callback", srv.URL+"/wecom/aibot"
	calls := e.engine.calls.Load()
	if r := must(t)(e.app.SendText("whistle_a", x, "举报 某运输公司夜间超载运输危化品")); !r.Empty {
		t.Fatalf("A's retry after a restart: %+v", r)
	}
	if r := must(t)(e.app.SendText("user_b", x, "帮助")); !r.Empty {
		t.Fatalf("B's retry after a restart: %+v", r)
	}
	if e.engine.calls.Load() != calls {
		t.Fatalf("retries after a restart ran the engine")
	}
	c := must(t)(e.app.SendText("user_c", x, "帮助"))
	if c.ToUser != "user_c" || strings.Contains(c.Content, code) || !strings.Contains(c.Content, "上报") {
		t.Fatalf("C with the same MsgId after a restart got %+v", c)
	}
	rc := must(t)(e.aibot.SendSingleText("user_c", "ai-x", "帮助", ""))
	if strings.Contains(rc.Content, rcode) || !strings.Contains(rc.Content, "上报") {
		t.Fatalf("robot C after a restart: %q", rc.Content)
	}
	if b.Content == a.Content || rb.Content == ra.Content {
		t.Fatal("another user got A's reply")
	}
}
