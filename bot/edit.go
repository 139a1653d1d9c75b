package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"safetybot"
)

// correctionWindow is how long a reporter may correct their own report, and
// anyone may undo their own change (issue 9 §3).
const correctionWindow = 30 * time.Minute

// staffVerbs are the changes only a staffer covering the hazard's field
// makes (inScope), and so only such a staffer takes back.
var staffVerbs = map[string]bool{"确认": true, "指派": true, "销号": true, "驳回": true}

var editFields = fields("描述", "单位", "领域", "地点", "期限", "等级", "来源", "原因", "依据", "管控", "措施", "资金", "督办", "停产")

func (e *Engine) editCommands() []*command {
	return []*command{
		{verb: "修改", alias: "edit", perm: permAnyone, fields: editFields,
			usage:   "修改 <编号> 字段:值 …",
			summary: "更正描述、单位、领域、地点、期限、等级等（本领域工作人员；上报人 30 分钟内），记录改前改后", run: e.editHazard},
		{verb: "撤销", alias: "undo", perm: permAnyone,
			usage:   "撤销 <编号>",
			summary: "撤销自己 30 分钟内对该隐患的最近一次变更；本领域工作人员可撤销误驳回", run: e.undoHazard},
	}
}

// edit is one field a 修改 changes.
type edit struct {
	label    string
	old, new string
	set      func(h *safetybot.Hazard)
	hint     string // added in the reply only, never in the history (the 约 caveat)
}

// readEdits turns the fields of a 修改 into edits of h, refusing the first
// value that cannot be read (a 修改 is short: the reply quotes what to fix).
// A unit that matches several known ones is no edit but a question (unit),
// as in 上报: stored as typed it would count as an enterprise of its own.
func (e *Engine) readEdits(ctx context.Context, r *request, h *safetybot.Hazard) (out []edit, unit *question, err error) {
	add := func(label, old, new string, set func(*safetybot.Hazard)) {
		if old != new {
			out = append(out, edit{label: label, old: old, new: new, set: set})
		}
	}
	f := r.args.Fields
	for _, k := range []string{"描述", "单位", "地点", "原因", "依据", "管控", "措施", "督办"} {
		v, ok := f[k]
		if !ok {
			continue
		}
		if v == "" {
			return nil, nil, r.usageError(fmt.Sprintf("%s:后面请写新的内容。", k))
		}
		hint := "" // how a unit spelled otherwise was read
		if k == "单位" {
			m, err := e.matchKnown(ctx, v)
			if err != nil {
				return nil, nil, err
			}
			if m.clean == "" {
				return nil, nil, r.usageError("单位:后面请写单位名称。")
			}
			if m.refused != "" {
				return nil, nil, r.usageError(fmt.Sprintf("单位「%s」%s，未修改。", safetybot.Truncate(m.clean, 30), m.refused))
			}
			if m.ask {
				unit = &question{Kind: questionUnit, Number: h.Number, Unit: m.name, Alts: m.alts, Typed: m.clean,
					Actor: r.user.ID, By: "修改人", Was: h.Unit}
				continue
			}
			v = m.clean
			if m.name != "" {
				v = m.name
			}
			if m.note != "" {
				hint = matchedNote(m)
			}
		}
		d := editableText[k]
		n := len(out)
		add(d.label, d.get(h), v, func(h *safetybot.Hazard) { d.set(h, v) })
		if len(out) > n {
			out[n].hint = hint
		}
	}
	if v, ok := f["领域"]; ok {
		d, err := e.parseDomain(v)
		if err != nil {
			return nil, nil, r.usageError(safetybot.ErrorMessage(err))
		}
		add("领域", h.Domain, d, func(h *safetybot.Hazard) { h.Domain = d })
	}
	if v, ok := f["期限"]; ok {
		d, hint, err := e.editDeadline(v, h.Deadline)
		if err != nil {
			return nil, nil, r.usageError(safetybot.ErrorMessage(err))
		}
		add("期限", string(h.Deadline), string(d), func(h *safetybot.Hazard) { h.Deadline = d })
		if len(out) > 0 && out[len(out)-1].label == "期限" {
			out[len(out)-1].hint = hint
		}
	}
	if v, ok := f["等级"]; ok {
		g, err := parseGrade(v)
		if err != nil {
			return nil, nil, r.usageError(safetybot.ErrorMessage(err))
		}
		add("等级", string(h.Grade), string(g), func(h *safetybot.Hazard) { h.Grade = g })
	}
	if v, ok := f["来源"]; ok {
		src, err := parseSource(v)
		if err != nil {
			return nil, nil, r.usageError(safetybot.ErrorMessage(err))
		}
		if h.Source == safetybot.SourceTip && src != h.Source {
			// Only 查实 sets it, and the summary counts verified tips by it
			// (QA8 #9: edited away, it could never be put back).
			return nil, nil, r.usageError(fmt.Sprintf("%s 由匿名举报查实登记，来源「举报查实」不能修改。", h.Number))
		}
		shown := (&safetybot.Hazard{Source: src}).SourceLabel() // 来源:未注明 takes a wrong one out
		add("来源", h.SourceLabel(), shown, func(h *safetybot.Hazard) { h.Source = src })
	}
	if v, ok := f["资金"]; ok {
		yuan, _, err := parseFunds(v)
		if err != nil {
			return nil, nil, r.usageError(safetybot.ErrorMessage(err))
		}
		n := strconv.FormatInt(yuan, 10) + "元"
		if was, now := safetybot.ShowFunds(h.Funds), safetybot.ShowFunds(n); was != now {
			add("整改资金", was, now, func(h *safetybot.Hazard) { h.Funds = n })
			if len(out) > 0 {
				out[len(out)-1].hint = approxNote(v)
			}
		}
	}
	if v, ok := f["停产"]; ok {
		halted, err := r.yesNo("停产", v)
		if err != nil {
			return nil, nil, err
		}
		yn := safetybot.AnswerOf(halted)
		add("停产停业", string(h.Halted), string(yn), func(h *safetybot.Hazard) { h.Halted = yn })
	}
	return out, unit, nil
}

