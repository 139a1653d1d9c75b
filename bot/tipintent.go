package bot

import (
	"slices"
	"strings"
	"unicode"
)

// A tip is not always written as the 举报 command. People write 我要匿名举报…,
// 实名举报：…, #举报 …, 举 报 …, 投诉… or 反映… (security test, fix9-8 #1);
// in a group those were answered as an unknown command, which quoted the
// accusation back to the group and gave no prompt to withdraw it. tipIntent
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

// tipIntent reports whether text, as normalize leaves it (mentions removed,
// full-width folded), reads as a tip: a tip word among its first words after
// any leads, spaces and punctuation between the characters ignored (举 报,
// #举报, 【举报】), or a strong tip word anywhere in it. The caller asks only
// of a message that names no command (举报统计 is a command).
func tipIntent(text string) bool {
	compact := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return r
	}, text)
	head := compact
	for range 8 { // 我要匿名向你们举报: at most a few leads
		for _, w := range tipWords {
			if strings.HasPrefix(head, w) {
				return true
			}
		}
		i := slices.IndexFunc(tipLeads, func(l string) bool { return strings.HasPrefix(head, l) })
		if i < 0 {
			break
		}
		head = head[len(tipLeads[i]):]
	}
	return slices.ContainsFunc(strongTipWords, func(w string) bool { return strings.Contains(compact, w) })
}

// tipIntentReply answers a message tipIntent reads as a tip that is not
// the 举报 command: in a group the refusal 举报 gets there (nothing is
// recorded; withdraw it), in a private chat how to send it as 举报. Neither
// quotes the message, and nothing of it is stored.
func (e *Engine) tipIntentReply(m Message) string {
	if m.ChatType == ChatGroup {
		return e.tipGroupRefusal(tipVerb)
	}
	return "这条消息像是一条举报，但没有作为举报登记，也未作任何记录。匿名举报请私聊发送「举报 <内容>」（以「举报」二字开头），" +
		"例如「举报 某码头老板逼迫司机超载」，收到回执码才算登记（登记一般安全隐患请发送「上报 <隐患描述>」）。" +
		"也可使用无需登录的网页匿名举报：" + e.tips.ReportURL()
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
