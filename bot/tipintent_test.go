package bot

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"safetybot"
)

// tipCorpusLine is one line of testdata/tipintent/corpus.txt.
type tipCorpusLine struct {
	line int
	kind string // tip, relay, staffrelay or other
	msg  string
}

func readTipCorpus(t *testing.T) []tipCorpusLine {
	t.Helper()
	data, err := os.ReadFile("testdata/tipintent/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []tipCorpusLine
	for n, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimRight(line, " \r"); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, msg, ok := strings.Cut(line, "\t")
		if !ok || !slices.Contains([]string{"tip", "relay", "staffrelay", "other"}, kind) {
			t.Fatalf("corpus.txt:%d: want \"tip|relay|staffrelay|other<TAB>message\", got %q", n+1, line)
		}
		msg, err = strconv.Unquote(`"` + strings.ReplaceAll(msg, `"`, `\"`) + `"`)
		if err != nil {
			t.Fatalf("corpus.txt:%d: %v", n+1, err)
		}
		out = append(out, tipCorpusLine{line: n + 1, kind: kind, msg: msg})
	}
	return out
}

// quoted reports a piece of msg that reply repeats: four Han characters in a
// row of msg, other than those holding a tip word (the refusal names 举报
// itself).
func quoted(msg, reply string) string {
	var run []rune
	check := func() string {
		for i := 0; i+4 <= len(run); i++ {
			w := string(run[i : i+4])
			named := slices.ContainsFunc(tipWords, func(tw string) bool { return strings.Contains(w, tw) })
			if !named && strings.Contains(reply, w) {
				return w
			}
		}
		return ""
	}
	for _, r := range msg {
		if unicode.Is(unicode.Han, r) {
			run = append(run, r)
			continue
		}
		if w := check(); w != "" {
			return w
		}
		run = run[:0]
	}
	return check()
}

// TestTipWordings: every way of writing a tip is refused in a group with the
// prompt to withdraw it, pointed to 举报 in a private chat, marked sensitive
// (no log line, no persisted reply), and nothing is stored; no group reply
// to a message that names no command quotes it (fix9-8 #1). A relay of a
// site condition (有人反映…, 报告，…) is pointed to 上报 instead, from staff
// (staffrelay) or from anyone (relay), equally unquoted and unlogged
// (fix10 #1, #2). Each line is sent by someone without a role and by staff.
func TestTipWordings(t *testing.T) {
	f := newFixture(t)
	f.say("admin", "授权 zhao 工作人员")
	const withdraw, report = "请撤回这条消息", "请以「上报」开头重发"
	for _, c := range readTipCorpus(t) {
		for _, user := range []string{"u31", "zhao"} {
			relay := c.kind == "relay" || c.kind == "staffrelay" && user == "zhao"
			tip := c.kind == "tip" || c.kind == "staffrelay" && user != "zhao"
			where := fmt.Sprintf("corpus.txt:%d %q from %s", c.line, c.msg, user)
			logged := len(f.logs.String())
			group := Message{Source: "test", ChatType: ChatGroup, ChatID: "wr001", UserID: user, Text: c.msg}
			private := Message{Source: "test", ChatType: ChatSingle, UserID: user, Text: c.msg}
			if got, want := f.engine.Sensitive(group), c.kind != "other"; got != want && f.engine.commandOf(c.msg) == nil {
				t.Errorf("%s: Sensitive = %v, want %v", where, got, want)
			}
			replies := f.engine.Handle(context.Background(), group)
			if len(replies) != 1 {
				t.Fatalf("%s: %d replies in a group", where, len(replies))
			}
			got := replies[0]
			if tip != strings.Contains(got.Text, withdraw) || relay != strings.Contains(got.Text, report) {
				t.Errorf("%s in a group: got %q; want the refusal asking to withdraw it: %v, the pointer to 上报: %v", where, got.Text, tip, relay)
			}
			if (tip || relay) && !got.Sensitive {
				t.Errorf("%s in a group: reply not marked Sensitive", where)
			}
			if w := quoted(c.msg, got.Text); w != "" {
				t.Errorf("%s in a group: reply %q quotes %q", where, got.Text, w)
			}
			if c.kind == "other" || f.engine.commandOf(c.msg) != nil {
				continue // 【举报】… is the command itself: in a private chat it files the tip
			}
			want := "「举报 <内容>」"
			if relay {
				want = "\n上报 "
			}
			replies = f.engine.Handle(context.Background(), private)
			if len(replies) != 1 || !replies[0].Sensitive || !strings.Contains(replies[0].Text, want) {
				t.Errorf("%s in a private chat: got %+v; want %q, Sensitive", where, replies, want)
			}
			if log := f.logs.String()[logged:]; log != "" {
				t.Errorf("%s: logged:\n%s", where, log)
			}
		}
	}
	tips, err := f.store.Tips(context.Background(), safetybot.TipFilter{}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(tips) != 0 {
		t.Errorf("%d tips stored; a tip refused in a group, or not sent as 举报, must not be stored", len(tips))
	}
	if n, err := f.store.CountHazards(context.Background(), safetybot.HazardFilter{}); err != nil || n != 0 {
		t.Errorf("%d hazards stored (%v); a relay is pointed to 上报, not registered", n, err)
	}
}

// TestTipIntentCommandsFirst: a message that names a command is that
// command, even with a tip word in it (举报统计, 上报 …有人举报).
func TestTipIntentCommandsFirst(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct{ msg, want string }{
		{"举报统计", "「举报统计」只能在与机器人的私聊中使用，请私聊机器人后再发送。"},
		{"举报 某码头超载", "「举报」只能在与机器人的私聊中使用，这条群消息未作任何记录。"},
		{"上报 码头护栏缺失，有人举报 单位:县港航中心 领域:水上交通", "YH2026-0001"},
		// Too long to read, still refused as a tip, not told how to send the rest.
		{"我要匿名举报" + strings.Repeat("码头老板逼司机超载。", 210), "请撤回这条消息"},
		{"举报 " + strings.Repeat("码头老板逼司机超载。", 210), "「举报」只能在与机器人的私聊中使用"},
	} {
		if got := f.sayInGroup("admin", "wr001", tc.msg); !strings.Contains(got, tc.want) {
			t.Errorf("%q in a group: got %q, want it to contain %q", tc.msg, got, tc.want)
		}
	}
}

// TestRelayContent: what a relay's private 上报 line carries: the text
// after the relay word and any filler glued to it (fix10 #1, #2).
func TestRelayContent(t *testing.T) {
	for _, c := range []struct{ msg, want string }{
		{"有人反映测试码头消防通道堵塞，请核实", "测试码头消防通道堵塞，请核实"},
		{"反映：3号泊位护栏缺失", "3号泊位护栏缺失"},
		{"汇报一下：3号泊位护栏缺失", "3号泊位护栏缺失"},
		{"报告领导，S331线K52处边坡落石", "S331线K52处边坡落石"},
		{"报告：下午检查发现3号泊位护栏缺失", "下午检查发现3号泊位护栏缺失"},
		{"反 映 ： 龙港隧道照明灯不亮", "龙港隧道照明灯不亮"},
		{"群众反映一个情况：候车厅灭火器过期", "候车厅灭火器过期"},
	} {
		got := readTip(c.msg)
		if got.kind != tipRelay || got.content != c.want {
			t.Errorf("readTip(%q) = %+v, want a relay of %q", c.msg, got, c.want)
		}
	}
}
