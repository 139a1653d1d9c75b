package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"safetybot"
)

var hazardFields = fields("描述", "单位", "领域", "等级", "期限", "地点", "来源", "原因", "依据", "管控", "停产", "措施", "资金")

func (e *Engine) hazardCommands() []*command {
	return []*command{
		{verb: "上报", alias: "report", perm: permAnyone, fields: hazardFields,
			usage:   "上报 <隐患描述> [单位:] [领域:] [等级:重大|一般] [期限:2026-12-31] [地点:] [原因:] [依据:] [管控:] [措施:] [资金:] [停产:是|否]",
			summary: "登记一条事故隐患，返回隐患编号", run: e.reportHazard},
		{verb: "隐患", alias: "hazard", perm: permAnyone,
			usage:   "隐患 [编号] 或 隐患 [领域] [状态] [重大] [逾期] [全部]",
			summary: "查看一条隐患及其全程记录，或按条件列出隐患（工作人员看全部；整改责任人看指派给自己的；群聊中只回复条数）", run: e.showHazards},
		{verb: "指派", alias: "assign", perm: permStaff, fields: fields("期限"),
			usage:   "指派 <编号> <userid> [期限:2026-12-31]",
			summary: "指定整改责任人和期限，并通知责任人（本领域工作人员）", run: e.assignHazard},
		{verb: "整改", alias: "fix", perm: permAnyone,
			fields:  fields("完成", "措施", "资金", "管控", "停产"),
			usage:   "整改 <编号> <进展说明> [措施:] [资金:] [管控:] [停产:是|否] [完成:是]",
			summary: "记录整改进展和措施、资金（本领域工作人员或责任人）；整改完成时加 完成:是", run: e.rectifyHazard,
			longHint: "可分多次发送「整改 <编号> <进展说明>」。"},
		{verb: "确认", alias: "confirm", perm: permStaff,
			fields:  fields("等级", "依据", "督办"),
			usage:   "确认 <编号> [等级:重大|一般] [依据:判定标准条款] [督办:级别、单位、文号]",
			summary: "部门确认隐患（两级确认）及等级、判定依据、挂牌督办，进入整改（本领域工作人员）", run: e.confirmHazard},
		{verb: "销号", alias: "close", perm: permStaff, fields: fields("仍销号"),
			usage: "销号 <编号> [验收说明]", summary: "验收合格后销号（本领域工作人员）", run: e.closeHazard},
		{verb: "驳回", alias: "reject", perm: permStaff,
			usage:   "驳回 <编号> <原因>",
			summary: "不属于隐患或重复上报时驳回；待验收的隐患驳回即退回整改", run: e.rejectHazard},
	}
}

