package bot

import (
	"context"
	"strings"
	"testing"

	"safetybot"
)

// TestRefusedDuplicateAdvisesNoUndo: QA10 #6. A registration refused as a
// duplicate stored nothing, so its reply does not say it was recorded for
// today nor tell its sender to take it back (完成 撤销 then withdrew the
// correct 补记 of the same event); it names the earlier record by that
// record's own month or quarter, not the one the refused registration
// would have had.
func TestRefusedDuplicateAdvisesNoUndo(t *testing.T) {
	f := withDuties(newFixture(t)) // today is 2026-11-28
	f.say("admin", "授权 clerk 工作人员")
	f.say("admin", "授权 leader 领导")
	for _, tc := range []struct {
		user, text string
		want, not  []string
		added      bool
	}{
		{"clerk", "检查 某运输公司 日期:11月18日 总经理带队检查危货车辆", []string{"已补记"}, nil, true},
		{"clerk", "检查 某运输公司 11.18 总经理带队检查危货车辆", []string{"未重复登记：", "2026年第4季度", "（2026-11-18）"},
			[]string{"按今天", "撤销", "撤回"}, false},
		{"leader", "检查 某运输公司 11.18 总经理带队检查危货车辆", []string{"未重复登记："}, []string{"按今天", "撤销", "撤回"}, false},
		{"clerk", "议题 党组会研究冬季安全 日期:10月15日", []string{"已补记 2026年10月"}, nil, true},
		{"clerk", "议题 10.15党组会研究冬季安全", []string{"未重复登记：", "2026年10月 局党组安全生产议题", "（2026-10-15）"},
			[]string{"2026年11月", "按今天", "撤销", "撤回"}, false},
		{"leader", "议题 10.15党组会研究冬季安全", []string{"未重复登记：", "2026年10月"}, []string{"2026年11月", "按今天", "撤销", "撤回"}, false},
		{"clerk", "完成 党组议题 10.15党组会研究冬季安全", []string{"未重复登记：", "2026年10月"}, []string{"2026年11月", "按今天", "撤销", "撤回"}, false},
		// a record kept for the day it was sent and then the clerk's newer
		// one: 完成 撤销 would withdraw the newer, so it is not advised
		{"clerk", "检查 某运输公司 11月26日总经理带队检查车辆", []string{"本季度第 2 次"}, nil, true},
		{"clerk", "检查 某运输公司 检查危货车辆动态监控", []string{"本季度第 3 次"}, nil, true},
		{"leader", "检查 某运输公司 总经理带队检查车辆 日期:11月26日", []string{"未重复登记：", "请联系管理员", "发送它会撤掉另一条"}, []string{"发送「完成 撤销"}, false},
	} {
		before := dutyTotal(t, f)
		got := f.say(tc.user, tc.text)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q\nreply %s\nwant %q", tc.user, tc.text, got, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(got, w) {
				t.Errorf("%s: %q\nreply %s\nmust not say %q", tc.user, tc.text, got, w)
			}
		}
		if added := dutyTotal(t, f) > before; added != tc.added {
			t.Errorf("%s: %q stored a record: %v, want %v", tc.user, tc.text, added, tc.added)
		}
	}
}

// TestAskedInspectionToldOfContentDate: an inspection whose unit is asked
// about first tells of the date in its note with the record 是 stores, not
// with the question (nothing is recorded yet when it is asked), and not
// when 是 finds the same inspection registered already (QA10 #6): then the
// advice is only the duplicate's, on the earlier record.
func TestAskedInspectionToldOfContentDate(t *testing.T) {
	f := newFixture(t) // today is 2026-11-28
	ctx := context.Background()
	for _, name := range []string{"沁水县通达危险货物运输有限公司", "沁水县通达客运有限公司"} {
		if err := f.store.AddEnterprise(ctx, safetybot.Enterprise{Name: name}, "admin"); err != nil {
			t.Fatal(err)
		}
	}
	f.converse([]step{
		{"admin", "检查 通达 11.20总经理带队检查车辆", []string{"是否指「"}, []string{"按今天", "撤销"}},
		{"admin", "是", []string{"已记录", "内容中有日期「11.20」，本条按今天（2026-11-28）登记", "「完成 撤销 检查」"}, nil},
		{"admin", "检查 通达 11.20总经理带队检查车辆", []string{"是否指「"}, nil},
		{"admin", "是", []string{"未重复登记："}, []string{"本条按今天", "撤回本条"}},
	})
}
