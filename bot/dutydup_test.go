package bot

import (
	"context"
	"maps"
	"strings"
	"testing"

	"safetybot"
)

// QA6a item 3: one meeting registered twice (same duty, day and subject,
// whoever sends it) and an empty 完成 党组议题 do not add to what the
// year-end summary counts; another subject, another day or another unit
// does.
func TestDutyRecordedOnce(t *testing.T) {
	f := withDuties(newFixture(t)) // today is 2026-11-28
	ctx := context.Background()
	f.say("admin", "授权 clerk 工作人员")
	f.say("admin", "授权 leader 领导")
	for _, tc := range []struct {
		user, text string
		want       string
		added      bool // a record was stored
	}{
		{"clerk", "议题 研究冬季道路运输安全", "本月第 1 项", true},
		{"clerk", "完成 党组议题", "请写明研究的安全生产议题", false},
		{"leader", "议题 研究冬季道路运输安全", "未重复登记：", false},
		{"leader", "议题 研究 冬季道路运输安全。", "未重复登记：", false},
		{"clerk", "完成 党组议题 研究冬季道路运输安全", "未重复登记：", false},
		{"clerk", "议题 研究危货运输专项整治", "本月第 2 项", true},
		{"leader", "议题 研究G5高速冬季安全", "本月第 3 项", true},
		{"clerk", "议题 研究g5高速冬季安全", "未重复登记：", false}, // QA7a item 4: ASCII case
		{"clerk", "议题 研究Ｇ５高速冬季安全", "未重复登记：", false},
		{"clerk", "议题 研究冬季道路运输安全 日期:11月5日", "该月第 4 项", true}, // another day: another meeting
		{"clerk", "议题 日期:11月5日 研究冬季道路运输安全", "未重复登记：", false},
		{"clerk", "检查 某运输公司 总经理带队检查车辆", "本季度第 1 次", true},
		{"clerk", "检查 某运输公司 总经理带队检查车辆", "未重复登记：", false},
		{"clerk", "检查 另一运输公司 总经理带队检查车辆", "本季度第 1 次", true},
		{"clerk", "检查 某运输公司 检查危货车辆动态监控", "本季度第 2 次", true},
		{"clerk", "完成 年度总结", "已记录2026年「年度总结」完成", true},
		{"clerk", "完成 年度总结", "未重复登记：", false},
	} {
		before := dutyTotal(t, f)
		got := f.say(tc.user, tc.text)
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q\nreply %s\nwant %q", tc.user, tc.text, got, tc.want)
		}
		if added := dutyTotal(t, f) > before; added != tc.added {
			t.Errorf("%s: %q stored a record: %v, want %v", tc.user, tc.text, added, tc.added)
		}
	}
	counts, err := f.store.DutyCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts {
		if c.Duty == safetybot.DutyPartyTopic && c.Period == "2026-11" && c.N != 4 {
			t.Errorf("November counts %d topics, want 4 (three meetings on the 28th, one on the 5th)", c.N)
		}
	}
}

// dutyTotal is how many duty records the store holds.
func dutyTotal(t *testing.T, f *fixture) int {
	t.Helper()
	counts, err := f.store.DutyCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range counts {
		n += c.N
	}
	return n
}

