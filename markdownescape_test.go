package safetybot_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"safetybot"
	"safetybot/internal/testkit"
)

// TestEscapeMarkdown: a plain reply sent as markdown reads as typed: the
// marks become full-width look-alikes, a heading's # only at a line's
// start (before a space, as WeCom reads a heading), a rule's or an
// underline's first mark; line breaks and the app's own text stay.
func TestEscapeMarkdown(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"已登记隐患 YH2026-0001，期限 2026-12-31。", "已登记隐患 YH2026-0001，期限 2026-12-31。"},
		{"[点我](http://evil.example) 码头护栏缺失", "［点我］(http://evil.example) 码头护栏缺失"},
		{"**紧急** 已销号", "＊＊紧急＊＊ 已销号"},
		{`<font color="warning">已销号</font>`, `＜font color="warning"＞已销号＜/font＞`},
		{"# 重要通知\n请转账", "＃ 重要通知\n请转账"},
		{"描述：# 不是标题\n  ## 缩进的标题\n#5号泊位\n#", "描述：# 不是标题\n  ＃# 缩进的标题\n#5号泊位\n＃"},
		{"护栏缺失\n===\n路灯\n---\n|---|---|", "护栏缺失\n＝==\n路灯\n－--\n|－--|---|"},
		{"> 领导批示\n期限 2026-12-31 > 今天", "＞ 领导批示\n期限 2026-12-31 ＞ 今天"},
		{"~~未整改~~ `代码` &lt; __粗__ wang_li", "～～未整改～～ ｀代码｀ ＆lt; ＿＿粗＿＿ wang_li"},
		{"发送「奖励 <编号> 不予奖励」\r\n# 标题", "发送「奖励 ＜编号＞ 不予奖励」\r\n＃ 标题"},
		{"", ""},
	} {
		if got := safetybot.EscapeMarkdown(tc.in); got != tc.want {
			t.Errorf("EscapeMarkdown(%q)\n = %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

// TestEscapeMarkdownCorpus: every hostile input of the shared corpus,
// escaped, has no markdown left and reads as typed.
func TestEscapeMarkdownCorpus(t *testing.T) {
	corpus := testkit.HostileMarkdown()
	if len(corpus) < 20 {
		t.Fatalf("corpus has %d entries", len(corpus))
	}
	for _, in := range corpus {
		checkEscaped(t, in)
		if m := testkit.Markup(in); len(m) == 0 {
			t.Errorf("corpus entry %q has no markup the checker finds: it tests nothing", in)
		}
	}
}

// checkEscaped asserts what EscapeMarkdown promises for in.
func checkEscaped(t *testing.T, in string) {
	t.Helper()
	got := safetybot.EscapeMarkdown(in)
	if m := testkit.Markup(got); len(m) != 0 && utf8.ValidString(in) {
		t.Errorf("EscapeMarkdown(%q) = %q still renders %v", in, got, m)
	}
	if utf8.ValidString(in) && testkit.Shown(got) != testkit.Shown(in) {
		t.Errorf("EscapeMarkdown(%q) = %q does not read as typed", in, got)
	}
	if utf8.RuneCountInString(got) != utf8.RuneCountInString(in) || strings.Count(got, "\n") != strings.Count(in, "\n") {
		t.Errorf("EscapeMarkdown(%q) = %q changed the length or the line breaks", in, got)
	}
	if again := safetybot.EscapeMarkdown(got); again != got {
		t.Errorf("EscapeMarkdown twice changes %q again: %q", got, again)
	}
	if p := safetybot.PlainText(got); p != got {
		t.Errorf("PlainText still finds markdown in %q: %q", got, p)
	}
}

// FuzzEscapeMarkdown: for any text, the escaped form renders no markdown,
// reads as typed, keeps every line break and its length in runes, and is
// left alone by a second escape and by PlainText.
func FuzzEscapeMarkdown(f *testing.F) {
	for _, in := range testkit.HostileMarkdown() {
		f.Add(in)
	}
	f.Add("举报 #1234567｜已查实\n下一步：「回复 1234567 <文本>」")
	f.Fuzz(func(t *testing.T, in string) {
		checkEscaped(t, in)
	})
}

// BenchmarkEscapeMarkdown: the cost on a robot's typical reply (a hazard's
// detail, dates and numbers on every line), added to each robot answer.
func BenchmarkEscapeMarkdown(b *testing.B) {
	const reply = "YH2026-0001【一般】待确认\n描述：[点我](http://evil.example) 码头护栏缺失\n单位：—｜领域：公路运营｜地点：—\n" +
		"来源：未注明｜上报人：lisi｜责任人：未指派\n期限：未定｜发现：2026-12-08\n记录：\n12-08 02:23 lisi 上报 → 待确认"
	b.ReportAllocs()
	for b.Loop() {
		safetybot.EscapeMarkdown(reply)
	}
}
