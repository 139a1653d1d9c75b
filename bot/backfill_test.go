package bot

import (
	"context"
	"testing"
	"time"

	"safetybot"
)

// Issue 11 §4: duties done before they were recorded are backfilled with a
// day (日期 and its synonyms), counted for that day's period and marked as
// backfilled; a day in the future or before the plan is refused with why.
func TestBackfillWithDate(t *testing.T) {
	f := withDuties(newFixture(t)) // today is 2026-11-28
	ctx := context.Background()
	f.say("admin", "授权 clerk 工作人员")
	f.say("admin", "授权 rail 工作人员 铁路沿线")
	f.converse([]step{
		{user: "clerk", text: "议题 日期:2026-10-28 研究四季度道路运输安全", want: []string{"已补记 2026年10月 局党组安全生产议题", "（补记，实际日期 2026-10-28）", "研究四季度道路运输安全"}},
		{user: "clerk", text: "议题 研究冬季安全生产，研究日期：10月5日", want: []string{"已补记 2026年10月", "该月第 2 项", "实际日期 2026-10-05"}},
		{user: "rail", text: "完成 专班研究 时间:2026-09-15 研究铁路沿线环境整治", want: []string{"已补记2026年9月「铁路沿线专班研究」完成（补记，实际日期 2026-09-15）"}, not: []string{"本期剩余提醒"}},
		{user: "clerk", text: "完成 年度总结 完成日期:今天", want: []string{"已记录2026年「年度总结」完成", "本期剩余提醒不再发送"}, not: []string{"补记"}},
		{user: "clerk", text: "检查 某运输公司 主要负责人带队检查危货车辆 检查日期:2026-08-20", want: []string{"已补记 某运输公司 2026年第3季度 主要负责人带队检查", "实际日期 2026-08-20"}},
		{user: "clerk", text: "议题 日期:2026-12-05 下月的议题", want: []string{"日期 2026-12-05 还没到（今天是 2026-11-28）"}},
		{user: "clerk", text: "完成 半年专题 日期:2023-12-20", want: []string{"日期 2023-12-20 早于方案开始（2024-01-01）"}},
		{user: "clerk", text: "检查 某运输公司 日期:明天 检查", want: []string{"还没到"}},
		{user: "clerk", text: "议题 日期:三十二号 某议题", want: []string{"日期「三十二号」读不懂"}, not: []string{"已记录", "已补记"}},
	})
	for _, tc := range []struct{ duty, period, unit string }{
		{safetybot.DutyPartyTopic, "2026-10", ""},
		{"group_study:railway", "2026-09", ""},
		{safetybot.DutyInspection, "2026-Q3", "某运输公司"},
	} {
		recs, err := f.store.DutyRecords(ctx, tc.duty, tc.period)
		if err != nil || len(recs) == 0 || !recs[0].Backfilled() || recs[0].Unit != tc.unit {
			t.Errorf("%s %s: %+v (%v), want a backfilled record", tc.duty, tc.period, recs, err)
		}
	}
	if recs, _ := f.store.DutyRecords(ctx, safetybot.DutyPartyTopic, "2026-11"); len(recs) != 0 {
		t.Errorf("a backfill of October counted for November: %+v", recs)
	}
	if recs, _ := f.store.DutyRecords(ctx, "annual_summary", "2026"); len(recs) != 1 || recs[0].Backfilled() {
		t.Errorf("日期:今天 is no backfill: %+v", recs)
	}
	// The 完成 list shows a period done only by a backfill as such.
	f.clock.Add(-60 * 24 * time.Hour) // 2026-09-29
	f.converse([]step{{user: "rail", text: "完成", want: []string{"✅ 铁路沿线专班研究（2026年9月）补记 2026-09-15"}}})
}

// Issue 11 §1: 提醒 says which rules are standing and which end with the
// plan; after the plan, 完成 no longer lists campaign-bound duties.
func TestRemindShowsStandingAndCampaign(t *testing.T) {
	f := withDuties(newFixture(t))
	f.say("admin", "授权 clerk 工作人员")
	f.converse([]step{
		{user: "clerk", text: "提醒 全部", want: []string{
			"党组议题·月初｜2026-12-01 09:00｜领导｜常态化",
			"铁路沿线专班研究·月初｜2026-12-01 09:00｜铁路沿线工作专班｜方案期内（至 2026-12-31）",
			"评估报告·10月20日｜已结束｜工作人员｜方案期内",
			"常态化：方案结束后继续提醒",
		}},
	})
	f.clock.Add(40 * 24 * time.Hour) // 2027-01-07
	f.converse([]step{
		{user: "clerk", text: "提醒 全部", want: []string{"党组议题·月初｜2027-02-01 09:00｜领导｜常态化", "铁路沿线专班研究·月初｜已结束"}},
		{user: "clerk", text: "完成", want: []string{"⬜ 党组议题（2027年1月）", "⬜ 高危领域月查（2027年1月）"}, not: []string{"专班研究", "一线督导"}},
	})
}

// QA report item 12: the next plan imported early (--now) has its
// campaign-bound rules begin on its first day; until then 提醒 says when
// they start, not only when they end, so they do not read as running now.
func TestTermText(t *testing.T) {
	campaign := func(from, until safetybot.Date) *safetybot.Rule {
		return &safetybot.Rule{Term: safetybot.TermCampaign, From: from, Until: until}
	}
	tests := []struct {
		name  string
		r     *safetybot.Rule
		today safetybot.Date
		want  string
	}{
		{"standing", &safetybot.Rule{Term: safetybot.TermStanding}, "2026-12-07", "｜常态化"},
		{"running plan", campaign("2024-01-01", "2026-12-31"), "2026-12-07", "｜方案期内（至 2026-12-31）"},
		{"no first day", campaign("", "2026-12-31"), "2026-12-07", "｜方案期内（至 2026-12-31）"},
		{"next plan, imported early", campaign("2027-01-01", "2027-12-31"), "2026-12-07", "｜方案期内（2027-01-01 至 2027-12-31）"},
		{"next plan, first day", campaign("2027-01-01", "2027-12-31"), "2027-01-01", "｜方案期内（至 2027-12-31）"},
		{"no end", campaign("", ""), "2026-12-07", "｜方案期内"},
		{"administrator's rule", &safetybot.Rule{}, "2026-12-07", ""},
	}
	for _, tt := range tests {
		if got := termText(tt.r, tt.today); got != tt.want {
			t.Errorf("%s: termText = %q, want %q", tt.name, got, tt.want)
		}
	}
}
