package wecom_test

import (
	"fmt"
	"strings"
	"testing"

	"safetybot/internal/testkit"
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
	// 举报 itself, and tips written otherwise (fix9-8 #1), which the group
	// was answered as an unknown command quoting the accusation back.
	for i, text := range []string{"@安全助手 举报 某公司夜间违规装卸", "@安全助手 我要匿名举报测试码头老板逼司机超载",
		"@安全助手 #举报 某公司夜间违规装卸", "@安全助手 举 报 某公司夜间违规装卸", "@安全助手 投诉：某公司夜间违规装卸"} {
		for range 2 { // the message and WeCom's retry
			r := must(t)(e.aibot.SendGroupText("wrGroupTip", "whistle_g", fmt.Sprintf("grp-tip-%d", i), text, ""))
			if r.Status != 200 || !strings.Contains(r.Content, "未作任何记录") || strings.Contains(r.Content, "违规装卸") || strings.Contains(r.Content, "逼司机") {
				t.Fatalf("group %q: %+v", text, r)
			}
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