// showHazards shows one hazard or a list. Staff see every hazard; anyone
// else only the hazards assigned to them (an enterprise principal must see
// what they are to fix, issue 9 §5). In a group it shows no description:
// counts only (hazardgroup.go).
func (e *Engine) showHazards(ctx context.Context, r *request) (string, error) {
	own := !r.user.IsStaff()
	if len(r.args.Words) > 0 {
		if num, ok := r.args.takeNumber(); ok {
			if r.msg.ChatType == ChatGroup {
				return "", groupHazardDetail(num)
			}
			if own {
				h, _, err := e.store.Hazard(ctx, num)
				if err != nil && safetybot.ErrorCode(err) != safetybot.ENOTFOUND {
					return "", err
				}
				if err != nil || !mayViewHazard(r.user, h) {
					return "", safetybot.Errorf(safetybot.EFORBIDDEN, "「隐患」仅限工作人员使用；整改责任人只能查看指派给自己的隐患（发送「隐患」列出）。")
				}
			}
			return e.hazardDetail(ctx, r, num)
		}
	}
	// Most urgent first, as on the dashboard: the first rows shown are the
	// ones to act on (重大 before 一般, then most overdue, then deadline).
	f := safetybot.HazardFilter{OpenOnly: true, Today: safetybot.DateOf(e.now()), Order: safetybot.OrderUrgency}
	if own {
		f.Assignee = r.user.ID
	}
	var desc []string
	for _, w := range r.args.Words {
		switch {
		case w == "逾期" || strings.EqualFold(w, "overdue"):
			f.Overdue = true
			desc = append(desc, "逾期")
		case w == "全部" || strings.EqualFold(w, "all"):
			f.OpenOnly = false
		case w == "重大" || w == "一般":
			f.Grade = safetybot.Grade(w)
			desc = append(desc, w)
		case isStatus(w):
			f.Status = safetybot.Status(w)
			f.OpenOnly = false
			desc = append(desc, w)
		default:
			d, err := e.parseDomain(w)
			if full, short := fullNumber([]string{w}, r.args.year); err != nil && short {
				return "", r.usageError(fmt.Sprintf("「%s」不是完整的隐患编号，请写完整编号，如 %s。", w, full))
			}
			if err != nil {
				return "", r.usageError(fmt.Sprintf("「%s」不是领域、状态或编号。状态：待确认、整改中、待验收、已销号、已驳回；领域：%s。", w, e.domainNames()))
			}
			f.Domain = d
			desc = append(desc, d)
		}
	}
	title := "未销号隐患"
	if !f.OpenOnly {
		title = "隐患"
	}
	if own {
		title = "指派给您的" + title
	}
	if len(desc) > 0 {
		title = strings.Join(desc, "、") + " " + title
	}
	if r.msg.ChatType == ChatGroup {
		total, err := e.store.CountHazards(ctx, f)
		if err != nil {
			return "", err
		}
		return groupHazardCount(title, total, r.args.Words), nil
	}
	// The count from the store's tallies and the first rows only: a
	// province's ledger holds tens of thousands of open hazards.
	const shown = 20
	var hs []*safetybot.Hazard
	var total int
	err := e.store.View(ctx, func(v safetybot.Store) (err error) {
		if total, err = v.CountHazards(ctx, f); err != nil {
			return err
		}
		f.Limit = shown + 1
		hs, err = v.Hazards(ctx, f)
		return err
	})
	if err != nil {
		return "", err
	}
	if total == 0 || len(hs) == 0 {
		return title + "：无。", nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s共 %d 条：\n", title, total)
	for i, h := range hs {
		if i == shown {
			fmt.Fprintf(&b, "……另有 %d 条，请加条件缩小范围（如领域、状态、逾期）。", total-shown)
			break
		}
		fmt.Fprintf(&b, "%s【%s】%s %s", h.Number, h.Grade, h.Status, safetybot.Truncate(h.Description, 18))
		if h.Deadline != "" {
			fmt.Fprintf(&b, " 期限%s", h.Deadline)
			if h.Overdue(f.Today) {
				b.WriteString("（逾期）")
			}
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

// hazardDetail is one hazard and its history as r's sender may read it:
// the reporter only where reporterShown allows (reporterview.go).
func (e *Engine) hazardDetail(ctx context.Context, r *request, number string) (string, error) {
	h, evs, err := e.store.Hazard(ctx, number)
	if err != nil {
		return "", err
	}
	show := reporterShown(r, h)
	name := func(actor string) string {
		return orText(reporterAs(h, actor, show), e.name(ctx, actor))
	}
	today := safetybot.DateOf(e.now())
	var b strings.Builder
	fmt.Fprintf(&b, "%s【%s】%s\n", h.Number, h.Grade, h.Status)
	fmt.Fprintf(&b, "描述：%s\n", h.Description)
	fmt.Fprintf(&b, "单位：%s｜领域：%s｜地点：%s\n", orDash(h.Unit), orDash(h.Domain), orDash(h.Location))
	fmt.Fprintf(&b, "来源：%s｜上报人：%s｜责任人：%s\n", h.SourceLabel(), orText(name(h.Reporter), safetybot.Anonymous), orText(e.name(ctx, h.Assignee), "未指派"))
	deadline := orText(string(h.Deadline), "未定")
	if h.Overdue(today) {
		deadline += "（已逾期）"
	}
	fmt.Fprintf(&b, "期限：%s｜发现：%s", deadline, h.FoundAt.Format("2006-01-02"))
	if !h.ClosedAt.IsZero() {
		fmt.Fprintf(&b, "｜销号：%s", h.ClosedAt.Format("2006-01-02"))
	}
	for _, d := range []struct{ label, v string }{
		{"产生原因", h.Cause}, {"判定依据", h.Basis}, {"挂牌督办", h.Supervision}, {"临时管控", h.Interim},
		{"整改措施", h.Measures}, {"整改资金", h.FundsText()},
	} {
		if d.v != "" {
			fmt.Fprintf(&b, "\n%s：%s", d.label, d.v)
		}
	}
	if line := haltedLine(h.Halted); line != "" {
		b.WriteString("\n" + line)
	}
	evidence, err := e.store.Evidence(ctx, number)
	if err != nil {
		return "", err
	}
	b.WriteString(evidenceLines(evidence))
	b.WriteString("\n记录：")
	for _, ev := range evs {
		fmt.Fprintf(&b, "\n%s %s %s", ev.At.Format("01-02 15:04"), orText(name(ev.Actor), "系统"), ev.Action)
		if ev.Note != "" && ev.Action != "上报" {
			b.WriteString("：" + safetybot.Truncate(ev.Note, 120))
		}
		if ev.ToStatus != "" && ev.ToStatus != ev.FromStatus {
			b.WriteString(" → " + string(ev.ToStatus))
		}
		if ev.Undone {
			b.WriteString("（已撤销）")
		}
	}
	return b.String(), nil
}

func (e *Engine) rectifyHazard(ctx context.Context, r *request) (string, error) {
	number, err := r.hazardNumber()
	if err != nil {
		return "", err
	}
	note := r.args.rest(1)
	finished := false
	if v, ok := r.args.Fields["完成"]; ok {
		if finished, err = r.yesNo("完成", v); err != nil {
			return "", err
		}
	}
	// Lenient like 上报: an amount written as a range must not lose the progress typed on site.
	rd := reading{raw: r.msg.Text}
	apply, given, err := r.details(&rd, true)
	if err != nil {
		return "", err
	}
	if finished {
		rd.add("完成", "是")
	}
	if note == "" && !given && !finished {
		return "", r.usageError(rd.nothingRead("请写明整改进展。", "没有可记录的整改进展，未作记录。"))
	}
	var staff []string // who verifies it, when it is reported done
	var names map[string]string
	if finished {
		if staff, names, err = e.verifiers(ctx, number); err != nil {
			return "", err
		}
	}
	h, err := e.store.ChangeHazard(ctx, number, r.user.ID, func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		if !r.user.IsStaff() && h.Assignee != r.user.ID {
			return safetybot.HazardChange{}, safetybot.Errorf(safetybot.EFORBIDDEN, "只有工作人员或该隐患的责任人可以记录整改进展。")
		}
		if h.Assignee != r.user.ID {
			if err := e.inScope(r.user, h, "记录整改"); err != nil {
				return safetybot.HazardChange{}, err
			}
		}
		t := safetybot.TransProgress
		if finished {
			t = safetybot.TransFinish
		}
		next, err := h.Next(t)
		if err != nil {
			return safetybot.HazardChange{}, err
		}
		h.Status = next
		text := safetybot.JoinNonEmpty("；", note, apply(h))
		if finished && text == "" {
			text = "整改完成"
		}
		var notes []safetybot.Notification
		if finished {
			notes = append(notes, verifyCard(h, staff, names))
		}
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: string(t), Note: text}, Notes: notes}, nil
	})
	if err != nil {
		what := "记录整改"
		if finished {
			what = "报整改完成"
		}
		return "", e.settled(ctx, r, number, what, err)
	}
	rd.fix = e.fundsFix(r.user, h)
	read := rd.summary(r.args, "进展说明") + rd.refill("整改 "+h.Number) + fundsInText(r, rd.fix, h.Funds,
		textPart{"说明", note}, textPart{"整改措施", r.args.Fields["措施"]}, textPart{"临时管控措施", r.args.Fields["管控"]})
	if finished {
		return fmt.Sprintf("已记录 %s 整改完成，状态：%s。请工作人员现场复核后发送「销号 %s」，不合格可「驳回 %s <原因>」退回整改。", h.Number, h.Status, h.Number, h.Number) + read, nil
	}
	return fmt.Sprintf("已记录 %s 的整改进展（%s）。", h.Number, h.Status) + read + e.finishQuestion(ctx, r, h, note), nil
}

func (e *Engine) confirmHazard(ctx context.Context, r *request) (string, error) {
	number, err := r.hazardNumber()
	if err != nil {
		return "", err
	}
	var grade safetybot.Grade
	rd := reading{raw: r.msg.Text}
	if v, ok := r.args.Fields["等级"]; ok {
		if grade, err = parseGrade(v); err != nil {
			return "", r.usageError(safetybot.ErrorMessage(err))
		}
		rd.add("等级", string(grade))
	}
	apply, _, err := r.details(&rd, false)
	if err != nil {
		return "", err
	}
	me := e.name(ctx, r.user.ID) // before the transaction: a look-up may wait
	// A confirmation that makes the hazard 重大 sends the leaders' card,
	// which names the reporter: looked up before the transaction too.
	reporters := map[string]string{}
	if grade == safetybot.GradeMajor {
		if cur, _, err := e.store.Hazard(ctx, number); err == nil && cur.Reporter != "" {
			reporters[cur.Reporter] = e.name(ctx, cur.Reporter)
		}
	}
	h, err := e.store.ChangeHazard(ctx, number, r.user.ID, func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		// Confirming settles the grade: staff of the hazard's field only.
		if err := e.inScope(r.user, h, "确认"); err != nil {
			return safetybot.HazardChange{}, err
		}
		next, err := h.Next(safetybot.TransConfirm)
		if err != nil {
			return safetybot.HazardChange{}, err
		}
		if grade == "" && h.Grade == safetybot.GradeGeneral && mentionsMajor(h.Description) {
			// Reported as 可能为重大: confirming must settle the grade in words.
			return safetybot.HazardChange{}, r.usageError(fmt.Sprintf("隐患 %s 的描述提到「重大」，上报时未定等级。请确认时写明等级：「确认 %s 等级:重大」或「确认 %s 等级:一般」。", h.Number, h.Number, h.Number))
		}
		var regraded string
		var notes []safetybot.Notification
		if grade != "" && grade != h.Grade {
			regraded = "等级由" + string(h.Grade) + "改为" + string(grade)
			if h.Grade == safetybot.GradeMajor {
				notes = append(notes, notifyLeaders(fmt.Sprintf("【等级变更】隐患 %s %s 经 %s 确认由重大改为%s。发送「隐患 %s」查看记录。",
					h.Number, safetybot.Truncate(h.Description, 40), me, grade, h.Number)))
			}
			h.Grade = grade
		}
		h.Status, h.Confirmed = next, true
		details := apply(h)
		if regraded != "" && grade == safetybot.GradeMajor {
			// Leaders hear of a major hazard however it became one.
			notes = append(notes, majorCard(h, "经确认定为重大，请督办", reporters[h.Reporter]))
		}
		note := safetybot.JoinNonEmpty("；", r.args.rest(1), regraded, details)
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "确认", Note: note}, Notes: notes}, nil
	})
	if err != nil {
		return "", e.settled(ctx, r, number, "确认", err)
	}
	reply := fmt.Sprintf("已确认 %s【%s】，状态：%s。", h.Number, h.Grade, h.Status)
	if h.Assignee == "" {
		reply += fmt.Sprintf("下一步：「指派 %s <责任人> 期限:…」。", h.Number)
	}
	return reply + rd.summary(r.args, "确认说明"), nil
}

