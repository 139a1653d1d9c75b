package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"safetybot"
)

// question is a yes/no question the bot asked a user, answered by 是 or 否.
// It is kept in the database (as JSON) so the answer may come from another
// process or after a restart: what 是 does is data, not a closure.
type question struct {
	Kind   string   `json:"kind"`            // questionUnit or questionInspection
	Number string   `json:"number"`          // questionUnit: the hazard
	Unit   string   `json:"unit"`            // the unit 是 means
	Alts   []string `json:"alts,omitempty"`  // the other candidates, best first: 否 asks about the next
	Typed  string   `json:"typed"`           // what was typed
	Note   string   `json:"note"`            // questionInspection: the inspection's note
	Actor  string   `json:"actor"`           // who asked for it
	By     string   `json:"by,omitempty"`    // questionUnit: who confirms, 上报人 (when empty), 受理人, 修改人
	Was    string   `json:"was,omitempty"`   // questionUnit: the hazard's unit when asked ("" after 上报)
	Day    int64    `json:"day"`             // questionInspection: the day it counts for (Unix ms)
	On     string   `json:"on"`              // questionInspection: a backfilled date
	Told   bool     `json:"told,omitempty"`  // questionInspection: a date in Note is told of with the record (doneOn)
	Asked  int64    `json:"asked,omitempty"` // when it was asked (Unix ms), to say where it waits
}

const (
	questionUnit       = "unit"       // 是: the hazard's unit becomes Unit
	questionInspection = "inspection" // 是: record the inspection against Unit
	questionFinish     = "finish"     // 是: 整改 Number 完成:是 (finishclaim.go)
)

const questionTTL = 30 * time.Minute

// questionKey is the prefix of m's sender's questions in this chat; each
// question is kept under questionSlot, so a second question never replaces
// the first (QA item 3: the second report's question took the first one's
// place, and the first hazard kept a unit nobody confirmed).
func questionKey(m Message) string { return m.Source + "\x00" + m.ChatID + "\x00" + m.UserID }

func questionSlot(m Message, q question) string {
	return questionKey(m) + "\x00" + q.Kind + "\x00" + q.ref()
}

// ref is how an answer names q when several are open: the hazard's number,
// or for an inspection the unit as typed.
func (q question) ref() string {
	if q.Kind == questionUnit || q.Kind == questionFinish {
		return q.Number
	}
	return q.Typed
}

// prompt is the question as the user reads it. named: other questions are
// open too, so the answer must say which one it is for.
func (q question) prompt(named bool) string {
	how := "回复 是 / 否"
	if named {
		how = fmt.Sprintf("回复「是 %s」或「否 %s」", q.ref(), q.ref())
	}
	if q.Kind == questionFinish {
		yes, no := "是", "否"
		if named {
			yes, no = "「是 "+q.Number+"」", "「否 "+q.Number+"」"
		}
		return fmt.Sprintf("%s 是否已整改完成？回复 %s 将提交验收（等同「完成:是」），回复 %s 只记为整改进展。", q.Number, yes, no)
	}
	s := fmt.Sprintf("单位「%s」是否指「%s」？%s", safetybot.Truncate(q.Typed, 20), q.Unit, how)
	if len(q.Alts) > 0 {
		s += fmt.Sprintf("（其他相近的：%s）", strings.Join(q.Alts[:min(len(q.Alts), 3)], "、"))
	}
	if q.Kind == questionInspection {
		s += "。回复后才登记这次检查。"
	}
	return s
}

// pending is an open question with the key it is kept under.
type pending struct {
	key string
	q   question
	why string // why it no longer waits (goneWhy); "" while it does
}

