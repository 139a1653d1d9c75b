package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"safetybot"
)

// TestRejectedVerificationOneRule: a report verified into a hazard that is
// then rejected no longer reads as 已查实 anywhere: not to the reporter
// (查询, with no promise of a reward), not in the leaders' 举报统计, which
// counts what the annual summary counts as 属实; lifting the 驳回 restores
// all three. A declined report promises no reward (qa7b #7).
func TestRejectedVerificationOneRule(t *testing.T) {
	f := newTipFixture(t)
	ctx := context.Background()
	f.say("admin", "授权 h1 受理人")
	f.say("admin", "授权 clerk 工作人员")
	f.say("admin", "授权 boss 领导")
	codes := map[string]string{}
	for _, tc := range []struct{ who, body string }{
		{"whistle_a", "城关加油站夜间违规给无牌摩托车加油"},
		{"whistle_b", "客运站安检仪长期不开"},
		{"whistle_c", "听说有人超载"},
	} {
		codes[tc.who] = f.report(tc.who, tc.body)
	}
	tips, err := f.store.Tips(ctx, safetybot.TipFilter{Status: safetybot.TipNew}, "test")
	if err != nil || len(tips) != 3 {
		t.Fatal(tips, err)
	}
	ids := map[string]int64{}
	for _, tp := range tips {
		switch {
		case strings.HasPrefix(tp.Body, "城关"):
			ids["whistle_a"] = tp.ID
		case strings.HasPrefix(tp.Body, "客运站"):
			ids["whistle_b"] = tp.ID
		default:
			ids["whistle_c"] = tp.ID
		}
	}
	var numbers []string
	for _, who := range []string{"whistle_a", "whistle_b"} {
		reply := f.say("h1", fmt.Sprintf("查实 #%d 加油站违规加油，单位：城关加油站，领域：道路运输", ids[who]))
		numbers = append(numbers, hazardNumberRE.FindString(reply))
	}
	f.say("h1", fmt.Sprintf("不予受理 #%d 内容过于笼统，无法核查", ids["whistle_c"]))
	if got := f.say("clerk", "驳回 "+numbers[0]+" 经现场核查不属于隐患"); !strings.Contains(got, "已驳回") {
		t.Fatalf("驳回: %s", got)
	}
	year := func() safetybot.TipYear {
		y, err := f.store.TipsBetween(ctx, "2026-01-01", "2026-12-31")
		if err != nil {
			t.Fatal(err)
		}
		return y
	}
	check := func(stage string, cases []struct {
		who, text string
		want, not []string
	}) {
		t.Helper()
		for _, tc := range cases {
			got := f.say(tc.who, tc.text)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s: %s「%s」lacks %q:\n%s", stage, tc.who, tc.text, w, got)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("%s: %s「%s」says %q:\n%s", stage, tc.who, tc.text, n, got)
				}
			}
		}
	}
	check("after 驳回", []struct {
		who, text string
		want, not []string
	}{
		{"whistle_a", "查询 " + codes["whistle_a"],
			[]string{"举报状态：" + safetybot.TipStatusHazardRejected, "经复核已被驳回", "本举报不再计入查实", "奖励：暂无（登记的隐患已被驳回"},
			[]string{"已查实", "感谢您", "查实后按规定核定", "经现场核查不属于隐患", "clerk"}},
		{"whistle_b", "查询 " + codes["whistle_b"],
			[]string{"举报状态：已查实", "您举报的情况已查实，感谢您。", "奖励：暂无（查实后按规定核定"}, []string{"驳回"}},
		{"whistle_c", "查询 " + codes["whistle_c"],
			[]string{"举报状态：不予受理", "奖励：无（本举报不予受理"}, []string{"查实后按规定核定"}},
		{"boss", "举报统计",
			[]string{"共 3 条", "已查实 1｜不予受理 1｜已办结 0｜查实后被驳回 1", "与年度总结的「属实」同一口径"}, nil},
	})
	if y := year(); y.Verified != 1 || y.VerifiedRejected != 1 {
		t.Errorf("annual after 驳回: %+v", y)
	}
	if got := f.say("clerk", "撤销 "+numbers[0]); !strings.Contains(got, "已撤销") {
		t.Fatalf("撤销: %s", got)
	}
	check("after 撤销", []struct {
		who, text string
		want, not []string
	}{
		{"whistle_a", "查询 " + codes["whistle_a"],
			[]string{"举报状态：已查实", "您举报的情况已查实，感谢您。", "奖励：暂无（查实后按规定核定"}, []string{"驳回"}},
		{"boss", "举报统计", []string{"共 3 条", "已查实 2｜不予受理 1｜已办结 0\n奖励："}, []string{"查实后被驳回"}},
	})
	if y := year(); y.Verified != 2 || y.VerifiedRejected != 0 {
		t.Errorf("annual after 撤销: %+v", y)
	}
}
