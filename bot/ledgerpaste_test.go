package bot

import (
	"context"
	"strings"
	"testing"
)

// ledgerHeaderRow is the exported ledger's whole header, as copied from WPS.
var ledgerHeaderRow = strings.Join(ledgerColumns, "\t")

// TestPastedRowOfAnotherHazard: a ledger row whose 编号 is not the hazard
// the command names changes nothing and names both numbers (QA10 #1: 修改
// YH2026-0001 with 0002's row overwrote 0001 with 0002's data); the row of
// the named hazard itself is read as before.
func TestPastedRowOfAnotherHazard(t *testing.T) {
	cases := []struct {
		name, text string
		want, not  []string
	}{
		{"修改 another row", "修改 YH2026-0001 编号\t隐患名称/描述\t所属单位\t行业领域\t整改期限\nYH2026-0002\t桥梁限高架损坏2\t通达危货\t道路运输\t12月30日",
			[]string{"YH2026-0002", "YH2026-0001", "未作任何改动", "「修改 YH2026-0002」"}, []string{"已修改"}},
		{"整改 another row", "整改 YH2026-0001 编号\t整改措施\t整改资金（万元）\nYH2026-0002\t更换限高架\t3",
			[]string{"YH2026-0002", "YH2026-0001", "未作任何改动", "「整改 YH2026-0002」"}, []string{"已记录"}},
		{"修改 another row without header", "修改 YH2026-0001 YH2026-0002\t桥梁限高架损坏2\t\t通达危货",
			[]string{"YH2026-0002", "未作任何改动"}, []string{"已修改"}},
		// QA11 #1: the same row under 隐患编号, without YH, full-width, and
		// the number written as a field.
		{"修改 under 隐患编号", "修改 YH2026-0001 隐患编号\t隐患名称/描述\t整改期限\nYH2026-0002\t桥梁限高架损坏6\t12月22日",
			[]string{"YH2026-0002", "未作任何改动"}, []string{"已修改"}},
		{"修改 number without YH", "修改 YH2026-0001 编号\t隐患名称/描述\n2026-0002\t桥梁限高架损坏6",
			[]string{"YH2026-0002", "未作任何改动"}, []string{"已修改"}},
		{"整改 full-width row", "整改 YH2026-0001 编号\t整改措施\t整改资金（万元）\nＹＨ２０２６－０００２\t更换限高架\t5",
			[]string{"YH2026-0002", "未作任何改动"}, []string{"已记录"}},
		{"修改 编号 as a field", "修改 YH2026-0001，编号 YH2026-0002，期限 12月24日",
			[]string{"YH2026-0002", "未作任何改动"}, []string{"已修改"}},
		{"修改 编号： as a field", "修改 YH2026-0001 编号：YH2026-0002 期限：12月23日",
			[]string{"YH2026-0002", "未作任何改动"}, []string{"已修改"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			f.converse([]step{
				{"admin", "授权 zhao 工作人员", nil, nil},
				{"zhao", "上报 桥梁限高架损坏 单位:县公路段 领域:公路运营 期限:12月20日", []string{"YH2026-0001"}, nil},
				{"zhao", "上报 危货车夜间超载 单位:县公路段 领域:道路运输", []string{"YH2026-0002"}, nil},
				{"zhao", c.text, c.want, c.not},
			})
			h := f.hazard("YH2026-0001")
			if h.Description != "桥梁限高架损坏" || h.Unit != "县公路段" || h.Measures != "" || h.Funds != "" {
				t.Fatalf("YH2026-0001 changed: %+v", h)
			}
		})
	}
	f := newFixture(t)
	f.converse([]step{
		{"admin", "授权 zhao 工作人员", nil, nil},
		{"zhao", "上报 桥梁限高架损坏 单位:县公路段 领域:公路运营", []string{"YH2026-0001"}, nil},
		{"zhao", "修改 YH2026-0001 编号\t隐患名称/描述\nYH2026-0001\t桥梁限高架损坏2", []string{"已修改", "桥梁限高架损坏2"}, []string{"不一致", "未登记"}},
	})
}

