package bot

import "testing"

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
