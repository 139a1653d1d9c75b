package bot

import (
	"fmt"
	"strconv"
	"strings"

	"safetybot"
)

// ledgerDetails are the ledger columns (domain notes §1) that commands fill
// in along the way, by the canonical field key users type; get reads the
// column's value as the history shows it, for the before → after of a change.
var ledgerDetails = []struct {
	key, label string
	set        func(h *safetybot.Hazard, v string)
	get        func(h *safetybot.Hazard) string
}{
	{"原因", "产生原因", func(h *safetybot.Hazard, v string) { h.Cause = v }, func(h *safetybot.Hazard) string { return h.Cause }},
	{"依据", "判定依据", func(h *safetybot.Hazard, v string) { h.Basis = v }, func(h *safetybot.Hazard) string { return h.Basis }},
	{"措施", "整改措施", func(h *safetybot.Hazard, v string) { h.Measures = v }, func(h *safetybot.Hazard) string { return h.Measures }},
	{"资金", "整改资金", func(h *safetybot.Hazard, v string) { h.Funds = v }, (*safetybot.Hazard).FundsText},
	{"管控", "临时管控措施", func(h *safetybot.Hazard, v string) { h.Interim = v }, func(h *safetybot.Hazard) string { return h.Interim }},
	{"督办", "挂牌督办", func(h *safetybot.Hazard, v string) { h.Supervision = v }, func(h *safetybot.Hazard) string { return h.Supervision }},
}

// details reads the ledger-detail fields a command was given: a function
// that applies them to the hazard and returns the note for its history,
// and whether any was given. Each value read is added to rd. A value that
// cannot be read (停产:也许, 资金:若干) is refused with a one-line reason;
// with lenient (上报, where refusing would mean typing a long report again)
// it is left out and named in rd instead.
//
// A value that replaces a different one already in the ledger is noted
// before → after (整改资金：3.6万元 → 1.2万元), as 修改 notes its changes:
// the ledger keeps only the latest, so without it the earlier figure was
// lost from the record (qa6b #7). apply lists those changes in rd.replaced,
// for the reply.
func (r *request) details(rd *reading, lenient bool) (apply func(*safetybot.Hazard) (note string), given bool, err error) {
	type change struct {
		label, shown string
		set          func(*safetybot.Hazard)
		get          func(*safetybot.Hazard) string
	}
	var changes []change
	for _, d := range ledgerDetails {
		v, ok := r.args.Fields[d.key]
		if !ok {
			continue
		}
		if v == "" {
			if lenient {
				rd.fail(d.key, "", "")
				continue
			}
			return nil, false, r.usageError(fmt.Sprintf("%s:后面请写内容，例如 %s:更换护栏。", d.key, d.key))
		}
		if d.key == "资金" {
			yuan, how, err := parseFunds(v)
			if err != nil {
				if lenient {
					rd.fail("资金", v, orText(how, "请写金额，如 3.6万元、12,345元，未填写"))
					continue
				}
				return nil, false, r.usageError(safetybot.ErrorMessage(err))
			}
			v = strconv.FormatInt(yuan, 10) + "元"
		}
		shown, note := v, ""
		if d.key == "资金" {
			shown, note = safetybot.ShowFunds(v), approxNote(r.args.Fields[d.key])
		}
		// The 约 caveat is for the reply: the history is ledger content
		// (进展记录, 处置记录) and reads the amount only.
		changes = append(changes, change{d.label, shown, func(h *safetybot.Hazard) { d.set(h, v) }, d.get})
		rd.add(d.label, shown+note)
	}
	if v, ok := r.args.Fields["停产"]; ok {
		halted, ok := yesNoWord(v)
		switch {
		case ok:
			yn := safetybot.AnswerOf(halted)
			changes = append(changes, change{"停产停业", string(yn), func(h *safetybot.Hazard) { h.Halted = yn },
				func(h *safetybot.Hazard) string { return string(h.Halted) }})
			rd.add("停产停业", string(yn))
		case lenient:
			rd.fail("停产", v, "只能填 是 或 否，未填写")
		default:
			return nil, false, r.usageError("停产 只能填 是 或 否。")
		}
	}
	return func(h *safetybot.Hazard) string {
		var notes []string
		rd.replaced = nil // a transaction run again starts over
		for _, c := range changes {
			line := c.label + "：" + c.shown
			if was := c.get(h); was != "" && was != c.shown {
				line = c.label + "：" + was + " → " + c.shown
				rd.replaced = append(rd.replaced, line)
			}
			notes = append(notes, line)
			c.set(h)
		}
		return strings.Join(notes, "；")
	}, len(changes) > 0, nil
}

// approxNote is what the reply adds after an amount typed as 约3万元 or
// 0.5万元左右: the
// ledger keeps a number, so the 约 is not stored, and the person who typed
// it is told so instead of finding an exact-looking figure later. It goes
// in the reply only, never in the stored history.
func approxNote(typed string) string {
	if t := strings.TrimSpace(typed); strings.HasPrefix(t, "约") || strings.HasPrefix(t, "大约") || strings.HasSuffix(t, "左右") || strings.HasSuffix(t, "上下") {
		return "（「约」未保留，按此数登记）"
	}
	return ""
}

// haltedLine is the 停产停业 answer as 隐患 shows it. 否 is an answer too
// (the ledger's 是否停产停业 shows it); only a question nobody answered
// shows nothing.
func haltedLine(a safetybot.Answer) string {
	switch a {
	case safetybot.AnswerYes:
		return "已停产停业整改"
	case safetybot.AnswerNo:
		return "未停产停业"
	}
	return ""
}

// yesNoWord reads 是/否 and the ways staff write them.
func yesNoWord(v string) (yes, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "是", "是的", "yes", "y", "true", "1", "已完成", "完成", "已", "对", "已停产", "停产", "停产整顿", "停业整顿", "停产停业", "停产整改":
		return true, true
	case "否", "不是", "no", "n", "false", "0", "未完成", "没有", "无", "未", "不", "未停产", "不停产", "正常生产", "正常运营":
		return false, true
	}
	return false, false
}

// yesNo reads 是/否 for field key, refusing anything else.
func (r *request) yesNo(key, v string) (bool, error) {
	if yes, ok := yesNoWord(v); ok {
		return yes, nil
	}
	return false, r.usageError(fmt.Sprintf("%s「%s」只能填 是 或 否。", key, safetybot.Truncate(v, 10)))
}
