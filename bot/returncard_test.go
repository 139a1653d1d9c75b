package bot

import (
	"context"
	"strings"
	"testing"

	"safetybot"
	"safetybot/internal/storetest"
)

// TestReturnedHazardSendsAFreshCard: after 退回 (验收不通过), the
// responsible person gets a fresh 【退回整改】 card to report completion
// again; a click on his first card, whose 整改完成 was pressed before the
// hazard came back, says so instead of reading as if the work were done
// (qa6 B4).
func TestReturnedHazardSendsAFreshCard(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "授权 wang 工作人员 道路运输", nil, nil},
		{"clerk", "上报 客运站候车室灭火器过期 领域:道路运输 单位:县汽车站", nil, nil},
		{"admin", "指派 YH2026-0001 zhangsan 期限:2026-12-31", nil, nil},
	})
	first := f.cardOf("zhangsan", safetybot.CardAssign)
	if got := f.click("zhangsan", first, first.Buttons[1].Key, "rc1"); !strings.Contains(got, "待验收") {
		t.Fatalf("整改完成: %q", got)
	}
	v := f.cardOf("wang", safetybot.CardVerify)
	before := len(f.outboxTo("zhangsan"))
	if got := f.click("wang", v, v.Buttons[1].Key, "rc2"); !strings.Contains(got, "退回整改") {
		t.Fatalf("退回: %q", got)
	}
	if h := f.hazard("YH2026-0001"); h.Status != safetybot.StatusRectifying {
		t.Fatalf("status %s", h.Status)
	}
	// one notice to him, a card with both buttons, saying why
	got := f.outboxTo("zhangsan")[before:]
	if len(got) != 1 || !strings.HasPrefix(got[0], "【退回整改】YH2026-0001（验收未通过，请继续整改：验收不通过，退回整改）") {
		t.Fatalf("zhangsan was told %q", got)
	}
	var fresh *safetybot.Card
	due, err := storetest.PendingOutbox(context.Background(), f.store, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range due {
		if m.Card != nil && m.Card.Kind == safetybot.CardAssign && m.Target == "zhangsan" && m.Card.TaskID != first.TaskID {
			fresh = m.Card
		}
	}
	if fresh == nil || len(fresh.Buttons) != 2 || fresh.Buttons[1].Text != "整改完成" {
		t.Fatalf("fresh card: %+v", fresh)
	}
	// the reporter still hears it as text
	if r := f.outboxTo("clerk"); len(r) == 0 || !strings.Contains(r[len(r)-1], "验收未通过，请继续整改") {
		t.Errorf("reporter was told %q", r)
	}
	for _, tc := range []struct {
		name       string
		card       *safetybot.Card
		want, not  []string
		wantStatus safetybot.Status
	}{
		{name: "the first card", card: first, want: []string{"「整改完成」已点过（已报整改完成 · zhangsan", "回到整改中", "本卡片不再用于报完成", "【退回整改】", "当前状态：整改中"},
			not: []string{"已处理："}, wantStatus: safetybot.StatusRectifying},
		{name: "the fresh card", card: fresh, want: []string{"待验收"}, not: []string{"已处理"}, wantStatus: safetybot.StatusVerifying},
	} {
		got := f.click("zhangsan", tc.card, tc.card.Buttons[1].Key, "rc-"+tc.name)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: reply lacks %q: %s", tc.name, w, got)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: reply says %q: %s", tc.name, n, got)
			}
		}
		if h := f.hazard("YH2026-0001"); h.Status != tc.wantStatus {
			t.Errorf("%s: status %s, want %s", tc.name, h.Status, tc.wantStatus)
		}
	}
}