// editableText are the free-text fields 修改 may change.
var editableText = map[string]struct {
	label string
	get   func(*safetybot.Hazard) string
	set   func(*safetybot.Hazard, string)
}{
	"描述": {"描述", func(h *safetybot.Hazard) string { return h.Description }, func(h *safetybot.Hazard, v string) { h.Description = v }},
	"单位": {"单位", func(h *safetybot.Hazard) string { return h.Unit }, func(h *safetybot.Hazard, v string) { h.Unit = v }},
	"地点": {"地点", func(h *safetybot.Hazard) string { return h.Location }, func(h *safetybot.Hazard, v string) { h.Location = v }},
	"原因": {"产生原因", func(h *safetybot.Hazard) string { return h.Cause }, func(h *safetybot.Hazard, v string) { h.Cause = v }},
	"依据": {"判定依据", func(h *safetybot.Hazard) string { return h.Basis }, func(h *safetybot.Hazard, v string) { h.Basis = v }},
	"管控": {"临时管控措施", func(h *safetybot.Hazard) string { return h.Interim }, func(h *safetybot.Hazard, v string) { h.Interim = v }},
	"措施": {"整改措施", func(h *safetybot.Hazard) string { return h.Measures }, func(h *safetybot.Hazard, v string) { h.Measures = v }},
	"督办": {"挂牌督办", func(h *safetybot.Hazard) string { return h.Supervision }, func(h *safetybot.Hazard, v string) { h.Supervision = v }},
}

// mayCorrect is who may correct a hazard: staff whose working group covers
// its field, or its reporter within correctionWindow of reporting and only
// until the department confirms it (after that the grade and deadline are
// the department's).
func (e *Engine) mayCorrect(u safetybot.User, h *safetybot.Hazard) error {
	if u.IsStaff() && u.CoversDomain(h.Domain, e.groupDomains()) {
		return nil
	}
	if h.Reporter == u.ID && h.Reporter != "" {
		if h.Confirmed {
			return safetybot.Errorf(safetybot.EFORBIDDEN, "隐患 %s 已经部门确认，上报人不能再修改；请联系%s更正。", h.Number, fieldStaff(h))
		}
		if e.now().Sub(h.FoundAt) <= correctionWindow {
			return nil
		}
		return safetybot.Errorf(safetybot.EFORBIDDEN, "上报已超过 30 分钟，请联系%s更正 %s。", fieldStaff(h), h.Number)
	}
	if u.IsStaff() {
		return e.inScope(u, h, "修改")
	}
	return safetybot.Errorf(safetybot.EFORBIDDEN, "只有该领域的工作人员，或上报人在 30 分钟内，可以修改隐患 %s。", h.Number)
}

