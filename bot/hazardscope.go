package bot

import (
	"safetybot"
)

// inScope is the one 专班 rule of every command that changes a hazard
// (确认, 指派, 整改, 销号, 驳回, 修改): nil when u may act for h's field,
// else the refusal, in the same words for each verb (what). It is called
// inside the hazard's transaction, on the field as stored then. A command
// that skipped it let a staffer limited to one 专班 move another field's
// deadline with 指派 while 修改 of the same deadline was refused (QA12 #1).
//
// An unclassified hazard (领域 empty) belongs to no 专班, so no 专班's
// staffer could ever act on it and the old refusal, 「请联系该领域工作人员」,
// named people who do not exist (QA12 #2). Bureau-wide staff, leaders and
// admins cover it as before; a 专班's staffer is told to classify it first,
// with the exact 修改 (mayCorrect lets him set its 领域), and then act.
func (e *Engine) inScope(u safetybot.User, h *safetybot.Hazard, what string) error {
	groups := e.groupDomains()
	if u.CoversDomain(h.Domain, groups) {
		return nil
	}
	if h.Domain == "" {
		return safetybot.Errorf(safetybot.EFORBIDDEN, "隐患 %s 尚未分类（领域：未分类），限定专班的工作人员不能直接%s。"+
			"请先发送「修改 %s 领域:%s」写明所属领域，再%s；属其他领域的，归入后由该领域的工作人员处理。",
			h.Number, what, h.Number, ownDomain(u, groups), what)
	}
	return safetybot.Errorf(safetybot.EFORBIDDEN, "隐患 %s 属于「%s」领域，您所在专班无权%s，请联系该领域工作人员。", h.Number, h.Domain, what)
}

// ownDomain is the first field of u's 专班, for the 修改 a refusal gives as
// the example; 道路运输 when u has none (a 专班 dropped from the plan).
func ownDomain(u safetybot.User, groups map[string][]string) string {
	for _, g := range u.Grants {
		if g.Role == safetybot.RoleStaff && len(groups[g.WorkingGroup]) > 0 {
			return groups[g.WorkingGroup][0]
		}
	}
	return "道路运输"
}

// mayEdit is mayCorrect for a 修改 of fields: besides, any staffer may
// give an unclassified hazard its 领域 (with other fields in the same
// 修改), the step inScope tells him to take, since no 专班 covers it
// until then.
func (e *Engine) mayEdit(u safetybot.User, h *safetybot.Hazard, fields map[string]string) error {
	if _, ok := fields["领域"]; ok && h.Domain == "" && u.IsStaff() {
		return nil
	}
	return e.mayCorrect(u, h)
}
