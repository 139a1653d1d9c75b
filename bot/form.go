package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"safetybot"
)

// FormSource is the Message.Source of a report made on the web form. Its
// 是/否 questions (a unit name that is only a guess) are asked in the
// user's private chat with the app, where they can be answered.
const FormSource = "app"

// Report registers a hazard from the report form (上报表单) for userID,
// through the same permission check and the same handler as a typed 上报.
// fields holds the form's values by canonical 上报 field key (描述, 单位, 领域,
// 等级, 期限, 地点, 来源, 原因, 依据, 管控, 停产, 措施, 资金); each is read as in
// chat (等级 重大|一般, 期限 2026-12-31 or any date form chat reads, 单位
// matched against the known units), after the cleaning chat gives a
// message (formValue). It returns the new hazard's number and
// the reply chat would give. Errors: EINVALID for a key 上报 does not know,
// a value that is not valid UTF-8 or too long, or no 描述; EFORBIDDEN when
// the user may not report; ELIMIT past the hourly limit; the store's errors
// otherwise. A field that cannot be read does not refuse the report: the
// reply says which was left empty, as in chat.
func (e *Engine) Report(ctx context.Context, userID string, fields map[string]string) (number, reply string, err error) {
	cmd := e.byVerb["上报"]
	clean := map[string]string{}
	var typed []string // the values as typed, to quote one not read (typedAs)
	total := 0
	for k, v := range fields {
		spec, ok := hazardFields.byName[k]
		if !ok || spec.key != k {
			return "", "", safetybot.Errorf(safetybot.EINVALID, "上报表单中有不认识的字段「%s」。", safetybot.Truncate(k, 10))
		}
		v, problem := checkText(v)
		if problem != "" {
			return "", "", safetybot.Errorf(safetybot.EINVALID, "%s：%s", k, problem)
		}
		typed = append(typed, v)
		if v = formValue(spec, v); v != "" {
			clean[k] = v
			total += len([]rune(v))
		}
	}
	spilled, taken, kept, pasted := e.readFormBoxes(fields, clean)
	if clean["描述"] == "" {
		// Only invisible characters or a bare label: the form's own refusal,
		// not chat's usage line.
		return "", "", safetybot.Errorf(safetybot.EINVALID, "请填写隐患描述。")
	}
	if total > MaxMessageRunes {
		return "", "", safetybot.Errorf(safetybot.EINVALID, "填写的内容过长（超过 %d 字），请精简后再提交。", MaxMessageRunes)
	}
	m := Message{Source: FormSource, ChatType: ChatSingle, UserID: strings.TrimSpace(userID), Text: strings.Join(typed, "\n")}
	if m.UserID == "" {
		return "", "", safetybot.Errorf(safetybot.EFORBIDDEN, "请先登录再上报。")
	}
	start := e.now()
	user, err := e.user(ctx, m.UserID)
	if err == nil {
		err = e.authorize(cmd, user, m)
	}
	if err == nil {
		req := &request{msg: m, user: user, args: args{Fields: clean, Spilled: spilled}, cmd: cmd, pasted: pasted}
		number, reply, err = e.registerSafely(ctx, req)
		if err == nil {
			// The cells of a pasted ledger row nothing registers are named
			// as chat names them (fix10 #3).
			reply = formNotes(reply, taken, kept) + pasted.systemNote("", cmd.fields, user) + extraRowsNote(pasted.extra)
		}
	}
	attrs := []any{"cmd", cmd.verb, "source", "form", "user", m.UserID, "took", e.now().Sub(start)}
	switch code := safetybot.ErrorCode(err); {
	case err == nil:
		e.log.InfoContext(ctx, "command", append(attrs, "hazard", number)...)
	case code == safetybot.EINTERNAL:
		e.log.ErrorContext(ctx, "command failed", append(attrs, "err", err)...)
	default:
		e.log.InfoContext(ctx, "command refused", append(attrs, "code", code)...)
	}
	return number, reply, err
}

// registerSafely is registerHazard with a panic turned into an error, as
// Handle does for chat.
func (e *Engine) registerSafely(ctx context.Context, req *request) (number, reply string, err error) {
	defer func() {
		if r := recover(); r != nil {
			e.log.ErrorContext(ctx, "handler panic", "cmd", req.cmd.verb, "panic", r)
			number, reply, err = "", "", fmt.Errorf("handler %s panicked: %v", req.cmd.verb, r)
		}
	}()
	return e.registerHazard(ctx, req)
}

// formValue reads one form field's value as chat reads the same text after
// its label (qa4 #1: the form kept zero-width spaces, tabs and full-width
// digits, so 通达\u200b危货 became a new enterprise and ２０２６－１２－３１ was
// not read): cells pasted from a table and chat's character folding
// (safetybot.Fold), then the field's own label when the value was pasted
// with it (所属单位<TAB>县公路段, 整改期限：12月31日), then the separators chat
// trims around a value; a description is tidied as chat's free text is.
// Line breaks become spaces: in a box they do not separate fields.
func formValue(spec *fieldSpec, v string) string {
	v = strings.TrimSpace(safetybot.Fold(tableCells(v)))
	if name, rest, ok := strings.Cut(v, ":"); ok && namesField(strings.TrimSpace(name), spec) {
		v = rest
	}
	v = strings.Join(strings.Fields(v), " ")
	if spec.prose {
		return tidy(v)
	}
	return trimValue(v)
}

