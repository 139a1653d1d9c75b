package bot

import (
	"strings"
	"testing"
)

// QA6a item 9: the wordings staff use for 完成 name the duty they mean: a
// group by what 授权 reads (a domain it covers) or a shortened name, the
// sender's own group as 本专班, and 已完成/完成了/已完成了 as the verb.
func TestDoneWordings(t *testing.T) {
	f := withDuties(newFixture(t))
	f.say("admin", "授权 clerk 工作人员")
	f.say("admin", "授权 sun 工作人员 道路运输")
	for _, tc := range []struct {
		user, text string
		want, not  string
	}{
		{"clerk", "完成 专班研究 道路运输 研究客运站安全", "「道路（水上）运输专班研究」完成：研究客运站安全", ""},
		{"clerk", "完成 专班研究 公路建设 研究在建项目度汛", "「公路工程建设专班研究」完成：研究在建项目度汛", ""},
		{"clerk", "完成 公路建设专班研究 研究冬季施工", "「公路工程建设专班研究」完成：研究冬季施工", ""},
		{"clerk", "完成 城市客运专班 研究出租车安全", "「城市客运专班研究」完成：研究出租车安全", ""},
		{"sun", "完成 本专班研究 研究危货运输", "「道路（水上）运输专班研究」完成：研究危货运输", ""},
		{"clerk", "完成 本专班研究 研究", "对应多项职责", "已记录"},   // no group of one's own: which one
		{"clerk", "完成 专班研究 公路 研究", "对应多项职责", "已记录"}, // 公路运营 or 公路工程建设
		{"clerk", "完成了 疏散演练 组织客运站疏散演练", "「疏散演练」完成：组织客运站疏散演练", "「了」"},
		{"clerk", "已完成 安全生产月", "「安全生产月」完成", "未识别的命令"},
		{"clerk", "已经完成 执法经费 已落实", "「执法经费」完成：已落实", ""},
		{"clerk", "已完成了 疏散演练 组织演练", "「疏散演练」完成：组织演练", "「了」"}, // QA7a item 5
		{"clerk", "已经完成了 执法经费 已拨付", "「执法经费」完成：已拨付", "「了」"},
		{"clerk", "已完成了安全生产月", "「安全生产月」完成", "「了」"},
	} {
		got := f.say(tc.user, tc.text)
		if !strings.Contains(got, tc.want) || tc.not != "" && strings.Contains(got, tc.not) {
			t.Errorf("%s: %q\nreply %s\nwant %q, not %q", tc.user, tc.text, got, tc.want, tc.not)
		}
	}
}

func TestInOrder(t *testing.T) {
	for _, tc := range []struct {
		short, long string
		want        bool
	}{
		{"公路建设", "公路工程建设", true},
		{"道路运输", "道路（水上）运输", true},
		{"建设公路", "公路工程建设", false},
		{"公", "公路运营", false},
		{"铁路", "铁路沿线", true},
	} {
		if got := inOrder(tc.short, tc.long); got != tc.want {
			t.Errorf("inOrder(%q, %q) = %v", tc.short, tc.long, got)
		}
	}
}
