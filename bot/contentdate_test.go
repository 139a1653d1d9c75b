package bot

import (
	"strings"
	"testing"
	"time"

	"safetybot"
)

// TestContentDate: QA7a item 2 and QA8 #1, which date in what 议题, 检查 or
// 完成 says is told of (never taken as the day), and which is a deadline
// or a span and not told of.
func TestContentDate(t *testing.T) {
	for _, tc := range []struct {
		note, date string
	}{
		{"11月24日党组会研究E", "11月24日"},
		{"2026年11月25日召开党组会研究D", "2026年11月25日"},
		{"12月1日 总经理带队检查", "12月1日"},
		{"2026-09-28总经理带队检查", "2026-09-28"},
		{"前天党组会研究除雪保畅", "前天"},
		{"大前天研究", "大前天"},
		{"传达11月20日全市会议精神", "11月20日"},
		{"12月31日前完成隐患整改部署", ""},
		{"11月1日至11月30日开展专项整治", ""},
		{"部署12月31日前完成整改，传达11月20日会议精神", "11月20日"},
		{"研究冬季道路运输安全", ""},
		{"11月28日市安委会会议精神传达学习", "11月28日"},
		{"11月30日发生的客车侧翻事故处置", "11月30日"},
		// fix9 #3: a day written 11.28 and a month (11月份) are told of too.
		{"11.28党组会研究安全生产", "11.28"},
		{"传达11.20全市安全生产会议精神", "11.20"},
		{"党组会（11.24）研究冬季安全", "11.24"},
		{"12.1 总经理带队检查", "12.1"},
		{"11月份安全生产形势分析", "11月份"},
		{"研究2026年10月事故情况", "2026年10月"},
		{"11月中旬检查发现的问题整改", "11月中旬"},
		{"11.20至11.30开展专项整治", ""},
		{"1-11月安全生产形势分析", ""},
		{"11月底前完成整改", ""},
		{"11月以来安全形势", ""},
		{"研究11月份形势，11月24日召开", "11月24日"}, // a day before a month
		// Decimals and numbers that are no day.
		{"投入资金3.5万元整治隐患", ""},
		{"事故率下降0.35", ""},
		{"车辆动态监控系统升级到v1.2版本", ""},
		{"系统升级到1.2.3", ""},
		{"学习第11.2条规定", ""},
		{"K12.5处边坡落石", ""},
		{"改造路面1.5公里", ""},
		{"完成率12.5%", ""},
		{"投入2.5", ""},
		{"系数1.25", ""},
		{"隐患整改12.6万元", ""},
		{"3个月专项整治", ""},
		{"今天上午9.30召开党组会", ""},
		{"晚上7.30夜查客运站", ""},
		// QA10 #7: the other ways a day is written, read as 日期: reads them.
		{"十一月二十八日党组会研究安全生产", "十一月二十八日"},
		{"传达十一月二十号全市会议精神", "十一月二十号"},
		{"11-28党组会研究安全生产", "11-28"},
		{"11/28党组会研究安全生产", "11/28"},
		{"党组会（11/24）研究冬季安全", "11/24"},
		{"十一月份安全生产形势分析", "十一月份"},
		{"2026年十一月份事故情况", "2026年十一月份"},
		{"上周五党组会研究安全生产", "上周五"},
		{"上个星期三 总经理带队检查", "上个星期三"},
		{"上上周一召开", "上上周一"},
		{"上周五前完成部署", ""},
		{"11-20至11-30开展专项整治", ""},
		{"11/20-11/30开展专项整治", ""},
		{"1-11月安全生产形势分析", ""},
		{"十一月至十二月开展专项整治", ""},
		{"十一月二十日至十一月三十日开展专项整治", ""},
		{"投入3-5万元整治隐患", ""},
		{"检查5-10家企业", ""},
		{"联系电话0356-5021234", ""},
		{"联系电话138-3561-2345", ""},
		{"K5+100处边坡落石", ""},
		{"K12-15处边坡", ""},
		{"上午9-10点召开", ""},
		{"第1-3条", ""},
		{"限速60-80公里", ""},
		{"1/3企业已整改", ""},
		{"研究一季度形势", ""},
		{"每月一次检查", ""},
		{"一月一次检查", ""}, // a month in words is told of with 份, 底, 中旬… or a year
		{"统一11月28日部署", "11月28日"},
		{"11月三次检查", "11月"},
		{"2026年十一月二十八召开", ""}, // a day without 日 is not a month
		// fix10 #2: a day relative to today, anywhere in the content.
		{"上月28日党组会研究了冬季除雪保畅", "上月28日"},
		{"一线督导 上周五到测试码头检查消防通道", "上周五"},
		{"党组会研究了上个月5号的事故处置", "上个月5号"},
		{"研究上星期三发现的问题", "上星期三"},
		{"党组会前天研究了冬季保畅", "前天"},
		{"总经理昨天带队检查车辆", "昨天"},
		{"本月10日召开党组会研究", "本月10日"},
		{"复盘去年12月20日发生的事故", "去年12月20日"},
		{"上月底召开安委会", "上月底"},
		{"11月20日到测试码头检查", "11月20日"},
		{"联系电话13835612345，上周五检查", "上周五"},
		{"K5+100处上周五发现边坡落石", "上周五"},
		{"投入3.5万元，上周三完成", "上周三"},
		{"目前天气寒冷，研究冬季保畅", ""},
		{"日前日常检查发现问题", ""},
		{"提前天数不足", ""},
		{"每周五例行检查", ""},
		{"本周五前完成部署", ""},
		{"研究上周一至上周五检查情况", ""},
		{"上月20日到本月5日开展专项整治", ""},
		{"整改期限：上月28日", ""},
		{"整改期限11月25日", ""},
		{"整改期限为本月10日", ""},
		{"11月25日到期的隐患整改情况", ""},
		{"11月25日到位", ""},
	} {
		if date := contentDate(tc.note); date != tc.date {
			t.Errorf("contentDate(%q) = %q, want %q", tc.note, date, tc.date)
		}
	}
}