// openHere are m's sender's open questions in this chat, oldest first:
// those that still wait (live) and those whose hazard moved on (gone, now
// removed; see prune). A body kept under the bare questionKey (by a
// version that had one question per user) is among them.
func (e *Engine) openHere(ctx context.Context, m Message) (live, gone []pending, err error) {
	base := questionKey(m)
	qs, err := e.store.OpenQuestions(ctx, base)
	if err != nil {
		return nil, nil, err
	}
	var out []pending
	for _, kq := range qs {
		var q question
		if kq.Key != base && !strings.HasPrefix(kq.Key, base+"\x00") || json.Unmarshal([]byte(kq.Body), &q) != nil {
			continue // another user whose id starts with this one's
		}
		out = append(out, pending{key: kq.Key, q: q})
	}
	return e.prune(ctx, out)
}

// ask records q as one of m's sender's open questions and returns how to
// put it: when others are open too, the answer must name this one. A failure
// to keep it is logged: the reply still stands, the question is then
// answered "没有待您回答的问题".
func (e *Engine) ask(ctx context.Context, m Message, q question) string {
	key := questionSlot(m, q)
	q.Asked = e.now().UnixMilli()
	b, err := json.Marshal(q)
	if err == nil {
		err = e.store.AskQuestion(ctx, key, string(b), e.now().Add(questionTTL))
	}
	if err != nil {
		e.log.ErrorContext(ctx, "question not kept", "err", err)
		return q.prompt(false)
	}
	open, err := e.openQuestions(ctx, m)
	if err != nil {
		e.log.ErrorContext(ctx, "open questions not read", "err", err)
	}
	var others []string
	for _, p := range open {
		if p.key != key {
			others = append(others, p.q.ref())
		}
	}
	// Questions waiting in the sender's other chats count too (QA16 #9c:
	// a group's question asked as the only one was answered by a bare 是
	// meant for it in private, where another waited).
	away, err := e.questionsElsewhere(ctx, m)
	if err != nil {
		e.log.ErrorContext(ctx, "questions elsewhere not read", "err", err)
	}
	if len(others)+len(away) == 0 {
		return q.prompt(false)
	}
	return q.prompt(true) + fmt.Sprintf("\n您另有 %d 个问题待回答（%s），回复 是 / 否 时请带上编号或单位。", len(others)+len(away), otherRefs(m, others, away))
}

// answerWords are the answers to a question, longest first so that 不是 is
// not read as 是.
var answerWords = []struct {
	w   string
	yes bool
}{
	{"不是", false}, {"不对", false}, {"是的", true}, {"对的", true}, {"确认", true},
	{"yes", true}, {"no", false}, {"是", true}, {"对", true}, {"否", false}, {"y", true}, {"n", false},
}

// readAnswer reads 是/否, alone or with what it answers before or after it
// ("是 YH2026-0035", "YH2026-0035 否", "是，城关"); ok is false for any
// other text.
func readAnswer(text string) (yes bool, ref string, ok bool) {
	trim := func(s string) string { return strings.Trim(s, " 。.!！，,、：:") }
	t := trim(text)
	for _, a := range answerWords {
		if strings.EqualFold(t, a.w) {
			return a.yes, "", true
		}
	}
	for _, a := range answerWords {
		n := len(a.w)
		if len(t) <= n {
			continue
		}
		var rest string
		var gap rune // the character between the word and the rest
		switch {
		case strings.EqualFold(t[:n], a.w):
			rest = t[n:]
			gap, _ = utf8.DecodeRuneInString(rest)
		case strings.EqualFold(t[len(t)-n:], a.w):
			rest = t[:len(t)-n]
			gap, _ = utf8.DecodeLastRuneInString(rest)
		default:
			continue
		}
		if safetybot.IsASCII(a.w) && trim(string(gap)) != "" {
			continue // "yh2026-0001n" is no answer; "yes YH…" is
		}
		// One word, or a number written with a space (是 YH 2026-0036).
		if rest = trim(rest); rest != "" && (!strings.ContainsAny(rest, " \n") || isHazardNumber(rest)) {
			return a.yes, rest, true
		}
	}
	return false, "", false
}

