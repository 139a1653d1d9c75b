package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"safetybot"
)

// TestVerifyIntoRejectedHazardRefused: QA10 #15. 查实 <举报> 隐患:<编号>
// naming a hazard already rejected (驳回) was accepted and invited 奖励 …
// 待审核, which 奖励 then refused as 查实后被驳回. It is refused with the
// reason, and the report stays as it was; a standing hazard links.
func TestVerifyIntoRejectedHazardRefused(t *testing.T) {
	f := newTipFixture(t)
	ctx := context.Background()
	f.say("admin", "授权 h1 受理人")
	f.say("admin", "授权 clerk 工作人员")
	f.report("whistle_1", "城关加油站夜间违规给无牌摩托车加油")
	tips, err := f.store.Tips(ctx, safetybot.TipFilter{Status: safetybot.TipNew}, "test")
	if err != nil || len(tips) != 1 {
		t.Fatal(tips, err)
	}
	id := tips[0].ID
	rejected := hazardNumberRE.FindString(f.say("clerk", "上报 加油站违规加油，单位：城关加油站，领域：道路运输"))
	standing := hazardNumberRE.FindString(f.say("clerk", "上报 客运站安检仪长期不开，单位：县汽车站，领域：道路运输"))
	if got := f.say("clerk", "驳回 "+rejected+" 经现场核查不属于隐患"); !strings.Contains(got, "已驳回") {
		t.Fatalf("驳回: %s", got)
	}
	for _, tc := range []struct {
		text      string
		want, not []string
		status    safetybot.TipStatus
	}{
		{fmt.Sprintf("查实 %d 隐患:%s", id, rejected),
			[]string{"隐患 " + rejected + " 已于", "被 clerk 驳回", "经现场核查不属于隐患", "未作处理", "撤销 " + rejected},
			[]string{"已查实", "奖励"}, safetybot.TipNew},
		{fmt.Sprintf("查实 %d 隐患:%s", id, standing), []string{"已查实", "已关联隐患 " + standing}, nil, safetybot.TipVerified},
	} {
		got := f.say("h1", tc.text)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%q\nreply %s\nwant %q", tc.text, got, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(got, w) {
				t.Errorf("%q\nreply %s\nmust not say %q", tc.text, got, w)
			}
		}
		tips, err := f.store.Tips(ctx, safetybot.TipFilter{Status: tc.status}, "test")
		if err != nil || len(tips) != 1 || tips[0].ID != id {
			t.Errorf("%q: tips %s %v, want the report", tc.text, tc.status, err)
		}
	}
}
