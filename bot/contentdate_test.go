package bot

import (
	"strings"
	"testing"
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