func (e *Engine) closeHazard(ctx context.Context, r *request) (string, error) {
	number, err := r.hazardNumber()
	if err != nil {
		return "", err
	}
	force, _ := yesNoWord(r.args.Fields["仍销号"])
	me := e.name(ctx, r.user.ID) // before the transaction: a look-up may wait
	h, err := e.store.ChangeHazard(ctx, number, r.user.ID, func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		if err := e.inScope(r.user, h, "销号"); err != nil {
			return safetybot.HazardChange{}, err
		}
		next, err := h.Next(safetybot.TransClose)
		if err != nil {
			return safetybot.HazardChange{}, err
		}
		returned := e.freshReturn(h, r.user.ID)
		if returned && !force {
			return safetybot.HazardChange{}, &returnedError{h: *h}
		}
		h.Status = next
		ch := safetybot.HazardChange{
			Event: safetybot.HazardEvent{Action: "销号", Note: r.args.rest(1)},
			Notes: e.notifyParties(h, r.user.ID, fmt.Sprintf("隐患 %s（%s）已验收销号。", h.Number, safetybot.Truncate(h.Description, 30))),
		}
		if returned {
			overruled(h, me, &ch)
		}
		return ch, nil
	})
	var re *returnedError
	if errors.As(err, &re) {
		return "", e.returnedRefusal(ctx, r, &re.h)
	}
	if err != nil {
		return "", e.settled(ctx, r, number, "销号", err)
	}
	return fmt.Sprintf("%s 已销号。", h.Number), nil
}

