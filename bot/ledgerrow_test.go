package bot

import (
	"context"
	"slices"
	"strings"
	"testing"

	"safetybot"
	"safetybot/export"
)

// TestLedgerColumnsAreTheExports keeps the columns a pasted row is read
// under the ones the export writes: a column added there and not here
// would shift every cell after it in a row pasted without its header.
func TestLedgerColumnsAreTheExports(t *testing.T) {
	if !slices.Equal(ledgerColumns, export.Columns) {
		t.Fatalf("ledgerColumns differ from export.Columns:\n%q\n%q", ledgerColumns, export.Columns)
	}
	if ledgerDaysOverdue != export.ColumnDaysOverdue {
		t.Fatalf("ledgerDaysOverdue = %q, export writes %q", ledgerDaysOverdue, export.ColumnDaysOverdue)
	}
}

// TestSystemColumns: the ledger's columns no field fills, and only those,
// are the bot's own.
func TestSystemColumns(t *testing.T) {
	for _, tc := range []struct {
		column string
		system bool
	}{
		{"编号", true}, {"发现时间", true}, {"发现人", true}, {"责任单位/责任人", true},
		{"企业自验收（人、日期）", true}, {"当前状态", true}, {"是否逾期", true}, {"逾期天数", true},
		{"隐患名称/描述", false}, {"位置/路段/船名", false}, {"整改资金（万元）", false},
		{"挂牌督办（级别、督办单位、文号）", false}, {"是否停产停业", false}, {"发现来源", false},
	} {
		if got := isSystemColumn(tc.column); got != tc.system {
			t.Errorf("isSystemColumn(%q) = %v, want %v", tc.column, got, tc.system)
		}
	}
}

// TestTableRowsLedgerRow reads rows of the ledger pasted back: the header
// starting with 编号, the row without its header, and text that only
// looks like one.
func TestTableRowsLedgerRow(t *testing.T) {
	for _, tc := range []struct {
		name, in, text string
		system         []ledgerCell
	}{
		{"header from 编号", "上报\n编号\t隐患名称/描述\nYH2026-0012\t护栏缺损",
			"上报\n隐患名称:护栏缺损", []ledgerCell{{"编号", "YH2026-0012"}}},
		{"verb in the header's cell", "上报 编号\t隐患名称/描述\nYH2026-0012\t护栏缺损",
			"上报\n隐患名称:护栏缺损", []ledgerCell{{"编号", "YH2026-0012"}}},
		{"row alone", "上报\nYH2026-0012\t护栏缺损\t\t县公路段\t公路运营\t\t一般\t\t未注明\t2026-11-20 09:30",
			"上报\n隐患名称:护栏缺损\n所属单位:县公路段\n行业领域:公路运营\n隐患等级:一般\n发现来源:未注明",
			[]ledgerCell{{"编号", "YH2026-0012"}, {"发现时间", "2026-11-20 09:30"}}},
		{"row alone after the verb", "上报 YH2026-0012\t护栏缺损\t\t县公路段",
			"上报\n隐患名称:护栏缺损\n所属单位:县公路段", []ledgerCell{{"编号", "YH2026-0012"}}},
		{"编号 of another table", "进展\n编号\t进度\n17\t60%", "进展\n编号:17\n进度:60%", nil},
		{"a note after a number", "整改 YH2026-0012\t已更换护栏", "整改 YH2026-0012 已更换护栏", nil},
		{"too many cells for a ledger row", "YH2026-0012" + strings.Repeat("\tx", 29), "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, got := tableRows(tc.in, true, true)
			if tc.text != "" && text != tc.text {
				t.Errorf("text = %q, want %q", text, tc.text)
			}
			if !slices.Equal(got.system, tc.system) {
				t.Errorf("system = %q, want %q", got.system, tc.system)
			}
		})
	}
}