// answers reports whether ref names q: its hazard number (in any form
// parseHazardNumber reads), or the unit an inspection question was about.
func (q question) answers(ref string) bool {
	if num, ok := parseHazardNumber(ref); ok {
		return (q.Kind == questionUnit || q.Kind == questionFinish) && q.Number == num
	}
	return q.Kind == questionInspection && strings.EqualFold(q.Typed, ref)
}

// answer handles 是/否 when m's sender has an open question; ok is false
// when the text is no answer. With several open, a bare 是 is refused with
// the list (each says how to answer it), so an answer never lands on a
// question the user was not answering.
func (e *Engine) answer(ctx context.Context, m Message, text string) (reply string, ok bool) {
	yes, ref, isAnswer := readAnswer(text)
	if !isAnswer {
		return "", false
	}
	open, gone, err := e.openHere(ctx, m)
	if err != nil {
		return safetybot.ErrorMessage(err), true
	}
	const none = "没有待您回答的问题（问题 30 分钟内有效）。发送「帮助」查看可用命令。"
	pick := pickQuestion(open, ref)
	var away []pending
	if pick < 0 || ref == "" {
		// The question may wait in another chat (QA2 item 9: asked in a
		// group, answered privately). An answer that names it is taken; a
		// bare 是 is told where it waits, and with questions in more than
		// one chat asked which it answers (QA16 #9c: it answered the one
		// here, meant for the group's).
		var goneAway []pending
		away, goneAway, err = e.openAway(ctx, m)
		if err != nil {
			return safetybot.ErrorMessage(err), true
		}
		gone = append(gone, goneAway...)
		// A bare 是 may have been meant for a question whose hazard moved
		// on just now: it answers none of the others (QA17 #7).
		if note := goneNotes(gone, ""); ref == "" && note != "" {
			return note + stillOpen(m, open, away), true
		}
		switch i := pickQuestion(away, ref); {
		case ref != "" && i >= 0:
			open, pick = away, i
		case ref == "" && len(open) == 0 && len(away) > 0:
			return awayPrompt(m, away), true
		case ref == "" && len(open) > 0 && len(away) > 0:
			return whichQuestion(m, open, away), true
		}
	}
	switch {
	case ref != "" && pick < 0:
		if _, isNumber := parseHazardNumber(ref); !isNumber {
			return "", false // "是否…", or prose that starts with 是
		}
		if note := goneNotes(gone, ref); note != "" {
			return note + stillOpen(m, open, away), true
		}
		if len(open) == 0 {
			return none, true
		}
		return fmt.Sprintf("没有关于 %s 的待回答问题。", strings.ToUpper(ref)) + listQuestions(open), true
	case len(open) == 0:
		return none, true
	case ref == "" && len(open) > 1:
		return fmt.Sprintf("您有 %d 个问题待回答，请在 是 / 否 后写明回答的是哪一个：", len(open)) + listQuestions(open), true
	}
	p := open[pick]
	body, found, err := e.store.TakeQuestion(ctx, p.key)
	if err != nil {
		return safetybot.ErrorMessage(err), true
	}
	var q question
	if !found || json.Unmarshal([]byte(body), &q) != nil {
		return none, true
	}
	reply, next, err := e.settle(ctx, m, q, yes)
	if err != nil {
		return safetybot.ErrorMessage(err), true
	}
	if next != nil {
		return reply + "\n" + e.ask(ctx, m, *next), true
	}
	// What still waits is read again, in every chat: settling may have
	// moved a hazard on, and the count must be the one a bare 是 meets
	// (QA17 #7: 「还有一个问题待回答」 while one waited here and one in a
	// group).
	here, err := e.openQuestions(ctx, m)
	if err == nil {
		away, err = e.questionsElsewhere(ctx, m)
	}
	if err != nil {
		e.log.ErrorContext(ctx, "open questions not read", "err", err)
		return reply, true
	}
	return reply + stillOpen(m, here, away), true
}