func (e *Engine) rejectHazard(ctx context.Context, r *request) (string, error) {
	number, err := r.hazardNumber()
	if err != nil {
		return "", err
	}
	reason := r.args.rest(1)
	if reason == "" {
		return "", r.usageError("请写明驳回原因。")
	}
	me := e.name(ctx, r.user.ID) // before the transaction: a look-up may wait
	who := map[string]string{}   // the responsible person's name, for a returned hazard's card
	if pre, _, err := e.store.Hazard(ctx, number); err == nil && pre.Assignee != "" {
		who[pre.Assignee] = e.name(ctx, pre.Assignee)
	}
	tips, err := e.store.TipsOfHazard(ctx, number) // verified into it: the handlers hear of a rejection
	if err != nil {
		return "", err
	}
	h, err := e.store.ChangeHazard(ctx, number, r.user.ID, func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		// Scoped like 销号: rejecting another field's hazard would drop it
		// from the ledger without its staff knowing (issue 10 §13).
		if err := e.inScope(r.user, h, "驳回"); err != nil {
			return safetybot.HazardChange{}, err
		}
		next, err := h.Next(safetybot.TransReject)
		if err != nil {
			return safetybot.HazardChange{}, err
		}
		action, msg := "驳回", fmt.Sprintf("您上报的隐患 %s 已被驳回：%s", h.Number, reason)
		if next == safetybot.StatusRectifying {
			action, msg = "验收不通过，退回整改", fmt.Sprintf("隐患 %s 验收未通过，请继续整改：%s", h.Number, reason)
		}
		h.Status = next
		var notes []safetybot.Notification
		if next == safetybot.StatusRectifying && h.Assignee != "" && h.Assignee != r.user.ID {
			// a fresh card to act on: his first one says 已报整改完成
			notes = append(notes, returnCard(h, who[h.Assignee], reason))
			told := *h
			told.Assignee = ""
			notes = append(notes, e.notifyParties(&told, r.user.ID, msg)...)
		} else {
			notes = e.notifyParties(h, r.user.ID, msg)
		}
		if next == safetybot.StatusRejected && len(tips) > 0 {
			notes = append(notes, rejectedTipsNotice(h, tips, me, reason))
		}
		if h.Grade == safetybot.GradeMajor && next == safetybot.StatusRejected {
			notes = append(notes, notifyLeaders(fmt.Sprintf("【重大隐患被驳回】%s %s\n%s 驳回，原因：%s\n如属误驳回，本领域工作人员可发送「撤销 %s」恢复。",
				h.Number, safetybot.Truncate(h.Description, 40), me, reason, h.Number)))
		}
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: action, Note: reason}, Notes: notes}, nil
	})
	if err != nil {
		return "", e.settled(ctx, r, number, "驳回", err)
	}
	if h.Status == safetybot.StatusRectifying {
		return returnedReply(h, r.user.ID), nil
	}
	return fmt.Sprintf("%s 已驳回。", h.Number), nil
}
