package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"safetybot"
)

// reading is what a command made of its fields, for a reply that says what
// was understood and what was not (issue 9 §2): nothing is dropped silently.
type reading struct {
	got     []string // "等级：重大"
	unclear []string // "期限「明年春天」无法识别，未填写"
	keys    []string // the keys of unclear, for the 修改 hint
	raw     string   // the message as typed, to quote values as typed (typedAs)
	// replaced are the ledger values the command replaced, before → after
	// (整改资金：3.6万元 → 1.2万元), set by details' apply.
	replaced []string
	// fix is the command a hint tells the sender to correct a field with,
	// one he may run: "修改 YH…", or "整改 YH…" for an assignee who may
	// not 修改 (fix10-10 #2: he was told 「修改」, which refused him); ""
	// names 「修改」 alone, for the reporter within his 30 minutes.
	fix string
}

func (rd *reading) add(label, value string) { rd.got = append(rd.got, label+"："+value) }

// fail notes that field key's value v was not read: what it says, and how.
func (rd *reading) fail(key, v, how string) {
	rd.keys = append(rd.keys, key)
	if strings.TrimSpace(v) == "" {
		// Not 冒号后没有内容: an empty cell of a pasted table has no colon.
		rd.unclear = append(rd.unclear, key+"（内容为空），未填写")
		return
	}
	rd.unclear = append(rd.unclear, fmt.Sprintf("%s「%s」（%s）", key, safetybot.Truncate(typedAs(rd.raw, v), 20), how))
}

// nothingRead is why a command that records nothing is refused: the fields
// that were not read, else empty (when no field was given at all).
func (rd *reading) nothingRead(empty, nothing string) string {
	if len(rd.unclear) == 0 {
		return empty
	}
	return "未能读取：" + strings.Join(rd.unclear, "；") + "。" + nothing
}

// refill is the line saying how to send again the fields not read, with
// cmd (整改 YH2026-0001); "" when every field was read.
func (rd *reading) refill(cmd string) string {
	if len(rd.keys) == 0 {
		return ""
	}
	return fmt.Sprintf("\n补填：发送「%s %s」。", cmd, strings.Join(rd.keys, ":… ")+":…")
}

// summary is the reply's block: 已读取 / 未识别 / 未能读取 lines, and the
// fields written twice (the later value kept).
func (rd *reading) summary(a args, keptIn string) string {
	unknown := a.Unknown
	var b strings.Builder
	if len(rd.got) > 0 {
		b.WriteString("\n已读取：" + strings.Join(rd.got, "｜"))
	}
	if len(rd.replaced) > 0 {
		b.WriteString("\n已替换原值（原值记入处置记录）：" + strings.Join(rd.replaced, "；"))
	}
	if len(a.Repeated) > 0 {
		fmt.Fprintf(&b, "\n重复：%s 写了两次，按后写的值登记", strings.Join(a.Repeated, "、"))
	}
	b.WriteString(spillLines(a, keptIn, rd.fix))
	if len(unknown) > 0 {
		fmt.Fprintf(&b, "\n未识别：「%s」（原文已保留在%s中）", strings.Join(unknown, "」「"), keptIn)
	}
	for _, u := range rd.unclear {
		b.WriteString("\n未能读取：" + u)
	}
	return b.String()
}

// spillLines say which text after a unit or a place was kept in keptIn
// rather than in the field (args.Spilled): it may have belonged to either.
// fix is reading.fix, the command the sender may correct it with.
func spillLines(a args, keptIn, fix string) string {
	var b strings.Builder
	for _, sp := range a.Spilled {
		how := "请用「修改」更正"
		if fix != "" {
			how = "请发送「" + fix + " " + sp.key + ":…」更正"
		}
		fmt.Fprintf(&b, "\n并入%s：「%s」（写在 %s「%s」之后，未算作%s；如属于%s，%s）",
			keptIn, safetybot.Truncate(sp.text, 20), sp.key, safetybot.Truncate(sp.value, 20), sp.key, sp.key, how)
	}
	return b.String()
}

// majorWords are how a report says a hazard is major without giving the
// grade; the reporter is then asked to confirm (a misreading must never
// silently downgrade a report).
var majorWords = []string{"重大事故隐患", "重大隐患", "重大风险", "重大安全", "重大"}

// notMajor are the ways a text says a hazard is not major.
var notMajor = []string{"非重大", "不重大", "不是重大", "不属于重大", "不属重大", "不构成重大", "未达到重大", "不涉及重大"}

