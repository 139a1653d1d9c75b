package bot

import (
	"context"
	"fmt"
	"strings"

	"safetybot"
)

// finishWords say a rectification is finished: 整改完毕, 已全部整改, 请验收,
// 申请销号… Written in 整改's progress without 完成:是 they are asked back
// (finishClaim), never taken for 完成 on their own.
var finishWords = []string{"整改完毕", "整改完成", "完成整改", "整改到位", "全部整改",
	"请验收", "请予验收", "请予以验收", "请组织验收", "申请验收", "请求验收", "申请销号", "请求销号", "请销号", "请予销号",
	"予以销号", "可以销号", "具备验收条件"}

// notFinishedWords before a finishWord in its clause make it no claim: a
// negation (尚未整改完毕, 未完成整改), a part (部分整改到位, 基本整改完成), or a
// plan (预计月底整改完毕, 12月20日前整改到位, 15天内…, 争取…). notFinishedAfter
// after it does the same (整改完成后申请验收, 整改完成率, 整改完毕了吗).
var (
	notFinishedWords = []string{"未", "没", "不", "无法", "否", "部分", "基本", "大部", "大致", "初步",
		"预计", "计划", "争取", "力争", "确保", "将", "拟", "待", "需要", "需", "要求", "还要", "应于", "应在", "应当",
		"即将", "准备", "正在", "尽快", "日前", "号前", "底前", "之前", "天内", "日内", "周内", "月内", "期限内", "以便"}
	notFinishedAfter = []string{"后", "前", "时", "率", "度", "情况", "时间", "期限", "吗", "没有", "与否"}
	// laterWords name a day still to come: 明天完成整改, 下周整改到位 is
	// when it will be finished (QA16 #6: asked 「是否已整改完成？」).
	laterWords = []string{"明天", "明日", "明早", "明晚", "后天", "下周", "下星期", "下个星期", "下礼拜",
		"下月", "下个月", "下旬", "马上", "过几天", "几天后", "改天"}
	// laterUnlessDone are time words that are a plan only without 已:
	// 月底整改完毕 is to come, 11月底已整改完毕 is done.
	laterUnlessDone = []string{"月底", "年底", "周末", "今晚", "近期", "近日"}
)

// plansLater reports whether before, the clause up to its finish word,
// says the work is still to be done: a negation, part or plan
// (notFinishedWords), or a day to come (laterWords, laterUnlessDone).
func plansLater(before string) bool {
	return containsAny(before, notFinishedWords) || containsAny(before, laterWords) ||
		!strings.Contains(before, "已") && containsAny(before, laterUnlessDone)
}

// finishClaim is the first clause of progress text that says the work is
// finished (QA12 #2: 「已全部整改完毕，请验收」 was recorded as plain
// progress, no 待验收 card went to staff, and the overdue job chased the
// principal), or "" when none does. It only prompts a question: a false
// 完成 would send the hazard to 验收 and the ledger's 企业自验收, so a
// claim is read narrowly and confirmed by the sender.
func finishClaim(note string) string {
	clauses := strings.FieldsFunc(note, func(r rune) bool { return strings.ContainsRune("，,。；;！!、\n ", r) })
	for _, c := range clauses {
		// The clause's first finish word decides it: in 整改完成后申请验收
		// the plan 整改完成后 makes the 申请验收 after it a plan too.
		at, word := -1, ""
		for _, w := range finishWords {
			if i := strings.Index(c, w); i >= 0 && (at < 0 || i < at || i == at && len(w) > len(word)) {
				at, word = i, w
			}
		}
		if at < 0 {
			if doneClause(c) {
				return c
			}
			continue
		}
		before, after := c[:at], c[at+len(word):]
		// 完成后请予验收 is a condition: what comes after 后 is a plan.
		if !plansLater(before) && !strings.HasSuffix(before, "后") &&
			!startsWithAny(after, notFinishedAfter) && !strings.ContainsAny(after, "？?") {
			return c
		}
	}
	return ""
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// finishQuestion is what the 整改 reply adds when its progress note says
// the work is finished but 完成 was not written: the question whose 是
// reports it finished, or, when it cannot be yet (a 重大 hazard not yet
// confirmed), why. h is the hazard after the progress was recorded.
func (e *Engine) finishQuestion(ctx context.Context, r *request, h *safetybot.Hazard, note string) string {
	_, typed := r.args.Fields["完成"]
	word := safetybot.Truncate(finishClaim(note), 20)
	if typed || word == "" || h.Status == safetybot.StatusVerifying {
		return ""
	}
	said := fmt.Sprintf("\n进展写的是「%s」，但没有写「完成:是」，以上只记为整改进展，尚未提交验收。", word)
	if _, err := h.Next(safetybot.TransFinish); err != nil {
		return said + "如已整改完成：" + safetybot.ErrorMessage(err)
	}
	return said + e.ask(ctx, r.msg, question{Kind: questionFinish, Number: h.Number, Actor: r.user.ID})
}

// settleFinish answers the finish question: 是 reports the hazard finished
// as 「整改 <编号> 完成:是」 would, through the same command and checks (the
// hazard may have moved on, or the sender lost the right, since it was
// asked); 否 leaves the progress as it was recorded.
func (e *Engine) settleFinish(ctx context.Context, m Message, q question, yes bool) string {
	if !yes {
		return fmt.Sprintf("好的，%s 只记为整改进展。整改完成后请发送「整改 %s <说明> 完成:是」。", q.Number, q.Number)
	}
	m.Text = "整改 " + q.Number + " 完成:是"
	replies, _ := e.command(ctx, m)
	var out []string
	for _, r := range replies {
		out = append(out, r.Text)
	}
	return strings.Join(out, "\n")
}

// doneClause reports a clause that ends in 完毕 or 完成 after 已: 整改已完成,
// 已处理完毕, 已修补完毕 (qa14 #4: stored as plain progress, unasked). The
// clause must end there (已完成3处 is a part) and say nothing of a plan
// before it (plansLater: 尚未处理完毕, 预计已…); finishClaim's clauses
// end at 后 too only when written apart, so 完成后 never ends one.
func doneClause(c string) bool {
	s := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(c), "了"), "啦")
	for _, w := range []string{"完毕", "完成"} {
		if rest, ok := strings.CutSuffix(s, w); ok {
			return strings.Contains(rest, "已") && !plansLater(rest)
		}
	}
	return false
}
