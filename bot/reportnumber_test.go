package bot

import (
	"testing"
	"time"
)

// TestReportOfOwnNumberOffersEdit: 上报 <编号> of a hazard already in the
// ledger offers 修改 to whoever may run it (qa14 #8: its own reporter,
// within 30 minutes, was told 请联系工作人员); after 30 minutes, or to
// someone who may not, it does not.
func TestReportOfOwnNumberOffersEdit(t *testing.T) {
	for _, tc := range []struct {
		name, user string
		after      time.Duration
		want, not  []string
	}{
		{"reporter within 30 minutes", "li", 10 * time.Minute,
			[]string{"编号 YH2026-0001 是您刚上报的隐患", "「修改 YH2026-0001 字段:值」"}, []string{"联系工作人员", "已登记"}},
		{"reporter after 30 minutes", "li", 40 * time.Minute,
			[]string{"已在台账中", "联系工作人员"}, []string{"修改 YH2026-0001", "已登记"}},
		{"someone else", "nobody", 10 * time.Minute,
			[]string{"已在台账中", "联系工作人员"}, []string{"修改 YH2026-0001", "候车厅护栏破损", "已登记"}},
		{"staff of another field", "wang", 10 * time.Minute,
			[]string{"YH2026-0001（候车厅护栏破损）", "已在台账中"}, []string{"修改 YH2026-0001 字段", "已登记"}},
		{"staff of its field", "zhao", 10 * time.Minute,
			[]string{"YH2026-0001（候车厅护栏破损）", "「修改 YH2026-0001 字段:值」"}, []string{"已登记"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.say("admin", "授权 zhao 工作人员 道路运输")
			f.say("admin", "授权 wang 工作人员 公路运营")
			f.converse([]step{{"li", "上报 候车厅护栏破损 单位:县汽车站 领域:道路运输", []string{"YH2026-0001"}, nil}})
			f.clock.Add(tc.after)
			f.converse([]step{{tc.user, "上报 YH2026-0001", tc.want, tc.not}})
		})
	}
}