// TestReportOfAnExistingNumber: 上报 whose content is an existing hazard's
// number, pasted with or without tabs or typed alone, registers nothing
// and says the hazard exists (QA10 #11); the hazard's description is named
// only to whom 隐患 <编号> shows it (QA10 #10: anyone read any hazard's).
func TestReportOfAnExistingNumber(t *testing.T) {
	cases := []struct {
		name, user, text string
		want, not        []string
	}{
		{"row with header, staff", "zhao", "上报 编号\t隐患名称/描述\nYH2026-0001\t危货车夜间超载",
			[]string{"YH2026-0001（危货车夜间超载）", "已在台账中", "修改 YH2026-0001"}, []string{"已登记"}},
		{"row with header, no role", "nobody", "上报 编号\t隐患名称/描述\nYH2026-0001\t危货",
			[]string{"YH2026-0001", "已在台账中", "联系工作人员"}, []string{"危货车夜间超载", "已登记"}},
		{"row without header, no role", "nobody", "上报 YH2026-0001\t危货\t\t县公路段",
			[]string{"已在台账中"}, []string{"危货车夜间超载", "已登记"}},
		{"the number alone", "zhao", "上报 YH2026-0001", []string{"已在台账中", "修改 YH2026-0001"}, []string{"已登记", "可能为重大"}},
		{"the number alone, lower case", "zhao", "上报 yh2026-1", []string{"已在台账中"}, []string{"已登记"}},
		{"the number without YH (QA11 #6)", "zhao", "上报 2026-0001", []string{"已在台账中"}, []string{"已登记"}},
		{"the row with spaces for tabs", "zhao", "上报 YH2026-0001 危货车夜间超载 县公路段 道路运输 重大",
			[]string{"已在台账中"}, []string{"已登记", "可能为重大"}},
		{"the number and a comma", "nobody", "上报 YH2026-0001，危货车夜间超载", []string{"已在台账中"}, []string{"危货车夜间超载）", "已登记"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			f.converse([]step{
				{"admin", "授权 zhao 工作人员", nil, nil},
				{"zhao", "上报 危货车夜间超载 单位:县公路段 领域:道路运输", []string{"YH2026-0001"}, nil},
				{c.user, c.text, c.want, c.not},
				{"zhao", "隐患 YH2026-0002", []string{"没有"}, nil},
			})
		})
	}
	// fix10 #4: a number no hazard has, alone, registered a hazard
	// described by it; it is refused, saying 上报 registers and 隐患 looks up.
	for _, text := range []string{"上报 YH2026-0999", "上报 yh2026-999", "上报 2026-0999", "上报 YH2026-0999。", "上报 YH2025-0001"} {
		t.Run("no such number: "+text, func(t *testing.T) {
			f := newFixture(t)
			f.converse([]step{
				{"admin", "授权 zhao 工作人员", nil, nil},
				{"zhao", "上报 危货车夜间超载 单位:县公路段 领域:道路运输", []string{"YH2026-0001"}, nil},
				{"zhao", text, []string{"没有编号为", "的隐患，未登记", "「上报」用于登记一条新隐患", "「隐患 <编号>」"}, []string{"已登记", "已在台账中"}},
				{"nobody", text, []string{"没有编号为"}, []string{"已登记"}},
				{"zhao", "隐患 YH2026-0002", []string{"没有"}, nil},
			})
		})
	}
	t.Run("no such number, with a description", func(t *testing.T) {
		f := newFixture(t)
		f.converse([]step{{"zhao", "上报 YH2026-0999 码头护栏缺失", []string{"已登记隐患 YH2026-0001"}, nil}})
	})
	t.Run("a month is no number", func(t *testing.T) {
		f := newFixture(t)
		f.converse([]step{
			{"admin", "授权 zhao 工作人员", nil, nil},
			{"zhao", "上报 危货车夜间超载 单位:县公路段 领域:道路运输", []string{"YH2026-0001"}, nil},
			{"zhao", "上报 2026-12 月检查发现护栏缺失", []string{"YH2026-0002"}, []string{"已在台账中"}},
		})
	})
	t.Run("the report form", func(t *testing.T) {
		f := newFixture(t)
		f.converse([]step{{"li", "上报 危货车夜间超载 单位:县公路段 领域:道路运输", []string{"YH2026-0001"}, nil}})
		if n, reply, err := f.engine.Report(context.Background(), "li", map[string]string{"描述": "YH2026-0001"}); err == nil || n != "" {
			t.Fatalf("form registered %q: %s", n, reply)
		} else if msg := err.Error(); !strings.Contains(msg, "已在台账中") || strings.Contains(msg, "危货车夜间超载") {
			t.Fatalf("form refusal: %s", msg)
		}
	})
	t.Run("the assignee sees it", func(t *testing.T) {
		f := newFixture(t)
		f.converse([]step{
			{"admin", "授权 zhao 工作人员", nil, nil},
			{"zhao", "上报 危货车夜间超载 单位:县公路段 领域:道路运输", []string{"YH2026-0001"}, nil},
			{"zhao", "指派 YH2026-0001 worker1", nil, nil},
			{"worker1", "上报 YH2026-0001 危货车夜间超载", []string{"YH2026-0001（危货车夜间超载）"}, []string{"已登记"}},
		})
	})
}
