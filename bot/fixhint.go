package bot

import (
	"fmt"
	"slices"

	"safetybot"
)

// assigneeFixKeys are the fields 整改 records, so its assignee corrects
// them with 整改 itself.
var assigneeFixKeys = []string{"资金", "措施", "管控"}

// fixCommand is the command u may correct h's field key with, as a hint
// names it: "修改 <编号>" for whoever may 修改 it (mayEdit), "整改 <编号>"
// for its assignee when 整改 records key, else "" (the field's staff must
// be asked). Every hint that names a correction picks it here, so none
// offers a command that then refuses its reader (fix10-10 #2: a non-staff
// assignee was told to use 修改).
func (e *Engine) fixCommand(u safetybot.User, h *safetybot.Hazard, key string) string {
	if e.mayEdit(u, h, map[string]string{key: ""}) == nil {
		return "修改 " + h.Number
	}
	if h.Assignee == u.ID && u.ID != "" && slices.Contains(assigneeFixKeys, key) {
		return "整改 " + h.Number
	}
	return ""
}

// correction is fixCommand as a hint's words, key:example following the
// number (单位, "…" → 发送「修改 YH… 单位:…」), or whom to ask.
func (e *Engine) correction(u safetybot.User, h *safetybot.Hazard, key, example string) string {
	if cmd := e.fixCommand(u, h, key); cmd != "" {
		return fmt.Sprintf("发送「%s %s:%s」", cmd, key, example)
	}
	return "联系" + fieldStaff(h)
}

// fieldStaff is who corrects h for those who may not: its field's staff,
// or for a hazard not yet put in a field the bureau's staff. QA16 #9b:
// 「联系「相关」领域的工作人员」 named a field that does not exist.
func fieldStaff(h *safetybot.Hazard) string {
	if h.Domain == "" {
		return "局里的工作人员"
	}
	return fmt.Sprintf("「%s」领域的工作人员", h.Domain)
}
