package bot

import (
	"context"
	"fmt"

	"safetybot"
)

// 督办 and 催办 (issue 13 §1): a leader's supervision and anyone on staff
// urging a hazard on. Each records an event in the hazard's history
// (store.AddHazardEvent: the event and its notice in one transaction) and
// tells the responsible person; while nobody is responsible, the staff of
// the hazard's field are told to assign someone. They are also what the
// 督办 and 催办 buttons of cards run.

func (e *Engine) superviseCommands() []*command {
	return []*command{
		{verb: "督办", alias: "supervise", perm: permLeader,
			usage:   "督办 <编号> [说明]",
			summary: "领导督办一条隐患：记入全程记录，并通知整改责任人（未指派时通知本领域工作人员）", run: e.supervise("督办")},
		{verb: "催办", alias: "urge", perm: permStaff,
			usage:   "催办 <编号> [说明]",
			summary: "催促整改：记入全程记录，并通知整改责任人（未指派时通知本领域工作人员）", run: e.supervise("催办")},
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
		if n := len([]rune(note)); n > 200 {
			return "", r.usageError(fmt.Sprintf("说明过长（%d 字），请控制在 200 字以内。", n))
		}
		h, _, err := e.store.Hazard(ctx, number)
		if err != nil {
			return "", err
		}
		if !h.Status.Open() {
			return "", safetybot.Errorf(safetybot.ECONFLICT, "隐患 %s %s，无需%s。", h.Number, h.Status, action)
		}
		who := e.name(ctx, r.user.ID)
		msg := fmt.Sprintf("【%s】%s %s隐患 %s【%s】：%s", action, who, action, h.Number, h.Grade, safetybot.OneLine(h.Description, 60))
		if note != "" {
			msg += "\n说明：" + note
		}
		if h.Deadline != "" {
			msg += "\n整改期限：" + string(h.Deadline) + e.pastNote(h.Deadline)
		}
		var notes []safetybot.Notification
		told := ""
		if h.Assignee != "" {
			msg += fmt.Sprintf("\n请抓紧整改，并发送「整改 %s <进展>」报告；完成后加「完成:是」。", h.Number)
			notes = append(notes, safetybot.NotifyUser(h.Assignee, msg))
			told = "已通知责任人 " + e.name(ctx, h.Assignee) + "。"
		} else {
			msg += fmt.Sprintf("\n该隐患尚未指派责任人，请发送「指派 %s <责任人> 期限:…」。", h.Number)
			staff, err := e.fieldStaff(ctx, h.Domain)
			if err != nil {
				return "", err
			}
			if len(staff) == 0 {
				notes = append(notes, safetybot.NotifyRole(safetybot.RoleStaff, msg))
			}
			for _, u := range staff {
				if u != r.user.ID {
					notes = append(notes, safetybot.NotifyUser(u, msg))
				}
			}
			told = "尚未指派责任人，已通知本领域工作人员指派。"
		}
		ev := safetybot.HazardEvent{Action: action, Note: note}
		if err := e.store.AddHazardEvent(ctx, h.Number, r.user.ID, ev, notes...); err != nil {
			return "", err
		}
		return fmt.Sprintf("已%s %s（%s），记入全程记录。%s", action, h.Number, h.Status, told), nil
	}
}
