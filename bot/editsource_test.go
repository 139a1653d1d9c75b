package bot

import (
	"context"
	"strings"
	"testing"

	"safetybot"
)

// TestEditSource is 修改 … 来源: as the README offers it for a hazard
// reported without one (QA7b #1, #8): the new source is stored, not only
// confirmed; the before-value is shown as the ledger shows it (未注明);
// the ledger's own words and the office's words for a source are read;
// 撤销 puts the old source back.
func TestEditSource(t *testing.T) {
	cases := []struct {
		typed, want string // want: the stored source, "" for none
		reply       []string
	}{
		{"来源：督导检查", safetybot.SourceInspection, []string{"来源：未注明 → 督导检查"}},
		{"来源:群众举报", safetybot.SourceChat, []string{"来源：未注明 → 群众上报"}},
		{"来源：上级督办", safetybot.SourceAssigned, []string{"来源：未注明 → 上级交办"}},
		{"发现来源：省厅交办", safetybot.SourceAssigned, []string{"来源：未注明 → 上级交办"}},
		{"来源：未注明", "", []string{"没有变化"}},
	}
	for _, c := range cases {
		t.Run(c.typed, func(t *testing.T) {
			f := newFixture(t)
			f.converse([]step{
				{"admin", "授权 wang 工作人员 公路运营", nil, nil},
				{"li", "上报 来源测试隐患 领域：公路运营", []string{"YH2026-0001", "来源：未填"}, nil},
				{"wang", "修改 YH2026-0001 " + c.typed, c.reply, []string{"未能读取", "—"}},
			})
			h := f.hazard("YH2026-0001")
			if h.Source != c.want || h.Description != "来源测试隐患" {
				t.Fatalf("stored source %q, description %q; want %q", h.Source, h.Description, c.want)
			}
			if c.want == "" {
				return
			}
			f.converse([]step{
				{"wang", "隐患 YH2026-0001", []string{"来源：" + c.want}, nil},
				{"wang", "修改 YH2026-0001 来源：未注明", []string{"来源：" + c.want + " → 未注明"}, nil},
			})
			if h := f.hazard("YH2026-0001"); h.Source != "" {
				t.Fatalf("来源:未注明 left %q", h.Source)
			}
			f.converse([]step{{"wang", "撤销 YH2026-0001", nil, nil}})
			if h := f.hazard("YH2026-0001"); h.Source != c.want {
				t.Fatalf("撤销 left source %q, want %q", h.Source, c.want)
			}
		})
	}
}

// TestReportSourceWords is 上报 with the ledger's and the office's words for
// a 来源 (QA7b #8): read, never appended to the description.
func TestReportSourceWords(t *testing.T) {
	cases := []struct {
		typed, want, reply string
	}{
		{"来源：未注明", "", "来源：未填"},
		{"来源：群众举报", safetybot.SourceChat, "来源：群众上报"},
		{"来源：上级督办", safetybot.SourceAssigned, "来源：上级交办"},
		{"来源：省厅交办", safetybot.SourceAssigned, "来源：上级交办"},
	}
	for _, c := range cases {
		t.Run(c.typed, func(t *testing.T) {
			f := newFixture(t)
			f.converse([]step{{"li", "上报 码头护栏缺损 领域：公路运营 " + c.typed, []string{"YH2026-0001", c.reply}, []string{"未能读取"}}})
			if h := f.hazard("YH2026-0001"); h.Source != c.want || h.Description != "码头护栏缺损" {
				t.Fatalf("stored source %q, description %q; want %q", h.Source, h.Description, c.want)
			}
		})
	}
}

