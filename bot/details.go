package bot

import (
	"fmt"
	"strconv"
	"strings"

	"safetybot"
)

// ledgerDetails are the ledger columns (domain notes §1) that commands fill
// in along the way, by the canonical field key users type.
var ledgerDetails = []struct {
	key, label string
	set        func(h *safetybot.Hazard, v string)
}{
	{"原因", "产生原因", func(h *safetybot.Hazard, v string) { h.Cause = v }},
	{"依据", "判定依据", func(h *safetybot.Hazard, v string) { h.Basis = v }},
	{"措施", "整改措施", func(h *safetybot.Hazard, v string) { h.Measures = v }},
	{"资金", "整改资金", func(h *safetybot.Hazard, v string) { h.Funds = v }},
	{"管控", "临时管控措施", func(h *safetybot.Hazard, v string) { h.Interim = v }},
	{"督办", "挂牌督办", func(h *safetybot.Hazard, v string) { h.Supervision = v }},
}

// details reads the ledger-detail fields a command was given: a function
// that applies them to the hazard, and a note for its history. Each value
// read is added to rd. A value that cannot be read (停产:也许, 资金:若干) is
// refused with a one-line reason; with lenient (上报, where refusing would
// mean typing a long report again) it is left out and named in rd instead.
func (r *request) details(rd *reading, lenient bool) (apply func(*safetybot.Hazard), note string, err error) {
	var sets []func(*safetybot.Hazard)
	var notes []string
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
			return nil, "", r.usageError(fmt.Sprintf("%s:后面请写内容，例如 %s:更换护栏。", d.key, d.key))
		}
		if d.key == "资金" {
			yuan, err := safetybot.ParseYuan(v)
			if err != nil {
				if lenient {
					rd.fail("资金", v, "请写金额，如 3.6万元、12,345元，未填写")
					continue
				}
				return nil, "", r.usageError(safetybot.ErrorMessage(err))
			}
			v = strconv.FormatInt(yuan, 10) + "元"
		}
		sets = append(sets, func(h *safetybot.Hazard) { d.set(h, v) })
		shown, note := v, ""
		if d.key == "资金" {
			shown, note = safetybot.ShowFunds(v), approxNote(r.args.Fields[d.key])
		}
		// The 约 caveat is for the reply: the history is ledger content
		// (进展记录, 处置记录) and reads the amount only.
		notes = append(notes, d.label+"："+shown)
		rd.add(d.label, shown+note)
	}
	if v, ok := r.args.Fields["停产"]; ok {
		halted, ok := yesNoWord(v)
		switch {
		case ok:
			yn := safetybot.AnswerOf(halted)
			sets = append(sets, func(h *safetybot.Hazard) { h.Halted = yn })
			notes = append(notes, "停产停业："+string(yn))
			rd.add("停产停业", string(yn))
		case lenient:
			rd.fail("停产", v, "只能填 是 或 否，未填写")
		default:
			return nil, "", r.usageError("停产 只能填 是 或 否。")
		}
	}
	return func(h *safetybot.Hazard) {
		for _, set := range sets {
			set(h)
		}
	}, strings.Join(notes, "；"), nil
}

// approxNote is what the reply adds after an amount typed as 约3万元: the
// ledger keeps a number, so the 约 is not stored, and the person who typed
// it is told so instead of finding an exact-looking figure later. It goes
// in the reply only, never in the stored history.
func approxNote(typed string) string {
	if strings.HasPrefix(strings.TrimSpace(typed), "约") {
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
