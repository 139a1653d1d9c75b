package bot

import (
	"strings"
	"testing"
	"time"
)

// QA6a item 13: 提醒 shows a duty's rule whose period is registered done
// at its first reminder in a period that is not, and 摘要 lists a duty
// whose own deadline passed unregistered until it is registered.
func TestRemindAndDigestFollowDuties(t *testing.T) {
	f := withDuties(newFixture(t)) // 2026-11-28, the day the system began
	f.say("admin", "授权 clerk 工作人员")
	f.say("admin", "授权 leader 领导")
	f.clock.Add(7 * 24 * time.Hour) // 2026-12-05: 年度总结 was due 12-03
	for _, tc := range []struct {
		user, text string
		want, not  []string
	}{
		{"clerk", "提醒 全部", []string{"#2 党组议题·20日｜2026-12-18 09:00｜领导"}, []string{"已登记完成"}},
		{"leader", "摘要", []string{"逾期未登记职责 1 项", "> 年度总结（2026年，2026-12-03截止，逾期2天）"}, nil},
		{"clerk", "议题 研究冬季道路运输安全", []string{"本月第 1 项"}, nil},
		{"clerk", "提醒 全部", []string{
			"党组议题·20日｜2027-01-20 09:00（2026年12月已登记完成）｜领导",
			"党组议题·月末｜2027-01-3", "（2026年12月已登记完成）｜领导",
		}, []string{"党组议题·20日｜2026-12-18"}},
		{"clerk", "提醒", nil, []string{"党组议题·20日"}}, // no longer among the next 15
		{"clerk", "完成 专班研究 铁路沿线 研究沿线环境", []string{"已记录"}, nil},
		{"clerk", "提醒 全部", []string{"铁路沿线专班研究·月末｜已登记完成（2026年12月）｜"}, nil}, // the plan ends on 12-31
		{"clerk", "完成 年度总结 日期:12月2日 已报送", []string{"已补记"}, nil},
		{"leader", "摘要", nil, []string{"逾期未登记职责", "年度总结"}},
	} {
		got := f.say(tc.user, tc.text)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q\nreply %s\nwant %q", tc.user, tc.text, got, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(got, w) {
				t.Errorf("%s: %q\nreply %s\nwant no %q", tc.user, tc.text, got, w)
			}
		}
	}
}

// QA7a item 9: 完成 keeps listing a duty past its own deadline and not
// registered (年度总结 due 12-03) with how late it is, as 摘要 does, until
// it is registered; a one-off registered and past its deadline leaves the
// list. QA9 #3: a deadline before the system began (评估报告 due 10-20,
// 安全生产月 06-30, on a system begun 11-28) is not missed: 摘要 leaves it
// out, and 完成, which lists it, does not call it late either.
func TestDoneListKeepsLateDuties(t *testing.T) {
	f := withDuties(newFixture(t)) // 2026-11-28, the day the system began
	f.say("admin", "授权 clerk 工作人员")
	f.say("admin", "授权 leader 领导")
	f.clock.Add(10 * 24 * time.Hour) // 2026-12-08
	for _, tc := range []struct {
		user, text string
		want, not  []string
	}{
		{"clerk", "完成", []string{
			"⬜ 评估报告（2026-10-20截止，在系统启用前，不计逾期）",
			"⬜ 安全生产月（2026年，2026-06-30截止，在系统启用前，不计逾期）",
			"⬜ 年度总结（2026年，2026-12-03截止，逾期5天）",
			"⬜ 党组议题（2026年12月）",
		}, []string{"逾期49天", "逾期161天"}},
		{"leader", "摘要", []string{"逾期未登记职责 1 项", "> 年度总结（2026年，2026-12-03截止，逾期5天）"}, []string{"评估报告", "安全生产月"}},
		{"clerk", "完成 评估报告 日期:2026-10-19 已报送", []string{"已补记「评估报告」"}, nil},
		{"clerk", "完成 年度总结 日期:12月2日 已报送", []string{"已补记"}, nil},
		{"clerk", "完成", []string{"✅ 年度总结（2026年）补记 2026-12-02", "⬜ 安全生产月（2026年，2026-06-30截止，在系统启用前，不计逾期）"}, []string{"评估报告", "，逾期"}},
		{"leader", "摘要", nil, []string{"逾期未登记职责"}},
	} {
		got := f.say(tc.user, tc.text)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q\nreply %s\nwant %q", tc.user, tc.text, got, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(got, w) {
				t.Errorf("%s: %q\nreply %s\nwant no %q", tc.user, tc.text, got, w)
			}
		}
	}
}
