package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"safetybot"
)

// TestTipRewardOnlyWhenVerified: a reward is recorded only on a report that
// counts as verified (safetybot.Tip.CountsVerified). One not yet verified,
// or verified into a hazard that was then rejected (查实后被驳回), is
// refused with its state and the way on, and nothing is stored; 不予奖励
// still closes the rejected one, and lifting the 驳回 allows a reward again.
func TestTipRewardOnlyWhenVerified(t *testing.T) {
	f := newTipFixture(t)
	ctx := context.Background()
	f.say("admin", "授权 h1 受理人")
	f.say("admin", "授权 clerk 工作人员")
	f.report("whistle_a", "城关加油站夜间违规给无牌摩托车加油")
	f.report("whistle_b", "客运站安检仪长期不开，旅客行李不过检")
	tips, err := f.store.Tips(ctx, safetybot.TipFilter{}, "test")
	if err != nil || len(tips) != 2 {
		t.Fatal(tips, err)
	}
	a, b := tips[0].ID, tips[1].ID
	if strings.HasPrefix(tips[1].Body, "城关") {
		a, b = b, a
	}
	number := hazardNumberRE.FindString(f.say("h1", fmt.Sprintf("查实 %d 加油站违规给无牌摩托车加油 单位:城关加油站 领域:道路运输", a)))
	if number == "" {
		t.Fatal("查实 gave no hazard number")
	}
	if got := f.say("clerk", "驳回 "+number+" 经现场核查不属于隐患"); !strings.Contains(got, "已驳回") {
		t.Fatalf("驳回: %s", got)
	}
	for _, c := range []struct {
		name, text string
		want, not  []string
	}{
		{"rejected, 待审核", fmt.Sprintf("奖励 %d 罚款:100000 待审核", a),
			[]string{"「查实后被驳回」", number + " 经复核已被驳回", "不能记录奖励", "「撤销 " + number + "」", fmt.Sprintf("「奖励 %d 不予奖励」", a)}, []string{"15,000"}},
		{"rejected, amount", fmt.Sprintf("奖励 %d 5000 已批准", a), []string{"「查实后被驳回」", "不能记录奖励"}, []string{"已批准 5,000"}},
		{"rejected, 受理 offers 不予奖励 only", fmt.Sprintf("受理 %d", a),
			[]string{fmt.Sprintf("「奖励 %d 不予奖励」", a)}, []string{"罚款:<罚款金额>"}},
		{"not verified", fmt.Sprintf("奖励 %d 罚款:100000 待审核", b),
			[]string{"「待受理」", "尚未查实", fmt.Sprintf("「查实 %d <隐患描述>", b)}, []string{"15,000"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := f.say("h1", c.text)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s: %q lacks %q", c.text, got, w)
				}
			}
			for _, n := range c.not {
				if strings.Contains(got, n) {
					t.Errorf("%s: %q says %q", c.text, got, n)
				}
			}
		})
	}
	for _, id := range []int64{a, b} {
		tip, err := f.store.ChangeTip(ctx, id, "test", func(t *safetybot.Tip) (safetybot.TipChange, error) {
			return safetybot.TipChange{}, safetybot.Errorf(safetybot.ECONFLICT, "read only")
		})
		if err == nil || tip.Reward != safetybot.RewardNone || tip.RewardYuan != 0 {
			t.Errorf("report %d: a refused reward was stored: %+v", id, tip)
		}
	}
	if got := f.say("clerk", "撤销 "+number); !strings.Contains(got, "已撤销") {
		t.Fatalf("撤销: %s", got)
	}
	if got := f.say("h1", fmt.Sprintf("奖励 %d 罚款:100000 待审核", a)); !strings.Contains(got, "待审核 15,000 元") {
		t.Errorf("after 撤销 the reward is refused: %s", got)
	}
}