func mentionsMajor(s string) bool {
	for _, w := range notMajor {
		s = strings.ReplaceAll(s, w, "")
	}
	for _, w := range majorWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// reportHazard registers a hazard. A field it cannot read does not refuse
// the report (it would have to be typed again on a phone): the hazard is
// registered with that field empty and the reply says which, and how to fix
// it with 修改.
func (e *Engine) reportHazard(ctx context.Context, r *request) (string, error) {
	_, reply, err := e.registerHazard(ctx, r)
	return reply, err
}

// registerHazard is 上报 for chat and the report form: it returns the new
// hazard's number with the reply.
func (e *Engine) registerHazard(ctx context.Context, r *request) (number, reply string, err error) {
	desc := safetybot.JoinNonEmpty("，", r.args.Text, r.args.Fields["描述"])
	if desc == "" {
		problem := "请写明隐患描述。"
		if len(r.args.Fields) > 0 {
			// Say what was read, so only the description has to be added.
			var got []string
			for _, f := range hazardFields.specs {
				if v, ok := r.args.Fields[f.key]; ok && v != "" {
					got = append(got, f.key+"："+v)
				}
			}
			problem = "请写明隐患描述（已读取：" + strings.Join(got, "，") + "）。在这些字段前加上描述重发即可。"
		}
		return "", "", r.usageError(problem)
	}
	if h, err := e.pastedNumber(ctx, r, desc); err != nil {
		return "", "", err
	} else if h != nil {
		return "", "", e.existingNumberError(h, r)
	}
	if n := len([]rune(desc)); n > 500 {
		return "", "", r.usageError(fmt.Sprintf("隐患描述过长（%d 字），请控制在 500 字以内。", n))
	}
	h := &safetybot.Hazard{
		Description: desc,
		Location:    r.args.Fields["地点"],
		Reporter:    r.user.ID,
		Grade:       safetybot.GradeGeneral,
		// No 来源 given stays none (SourceUnstated), not a guess from
		// who reports (QA6c C8); 修改 <编号> 来源:… fills it.
	}
	hr, err := e.readHazard(ctx, r, h, "")
	if err != nil {
		return "", "", err
	}
	rd, unitNote, unitAsk, suspect := hr.rd, hr.unitNote, hr.unitAsk, hr.suspect
	if h.Unit == "" && strings.TrimSpace(r.args.Fields["单位"]) == "" && !r.user.IsStaff() {
		// An enterprise principal who names no unit reports for their own
		// enterprise. One who typed a unit meant that one: while it is
		// asked 是/否 (or refused) it stays empty, as anyone's does, or
		// his 否 would find it already set (QA17 #2).
		if own := r.user.Enterprises; len(own) == 1 {
			h.Unit, unitNote = own[0], "（您登记的企业）"
		}
	}
	var leaders []string
	var reporter string // named before the transaction: a look-up may wait
	if h.Grade == safetybot.GradeMajor || suspect {
		if leaders, err = e.leaders(ctx); err != nil {
			return "", "", err
		}
		reporter = e.name(ctx, h.Reporter)
	}
	err = e.store.ReportHazard(ctx, h, e.reportLimits(r.user), h.Grade == safetybot.GradeMajor || suspect, func(h *safetybot.Hazard) []safetybot.Notification {
		var notes []safetybot.Notification
		if h.Grade == safetybot.GradeMajor && !suspect {
			notes = append(notes, majorCard(h, "新上报，请确认并督办", reporter))
		} else if suspect {
			notes = append(notes, suspectNotice(h, "上报时未写明等级，暂按一般登记；原文提到「重大」，已请上报人确认。", "｜上报人："+reporter))
		}
		return notes
	})
	if err != nil {
		return "", "", err
	}
	e.recent.noteReport(h.Reporter, h.Number, e.now(), false) // where the reporter's photos go now
	var unitPrompt string
	if unitAsk != nil {
		unitPrompt = e.ask(ctx, r.msg, unitAsk(h.Number))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "已登记隐患 %s（%s）。", h.Number, h.Status)
	rd.got = append([]string{
		"等级：" + string(h.Grade), "领域：" + orText(h.Domain, "未填"), "单位：" + orText(h.Unit, "未填") + unitNote,
		"地点：" + orText(h.Location, "未填"), "期限：" + orText(string(h.Deadline), "未填") + e.pastNote(h.Deadline),
	}, rd.got...)
	if h.Source == "" { // a 来源 given is in rd.got already
		rd.got = append(rd.got, "来源：未填")
	}
	b.WriteString(rd.summary(r.args, "描述"))
	b.WriteString(fundsInText(r, "修改 "+h.Number, h.Funds, textPart{"描述", h.Description}, textPart{"整改措施", h.Measures}, textPart{"临时管控措施", h.Interim}))
	switch {
	case h.Grade == safetybot.GradeMajor && len(leaders) > 0:
		b.WriteString("\n重大隐患，已通知领导。")
	case h.Grade == safetybot.GradeMajor:
		b.WriteString("\n重大隐患，但尚未设置领导，未能通知，请管理员发送「授权 <userid> 领导」。")
	case suspect:
		fmt.Fprintf(&b, "\n请确认等级：原文提到「重大」，但未写明等级，暂按一般登记，已告知领导「可能为重大」。如属重大隐患，请发送「修改 %s 等级:重大」。", h.Number)
	}
	if unitPrompt != "" {
		b.WriteString("\n" + unitPrompt)
	}
	for _, sp := range r.args.Spilled {
		if !slices.Contains(rd.keys, sp.key) {
			rd.keys = append(rd.keys, sp.key)
		}
	}
	if len(rd.unclear) > 0 || len(r.args.Spilled) > 0 || h.Domain == "" {
		keys := rd.keys
		if h.Domain == "" && !slices.Contains(keys, "领域") {
			keys = append(keys, "领域")
		}
		fmt.Fprintf(&b, "\n补充或更正：发送「修改 %s %s」，30 分钟内上报人可自行修改。", h.Number, strings.Join(keys, ":… ")+":…")
	}
	fmt.Fprintf(&b, "\n下一步：工作人员发送「确认 %s」并「指派 %s <责任人>」。", h.Number, h.Number)
	return h.Number, b.String(), nil
}

// DefaultReportLimits are what one user may register in an hour (issue 10
// §17): a flood of 重大 reports is what reaches the leaders' phones, so
// those are few for someone without a role; the overall cap only stops a
// script, far above an inspection round.
var DefaultReportLimits = ReportLimits{
	Staff:  safetybot.ReportLimits{PerHour: 600, LoudPerHour: 60},
	Others: safetybot.ReportLimits{PerHour: 300, LoudPerHour: 10},
}

// ReportLimits are the hourly limits on 上报 for staff and for others.
type ReportLimits struct{ Staff, Others safetybot.ReportLimits }

func (e *Engine) reportLimits(u safetybot.User) safetybot.ReportLimits {
	if u.IsStaff() {
		return e.limits.Staff
	}
	return e.limits.Others
}

// dateHint is the short list of date forms, for a date that was not read.
const dateHint = "可写 2026-12-31、12月31日、本月底、15天内"

// pastNote marks a deadline before today, so a date read as this year's
// but already past is visible at once.
func (e *Engine) pastNote(d safetybot.Date) string {
	if d != "" && d < e.today() {
		return "（早于今天，已逾期）"
	}
	return ""
}

// hazardReading is what readHazard made of the fields of a new hazard.
type hazardReading struct {
	rd       reading
	unitNote string
	unitAsk  func(number string) question
	suspect  bool // 重大 written without a grade: registered 一般, leaders told 可能为重大
}

// readHazard reads the fields of a new hazard h (its description already
// set) for 上报 and 查实 alike, so a verified report is read as a reported
// one (qa3 items 1, 2): 查实 stored a hazard whose text said 重大事故隐患 as
// a plain 一般 and glued 停产, 资金 into the description. A field it cannot
// read is left empty and named in rd rather than refused: the command would
// have to be typed again on a phone. by is who the unit look-up asks
// ("" for the reporter, 受理人).
func (e *Engine) readHazard(ctx context.Context, r *request, h *safetybot.Hazard, by string) (hazardReading, error) {
	var hr hazardReading
	hr.rd.raw = r.msg.Text // quote values as typed (typedAs)
	rd := &hr.rd
	gradeGiven := false
	hr.suspect = mentionsMajor(h.Description) || mentionsMajor(r.args.Fields["等级"])
	if v, ok := r.args.Fields["等级"]; ok {
		if g, err := parseGrade(v); err != nil {
			rd.fail("等级", v, "只有 重大 和 一般，暂按一般登记")
		} else {
			h.Grade, gradeGiven = g, true
		}
	}
	hr.suspect = hr.suspect && !gradeGiven
	if v, ok := r.args.Fields["来源"]; ok {
		if src, err := parseSource(v); err != nil {
			rd.fail("来源", v, "可填企业自查、督导检查、上级交办、群众上报；原文已附在描述后")
			if v != "" {
				h.Description += "（来源：" + v + "）"
			}
		} else if src != "" { // 来源:未注明 is none, said below
			h.Source = src
			rd.got = append(rd.got, "来源："+src)
		}
	}
	if v, ok := r.args.Fields["领域"]; ok {
		if d, err := e.parseDomain(v); err != nil {
			rd.fail("领域", v, e.domainHow(v)+"，未填写")
		} else {
			h.Domain = d
		}
	}
	if v, ok := r.args.Fields["期限"]; ok {
		if d, err := parseDate(v, e.now()); err != nil {
			rd.fail("期限", v, dateHint+"，未填写")
		} else {
			h.Deadline = d
		}
	}
	var err error
	if hr.unitNote, hr.unitAsk, err = e.resolveUnit(ctx, r.args.Fields["单位"], r.user.ID, by, h); err != nil {
		return hr, err
	}
	apply, _, err := r.details(rd, true)
	if err != nil {
		return hr, err
	}
	apply(h)
	return hr, nil
}

// suspectNotice tells leaders that a hazard registered 一般 mentions 重大
// without a grade, so a misreading never silently downgrades it: why says
// how it was registered and who was asked to confirm, and extra ends the
// unit line (the reporter; nothing for an anonymous report).
func suspectNotice(h *safetybot.Hazard, why, extra string) safetybot.Notification {
	msg := fmt.Sprintf("【可能为重大隐患】%s %s\n%s\n单位：%s｜领域：%s%s\n发送「隐患 %s」查看；如确属重大，发送「修改 %s 等级:重大」。",
		h.Number, h.Description, why, orDash(h.Unit), orDash(h.Domain), extra, h.Number, h.Number)
	return notifyLeaders(msg)
}