func (e *Engine) editHazard(ctx context.Context, r *request) (string, error) {
	number, err := r.hazardNumber()
	if err != nil {
		return "", err
	}
	if len(r.args.Fields) == 0 {
		hint := ""
		if len(r.args.Unknown) > 0 {
			hint = fmt.Sprintf("未识别：「%s」。", strings.Join(r.args.Unknown, "」「"))
		}
		return "", r.usageError(hint + "请写明要改的字段和新值，例如「修改 " + number + " 期限:12月31日 单位:县公路段」。")
	}
	h, _, err := e.store.Hazard(ctx, number)
	if err != nil {
		return "", err
	}
	edits, unitAsk, err := e.readEdits(ctx, r, h)
	if err != nil {
		return "", err
	}
	if len(edits) == 0 && unitAsk != nil {
		if err := e.mayEdit(r.user, h, r.args.Fields); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s 的单位尚未修改：", number) + e.ask(ctx, r.msg, *unitAsk), nil
	}
	if len(edits) == 0 {
		return fmt.Sprintf("%s 的内容与所写相同，没有变化。", number), nil
	}
	leaders, err := e.leaders(ctx)
	if err != nil {
		return "", err
	}
	var changes, shown []string // the history's lines, and the reply's
	var gradeFlip bool
	me := e.name(ctx, r.user.ID) // before the transaction: a look-up may wait
	h, err = e.store.ChangeHazard(ctx, number, r.user.ID, func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		if err := finished(h, "修改"); err != nil {
			return safetybot.HazardChange{}, err
		}
		if err := e.mayEdit(r.user, h, r.args.Fields); err != nil {
			return safetybot.HazardChange{}, err
		}
		oldGrade, before := h.Grade, *h
		changes, shown = changes[:0], shown[:0]
		for _, ed := range edits {
			ed.set(h)
			line := fmt.Sprintf("%s：%s → %s", ed.label, orDash(ed.old), ed.new)
			changes, shown = append(changes, line), append(shown, line+ed.hint)
		}
		var notes []safetybot.Notification
		if h.Assignee != "" && h.Assignee != r.user.ID && (h.Deadline != before.Deadline || h.Grade != before.Grade || h.Description != before.Description) {
			// The person fixing it must hear that the task changed.
			notes = append(notes, safetybot.NotifyUser(h.Assignee, fmt.Sprintf("您负责整改的隐患 %s 已由 %s 修改：%s\n当前期限：%s。发送「隐患 %s」查看。",
				h.Number, me, strings.Join(changes, "；"), orText(string(h.Deadline), "未定"), h.Number)))
		}
		gradeFlip = (oldGrade == safetybot.GradeMajor) != (h.Grade == safetybot.GradeMajor)
		if !gradeFlip && h.Grade == safetybot.GradeMajor && h.Domain != before.Domain {
			// Moving a major hazard to another field moves who may close or
			// reject it: the leaders see it happen.
			notes = append(notes, notifyLeaders(fmt.Sprintf("【重大隐患改领域】%s %s：%s 将领域由「%s」改为「%s」。发送「隐患 %s」查看记录。",
				h.Number, safetybot.Truncate(h.Description, 30), me, orDash(before.Domain), h.Domain, h.Number)))
		}
		if gradeFlip {
			msg := fmt.Sprintf("【重大隐患】%s %s（经 %s 修改定为重大）\n单位：%s｜领域：%s｜期限：%s\n请督办：回复「督办 %s」；发送「隐患 %s」查看详情。",
				h.Number, h.Description, me, orDash(h.Unit), orDash(h.Domain), orText(string(h.Deadline), "未定"), h.Number, h.Number)
			if h.Grade != safetybot.GradeMajor {
				msg = fmt.Sprintf("【等级变更】隐患 %s %s 已由 %s 从重大改为%s。发送「隐患 %s」查看记录。", h.Number, h.Description, me, h.Grade, h.Number)
			}
			notes = append(notes, notifyLeaders(msg))
		}
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "修改", Note: strings.Join(changes, "；")}, Notes: notes}, nil
	})
	if err != nil {
		return "", err
	}
	reply := fmt.Sprintf("已修改 %s：\n%s", h.Number, strings.Join(shown, "\n"))
	if len(r.args.Unknown) > 0 {
		reply += fmt.Sprintf("\n未识别：「%s」（未作修改）", strings.Join(r.args.Unknown, "」「"))
	}
	if rest := r.args.rest(1); rest != "" {
		reply += fmt.Sprintf("\n未使用：「%s」不属于任何字段，未作修改。描述里有逗号时请写在最后：「修改 %s 描述:…」。", safetybot.Truncate(rest, 40), h.Number)
	}
	if gradeFlip && len(leaders) > 0 {
		reply += "\n等级变更已通知领导。"
	}
	if unitAsk != nil {
		reply += "\n单位尚未修改：" + e.ask(ctx, r.msg, *unitAsk)
	}
	return reply + fmt.Sprintf("\n改错了可在 30 分钟内发送「撤销 %s」。", h.Number), nil
}

