package bot

import (
	"context"
	"fmt"

	"safetybot"
)

// 督办 and 催办 (issue 13 §1): a leader's supervision and anyone on staff
// urging a hazard on. Both go through the one rule the dashboard's buttons
// use too (store.SuperviseHazard over safetybot.Supervision): an event in
// the hazard's history and a notice to the responsible person, or while
// nobody is responsible, to the staff of the hazard's field, who are to
// assign someone. They are also what the 督办 and 催办 buttons of cards
// run.

func (e *Engine) superviseCommands() []*command {
	return []*command{
		{verb: "督办", alias: "supervise", perm: permLeader,
			usage:   "督办 <编号> [说明]",
			summary: "领导督办一条隐患：记入处置记录，并通知整改责任人（未指派时通知本领域工作人员）", run: e.supervise(safetybot.Supervise)},
		{verb: "催办", alias: "urge", perm: permStaff,
			usage:   "催办 <编号> [说明]",
			summary: "催促整改：记入处置记录，并通知整改责任人（未指派时通知本领域工作人员）", run: e.supervise(safetybot.Urge)},
	}
}

// supervise returns the handler of 督办 or 催办 (action). A closed or
// rejected hazard is refused (ECONFLICT); a note longer than 200 runes is
// refused (EINVALID).
func (e *Engine) supervise(action string) func(ctx context.Context, r *request) (string, error) {
	return func(ctx context.Context, r *request) (string, error) {
		number, err := r.hazardNumber()
		if err != nil {
			return "", err
		}
		note := r.args.rest(1)
		if n := len([]rune(note)); n > safetybot.MaxSuperviseNote {
			return "", r.usageError(fmt.Sprintf("说明过长（%d 字），请控制在 %d 字以内。", n, safetybot.MaxSuperviseNote))
		}
		sv := safetybot.Supervision{Kind: action, Actor: r.user.ID, By: e.name(ctx, r.user.ID), Note: note, Today: e.today()}
		h, notes, err := e.store.SuperviseHazard(ctx, number, sv, e.plan.DomainGroup)
		if err != nil {
			return "", err
		}
		told := safetybot.Told(h, notes, func(id string) string { return e.name(ctx, id) })
		return fmt.Sprintf("已%s %s（%s），已记入处置记录。%s", action, h.Number, h.Status, told), nil
	}
}
