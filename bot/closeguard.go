package bot

import (
	"context"
	"fmt"
	"time"

	"safetybot"
)

// returnedFresh is how long after a hazard left 待验收 for 整改中 by
// someone else's hand (验收不通过、退回整改, or the responsible person's
// 整改完成 taken back) a 销号 of it needs 仍销号:是. The 退回 tells the
// responsible person and the reporter, not the other staff: a colleague
// who verified the rectification from its 【待验收】 card, or typed 销号 at
// the same moment, closed it without a word of the 退回 (QA16 #3). It is
// 撤销's window: within it the one who sent it back may still take that
// back himself; after it the 退回 stands in the trail for anyone to read,
// and a 一般 hazard may be closed from 整改中 as ever.
const returnedFresh = 30 * time.Minute

// freshReturn reports whether h, as its transaction reads it, was sent
// back from 待验收 within returnedFresh by someone other than actor.
func (e *Engine) freshReturn(h *safetybot.Hazard, actor string) bool {
	m := h.Moved
	return h.Status == safetybot.StatusRectifying &&
		m.FromStatus == safetybot.StatusVerifying && m.ToStatus == safetybot.StatusRectifying &&
		m.Actor != actor && e.now().Sub(m.At) < returnedFresh
}

// returnedError refuses a 销号 inside the transaction; h (with h.Moved,
// the 退回) is the hazard as it read it. The reply names who sent it back,
// which is looked up after the transaction: a look-up may wait.
type returnedError struct{ h safetybot.Hazard }

func (e *returnedError) Error() string { return "hazard " + e.h.Number + " was just sent back" }

// returnedRefusal is the reply to a 销号 refused by returnedError: who sent
// the hazard back, when and why, and the exact command that closes it
// anyway.
func (e *Engine) returnedRefusal(ctx context.Context, r *request, h *safetybot.Hazard) error {
	m := h.Moved
	who := orText(orText(reporterAs(h, m.Actor, reporterShown(r, h)), e.name(ctx, m.Actor)), "系统")
	did := "退回整改" // 驳回 of a 待验收 hazard, typed or from its card
	if m.Note != "" {
		did += "（" + safetybot.Truncate(m.Note, 40) + "）"
	}
	if m.Action == "撤销" {
		did = "撤销了整改完成"
	}
	ago := int(e.now().Sub(m.At) / time.Minute)
	when := "刚刚"
	if ago > 0 {
		when = fmt.Sprintf("%d 分钟前", ago)
	}
	return safetybot.Errorf(safetybot.ECONFLICT, "隐患 %s 未销号：%s 于 %s（%s）%s，隐患已回到整改中，不再是待验收。\n"+
		"请先与 %s 核实；确认已整改到位、仍要销号的，请发送「销号 %s 仍销号:是 <验收说明>」。",
		h.Number, who, m.At.In(safetybot.Shanghai).Format("01-02 15:04"), when, did, who, h.Number)
}

// overruled records in ch that h was closed with 仍销号:是 over a fresh
// 退回 (h.Moved), and tells the one who sent it back: his 退回 was not
// simply passed over.
func overruled(h *safetybot.Hazard, me string, ch *safetybot.HazardChange) {
	ch.Event.Note = safetybot.JoinNonEmpty("；", ch.Event.Note, "退回整改后仍销号")
	if h.Moved.Actor == "" || h.Moved.Actor == h.Assignee || h.Moved.Actor == h.Reporter {
		// the responsible person and the reporter hear of the 销号 already
		return
	}
	ch.Notes = append(ch.Notes, safetybot.NotifyUser(h.Moved.Actor, fmt.Sprintf("隐患 %s（%s）在您 %s 退回整改后，已由 %s 仍予销号。如有异议，请与其核实；误销号可由销号人 30 分钟内「撤销 %s」。",
		h.Number, safetybot.Truncate(h.Description, 30), h.Moved.At.In(safetybot.Shanghai).Format("01-02 15:04"), me, h.Number)))
}
