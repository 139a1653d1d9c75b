package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"safetybot"
)

// TestVerifiedTipWhoseHazardIsRejected: a report verified into a hazard
// that staff then reject (不属于隐患) no longer counts as verified in the
// year's figures, the handlers are told (only they may tell the reporter),
// and 受理 shows the rejection beside 已查实为隐患 (qa6 B3). Lifting the
// 驳回 counts it again. A rejection of a hazard no report was verified into
// tells no handler.
func TestVerifiedTipWhoseHazardIsRejected(t *testing.T) {
	f := newTipFixture(t)
	ctx := context.Background()
	f.say("admin", "授权 h1 受理人")
	f.say("admin", "授权 clerk 工作人员")
	for i, body := range []string{"城关加油站夜间违规给无牌摩托车加油", "客运站安检仪长期不开"} {
		f.report(fmt.Sprintf("whistle_%d", i), body)
	}
	tips, err := f.store.Tips(ctx, safetybot.TipFilter{Status: safetybot.TipNew}, "test")
	if err != nil || len(tips) != 2 {
		t.Fatal(tips, err)
	}
	var numbers []string
	for _, tp := range tips {
		reply := f.say("h1", fmt.Sprintf("查实 #%d 加油站违规加油，单位：城关加油站，领域：道路运输", tp.ID))
		numbers = append(numbers, hazardNumberRE.FindString(reply))
	}
	year := func() safetybot.TipYear {
		y, err := f.store.TipsBetween(ctx, "2026-01-01", "2026-12-31")
		if err != nil {
			t.Fatal(err)
		}
		return y
	}
	if y := year(); y.Verified != 2 || y.VerifiedRejected != 0 {
		t.Fatalf("before: %+v", y)
	}
	before := len(f.outboxTo("h1"))
	if got := f.say("clerk", "驳回 "+numbers[0]+" 经现场核查不属于隐患"); !strings.Contains(got, "已驳回") {
		t.Fatalf("驳回: %s", got)
	}
	told := f.outboxTo("h1")[before:]
	if len(told) != 1 || !strings.Contains(told[0], "【查实的隐患被驳回】隐患 "+numbers[0]) ||
		!strings.Contains(told[0], safetybot.TipRef(tips[0].ID)) || !strings.Contains(told[0], "经现场核查不属于隐患") {
		t.Fatalf("handlers were told %q", told)
	}
	if y := year(); y.Verified != 1 || y.VerifiedRejected != 1 {
		t.Errorf("after 驳回: %+v", y)
	}
	for _, tc := range []struct {
		id        int64
		want, not string
	}{
		{id: tips[0].ID, want: "已查实为隐患 " + numbers[0] + "（该隐患已于 11-28 被 clerk 驳回：经现场核查不属于隐患；本举报不再计入查实数"},
		{id: tips[1].ID, want: "已查实为隐患 " + numbers[1] + "\n", not: "驳回"},
	} {
		got := f.say("h1", fmt.Sprintf("受理 %d", tc.id))
		if !strings.Contains(got, tc.want) || tc.not != "" && strings.Contains(got, tc.not) {
			t.Errorf("受理 %d:\n%s", tc.id, got)
		}
	}
	// lifted: it counts again
	if got := f.say("clerk", "撤销 "+numbers[0]); !strings.Contains(got, "已撤销") {
		t.Fatalf("撤销: %s", got)
	}
	if y := year(); y.Verified != 2 || y.VerifiedRejected != 0 {
		t.Errorf("after 撤销: %+v", y)
	}
	// a hazard no report was verified into: no handler hears of its 驳回
	f.say("clerk", "上报 路灯不亮 领域:公路运营")
	before = len(f.outboxTo("h1"))
	f.say("clerk", "驳回 YH2026-0003 重复上报")
	if got := f.outboxTo("h1")[before:]; len(got) != 0 {
		t.Errorf("handlers told of an unrelated 驳回: %q", got)
	}
}
