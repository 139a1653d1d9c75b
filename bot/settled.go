package bot

import (
	"context"
	"fmt"

	"safetybot"
)

// settled rewords err, the refusal of what (销号, 驳回, 确认, 指派, 整改) on a
// hazard that is no longer open, with who closed or rejected it and when,
// from its trail: of two staff closing one hazard at once, the second read
// only 「已销号，不能再销号」 and could not tell a colleague's close from a
// mistake (QA12 #5). The refusal is decided in the transaction; this reads
// the hazard again after it, so it names the step that settled it, and
// leaves any other error, or a hazard open again meanwhile, as it was.
func (e *Engine) settled(ctx context.Context, r *request, number, what string, err error) error {
	if safetybot.ErrorCode(err) != safetybot.ECONFLICT {
		return err
	}
	h, evs, herr := e.store.Hazard(ctx, number)
	if herr != nil || h.Status.Open() {
		return err
	}
	for i := len(evs) - 1; i >= 0; i-- {
		ev := evs[i]
		if ev.Undone || ev.ToStatus != h.Status || ev.FromStatus == h.Status {
			continue
		}
		by := orText(reporterAs(h, ev.Actor, reporterShown(r, h)), e.name(ctx, ev.Actor))
		done := fmt.Sprintf("隐患 %s 已由 %s 于 %s %s", h.Number, orText(by, "系统"), ev.At.In(safetybot.Shanghai).Format("01-02 15:04"), ev.Action)
		if ev.Note != "" && h.Status == safetybot.StatusRejected {
			done += "（" + safetybot.Truncate(ev.Note, 40) + "）"
		}
		hint := fmt.Sprintf("误销号可由销号人 30 分钟内「撤销 %s」。", h.Number)
		if h.Status == safetybot.StatusRejected {
			hint = fmt.Sprintf("误驳回可由本领域工作人员「撤销 %s」。", h.Number)
		}
		return safetybot.Errorf(safetybot.ECONFLICT, "%s，不能再%s。%s", done, what, hint)
	}
	return err
}