// TestDoneToldOfContentDate: 完成 records for today (its date chooses the
// duty among archived plans' before the note is known) and says so of a
// date in its note, with how to backfill.
func TestDoneToldOfContentDate(t *testing.T) {
	f := withDuties(newFixture(t)) // 2026-11-28
	f.say("admin", "授权 clerk 工作人员")
	for _, tc := range []struct {
		text      string
		want, not []string
	}{
		{"完成 年度总结 11月26日已报送县安委办", []string{"已记录2026年「年度总结」完成", "注意：内容中有日期「11月26日」，本条按今天（2026-11-28）登记",
			"请发送「完成 撤销 年度总结」撤回本条，再重发并写明「日期:11月26日」补记"}, nil},
		{"完成 撤销 年度总结", []string{"已撤销"}, nil},
		{"完成 年度总结 日期:11月26日 已报送县安委办", []string{"已补记", "实际日期 2026-11-26"}, []string{"内容中有日期"}},
		{"完成 疏散演练 组织12月31日前完成全员演练的部署", []string{"已记录"}, []string{"内容中有日期"}},
		{"完成 疏散演练 12月20日开展全员演练", []string{"已记录"}, []string{"内容中有日期"}}, // a day to come is no backfill
		// fix10 #2: a relative day in the middle of the note, with the day read.
		{"完成 疏散演练 一线督导 上周五到测试码头组织演练", []string{"内容中有日期「上周五」（即 2026-11-20）", "「日期:2026-11-20」补记"}, nil},
	} {
		got := f.say("clerk", tc.text)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("clerk: %q\nreply %s\nwant %q", tc.text, got, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(got, w) {
				t.Errorf("clerk: %q\nreply %s\nwant no %q", tc.text, got, w)
			}
		}
	}
}