// namesField reports whether name is one of spec's names, or a ledger
// header one of whose names joined by "/" is (位置/路段/船名 for 地点, QA7b
// #11), with or without its remark in brackets (整改期限（日期）).
func namesField(name string, spec *fieldSpec) bool {
	if i := strings.IndexAny(name, "（("); i > 0 {
		name = strings.TrimSpace(name[:i])
	}
	if notFieldHeaders[name] {
		return false
	}
	for _, part := range strings.Split(name, "/") {
		if part = strings.ToLower(strings.TrimSpace(part)); part == spec.key || slices.Contains(spec.names, part) {
			return true
		}
	}
	return false
}

// readFormBoxes reads the 单位 and 描述 boxes of the form as chat reads the
// same text (qa5 #3): pasted 「单位：县公路段，地点：K12+300」 or
// 「县公路段、县交通运输事业发展中心」 in 单位 was one new enterprise, and
// labels pasted into 描述 (所属单位、整改期限, a WPS row under its header)
// stayed in the description, so the hazard had no deadline to track. The
// 单位 box is read as the text after 单位:, the 描述 box as a message's
// text; a field read there fills only a box the user left empty (a filled
// box wins), the text chat would keep in the description joins it, and
// the 单位 box's text after 、 is named as chat names it (spilled). taken
// lists, in the form's order, the fields read from the description; kept,
// those written there otherwise than in their box, left in the description.
func (e *Engine) readFormBoxes(fields, clean map[string]string) (spilled []spill, taken, kept []string, pasted pastedTable) {
	filled := map[string]bool{}
	for k := range clean {
		filled[k] = true
	}
	read := func(text string) args {
		return readArgs(unitLabels(safetybot.Fold(tableCells(text))), hazardFields, e.now())
	}
	var extra []string // free text to add to the description
	fill := func(a args, skip string, from bool) {
		for _, spec := range hazardFields.specs {
			k := spec.key
			v, ok := a.Fields[k]
			if !ok || k == skip || k == "描述" || v == "" {
				continue
			}
			if filled[k] {
				if v != clean[k] {
					// The box wins; what the text said stays in the
					// description and the reply names it, never dropped.
					extra = append(extra, k+":"+v)
					kept = append(kept, k+"「"+v+"」")
				}
				continue
			}
			clean[k], filled[k] = v, true
			if from {
				taken = append(taken, k)
			}
		}
	}
	if v := fields["单位"]; strings.TrimSpace(v) != "" {
		a := read("单位:" + formValue(hazardFields.byName["单位"], v))
		clean["单位"] = a.Fields["单位"]
		fill(a, "单位", false)
		spilled = a.Spilled
		if a.Text != "" {
			extra = append(extra, a.Text)
			if !slices.ContainsFunc(spilled, func(sp spill) bool { return sp.key == "单位" }) {
				// Whatever else of the 单位 box went to the description is
				// named too (fix9-10 #1: 「…'/C calc'!A0」 left 「A0」 there unsaid).
				spilled = append(spilled, spill{key: "单位", value: clean["单位"], text: a.Text})
			}
		}
	}
	if v := fields["描述"]; strings.ContainsRune(v, ':') || strings.ContainsRune(v, '：') || strings.ContainsRune(v, '\t') {
		// A ledger row pasted here is read as chat reads it (tableRows with
		// split): its 编号 and 序号 cells, and the columns the bot records
		// itself, are set apart for the reply to name, and a 编号 already
		// in the ledger refuses the report (fix10 #3: they stayed in the
		// description as 未识别).
		var text string
		text, pasted = tableRows(v, true, true)
		a := readArgs(unitLabels(safetybot.Fold(text)), hazardFields, e.now())
		if a.Fields["描述"] != "" {
			a.Text = strings.TrimSpace(a.Fields["描述"] + " " + a.Text)
		}
		if len(a.Fields) > 0 || pasted.setApart() {
			clean["描述"] = tidy(strings.Join(strings.Fields(a.Text), " "))
			fill(a, "", true)
		}
	}
	if len(extra) > 0 {
		clean["描述"] = tidy(strings.TrimSpace(clean["描述"] + "，" + strings.Join(extra, "，")))
	}
	return spilled, taken, kept, pasted
}

// formNotes adds to a report's reply, before its 下一步 line, which fields
// were read from the description and which it wrote otherwise than their
// boxes (readFormBoxes).
func formNotes(reply string, taken, kept []string) string {
	var b strings.Builder
	if len(taken) > 0 {
		b.WriteString("\n以下内容从描述中读取：" + strings.Join(taken, "、") + "。如有误，请用「修改」更正。")
	}
	if len(kept) > 0 {
		b.WriteString("\n描述中另写的" + strings.Join(kept, "、") + "与表单所填不同，按表单登记，原文留在描述中。")
	}
	i := strings.LastIndex(reply, "\n下一步：")
	if i < 0 {
		return reply + b.String()
	}
	return reply[:i] + b.String() + reply[i:]
}
