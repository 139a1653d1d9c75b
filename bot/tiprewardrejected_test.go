package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"safetybot"
)

// TestRewardOfARejectedHazardIsNowherePending: a reward recorded 待审核 (or
// 已批准) on a report whose hazard staff then reject (重复上报) is suspended
// by one rule (Tip.RewardShown): the reporter's 查询 reads 暂无 with the
// reason, the handlers' list and detail say 已暂停, and 举报统计 counts it
// apart from 待审核 and 已批准 (qa13 #1). 撤销 of the 驳回 restores it.
func TestRewardOfARejectedHazardIsNowherePending(t *testing.T) {
	for _, reward := range []string{"待审核", "已批准"} {
		t.Run(reward, func(t *testing.T) {
			f := newTipFixture(t)
			ctx := context.Background()
			f.say("admin", "授权 sl 受理人")
			f.say("admin", "授权 zhang 工作人员")
			f.say("admin", "授权 boss 领导")
			code := f.report("wb2", "顺达客运驾驶员酒后驾驶大客车")
			tips, err := f.store.Tips(ctx, safetybot.TipFilter{}, "test")
			if err != nil || len(tips) != 1 {
				t.Fatal(tips, err)
			}
			id := tips[0].ID
			number := hazardNumberRE.FindString(f.say("sl", fmt.Sprintf("查实 %d 驾驶员酒驾 单位：顺达客运 领域：道路运输", id)))
			if got := f.say("sl", fmt.Sprintf("奖励 %d 3000 待审核", id)); !strings.Contains(got, "待审核 3,000 元") {
				t.Fatalf("奖励: %s", got)
			}
			if reward == "已批准" {
				if got := f.say("sl", fmt.Sprintf("奖励 %d 已批准", id)); !strings.Contains(got, "已批准 3,000 元") {
					t.Fatalf("已批准: %s", got)
				}
			}
			before := len(f.outboxTo("sl"))
			if got := f.say("zhang", "驳回 "+number+" 重复上报"); !strings.Contains(got, "已驳回") {
				t.Fatalf("驳回: %s", got)
			}
			if told := f.outboxTo("sl")[before:]; len(told) != 1 || !strings.Contains(told[0], "奖励随之暂停") {
				t.Errorf("the handler was told %q", told)
			}
			for _, tc := range []struct {
				who, say  string
				want, not []string
			}{
				{"wb2", "查询 " + code, []string{"举报状态：查实后被驳回", "奖励：暂无（登记的隐患已被驳回"}, []string{"待审核", "已批准", "拟 3,000"}},
				{"sl", "受理 全部", []string{"查实后被驳回 奖励已暂停"}, []string{"待审核", "已批准", "已查实"}},
				{"sl", fmt.Sprintf("受理 %d", id), []string{"｜查实后被驳回｜", "奖励：已暂停（原记录 " + reward + " 3,000 元", "「撤销 " + number + "」", fmt.Sprintf("「奖励 %d 不予奖励」", id)}, nil},
				{"boss", "举报统计", []string{"待审核 0｜已批准 0｜", "已暂停 1"}, nil},
			} {
				got := f.say(tc.who, tc.say)
				for _, w := range tc.want {
					if !strings.Contains(got, w) {
						t.Errorf("%s lacks %q:\n%s", tc.say, w, got)
					}
				}
				for _, n := range tc.not {
					if strings.Contains(got, n) {
						t.Errorf("%s says %q:\n%s", tc.say, n, got)
					}
				}
			}
			// lifted: the recorded reward stands again
			f.say("zhang", "撤销 "+number)
			if got := f.say("wb2", "查询 "+code); !strings.Contains(got, "奖励："+reward) {
				t.Errorf("after 撤销:\n%s", got)
			}
		})
	}
}
