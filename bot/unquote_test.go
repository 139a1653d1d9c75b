package bot

import (
	"testing"

	"safetybot"
)

// TestUnquote: a command copied with the quote marks of the reply that
// suggested it is read without them (qa10 #13); quotes in the content,
// and a pair that does not enclose the whole message, stay.
func TestUnquote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"「提醒 恢复 80」", "提醒 恢复 80"},
		{"“隐患 YH2026-0002”", "隐患 YH2026-0002"},
		{"『完成 撤销 检查』", "完成 撤销 检查"},
		{"‘提醒 暂停 3’", "提醒 暂停 3"},
		{`"隐患 YH2026-0002"`, "隐患 YH2026-0002"},
		{" 「提醒 恢复 80」 ", "提醒 恢复 80"},
		{"「上报 「禁止通行」牌倒伏 单位:县公路段」", "上报 「禁止通行」牌倒伏 单位:县公路段"},
		{"「上报 路口\n标志缺失」", "上报 路口\n标志缺失"},
		// Content quotes stay as typed.
		{"上报 “禁止通行”牌倒伏", "上报 “禁止通行”牌倒伏"},
		{"“甲”和“乙”", "“甲”和“乙”"},
		{`"甲"和"乙"`, `"甲"和"乙"`},
		{"「提醒」 恢复 80", "「提醒」 恢复 80"},
		{"「提醒 恢复 80", "「提醒 恢复 80"},
		{"「提醒 恢复 80」。", "「提醒 恢复 80」。"},
		{"「", "「"},
		{"", ""},
	} {
		if got := unquote(tc.in); got != tc.want {
			t.Errorf("unquote(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestQuotedCommand: the engine reads a quoted command as the command,
// in Handle and in Sensitive alike, so a quoted 举报 stays out of the logs.
func TestQuotedCommand(t *testing.T) {
	f := newFixture(t)
	want := f.say("admin", "帮助")
	for _, msg := range []string{"「帮助」", "“帮助”", "『帮助』", "‘帮助’", `"帮助"`, "@安全助手 「帮助」"} {
		if got := f.say("admin", msg); got != want {
			t.Errorf("%s: got %q, want the reply to 帮助", msg, safetybot.Truncate(got, 60))
		}
	}
	for _, msg := range []string{"「举报 某危货企业夜间违规装卸」", "“举报 某危货企业夜间违规装卸”"} {
		if !f.engine.Sensitive(Message{Kind: KindText, ChatType: ChatSingle, UserID: "u", Text: msg}) {
			t.Errorf("Sensitive(%q) = false, want true", msg)
		}
	}
}
