package bot

import (
	"strings"
	"testing"
)

// TestHazardListMostUrgentFirst: 「隐患」 lists as the dashboard does — an
// overdue 重大 hazard before a newer 一般 one and before a 重大 one not yet
// due — so the first rows a leader reads are the ones to act on.
func TestHazardListMostUrgentFirst(t *testing.T) {
	f := newFixture(t)
	f.say("admin", "上报 重大隐患已逾期 领域:道路运输 等级:重大 期限:2026-11-20")
	f.say("admin", "上报 重大隐患未到期 领域:道路运输 等级:重大 期限:2026-12-20")
	f.say("admin", "上报 一般隐患最新 领域:道路运输 等级:一般")
	got := f.say("admin", "隐患")
	overdue := strings.Index(got, "重大隐患已逾期")
	due := strings.Index(got, "重大隐患未到期")
	general := strings.Index(got, "一般隐患最新")
	if overdue < 0 || due < 0 || general < 0 || !(overdue < due && due < general) {
		t.Fatalf("want the overdue 重大, then the 重大 not yet due, then the 一般:\n%s", got)
	}
}