// TestSameMeetingDateInContent: fix9 #4, one meeting registered once with
// its day in the content (told of, recorded for the day it was sent) and
// once with 日期: is one meeting, in either order, across periods too; the
// reply says how to move the first to its day. Another subject or another
// day is another meeting.
func TestSameMeetingDateInContent(t *testing.T) {
	f := withDuties(newFixture(t)) // today is 2026-11-28
	f.say("admin", "授权 clerk 工作人员")
	f.say("admin", "授权 leader 领导")
	for _, tc := range []struct {
		user, text string
		want       []string
		added      bool
	}{
		{"clerk", "议题 11月24日党组会研究安全生产", []string{"本月第 1 项", "内容中有日期「11月24日」"}, true},
		{"leader", "议题 党组会研究安全生产 日期:11月24日", []string{"未重复登记：clerk 已于 2026-11-28 登记「党组议题」「11月24日党组会研究安全生产」",
			"内容中的「11月24日」与本条是同一天", "那条按登记当天（2026-11-28）计", "「完成 撤销 党组议题」", "「日期:11月24日」补记"}, false},
		{"leader", "议题 11.24党组会研究安全生产", []string{"未重复登记："}, false},
		{"clerk", "议题 党组会研究危货运输 日期:11月20日", []string{"该月第 2 项"}, true},
		{"leader", "议题 11月20日党组会研究危货运输", []string{"未重复登记：", "（2026-11-20）"}, false},
		{"leader", "议题 11月24日党组会研究冬季安全", []string{"本月第 3 项"}, true},                 // another subject
		{"leader", "议题 党组会研究安全生产 日期:11月23日", []string{"该月第 4 项"}, true},             // another day
		{"clerk", "议题 10月15日党组会研究消防安全", []string{"本月第 5 项"}, true},                  // kept in November
		{"leader", "议题 党组会研究消防安全 日期:10月15日", []string{"未重复登记："}, false},             // October: November read too
		{"clerk", "议题 党组会研究水上交通 日期:10月16日", []string{"该月第 1 项"}, true},              // October's first
		{"leader", "议题 10月16日党组会研究水上交通", []string{"未重复登记：", "（2026-10-16）"}, false}, // October read too
		{"clerk", "检查 某运输公司 11月26日总经理带队检查车辆", []string{"本季度第 1 次"}, true},
		{"leader", "检查 某运输公司 总经理带队检查车辆 日期:11月26日", []string{"未重复登记：clerk 已于 2026-11-28 登记「企业负责人检查」（某运输公司）", "「完成 撤销 企业负责人检查」"}, false},
		{"clerk", "完成 年度总结 11月26日已报送", []string{"已记录"}, true},
		{"leader", "完成 年度总结 已报送 日期:11月26日", []string{"未重复登记："}, false},
	} {
		before := dutyTotal(t, f)
		got := f.say(tc.user, tc.text)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q\nreply %s\nwant %q", tc.user, tc.text, got, w)
			}
		}
		if added := dutyTotal(t, f) > before; added != tc.added {
			t.Errorf("%s: %q stored a record: %v, want %v", tc.user, tc.text, added, tc.added)
		}
	}
}

// countingStore counts the reads of duty records.
type countingStore struct {
	safetybot.Store
	reads map[string]int // duty/period → reads
}

func (s *countingStore) DutyRecords(ctx context.Context, duty, period string) ([]safetybot.DutyRecord, error) {
	s.reads[duty+"/"+period]++
	return s.Store.DutyRecords(ctx, duty, period)
}

// TestDutyPeriodReadOnce: 议题 and 检查 read their period's records once,
// for the duplicate check and the count in the reply alike (fix9 #4).
func TestDutyPeriodReadOnce(t *testing.T) {
	f := withDuties(newFixture(t)) // today is 2026-11-28
	f.say("admin", "授权 clerk 工作人员")
	duties, err := f.store.Duties(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var summaryDuty string
	for _, d := range duties {
		if d.Name == "年度总结" {
			summaryDuty = d.Key + "/" + safetybot.PeriodKey(d.Period, f.engine.now())
		}
	}
	cs := &countingStore{Store: f.engine.store}
	f.engine.store = cs
	for _, tc := range []struct {
		text, want string
		reads      map[string]int
	}{
		{"议题 研究冬季道路运输安全", "本月第 1 项", map[string]int{safetybot.DutyPartyTopic + "/2026-11": 1}},
		{"议题 研究危货运输安全", "本月第 2 项", map[string]int{safetybot.DutyPartyTopic + "/2026-11": 1}},
		{"检查 某运输公司 总经理带队检查车辆", "本季度第 1 次", map[string]int{safetybot.DutyInspection + "/2026-Q4": 1}},
		{"议题 党组会研究消防安全 日期:10月15日", "该月第 1 项", map[string]int{safetybot.DutyPartyTopic + "/2026-10": 1, safetybot.DutyPartyTopic + "/2026-11": 1}},
		// 完成 reads its period once too (fix9-10 #4): the duplicate check
		// and 本期此前已登记 N 次 share it.
		{"完成 年度总结 初稿已报送", "已记录", map[string]int{summaryDuty: 1}},
		{"完成 年度总结 终稿已报送", "本期此前已登记 1 次", map[string]int{summaryDuty: 1}},
	} {
		cs.reads = map[string]int{}
		if got := f.say("clerk", tc.text); !strings.Contains(got, tc.want) {
			t.Errorf("%q: reply %s, want %q", tc.text, got, tc.want)
		}
		if !maps.Equal(cs.reads, tc.reads) {
			t.Errorf("%q read %v, want %v", tc.text, cs.reads, tc.reads)
		}
	}
}
