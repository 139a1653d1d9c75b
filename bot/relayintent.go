package bot

import (
	"context"
	"slices"
	"strings"
	"unicode"
)

// Staff in a working group pass on what they were told or saw with the
// words a whistleblower uses: 有人反映测试码头消防通道堵塞，请核实, 反映：3号
// 泊位护栏缺失, 报告，…, 汇报一下：… (fix10 #1, #2). Read as tips, a staff
// member was told to withdraw a hazard report as if they had accused
// someone. readTip reads such an opening as a relay of a site condition
// unless it accuses someone (accuses) or says anonymity; a relay is pointed
// to 上报, never registered from these words, and in a group never quoted:
// the message may name who raised it, and the reading may be wrong.

// relayWords open a relay: 反映 and its variants are also tip words (a
// whistleblower's 向你们反映), 报告 and 汇报 are staff's own words, which
// verbVariants pointed to 上报 even when they accused someone.
var relayWords = append([]string{"反映", "反应", "反應", "报告", "汇报", "報告", "匯報", "彙報"}, relayedBy()...)

// relayedBy are the openings that say whom a 反映 came from, 有群众反映 and
// 据群众反映 (qa14 #6: 「未识别的命令「有群众反映」」, while 有人反映 was read
// as a relay through its lead 有人). They read as 反映 does (relayBase): a
// relay from staff, a tip from anyone else.
func relayedBy() []string {
	var out []string
	for _, lead := range []string{"有", "据"} {
		for _, who := range []string{"群众", "市民", "乘客", "旅客", "村民", "职工", "员工", "司机", "人", ""} {
			if lead == "有" && who == "" {
				continue // 有反映 is not how it is said
			}
			for _, w := range []string{"反映", "反应"} {
				out = append(out, lead+who+w)
			}
		}
	}
	return out
}

// relayBase is the relay word a relayedBy opening ends in (有群众反映 is
// 反映), so relayHelp and readRelay treat it as that word.
func relayBase(word string) string {
	for _, base := range []string{"反映", "反应"} {
		if strings.HasSuffix(word, base) {
			return base
		}
	}
	return word
}

// anonymityLeads before a relay word make it a tip (匿名反映, 偷偷汇报).
var anonymityLeads = []string{"匿名", "实名", "署名", "不具名", "悄悄", "偷偷"}

// relayFillers follow a relay word, glued to it, before what is relayed
// (汇报一下：, 报告领导，, 反映一个情况：); they are no part of it.
var relayFillers = []string{"一个情况", "个情况", "一件事", "情况", "一下", "各位领导", "领导", "局长", "大家"}

// accusedPeople name whom a tip accuses: people in charge, and 某 as
// accusers write a unit or a person they leave unnamed (某码头, 张某某).
// 领导 is left out: 报告领导 addresses the reader.
var accusedPeople = []string{"某", "老板", "老总", "负责人", "经理", "站长", "队长", "厂长", "董事长", "法人", "股东",
	"包工头", "承包人", "安全员", "教练", "售票员"}

// misconductWords say someone's wrongdoing rather than a site's condition.
// 违规 and 超载 are left out: staff register 违规堆放 and 超载装卸 as hazards.
var misconductWords = []string{"逼", "强迫", "强令", "胁迫", "指使", "纵容", "包庇", "默许", "伪造", "造假", "弄虚作假",
	"瞒报", "谎报", "虚报", "偷工减料", "挂名", "受贿", "行贿", "索贿", "贪污", "回扣", "好处费", "吃拿卡要", "报复",
	"威胁", "欺骗", "骗取", "克扣", "无证", "非法", "违法", "私自", "擅自", "黑车", "疲劳驾驶", "酒驾", "醉驾", "偷排",
	"不作为", "腐败"}

// accuses reports whether what a relay passes on accuses a person or a
// unit of misconduct: it names someone in charge or an unnamed 某, or a
// wrongdoing. It errs towards a tip: a staff member refused in error
// resends with 上报; an accusation read as a relay would not be refused.
func accuses(s string) bool {
	has := func(w string) bool { return strings.Contains(s, w) }
	return slices.ContainsFunc(accusedPeople, has) || slices.ContainsFunc(misconductWords, has)
}

// readRelay is readTip's reading of a relay word and the text after it;
// anonymous says a lead before it asked for anonymity.
func readRelay(after, word string, anonymous bool) tipReading {
	word = relayBase(word)
	content := after
	for { // glued to the word: 报告：下午… keeps its 下午
		i := slices.IndexFunc(relayFillers, func(f string) bool { return strings.HasPrefix(content, f) })
		if i < 0 {
			break
		}
		content = content[len(relayFillers[i]):]
	}
	content = strings.TrimSpace(strings.TrimLeftFunc(content, isNoise))
	switch {
	case anonymous || accuses(content):
		return tipReading{kind: tipAccusation}
	case content == "" && slices.Contains(tipWords, word):
		return tipReading{kind: tipAccusation} // 反映 alone, as before
	case content == "":
		return tipReading{} // 报告 alone: verbVariants suggests 上报
	}
	return tipReading{kind: tipRelay, word: word, content: content}
}

// isNoise is what compactText leaves out.
func isNoise(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) }

// relayHelp reports whether a relay gets the way to 上报 rather than the
// tip refusal: 报告 and 汇报 always (they were pointed to 上报 before);
// 反映, a whistleblower's word too, only from staff, whom the ledger knows
// as the bureau's own. Anyone else is still asked to withdraw it: they may
// be the whistleblower.
func (e *Engine) relayHelp(ctx context.Context, m Message, tr tipReading) bool {
	if !slices.Contains(tipWords, tr.word) {
		return true
	}
	u, err := e.user(ctx, m.UserID)
	return err == nil && u.IsStaff()
}

// relayReply points a relay to 上报. In a group it does not quote the
// message, says it was not repeated, and asks for a private chat where the
// text may identify who raised it (有人反映 relays someone): a group reply
// would spread that further, and the reading may be an accusation missed.
// In a private chat only the sender reads it, so it gives the 上报 line to
// copy, with what was relayed.
func (e *Engine) relayReply(m Message, tr tipReading) string {
	if m.ChatType == ChatGroup {
		return "这条消息没有登记，机器人也不在群里转述它的内容。如是现场隐患，请以「上报」开头重发，例如「上报 <隐患描述> 单位:… 领域:…」；" +
			"内容可能让人认出反映情况的人时，请私聊机器人发送。如是举报某人或某单位的违法违规行为，请私聊机器人发送「举报 <内容>」，" +
			"或使用无需登录的网页匿名举报：" + e.tips.ReportURL()
	}
	return "这条消息没有登记。如是现场隐患，请复制下面一行发送（可补上 单位:… 领域:… 期限:…）：\n上报 " + tr.content +
		"\n如是举报某人或某单位的违法违规行为，请发送「举报 <内容>」。"
}
