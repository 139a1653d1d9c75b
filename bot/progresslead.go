package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"safetybot"
)

// figureRefusal says why u may not set task t's completion to pct, or nil
// when they may. The figure is the lead 专班's account of its task, handed
// in as the 自查自评 table: it is set by the staff of the group the plan
// names to lead the task, and by bureau-wide staff (领导组办公室, which also
// leads the tasks the plan gives no group), leaders and admins, who answer
// for every task. Staff limited to another group may add a note (the plan
// has every unit, 各单位（股室）, report on the tasks it works on, and its
// groups share members), but not the figure (QA16 #2: 城市客运专班 put
// task 6 of 道路（水上）运输专班 from 85% to 30%, and the warning about the
// drop went to him). The whole message is refused, not kept as a note: the
// note was written beside the figure and may speak of it. The reply offers
// the note alone, not for a correction (fix), whose words are its reason
// and which, after the plan's end, is the only 进展 taken.
func (e *Engine) figureRefusal(ctx context.Context, u safetybot.User, t *safetybot.Task, pct int, note string, fix bool) error {
	if u.IsLeader() {
		return nil
	}
	if fix {
		note = ""
	}
	var own []string
	for _, g := range u.Grants {
		if g.Role != safetybot.RoleStaff {
			continue
		}
		if g.WorkingGroup == "" || e.inPlan(g.WorkingGroup) && e.groupName(g.WorkingGroup) == e.groupName(t.Owner) {
			return nil
		}
		own = append(own, e.grantGroupName(ctx, g.WorkingGroup))
	}
	if len(own) == 0 {
		return nil // not staff: the command's permission has refused already
	}
	lead := e.ownerName(t.Owner)
	var b strings.Builder
	fmt.Fprintf(&b, "任务 %d 的完成度由牵头的%s登记（局机关工作人员、领导和管理员也可登记）；您的工作人员角色限定于%s，完成度 %d%% 未登记，这条进展也未记录。",
		t.No, lead, strings.Join(own, "、"), pct)
	switch {
	case note != "" && utf8.RuneCountInString(note) <= 40:
		fmt.Fprintf(&b, "如要补充进展说明，请不写完成度重新发送：「进展 %d %s」；", t.No, note)
	case note != "":
		fmt.Fprintf(&b, "如要补充进展说明，请不写完成度重新发送「进展 %d <说明>」；", t.No)
	}
	fmt.Fprintf(&b, "完成度请告知%s的工作人员登记。", lead)
	return safetybot.Errorf(safetybot.EFORBIDDEN, "%s", b.String())
}

// correctionWithoutFigure refuses a 更正 that gives no completion: a
// correction puts right a figure, and its words are not a progress note
// (QA16 #2). late is the ended plan's correction, nil while the plan runs.
func correctionWithoutFigure(late *lateFix, no int) error {
	if late != nil {
		return safetybot.Errorf(safetybot.EINVALID, "方案《%s》已于 %s 结束，「更正」只改期内登记的完成度，未作记录。请写明更正后的完成度，例如「进展 %d 更正 完成度:70%%」。",
			safetybot.Truncate(late.plan.Title, 30), late.end, no)
	}
	return safetybot.Errorf(safetybot.EINVALID, "「更正」用于更正登记错的完成度，未作记录。请写明更正后的完成度，例如「进展 %d 更正 完成度:70%%」；补充进展说明请不写「更正」：「进展 %d <说明>」。", no, no)
}
