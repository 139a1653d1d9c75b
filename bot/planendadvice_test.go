package bot

import (
	"testing"
	"time"

	"safetybot"
)

// QA6c item 12: 方案 kept saying "方案到期：2026-12-08 提醒管理员导入下一期
// 方案" in 2027, after the reminder was sent and the plan had ended. The
// line follows the day: the reminder to come, the reminder sent, the plan
// ended with no next plan imported.
func TestPlanEndAdviceFollowsTheDay(t *testing.T) {
	f := newFixture(t)
	f.clock.Set(time.Date(2026, 12, 7, 15, 0, 0, 0, safetybot.Shanghai)) // started after 12-01: reminded on 12-08
	withPlanEnd(withDuties(f))
	f.say("admin", "授权 zhaoke 工作人员")
	stale := "方案到期：2026-12-08 提醒"
	// What an operator types (README: safetybot plan import), dated before
	// the end, when importing the next plan would be refused.
	cmd := "safetybot plan import <方案文件>"
	dated := "（新方案开始当天或之后运行 " + cmd + "）"
	for _, tc := range []struct {
		name      string
		at        time.Time
		want, not []string
	}{
		{"before the reminder", time.Date(2026, 12, 7, 16, 0, 0, 0, safetybot.Shanghai),
			[]string{"方案到期：2026-12-08 提醒管理员导入下一期方案" + dated + "或确认", "完成 方案到期"}, []string{"已于", "已结束", "（plan import）"}},
		{"reminder day, before 9:00", time.Date(2026, 12, 8, 8, 0, 0, 0, safetybot.Shanghai),
			[]string{"方案到期：2026-12-08 提醒管理员", dated}, []string{"已于", "（plan import）"}},
		{"reminder sent", time.Date(2026, 12, 20, 10, 0, 0, 0, safetybot.Shanghai),
			[]string{"方案到期：已于 2026-12-08 提醒管理员导入下一期方案" + dated, "尚未确认", "完成 方案到期"}, []string{stale, "（plan import）"}},
		{"plan ended, none imported", time.Date(2027, 1, 4, 10, 0, 0, 0, safetybot.Shanghai),
			[]string{"方案已于 2026-12-31 结束，尚未导入下一期方案", "（" + cmd + "）", "完成 方案到期"}, []string{stale, "已于 2026-12-08", "开始当天"}},
		{"still nothing in September", time.Date(2027, 9, 15, 10, 0, 0, 0, safetybot.Shanghai),
			[]string{"方案已于 2026-12-31 结束"}, []string{stale}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.clock.Set(tc.at)
			f.converse([]step{{user: "zhaoke", text: "方案", want: tc.want, not: tc.not}})
		})
	}
}