// TestTipSourceIsFixed: 举报查实 is set only by 查实 and counted by the
// annual summary; 修改 may not take it away (QA8 #9: edited away, it could
// never be put back, and the summary's count of verified tips fell).
func TestTipSourceIsFixed(t *testing.T) {
	f := newFixture(t)
	h := &safetybot.Hazard{Description: "渡口救生衣不足", Domain: "水上交通", Grade: safetybot.GradeGeneral, Source: safetybot.SourceTip}
	if err := f.store.CreateHazard(context.Background(), h, "", nil); err != nil {
		t.Fatal(err)
	}
	f.converse([]step{
		{"admin", "授权 wang 工作人员", nil, nil},
		{"wang", "修改 " + h.Number + " 来源：督导检查", []string{"来源「举报查实」不能修改"}, []string{"→ 督导检查"}},
	})
	if got := f.hazard(h.Number).Source; got != safetybot.SourceTip {
		t.Fatalf("source %q after 修改, want %q", got, safetybot.SourceTip)
	}
}

// TestFundsInNoteTold: an amount in 整改's note or 上报's description (or
// their 措施) without a 资金 field is told of, not silently kept as text
// while 整改资金 stays as it was (QA8 #7, fix9 #2).
func TestFundsInNoteTold(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "授权 wang 工作人员", nil, nil},
		{"wang", "上报 护栏缺失 领域：公路运营", []string{"YH2026-0001"}, nil},
		{"wang", "整改 YH2026-0001 已更换护栏，投入资金3万元", []string{"说明中有金额「3万元」", "「修改 YH2026-0001 资金:3万元」"}, nil},
		{"wang", "整改 YH2026-0001 已更换护栏 资金:3万元", nil, []string{"说明中有金额"}},
		{"wang", "整改 YH2026-0001 已清理现场", nil, []string{"说明中有金额"}},
		// fix9 #2: 措施 and Chinese numerals, and 上报's description.
		{"wang", "整改 YH2026-0001 措施：更换护栏，已投入资金3万元", []string{"整改措施中有金额「3万元」", "「修改 YH2026-0001 资金:3万元」"}, nil},
		{"wang", "整改 YH2026-0001 已更换，投入资金三万元", []string{"说明中有金额「三万元」"}, nil},
		{"wang", "上报 渡口护栏缺损，已投入资金3万元 领域：水上交通", []string{"描述中有金额「3万元」，未作为整改资金登记", "「修改 YH2026-0002 资金:3万元」"}, []string{"整改资金：3万元"}},
		{"wang", "上报 渡口护栏缺损 领域：水上交通 措施：投入2.5万元更换护栏", []string{"整改措施中有金额「2.5万元」", "「修改 YH2026-0003 资金:2.5万元」"}, nil},
		{"wang", "上报 渡口护栏缺损，已投入3万元 资金：3万元", []string{"整改资金：3万元"}, []string{"未作为整改资金"}},
		{"wang", "上报 统一元件标识缺失 领域：水上交通", nil, []string{"未作为整改资金"}},
	})
	// The form's reply is 上报's: the same note.
	_, reply, err := f.engine.Report(context.Background(), "wang", map[string]string{"描述": "码头护栏缺损，已投入资金0.8万元", "领域": "水上交通"})
	if err != nil || !strings.Contains(reply, "描述中有金额「0.8万元」，未作为整改资金登记") || !strings.Contains(reply, "资金:0.8万元」") {
		t.Errorf("form: %q %v", reply, err)
	}
}

// TestBareFundsWithApprox: 资金:3左右 is as bare as 资金:3 and is asked
// about, not stored as 3元 (review of QA7b #5).
func TestBareFundsWithApprox(t *testing.T) {
	for _, v := range []string{"3左右", "3 上下", "约3", "3"} {
		if _, how, err := parseFunds(v); err == nil || !strings.Contains(how, "没写单位") {
			t.Errorf("parseFunds(%q): how %q, err %v; want the 元-or-万元 question", v, how, err)
		}
	}
	if y, _, err := parseFunds("0.5万元左右"); err != nil || y != 5000 {
		t.Errorf("parseFunds(0.5万元左右) = %d, %v", y, err)
	}
}
