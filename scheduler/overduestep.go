package scheduler

import (
	"fmt"
	"slices"

	"safetybot"
)

// overdueSteps is the morning escalation of one overdue hazard, without
// the leaders' card: each person is told the step that is next for him in
// the hazard's state (the README's lifecycle), never one he cannot take
// (QA12 #1: staff were told 请尽快整改 of a hazard nobody was assigned, and
// the assignee of an unconfirmed 重大 hazard was told to rectify while his
// 完成:是 would be refused and no staff member was told to confirm it).
//
//   - 待验收: the verifiers, to verify (验收/销号); the assignee has done his part.
//   - 待确认, 重大 or nobody assigned: the staff who may confirm it (its
//     verifiers, who cover its field), 确认 (and 指派 when nobody is
//     assigned); the assignee of a 重大 one, that it waits on confirmation
//     and he may report progress meanwhile.
//   - nobody assigned (待指派): the staff, 指派.
//   - otherwise (整改中, or a 一般 待确认 one its assignee may finish): the
//     assignee, 整改 and 完成:是.
//
// staff are the hazard's verifiers (safetybot.Verifiers; nil: the leaders
// are asked instead), name the assignee's display name.
func overdueSteps(h *safetybot.Hazard, unit string, days int, staff []string, name string) []safetybot.Notification {
	n := h.Number
	head := fmt.Sprintf("【隐患逾期】%s %s%s（%s），整改期限 %s，已逾期 %d 天，当前状态：%s",
		n, unit, safetybot.OneLine(h.Description, 40), h.Grade, h.Deadline, days, h.Status)
	assign := fmt.Sprintf("「指派 %s <责任人> 期限:…」", n)
	switch {
	case h.Status == safetybot.StatusVerifying:
		who := ""
		if h.Assignee != "" {
			who = "责任人 " + name + " "
		}
		body := fmt.Sprintf("【验收逾期】%s %s%s（%s），整改期限 %s，已逾期 %d 天；%s已报整改完成，尚未验收。请尽快现场验收：合格发送「销号 %s 验收通过」，不合格发送「驳回 %s <原因>」退回整改。",
			n, unit, safetybot.OneLine(h.Description, 40), h.Grade, h.Deadline, days, who, n, n)
		return ask(staff, body, body)
	case h.Status == safetybot.StatusPending && (h.Grade == safetybot.GradeMajor || h.Assignee == ""):
		why := "。该隐患尚未经工作人员确认"
		if h.Grade == safetybot.GradeMajor {
			why = "。该重大隐患尚未经工作人员确认，确认前责任人不能报整改完成"
		}
		next, none := "。请核实后发送「确认 "+n+"」", "，本领域也没有可确认的工作人员，请安排工作人员发送「确认 "+n+"」"
		if h.Assignee == "" {
			next += "，并发送" + assign + "指定整改责任人（尚未指派责任人）"
			none += "并" + assign + "（尚未指派责任人）"
		} else {
			next += "（责任人：" + name + "）"
		}
		out := ask(staff, head+why+next+"。", head+why+none+"。")
		if h.Assignee != "" && !slices.Contains(staff, h.Assignee) {
			out = append(out, safetybot.NotifyUser(h.Assignee, head+
				fmt.Sprintf("。该重大隐患尚待工作人员确认，确认前不能报整改完成，已同时提醒确认；请继续整改，并发送「整改 %s <进展>」报告进展。", n)))
		}
		return out
	case h.Assignee == "":
		return ask(staff, head+"，尚未指派责任人。请发送"+assign+"指定整改责任人。",
			head+"，尚未指派责任人，本领域也没有可指派的工作人员，请安排工作人员发送"+assign+"。")
	}
	return []safetybot.Notification{safetybot.NotifyUser(h.Assignee, head+
		fmt.Sprintf("。请尽快整改，并发送「整改 %s <进展>」报告进展；整改完成后发送「整改 %s <说明> 完成:是」提交验收。", n, n))}
}
