package bot

import (
	"slices"
	"testing"
)

// TestOneRecordPerCommandLine: a message whose later lines start with its
// verb again holds one command per such line, each registered on its own
// (QA11 #2: two 上报 lines became one hazard with the second line's 等级 and
// 期限, two 议题 lines one topic); a line of content that merely begins
// with the verb's characters (检查发现…) stays content.
func TestOneRecordPerCommandLine(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "授权 zhao 工作人员", nil, nil},
		{"zhao", "上报 桥面坑槽B1，期限 12月25日\n上报 护栏缺失B2，等级 重大",
			[]string{"2 条「上报」", "【第 1 条】", "YH2026-0001", "【第 2 条】", "YH2026-0002"}, nil},
		{"zhao", "上报 护栏缺失C1 领域:公路运营\n检查发现立柱松动", []string{"YH2026-0003"}, []string{"逐条处理"}},
		{"zhao", "议题 研究冬季除雪保畅方案A1\n议题 研究春运安全方案A2", []string{"2 条「议题」", "【第 2 条】"}, nil},
	})
	b1, b2 := f.hazard("YH2026-0001"), f.hazard("YH2026-0002")
	if b1.Description != "桥面坑槽B1" || b1.Deadline != "2026-12-25" || b1.Grade == "重大" {
		t.Errorf("first line's hazard: %+v", b1)
	}
	if b2.Description != "护栏缺失B2" || b2.Grade != "重大" || b2.Deadline != "" {
		t.Errorf("second line's hazard: %+v", b2)
	}
	if c := f.hazard("YH2026-0003"); c.Description != "护栏缺失C1\n检查发现立柱松动" && c.Description != "护栏缺失C1 检查发现立柱松动" {
		t.Errorf("a content line was split off: %q", c.Description)
	}
}

func TestCommandLines(t *testing.T) {
	for _, c := range []struct {
		text, verb string
		want       int
	}{
		{"上报 a\n上报 b", "上报", 2},
		{"上报 a\n  上报：b\n上报\tc", "上报", 3},
		{"检查 通达 a\n检查发现b", "检查", 1},
		{"上报 a\n期限 12月1日", "上报", 1},
		{"上报 a", "上报", 1},
	} {
		if got := commandLines(c.text, c.verb); len(got) != c.want {
			t.Errorf("commandLines(%q) = %q, want %d parts", c.text, got, c.want)
		}
	}
}

// TestRowCommands: rows of a table pasted without a header after 上报 are
// one command each when every row reads as a hazard's (fix10 #1), and
// counted as unread when none tells its columns; a header, pairs or a
// single row leave the message whole.
func TestRowCommands(t *testing.T) {
	for _, c := range []struct {
		name, text string
		parts      []string
		unread     int
	}{
		{"rows after the command", "上报 测试码头\t消防通道堵塞\t一般\t12月20日\n测试码头\t救生圈缺失\t一般\t12月22日",
			[]string{"上报 测试码头\t消防通道堵塞\t一般\t12月20日", "上报\n测试码头\t救生圈缺失\t一般\t12月22日"}, 0},
		{"fields before the rows", "上报 领域:水上交通\n测试码头\t消防通道堵塞\t一般\t12月20日\n\n码头\t缺失\t重大\t督导检查",
			[]string{"上报 领域:水上交通\n测试码头\t消防通道堵塞\t一般\t12月20日", "上报 领域:水上交通\n码头\t缺失\t重大\t督导检查"}, 0},
		{"export order", "上报\n\t照明损坏\t\t县公路段\t公路运营\tK7\t一般\t\t督导检查\n\t坑槽\t\t县公路段\t公路运营\tK9\t重大\t\t企业自查",
			[]string{"上报\n\t照明损坏\t\t县公路段\t公路运营\tK7\t一般\t\t督导检查", "上报\n\t坑槽\t\t县公路段\t公路运营\tK9\t重大\t\t企业自查"}, 0},
		{"rows no cell tells", "上报\n码头照明不足\t测试码头\t5号泊位\n系缆桩松动\t测试码头\t6号泊位", nil, 2},
		{"rows no cell tells, on the verb's line", "@安全助手 上报 码头照明不足\t测试码头\t5号泊位\n系缆桩松动\t测试码头\t6号泊位", nil, 2},
		{"rows of detail after a description", "上报 桥梁裂缝\n裂缝1\t0.3mm\t2米\n裂缝2\t0.2mm\t1米", nil, 0},
		{"one row", "上报\n测试码头\t消防通道堵塞\t一般\t12月20日", nil, 0},
		{"under a header", "上报\n所属单位\t隐患名称/描述\t隐患等级\n测试码头\t消防通道堵塞\t一般\n测试码头\t救生圈缺失\t一般", nil, 0},
		{"pairs", "上报 边沟堵塞\n领域\t公路运营\n期限\t12月25日", nil, 0},
		{"text between the rows", "上报\n测试码头\t消防通道堵塞\t一般\t12月20日\n另有一处\n测试码头\t救生圈缺失\t一般\t12月22日", nil, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			parts, unread := rowCommands(c.text, "上报")
			if !slices.Equal(parts, c.parts) || unread != c.unread {
				t.Errorf("rowCommands = %q, %d; want %q, %d", parts, unread, c.parts, c.unread)
			}
		})
	}
}

// TestContentRow reads a headerless row's cells by their content: only a
// whole cell of a closed form, each form met once, and only a row with
// two such cells, one a 等级 or a 来源.
func TestContentRow(t *testing.T) {
	for _, c := range []struct {
		cells  []string
		text   string
		fields []contentField
		ok     bool
	}{
		{[]string{"上报 测试码头", "消防通道堵塞", "一般", "12月20日"}, "上报 测试码头 消防通道堵塞", []contentField{{key: "等级", value: "一般"}, {key: "期限", value: "12月20日"}}, true},
		{[]string{"测试码头", "消防通道堵塞", "重大事故隐患", "上级交办", "3000元"}, "测试码头 消防通道堵塞", []contentField{{key: "等级", value: "重大事故隐患"}, {key: "来源", value: "上级交办"}, {key: "资金", value: "3000元"}}, true},
		{[]string{"测试码头", "一般", "2026-11-20", "2026-12-20"}, "测试码头 2026-11-20 2026-12-20",
			[]contentField{{key: "等级", value: "一般"}, {"期限", "2026-11-20", true}, {"期限", "2026-12-20", true}}, true},
		{[]string{"路灯损坏", "县公路段", "12月31日", "0.4"}, "", nil, false},      // no 等级 or 来源
		{[]string{"消防通道重大堵塞", "县公路段", "12月31日"}, "", nil, false},         // 重大 inside a description
		{[]string{"边沟堵塞", "领域", "公路运营", "一般", "12月31日"}, "", nil, false}, // pairs
		{[]string{"一般", "12月31日"}, "", nil, false},
	} {
		text, fields, ok := contentRow(c.cells)
		if text != c.text || !slices.Equal(fields, c.fields) || ok != c.ok {
			t.Errorf("contentRow(%q) = %q, %v, %v; want %q, %v, %v", c.cells, text, fields, ok, c.text, c.fields, c.ok)
		}
	}
}
