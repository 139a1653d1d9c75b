package bot

import (
	"safetybot"
)

// existingNumberError refuses a 上报 of a hazard already in the ledger
// (pastedNumber), offering 修改 to whoever may run it (mayCorrect): its
// reporter within 30 minutes was told to 联系工作人员 though the README
// promises the 修改 hint and 修改 was theirs to use (qa14 #8), while an
// assignee or staff of another field, who may view it but not correct it,
// was offered a 修改 that refuses them. The description is named only to
// whom 隐患 <编号> shows it (pastedNumberError), as before.
func (e *Engine) existingNumberError(h *safetybot.Hazard, u safetybot.User) error {
	mayEdit := e.mayCorrect(u, h)
	switch view := mayViewHazard(u, h); {
	case mayEdit == nil && !view:
		return safetybot.Errorf(safetybot.EINVALID, "编号 %s 是您刚上报的隐患，已在台账中，未重复登记。要补充或更正请发送「修改 %s 字段:值」（上报人 30 分钟内可自行修改）；确属另一条隐患，请删去编号后再发。",
			h.Number, h.Number)
	case mayEdit != nil && view:
		return safetybot.Errorf(safetybot.EINVALID, "这一行的编号是 %s（%s），该隐患已在台账中，未重复登记。%s确属另一条隐患，请删去编号一栏后再发。",
			h.Number, safetybot.Truncate(h.Description, 20), safetybot.ErrorMessage(mayEdit))
	}
	return e.pastedNumberError(h, u)
}