// QA14 #1: a row that starts with a number not in the export's column
// order was filed by position: 12月26日 as its unit and 一般 as its cause,
// and both became enterprises in the summary's coverage. It is read by its
// cells' content, as a row without a number is.
func TestNumberedRowOutOfOrderReadByContent(t *testing.T) {
	f := newFixture(t) // today is 2026-11-28
	ctx := context.Background()
	f.say("admin", "授权 qianwu 工作人员")
	for _, tc := range []struct {
		text, deadline string
	}{
		{"上报 YH2026-0998\t涵洞堵塞\t一般\t12月26日", "2026-12-26"},
		{"上报 YH2026-0997\t桥梁伸缩缝损坏\t县公路段\t一般\t12月28日", "2026-12-28"},
	} {
		got := f.say("qianwu", tc.text)
		number := hazardNumberRE.FindString(strings.SplitN(got, "。", 2)[0])
		h, _, err := f.store.Hazard(ctx, number)
		if err != nil {
			t.Fatalf("%q: %v\nreply %s", tc.text, err, got)
		}
		// QA15 #3: the number is set apart as the 编号 cell, not kept.
		if h.Grade != safetybot.GradeGeneral || string(h.Deadline) != tc.deadline || h.Unit != "" ||
			strings.Contains(h.Description, "YH") || !strings.Contains(got, "未登记：编号「YH2026-099") {
			t.Errorf("%q: grade %q, deadline %q, unit %q\nreply %s", tc.text, h.Grade, h.Deadline, h.Unit, got)
		}
	}
	ents, err := f.store.Enterprises(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 0 {
		t.Errorf("enterprises %v, want none", ents)
	}
}

// QA14 #13: a row's own number in its first cell (no 序号 header) began
// the description; it is set apart as under a 序号 header, and said.
func TestLeadingRowNumberSetApart(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.say("admin", "授权 qianwu 工作人员")
	for _, text := range []string{
		"上报\n1\t收费站护栏锈蚀\t县公路段\t一般\t12月20日",
		"上报 12\t收费站护栏锈蚀\t县公路段\t一般\t12月20日",
	} {
		got := f.say("qianwu", text)
		number := hazardNumberRE.FindString(strings.SplitN(got, "。", 2)[0])
		h, _, err := f.store.Hazard(ctx, number)
		if err != nil {
			t.Fatalf("%q: %v\nreply %s", text, err, got)
		}
		if h.Description != "收费站护栏锈蚀 县公路段" || !strings.Contains(got, "未登记：序号「") {
			t.Errorf("%q: description %q\nreply %s", text, h.Description, got)
		}
	}
}

// QA15 #1 and #2: a relative date cell in a headerless row (明年1月10日,
// 本月底) stayed in the description and 期限 was left empty, unsaid; a
// full-width row number (１) under 序号 was read as a field and kept.
func TestRelativeDateCellsAndFullWidthRowNumbers(t *testing.T) {
	f := newFixture(t) // today is 2026-11-28
	ctx := context.Background()
	f.say("admin", "授权 qianwu 工作人员")
	for _, tc := range []struct {
		text, desc, deadline string
	}{
		{"上报\n2\t隧道照明不足\t重大\t企业自查\t明年1月10日", "隧道照明不足", "2027-01-10"},
		{"上报\n１\t路灯损坏\t一般\t督导检查\t本月底", "路灯损坏", "2026-11-30"},
		{"上报\n隐患名称/描述\t隐患等级\t整改期限\t序号\n站台积水\t一般\t12月16日\t１", "站台积水", "2026-12-16"},
	} {
		got := f.say("qianwu", tc.text)
		number := hazardNumberRE.FindString(strings.SplitN(got, "。", 2)[0])
		h, _, err := f.store.Hazard(ctx, number)
		if err != nil {
			t.Fatalf("%q: %v\nreply %s", tc.text, err, got)
		}
		if h.Description != tc.desc || string(h.Deadline) != tc.deadline || !strings.Contains(got, "未登记：序号「") {
			t.Errorf("%q: description %q, deadline %q\nreply %s", tc.text, h.Description, h.Deadline, got)
		}
	}
}

// QA14 #2: a field name's pair on a headerless row (…<TAB>领域<TAB>水上交通)
// made the whole row text, and its date and amount cells stayed in the
// description, unsaid. The pair is read as name:value, the rest by content.
func TestPairsOnAHeaderlessRow(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.say("admin", "授权 qianwu 工作人员")
	got := f.say("qianwu", "上报\n测试码头\t消防通道堵塞\t一般\t12月20日\t领域\t水上交通")
	number := hazardNumberRE.FindString(strings.SplitN(got, "。", 2)[0])
	h, _, err := f.store.Hazard(ctx, number)
	if err != nil {
		t.Fatalf("%v\nreply %s", err, got)
	}
	if h.Domain != "水上交通" || h.Deadline != "2026-12-20" || h.Description != "测试码头 消防通道堵塞" {
		t.Errorf("domain %q, deadline %q, description %q\nreply %s", h.Domain, h.Deadline, h.Description, got)
	}
}
