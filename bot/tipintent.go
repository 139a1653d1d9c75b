package bot

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"
)

// A tip is not always written as the 举报 command. People write 我要匿名举报…,
// 实名举报：…, #举报 …, 举 报 …, 投诉… or 反映… (security test, fix9-8 #1);
// in a group those were answered as an unknown command, which quoted the
// accusation back to the group and gave no prompt to withdraw it. readTip
// reads such wordings so the engine treats them as 举报 is treated: refused
// in a group with the prompt to withdraw, never logged or persisted
// (Engine.Sensitive), and in a private chat pointed to 举报.

// tipWords are the words that say a message is a tip when they open it,
// after any tipLeads: simplified and traditional forms.
var tipWords = []string{
	"举报", "检举", "揭发", "揭露", "告发", "控告", "投诉", "反映", "反应", "爆料", "曝光", "举告",
	"舉報", "檢舉", "揭發", "告發", "投訴", "反應",
}

// strongTipWords say a tip wherever they stand in a message that names no
// command ("张某某逼司机超载，我要举报"): unlike 反映 or 曝光 they have no
// everyday sense.
var strongTipWords = []string{"举报", "检举", "揭发", "告发", "控告", "舉報", "檢舉", "揭發", "告發"}

// tipLeads are the words that may come before a tip word (我要匿名举报,
// 本人实名向你们反映, 有人举报), longest first so 我们 is not read as 我.
var tipLeads = func() []string {
	w := []string{
		"我们", "我", "本人", "俺", "咱们", "大家", "有人", "群众", "职工", "员工", "司机",
		"要", "想", "需要", "希望", "打算", "准备", "必须", "一定", "特此", "在此", "现在", "现", "再次", "再",
		"匿名", "实名", "署名", "不具名", "悄悄", "偷偷", "来", "请", "申请", "要求", "帮忙", "帮我",
		"向你们", "向您", "向你", "向领导", "向上级", "向局里", "给你们", "跟你们", "和你们",
		"这里", "这边", "紧急", "重要",
	}
	slices.SortStableFunc(w, func(a, b string) int { return len(b) - len(a) })
	return w
}()

// tipKind is what readTip makes of a message that names no command.
type tipKind int

const (
	notTip tipKind = iota
	// tipAccusation is a whistleblower's tip: refused in a group with the
	// prompt to withdraw it, pointed to 举报 in a private chat.
	tipAccusation
	// tipRelay passes on a site condition someone raised (有人反映…,
	// 报告，…, 汇报一下：…): staff are pointed to 上报 (relayintent.go).
	tipRelay
)

// tipReading is readTip's answer: the kind, and for a relay its opening
// word and the text after it.
type tipReading struct {
	kind    tipKind
	word    string
	content string
}

// readTip reads text, as normalize leaves it (mentions removed, full-width
// folded), for a tip: a tip word among its first words after any leads,
// spaces and punctuation between the characters ignored (举 报, #举报,
// 【举报】), or a strong tip word anywhere in it. A relay word (反映, 报告,
// 汇报) opening it is a relay unless a lead says anonymity (匿名反映) or
// what follows accuses someone (accuses): testers' staff wrote 有人反映测试
// 码头消防通道堵塞 and were told to withdraw it as a whistleblower (fix10
// #1). Both kinds leave no trace (Engine.Sensitive): a relay may say who
// raised it. The caller asks only of a message that names no command
// (举报统计 is a command).
func readTip(text string) tipReading {
	compact := compactText(text)
	if slices.ContainsFunc(strongTipWords, func(w string) bool { return strings.Contains(compact, w) }) {
		return tipReading{kind: tipAccusation}
	}
	head, anonymous := 0, false
	for range 8 { // 我要匿名向你们举报: at most a few leads
		rest := compact[head:]
		if i := slices.IndexFunc(relayWords, func(w string) bool { return strings.HasPrefix(rest, w) }); i >= 0 {
			return readRelay(text[textOffset(text, head+len(relayWords[i])):], relayWords[i], anonymous)
		}
		if slices.ContainsFunc(tipWords, func(w string) bool { return strings.HasPrefix(rest, w) }) {
			return tipReading{kind: tipAccusation}
		}
		i := slices.IndexFunc(tipLeads, func(l string) bool { return strings.HasPrefix(rest, l) })
		if i < 0 {
			break
		}
		anonymous = anonymous || slices.Contains(anonymityLeads, tipLeads[i])
		head += len(tipLeads[i])
	}
	return tipReading{}
}

// compactText is text without spaces, punctuation and symbols (isNoise).
func compactText(text string) string {
	return strings.Map(func(r rune) rune {
		if isNoise(r) {
			return -1
		}
		return r
	}, text)
}

// textOffset is the byte offset in text just after its first n bytes that
// compactText keeps.
func textOffset(text string, n int) int {
	for i, r := range text {
		if n <= 0 {
			return i
		}
		if !isNoise(r) {
			n -= utf8.RuneLen(r)
		}
	}
	return len(text)
}

// tipIntentReply answers a message readTip reads as a tip or a relay that
// is not the 举报 command: a tip in a group gets the refusal 举报 gets there
// (nothing is recorded; withdraw it), in a private chat how to send it as
// 举报; a relay the way to 上报 it, when relayHelp allows. No group reply
// quotes the message, and nothing of it is stored or logged.
func (e *Engine) tipIntentReply(ctx context.Context, m Message, tr tipReading) Reply {
	if tr.kind == tipRelay && e.relayHelp(ctx, m, tr) {
		return Reply{Text: e.relayReply(m, tr), Sensitive: true}
	}
	if m.ChatType == ChatGroup {
		return Reply{Text: e.tipGroupRefusal(tipVerb), Sensitive: true}
	}
	return Reply{Text: "这条消息像是一条举报，但没有作为举报登记，也未作任何记录。匿名举报请私聊发送「举报 <内容>」（以「举报」二字开头），" +
		"例如「举报 某码头老板逼迫司机超载」，收到回执码才算登记（登记一般安全隐患请发送「上报 <隐患描述>」）。" +
		"也可使用无需登录的网页匿名举报：" + e.tips.ReportURL(), Sensitive: true}
}

// tipGroupRefusal is the answer to an anonymous-report command (verb) sent
// in a group: the group has read it, so the sender is asked to withdraw it.
func (e *Engine) tipGroupRefusal(verb string) string {
	return "「" + verb + "」只能在与机器人的私聊中使用，这条群消息未作任何记录。为保护您，请撤回这条消息，" +
		"点开机器人头像发起私聊后再发送；也可使用无需登录的网页匿名举报：" + e.tips.ReportURL()
}

// groupUnknownReply answers, in a group, a message that names no command.
// It does not quote the message: what someone sends the bot by mistake
// (an accusation, a name) must not be repeated to the whole group.
const groupUnknownReply = "未识别的命令。发送「帮助」查看可用命令。"
