package wecom_test

import (
	"safetybot/internal/testkit"
	"strings"
	"testing"
)

// TestGroupTipRefusedWithoutRecord: a 举报 @-mentioning the robot in a group
// is refused with "未作任何记录", and indeed nothing is recorded: no
// deduplication row (not even its HMAC), no log line; a retry is refused
// the same way without running anything that records. An ordinary group
// message is still recorded once.
func TestGroupTipRefusedWithoutRecord(t *testing.T) {
	e := newEnv(t, 0)
	rows := func() int {
		var n int
		if err := testkit.RawDB(t, e.store.File()).QueryRow("SELECT count(*) FROM wecom_inbound").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for range 2 { // the message and WeCom's retry
		r := must(t)(e.aibot.SendGroupText("wrGroupTip", "whistle_g", "grp-tip-1", "@安全助手 举报 某公司夜间违规装卸", ""))
		if r.Status != 200 || !strings.Contains(r.Content, "未作任何记录") {
			t.Fatalf("group 举报: %+v", r)
		}
	}
	if n := rows(); n != 0 {
		t.Fatalf("a refused group 举报 left %d dedup rows", n)
	}
	if logs := e.logs.String(); logs != "" {
		t.Fatalf("a refused group 举报 was logged:\n%s", logs)
	}
	must(t)(e.aibot.SendGroupText("wrGroupTip", "lisi", "grp-help-1", "@安全助手 帮助", ""))
	if n := rows(); n != 1 {
		t.Fatalf("an ordinary group message left %d dedup rows, want 1", n)
	}
}
