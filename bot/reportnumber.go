package bot

import (
	"safetybot"
)

// existingNumberError refuses a 上报 of a hazard already in the ledger
// (pastedNumber). Its reporter within 30 minutes, who may not view it by
// number but may correct it, was told to 联系工作人员 though the README
// promises the 修改 hint and 修改 was theirs to use (qa14 #8). Everyone
// else gets pastedNumberError, which names the description only to whom
// 隐患 <编号> shows it and offers the correction the sender may run.
func (e *Engine) existingNumberError(h *safetybot.Hazard, r *request) error {
	if !mayViewHazard(r.user, h) && e.mayCorrect(r.user, h) == nil {
		return safetybot.Errorf(safetybot.EINVALID, "编号 %s 是您刚上报的隐患，已在台账中，未重复登记。要补充或更正请发送「修改 %s 字段:值」（上报人 30 分钟内可自行修改）；确属另一条隐患，请删去编号后再发。",
			h.Number, h.Number)
	}
	return e.pastedNumberError(h, r.user, r.msg.ChatType == ChatGroup)
}
