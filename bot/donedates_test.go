package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// QA6a item 10: the day a duty was done is written the way people speak of
// a past day; a deadline (期限) still reads none of these words.
func TestParseDoneDate(t *testing.T) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai) // a Saturday
	for _, tc := range []struct{ in, want string }{
		{"昨天", "2026-11-27"},
		{"昨天下午", "2026-11-27"},
		{"昨日", "2026-11-27"},
		{"前天", "2026-11-26"},
		{"大前天", "2026-11-25"},
		{"上周五", "2026-11-20"},
		{"上星期三", "2026-11-18"},
		{"上个礼拜一", "2026-11-16"},
		{"上上周五", "2026-11-13"},
		{"周五", "2026-11-27"},     // the latest Friday, not the coming one
		{"星期六", "2026-11-28"},    // today
		{"本周一", "2026-11-23"},    // as parseDate reads it
		{"上个月15日", "2026-10-15"}, // the tester's words
		{"上月5号", "2026-10-05"},
		{"上月底", "2026-10-31"},
		{"去年12月20日", "2025-12-20"},
		{"去年底", "2025-12-31"},
		{"2026-09-28", "2026-09-28"},
		{"11月15日", "2026-11-15"},
		{"今天", "2026-11-28"},
		{"上月31日", "2026-10-31"},
		{"上周八", "-"},
		{"前年", "-"},
		{"上个月", "-"},
	} {
		got, err := parseDoneDate(tc.in, now)
		switch {
		case tc.want == "-" && err == nil:
			t.Errorf("parseDoneDate(%q) = %s, want an error", tc.in, got)
		case tc.want == "" || tc.want == "-":
		case err != nil || string(got) != tc.want:
			t.Errorf("parseDoneDate(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, past := range []string{"昨天", "前天", "上周五", "上个月15日", "去年12月20日"} {
		if d, err := parseDate(past, now); err == nil {
			t.Errorf("a deadline reads %q as %s; 期限 must not take a past word", past, d)
		}
	}
}

// QA6a item 1: a date label written without a colon is read as 日期, or
// taken so that doneOn says it could not read it; never left in the note.
func TestReadBareDateLabel(t *testing.T) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	fs := fields("日期")
	for _, tc := range []struct{ in, date, text string }{
		{"顺达客运 检查日期2026-09-28 总经理带队检查车辆", "2026-09-28", "顺达客运 总经理带队检查车辆"},
		{"会议日期11月28日 研究四季度道路运输安全", "11月28日", "研究四季度道路运输安全"},
		{"铁路沿线 研究日期 11月15日 研究铁路沿线环境整治", "11月15日", "铁路沿线 研究铁路沿线环境整治"},
		{"研究冬季安全生产，议题日期上周五", "上周五", "研究冬季安全生产"},
		{"日期 昨天 研究冬季安全", "昨天", "研究冬季安全"},
		{"总经理带队，检查日期2026-09-28", "2026-09-28", "总经理带队"},
		{"复查上次检查日期9月28日发现的问题", "", "复查上次检查日期9月28日发现的问题"}, // glued: another day spoken of
		{"研究 日期 待定", "待定", "研究"},                         // taken: doneOn says 读不懂
		{"研究 时间11月15日", "11月15日", "研究"},                  // 时间 with a date
		{"时间紧 任务重", "", "时间紧 任务重"},                       // 时间 without one is text
		{"核对车辆年审日期", "", "核对车辆年审日期"},                     // glued and no date: text
		{"检查日期:2026-08-20 检查", "2026-08-20", "检查"},       // with a colon, as before
	} {
		a := readArgs(tc.in, fs, now)
		if a.Fields["日期"] != tc.date || a.Text != tc.text {
			t.Errorf("readArgs(%q): 日期 %q, text %q; want %q, %q", tc.in, a.Fields["日期"], a.Text, tc.date, tc.text)
		}
	}
}

// QA6a items 1 and 10 through the engine: the record lands in the period
// of the day written, and a date that cannot be read records nothing.
func TestBackfillDateAsWritten(t *testing.T) {
	f := withDuties(newFixture(t)) // today is Saturday 2026-11-28
	ctx := context.Background()
	f.say("admin", "授权 clerk 工作人员")
	f.say("admin", "授权 rail 工作人员 铁路沿线")
	for _, tc := range []struct {
		user, text, want string
		duty, period     string // the record expected; "" for none
		on               safetybot.Date
	}{
		{"clerk", "检查 顺达客运 检查日期2026-09-28 总经理带队检查车辆", "已补记 顺达客运 2026年第3季度", safetybot.DutyInspection, "2026-Q3", "2026-09-28"},
		{"clerk", "议题 会议日期10月28日 研究四季度道路运输安全", "已补记 2026年10月", safetybot.DutyPartyTopic, "2026-10", "2026-10-28"},
		{"rail", "完成 专班研究 铁路沿线 研究日期 9月15日 研究铁路沿线环境整治", "已补记2026年9月「铁路沿线专班研究」", "group_study:railway", "2026-09", "2026-09-15"},
		{"clerk", "完成 安全生产月 日期:昨天", "实际日期 2026-11-27", "safety_month", "2026", "2026-11-27"},
		{"clerk", "议题 日期：上个月15日 研究冬季安全", "实际日期 2026-10-15", safetybot.DutyPartyTopic, "2026-10", "2026-10-15"},
		{"clerk", "议题 日期:上周五 研究除雪保畅", "实际日期 2026-11-20", safetybot.DutyPartyTopic, "2026-11", "2026-11-20"},
		{"clerk", "议题 日期:前天 研究冬季道路", "实际日期 2026-11-26", safetybot.DutyPartyTopic, "2026-11", "2026-11-26"},
		{"clerk", "议题 研究道路运输安全 会议日期 待定", "日期「待定」读不懂", "", "", ""},
		{"clerk", "检查 顺达客运 检查日期九月底左右 检查", "读不懂", "", "", ""},
	} {
		got := f.say(tc.user, tc.text)
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q\nreply %s\nwant %q", tc.user, tc.text, got, tc.want)
		}
		if tc.duty == "" {
			continue
		}
		recs, err := f.store.DutyRecords(ctx, tc.duty, tc.period)
		if err != nil || len(recs) == 0 || recs[len(recs)-1].On != tc.on {
			t.Errorf("%q: records of %s %s are %+v (%v), want the last on %s", tc.text, tc.duty, tc.period, recs, err, tc.on)
		}
	}
	for _, p := range []struct{ duty, period string }{{safetybot.DutyInspection, "2026-Q4"}, {safetybot.DutyPartyTopic, "2026-12"}} {
		if recs, _ := f.store.DutyRecords(ctx, p.duty, p.period); len(recs) != 0 {
			t.Errorf("%s %s has %+v; every record here was of another period", p.duty, p.period, recs)
		}
	}
}
