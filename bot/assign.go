package bot

import (
	"context"
	"errors"
	"fmt"

	"safetybot"
)

func (e *Engine) assignHazard(ctx context.Context, r *request) (string, error) {
	if len(r.args.Words) < 2 {
		return "", r.usageError("请写明隐患编号和责任人的企业微信账号。")
	}
	number, err := r.hazardNumber()
	if err != nil {
		return "", err
	}
	at := 1
	if w := r.args.Words[1]; (w == "给" || w == "由") && len(r.args.Words) > 2 { // 指派 YH… 给 lisi
		at = 2
	}
	r.args.personArg(at)
	assignee := r.args.Words[at]
	// 指派 YH… @lisi, as WeCom users mention people; Lisi is lisi
	typed, err := e.resolvePerson(ctx, assignee, true)
	if err != nil {
		return "", err
	}
	assignee = typed.ID
	var deadline safetybot.Date
	if v, ok := r.args.Fields["期限"]; ok {
		if deadline, err = parseDate(v, e.now()); err != nil {
			return "", err
		}
	}
	// before the transaction: a look-up may wait
	who, whoID, me := e.distinctName(ctx, assignee), e.nameID(ctx, assignee), e.distinctName(ctx, r.user.ID)
	var replaced string
	var oldDeadline safetybot.Date
	var same bool // the same responsible person, the deadline alone changed
	h, err := e.store.ChangeHazard(ctx, number, r.user.ID, func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		if err := e.inScope(r.user, h, "指派"); err != nil {
			return safetybot.HazardChange{}, err
		}
		next, err := h.Next(safetybot.TransAssign)
		if err != nil {
			return safetybot.HazardChange{}, err
		}
		same = h.Assignee == assignee
		if same && (deadline == "" || deadline == h.Deadline) {
			// QA12 #3: three identical 指派 sent three 【整改指派】
			// cards and wrote three history lines.
			oldDeadline = h.Deadline
			return safetybot.HazardChange{}, errSameAssignment
		}
		var notes []safetybot.Notification
		if h.Assignee != "" && h.Assignee != assignee {
			// The person taken off would otherwise go on rectifying, and
			// their reminders would stop without a word (QA item 13).
			replaced = h.Assignee
			if replaced != r.user.ID {
				notes = append(notes, safetybot.NotifyUser(replaced, fmt.Sprintf("隐患 %s（%s）已由 %s 改派给 %s，您不再负责整改此隐患。",
					h.Number, safetybot.Truncate(h.Description, 30), me, who)))
			}
		}
		h.Status, h.Assignee, oldDeadline = next, assignee, h.Deadline
		if deadline != "" {
			h.Deadline = deadline
		}
		note := "责任人 " + whoID // 吴杨虎（yanghu_wu）: the name, and the userid to trace
		if h.Deadline != "" {
			note += "，期限 " + string(h.Deadline)
		}
		if oldDeadline != "" && oldDeadline != h.Deadline {
			note += "（原期限 " + string(oldDeadline) + "）"
		}
		if same {
			// He has his card already: he hears of the change, once.
			if assignee != r.user.ID {
				notes = append(notes, deadlineNotice(h, oldDeadline, me, e.today()))
			}
		} else {
			notes = append(notes, assignCard(h, assignee, who, e.today()))
		}
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "指派", Note: note}, Notes: notes}, nil
	})
	if errors.Is(err, errSameAssignment) {
		return withNote(fmt.Sprintf("%s 已由 %s 负责，期限未变，未重复通知。当前期限：%s。", number, whoID, orText(string(oldDeadline), "未定")), typed.Note), nil
	}
	if err != nil {
		return "", e.settled(ctx, r, number, "指派", err)
	}
	// A past deadline is said at once, as 上报 says it: 12月1日 may have
	// been meant for next year.
	reply := fmt.Sprintf("已将 %s 指派给 %s，%s%s，已通知责任人", h.Number, whoID, assignDeadline(oldDeadline, h.Deadline, e.today()), e.pastNote(h.Deadline))
	if same {
		told := "，已通知责任人"
		if assignee == r.user.ID {
			told = ""
		}
		reply = fmt.Sprintf("%s 仍由 %s 负责，%s%s%s", h.Number, whoID, assignDeadline(oldDeadline, h.Deadline, e.today()), e.pastNote(h.Deadline), told)
	}
	switch {
	case replaced == r.user.ID:
		reply += "；您不再负责整改此隐患。"
	case replaced != "":
		reply += fmt.Sprintf("，并告知原责任人 %s 不再负责。", e.distinctName(ctx, replaced))
	default:
		reply += "。"
	}
	if e.pastNote(h.Deadline) != "" {
		reply += fmt.Sprintf("\n期限已过，如写错请发送「修改 %s 期限:…」更正。", h.Number)
	}
	return withNote(reply, typed.Note), nil
}

// errSameAssignment stops a 指派 that names the hazard's responsible person
// again with no new deadline: nothing changes, nobody is told again.
var errSameAssignment = errors.New("the same assignment again")

// deadlineNotice tells the responsible person, who keeps the hazard, that a
// 指派 moved its deadline from old (by me), instead of a second
// 【整改指派】 card for the same task.
func deadlineNotice(h *safetybot.Hazard, old safetybot.Date, me string, today safetybot.Date) safetybot.Notification {
	change := "定整改期限为 " + dayText(h.Deadline, today)
	if old != "" {
		change = fmt.Sprintf("将整改期限由 %s 改为 %s", dayText(old, today), dayText(h.Deadline, today))
	}
	if h.Overdue(today) {
		change += "（期限已过，已逾期）"
	}
	return safetybot.NotifyUser(h.Assignee, fmt.Sprintf("您负责整改的隐患 %s（%s）：%s %s，仍由您负责整改。发送「隐患 %s」查看。",
		h.Number, safetybot.Truncate(h.Description, 30), me, change, h.Number))
}