// pickQuestion is the index of the question ref answers (the last one when
// ref is empty), or -1.
func pickQuestion(open []pending, ref string) int {
	pick := -1
	for i, p := range open {
		if ref == "" || p.q.answers(ref) {
			pick = i
		}
	}
	return pick
}

// openAway are m's sender's open questions in their other chats, on any
// channel (a group robot's question may be answered in the app), oldest
// first, split as openHere splits them. Open questions live 30 minutes, so
// there are few to scan.
func (e *Engine) openAway(ctx context.Context, m Message) (live, gone []pending, err error) {
	qs, err := e.store.OpenQuestions(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	here := questionKey(m)
	var out []pending
	for _, kq := range qs {
		parts := strings.SplitN(kq.Key, "\x00", 4)
		var q question
		if len(parts) < 3 || parts[2] != m.UserID || kq.Key == here || strings.HasPrefix(kq.Key, here+"\x00") ||
			json.Unmarshal([]byte(kq.Body), &q) != nil {
			continue
		}
		out = append(out, pending{key: kq.Key, q: q})
	}
	return e.prune(ctx, out)
}

// awayPrompt answers a bare 是/否 when the sender's questions wait in other
// chats: where, and how to answer from here. In a group it names none of
// the questions, since they may have been asked privately; it says which
// other chat by when each was asked, the one thing that finds a group
// without naming what was asked there (qa3 #12: 「在群聊中待回答」 sent in
// a group did not say which), and that a private chat lists them.
func awayPrompt(m Message, away []pending) string {
	where, private := awayWhere(m, away)
	if m.ChatID != "" {
		how := "请到那里回复 是 / 否"
		if private < len(away) {
			how += "，或在与机器人的单聊中发送「是」查看是哪个问题、写明编号回复"
		}
		return fmt.Sprintf("这里没有待您回答的问题。您有 %d 个问题在%s中待回答，%s。", len(away), where, how)
	}
	return fmt.Sprintf("这里没有待您回答的问题。您有 %d 个问题在%s中待回答，可到那里回复，也可在这里写明编号回复：", len(away), where) +
		listQuestions(away)
}

// awayWhere says where the questions away wait, without naming them: the
// private chat, another group or several, and when each was asked;
// private is how many wait in a private chat.
func awayWhere(m Message, away []pending) (where string, private int) {
	chats := map[string]bool{}
	var times []string
	for _, p := range away {
		if parts := strings.SplitN(p.key, "\x00", 3); len(parts) > 1 && parts[1] != "" {
			chats[parts[1]] = true
		} else {
			private++
		}
		if p.q.Asked != 0 {
			if at := time.UnixMilli(p.q.Asked).In(safetybot.Shanghai).Format("15:04"); !slices.Contains(times, at) {
				times = append(times, at)
			}
		}
	}
	where = "其他聊天"
	switch {
	case private == 0 && m.ChatID != "" && !chats[m.ChatID]:
		where = "另一个群聊"
		if len(chats) > 1 {
			where = fmt.Sprintf("其他 %d 个群聊", len(chats))
		}
	case private == 0:
		where = "群聊"
	case len(chats) == 0:
		where = "与机器人的单聊"
	}
	if len(times) > 0 {
		where += "（" + strings.Join(times, "、") + " 提出）"
	}
	return where, private
}

// listQuestions lists open questions, each with the answer that names it.
func listQuestions(open []pending) string {
	var b strings.Builder
	for _, p := range open {
		b.WriteString("\n· ")
		if p.q.Kind == questionUnit {
			b.WriteString(p.q.Number + "：")
		}
		b.WriteString(p.q.prompt(true))
	}
	return b.String()
}

// settle does what 是 or 否 means for q; next is the question to ask
// instead when 否 leaves another candidate (the unit may be the second
// name offered, not the one typed).
func (e *Engine) settle(ctx context.Context, m Message, q question, yes bool) (reply string, next *question, err error) {
	if !yes && len(q.Alts) > 0 {
		if q.Kind == questionUnit {
			// No next candidate for a hazard that takes no more changes:
			// the answer to it would only be refused.
			h, _, err := e.store.Hazard(ctx, q.Number)
			if err != nil {
				return "", nil, err
			}
			if err := finished(h, "更改单位，这次回答未生效"); err != nil {
				return "", nil, err
			}
		}
		n := q
		n.Unit, n.Alts = q.Alts[0], q.Alts[1:]
		return "好的，不是「" + q.Unit + "」。", &n, nil
	}
	switch {
	case q.Kind == questionFinish:
		return e.settleFinish(ctx, m, q, yes), nil, nil
	case q.Kind == questionUnit:
		reply, err = e.settleUnit(ctx, q, yes)
		return reply, nil, err
	case q.Kind == questionInspection && yes:
		reply, err = e.saveInspection(ctx, q.Actor, q.Unit, q.Typed, q.Note, time.UnixMilli(q.Day), safetybot.Date(q.On), inspectionNotice(q))
		return reply, nil, err
	case q.Kind == questionInspection:
		return fmt.Sprintf("未登记。请写单位全称重发：「检查 <单位全称> %s」。", safetybot.Truncate(q.Note, 30)), nil, nil
	}
	return "", nil, fmt.Errorf("unknown question kind %q", q.Kind)
}

// settleUnit gives the hazard the unit the answer confirmed: the one asked
// about on 是, the one typed when every candidate was refused. The
// description's pendingUnit note goes in the same change. A unit someone
// changed since the question was asked (修改) is not overwritten by a late
// answer; the unit as typed was stored by versions before pending units.
func (e *Engine) settleUnit(ctx context.Context, q question, yes bool) (string, error) {
	unit := q.Typed
	if yes {
		unit = q.Unit
	}
	by := orText(q.By, "上报人")
	u, err := e.user(ctx, q.Actor)
	if err != nil {
		return "", err
	}
	var kept, fix string
	_, err = e.store.ChangeHazard(ctx, q.Number, q.Actor, func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
		if err := finished(h, "更改单位，这次回答未生效"); err != nil {
			return safetybot.HazardChange{}, err
		}
		// 修改 only to whoever may run it: past his 30 minutes the reporter
		// is sent to the field's staff (fix10-10 #2).
		fix = e.correction(u, h, "单位", "…")
		desc := strings.Replace(h.Description, pendingUnit(q.Typed), "", 1)
		if h.Unit != q.Was && h.Unit != q.Typed {
			// Changed since the question was asked.
			if desc == h.Description {
				return safetybot.HazardChange{}, safetybot.Errorf(safetybot.ECONFLICT,
					"%s 的单位已改为「%s」，未按这次回答更改。如需更正，%s。", q.Number, h.Unit, fix)
			}
			kept, h.Description = h.Unit, desc
			return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "修改",
				Note: fmt.Sprintf("描述：去掉「单位待确认」（单位已改为「%s」）", h.Unit)}}, nil
		}
		old := h.Unit
		h.Unit, h.Description = unit, desc
		return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "修改",
			Note: fmt.Sprintf("单位：%s → %s（%s确认）", orDash(old), unit, by)}}, nil
	})
	switch {
	case err != nil:
		return "", err
	case kept != "":
		return fmt.Sprintf("%s 的单位已改为「%s」，未按这次回答更改。如需更正，%s。", q.Number, kept, fix), nil
	case yes:
		return fmt.Sprintf("已将 %s 的单位改为「%s」。", q.Number, unit), nil
	}
	return fmt.Sprintf("好的，%s 的单位按所写登记为「%s」。如需更正，%s。", q.Number, unit, fix), nil
}