// undoHazard takes back the caller's newest change to a hazard within the
// correction window, or lifts a mistaken 驳回 for staff of its field.
func (e *Engine) undoHazard(ctx context.Context, r *request) (string, error) {
	number, err := r.hazardNumber()
	if err != nil {
		return "", err
	}
	if _, used := leadNumber(r.args.Words[1:]); used > 0 {
		return "", r.usageError("一次只能撤销一条隐患的变更，请分开发送。")
	}
	var undone undoneChange
	var othersChange *safetybot.HazardEvent
	me := e.name(ctx, r.user.ID) // before the transaction: a look-up may wait
	// The history names whose change was undone by name, as it shows
	// everyone (QA: "撤销 zhaoke 的「销号」"). That is the caller, known
	// here, or for a lifted 驳回 another person, looked up between
	// attempts, never inside the transaction.
	names := map[string]string{r.user.ID: me}
	var unnamed string
	undo := func(h *safetybot.Hazard, last safetybot.LastChange) (safetybot.HazardChange, error) {
		lifting := last.Event.Action == "驳回" && h.Status == safetybot.StatusRejected &&
			r.user.IsStaff() && r.user.CoversDomain(h.Domain, e.groupDomains())
		own := last.Event.Actor == r.user.ID && e.now().Sub(last.Event.At) <= correctionWindow
		actor, named := names[last.Event.Actor]
		switch {
		case (own || lifting) && !named:
			unnamed = last.Event.Actor
			return safetybot.HazardChange{}, errUnnamed
		case own && staffVerbs[last.Event.Action] && !lifting:
			// Taking back a 确认, 指派, 销号 or 驳回 changes the hazard as
			// much as making it: only while the 专班 still covers it (a
			// staffer whose field was taken away in the 30 minutes keeps
			// none of its hazards).
			if err := e.inScope(r.user, h, "撤销"); err != nil {
				return safetybot.HazardChange{}, err
			}
		case own || lifting:
		case last.Event.Actor == r.user.ID:
			// 修改 only to whoever may run it: an assignee undoing his
			// 整改 is sent to the field's staff (fix10-10 #2).
			fix := fmt.Sprintf("请用「修改 %s 字段:值」更正", h.Number)
			if e.fixCommand(r.user, h, "") == "" {
				fix = "请联系" + fieldStaff(h) + "更正"
			}
			return safetybot.HazardChange{}, safetybot.Errorf(safetybot.EFORBIDDEN, "您对 %s 的「%s」已超过 30 分钟，不能撤销；%s。", h.Number, last.Event.Action, fix)
		default:
			// Named after the transaction, where a name look-up may wait.
			othersChange = &last.Event
			return safetybot.HazardChange{}, errOthersChange
		}
		undone = undoneChange{Action: last.Event.Action, Note: last.Event.Note, Actor: last.Event.Actor}
		var notes []safetybot.Notification
		wasMajor, willBeMajor := h.Grade == safetybot.GradeMajor, last.Prior.Grade == safetybot.GradeMajor
		if (lifting && willBeMajor) || wasMajor != willBeMajor {
			msg := fmt.Sprintf("【撤销】重大隐患 %s %s：%s 撤销了「%s」，状态恢复为%s。发送「隐患 %s」查看。",
				h.Number, safetybot.Truncate(h.Description, 30), me, last.Event.Action, last.Prior.Status, h.Number)
			if wasMajor != willBeMajor {
				msg = fmt.Sprintf("【等级变更】隐患 %s %s：%s 撤销了「%s」，等级恢复为%s。发送「隐患 %s」查看。",
					h.Number, safetybot.Truncate(h.Description, 30), me, last.Event.Action, last.Prior.Grade, h.Number)
			}
			notes = append(notes, notifyLeaders(msg))
		}
		if last.Prior.Status != h.Status || last.Prior.Assignee != h.Assignee || last.Prior.Deadline != h.Deadline {
			// Whoever heard of the change hears that it was taken back.
			msg := fmt.Sprintf("隐患 %s（%s）：%s 撤销了「%s」，当前状态：%s，期限：%s。",
				h.Number, safetybot.Truncate(h.Description, 30), me, last.Event.Action, last.Prior.Status, orText(string(last.Prior.Deadline), "未定"))
			parties := last.Prior
			if back := last.Prior.Assignee; back != h.Assignee && back != "" && back != r.user.ID {
				// the responsible person again: told so, not only that something was undone
				parties.Assignee = ""
				notes = append(notes, safetybot.NotifyUser(back, fmt.Sprintf("隐患 %s（%s）：%s 撤销了「%s」，改由您继续负责整改此隐患，当前状态：%s，期限：%s。整改进展请发送「整改 %s <进展>」。",
					h.Number, safetybot.Truncate(h.Description, 30), me, last.Event.Action, last.Prior.Status, orText(string(last.Prior.Deadline), "未定"), h.Number)))
			}
			notes = append(notes, e.notifyParties(&parties, r.user.ID, msg)...)
			if last.Prior.Assignee != h.Assignee && h.Assignee != "" && h.Assignee != r.user.ID {
				notes = append(notes, safetybot.NotifyUser(h.Assignee, fmt.Sprintf("隐患 %s 对您的指派已被 %s 撤销，您不再负责整改此隐患。", h.Number, me)))
			}
		}
		note := fmt.Sprintf("撤销 %s 的「%s」", actor, last.Event.Action)
		if last.Event.Note != "" {
			note += "：" + safetybot.Truncate(last.Event.Note, 60)
		}
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "撤销", Note: note}, Notes: notes}, nil
	}
	h, err := e.store.UndoHazard(ctx, number, r.user.ID, undo)
	// Each retry names one more person; the newest change can only move
	// on to yet another person by a change made meanwhile.
	for try := 0; try < 3 && errors.Is(err, errUnnamed); try++ {
		names[unnamed] = e.name(ctx, unnamed)
		h, err = e.store.UndoHazard(ctx, number, r.user.ID, undo)
	}
	if errors.Is(err, errOthersChange) {
		return "", safetybot.Errorf(safetybot.EFORBIDDEN, "%s 最近一次变更是 %s 于 %s 的「%s」，只有本人可在 30 分钟内撤销（误驳回可由本领域工作人员撤销）。",
			number, e.name(ctx, othersChange.Actor), othersChange.At.In(safetybot.Shanghai).Format("01-02 15:04"), othersChange.Action)
	}
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("已撤销 %s 的「%s」，当前：%s【%s】。", h.Number, undone.Action, h.Status, h.Grade), nil
}

// errOthersChange stops an undo of someone else's change; the caller
// names whose it was.
var errOthersChange = errors.New("the last change is someone else's")

// errUnnamed stops an undo whose history note needs a name not yet looked
// up; the caller looks it up outside the transaction and tries again.
var errUnnamed = errors.New("the undone change's author is not named yet")

// undoneChange is what the undo reply names.
type undoneChange struct{ Action, Note, Actor string }

// finished refuses what (修改, 更改单位…) on a hazard that is 已驳回 or 已销号:
// such a hazard takes no more changes (README), and the refusal says how a
// mistaken 驳回 or 销号 is lifted. nil while the hazard is open.
func finished(h *safetybot.Hazard, what string) error {
	switch h.Status {
	case safetybot.StatusRejected:
		return safetybot.Errorf(safetybot.ECONFLICT, "隐患 %s 已驳回，不能再%s。误驳回可由本领域工作人员「撤销 %s」。", h.Number, what, h.Number)
	case safetybot.StatusClosed:
		return safetybot.Errorf(safetybot.ECONFLICT, "隐患 %s 已销号，不能再%s。误销号可由销号人 30 分钟内「撤销 %s」。", h.Number, what, h.Number)
	}
	return nil
}