// TestPastContentDate: a day or a month told of is a past one: today's
// month is the record's own, and one to come is a plan (fix9 #3).
func TestPastContentDate(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, safetybot.Shanghai)
	for _, tc := range []struct {
		note, date string
	}{
		{"11.28党组会研究安全生产", "11.28"},
		{"12.20开展应急演练", ""},
		{"11月份安全生产形势分析", "11月份"},
		{"12月份安全生产形势分析", ""},
		{"1月份工作安排", ""}, // next January, the nearest
		{"2026年1月份事故情况", "2026年1月份"},
		{"11月底召开党组会", "11月底"},
		{"十一月份安全生产形势分析", "十一月份"},
		{"十二月份安全生产形势分析", ""},
		{"十一月二十八日党组会", "十一月二十八日"},
		{"11-28党组会", "11-28"},
		{"上周五党组会", "上周五"},
		{"党组会研究了本月1日的检查情况", "本月1日"},
		{"本月10日召开党组会", ""}, // a day to come
		{"一线督导 上周五到测试码头", "上周五"},
	} {
		if date := pastContentDate(tc.note, now); date != tc.date {
			t.Errorf("pastContentDate(%q) = %q, want %q", tc.note, date, tc.date)
		}
	}
}

// TestTopicToldOfDottedDateAndMonth: 议题 and 检查 tell of 11.20 and
// 10月份 in their content as of 11月20日 (fix9 #3), with how to backfill.
func TestTopicToldOfDottedDateAndMonth(t *testing.T) {
	f := withDuties(newFixture(t)) // 2026-11-28
	f.say("admin", "授权 clerk 工作人员")
	for _, tc := range []struct {
		text      string
		want, not []string
	}{
		{"议题 11.20党组会研究冬季道路运输安全", []string{"已记录", "注意：内容中有日期「11.20」，本条按今天（2026-11-28）登记",
			"请发送「完成 撤销 党组议题」撤回本条，再重发并写明「日期:11.20」补记"}, nil},
		{"议题 10月份党组会研究危货运输安全", []string{"已记录", "注意：内容中有月份「10月份」，本条按今天（2026-11-28）登记",
			"如会议是在那个月", "写明是哪一天「日期:10月…日」补记"}, nil},
		{"议题 研究11月份安全生产形势", []string{"已记录"}, []string{"内容中有"}},
		{"议题 研究投入3.5万元整治隐患", []string{"已记录"}, []string{"内容中有"}},
		{"检查 某运输公司 11.26总经理带队检查车辆", []string{"已记录", "内容中有日期「11.26」"}, nil},
		// QA10 #7
		{"议题 十一月二十日党组会研究冬季安全", []string{"已记录", "内容中有日期「十一月二十日」", "「日期:十一月二十日」补记"}, nil},
		{"议题 11-21党组会研究危货运输", []string{"已记录", "内容中有日期「11-21」"}, nil},
		{"议题 11/22党组会研究客运安全", []string{"已记录", "内容中有日期「11/22」"}, nil},
		{"议题 十月份党组会研究消防安全", []string{"已记录", "内容中有月份「十月份」", "「日期:十月…日」补记"}, nil},
		{"议题 上周五党组会研究水上安全", []string{"已记录", "内容中有日期「上周五」（即 2026-11-20）", "「日期:2026-11-20」补记"}, nil},
		{"完成 年度总结 上周五已报送", []string{"已记录", "内容中有日期「上周五」"}, nil},
		{"检查 某运输公司 总经理带队检查，联系电话0356-5021234", []string{"已记录"}, []string{"内容中有"}},
	} {
		got := f.say("clerk", tc.text)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("clerk: %q\nreply %s\nwant %q", tc.text, got, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(got, w) {
				t.Errorf("clerk: %q\nreply %s\nwant no %q", tc.text, got, w)
			}
		}
	}
}
