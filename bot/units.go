package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lithammer/fuzzysearch/fuzzy"

	"safetybot"
)

// unitMatch is what a typed unit name was matched to among the known ones.
type unitMatch struct {
	name  string   // the known unit; "" when none matched
	exact bool     // typed as registered
	alts  []string // other candidates, best first, when the match is a guess
	// registered: name is in the enterprise registry, not only a name
	// typed before.
	registered bool
}

// matchUnit matches a typed unit name against the known units (issue 9 §4):
// the enterprise registry first, then, only when no registered name fits,
// the units already typed in the ledger and in inspections. Within each:
// exact first; then names that contain what was typed; then names that hold
// its characters in order, the way short forms are made (通达危货 →
// 沁水县通达危险货物运输有限公司). Candidates are ranked by edit distance. One
// candidate is a match; several are a guess (alts say which others), which
// the caller turns into a question. A short form once kept as typed (the
// question answered 否, or not at all) therefore never hides the registered
// names it may stand for.
func matchUnit(typed string, registered, others []string) unitMatch {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return unitMatch{}
	}
	if slices.Contains(registered, typed) {
		return unitMatch{name: typed, exact: true, registered: true}
	}
	if m := matchAmong(typed, registered); m.name != "" {
		m.registered = true
		return m
	}
	if slices.Contains(others, typed) {
		return unitMatch{name: typed, exact: true}
	}
	return matchAmong(typed, others)
}

// matchAmong is matchUnit's search within one list, exact names aside.
func matchAmong(typed string, known []string) unitMatch {
	n := utf8.RuneCountInString(typed)
	if n < 2 {
		return unitMatch{}
	}
	var cands []string
	for _, k := range known {
		if strings.Contains(k, typed) {
			cands = append(cands, k)
		}
	}
	if len(cands) == 0 && n >= 3 {
		cands = fuzzy.Find(typed, known)
	}
	return rankUnits(typed, cands)
}

// rankUnits is the match among candidates for typed: the nearest by edit
// distance, the others as alternatives; none without candidates.
func rankUnits(typed string, cands []string) unitMatch {
	if len(cands) == 0 {
		return unitMatch{}
	}
	ranks := fuzzy.RankFind(typed, cands)
	slices.SortStableFunc(ranks, func(a, b fuzzy.Rank) int {
		return a.Distance - b.Distance
	})
	m := unitMatch{name: ranks[0].Target}
	for _, r := range ranks[1:] {
		m.alts = append(m.alts, r.Target)
	}
	return m
}

// matchKnown is matchUnit(typed, registered, others) over the known units,
// asking the store for the few names each step needs instead of reading
// every unit on each report (issue 12 §8): an index probe for the exact
// name, then the names containing typed, and only when none does, those
// holding its characters in order. fuzzysearch still decides among what the
// store returns, so the result is matchUnit's.
func (e *Engine) matchKnown(ctx context.Context, typed string) (unitMatch, error) {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return unitMatch{}, nil
	}
	if !utf8.ValidString(typed) {
		// GLOB and fuzzysearch may read invalid UTF-8 differently: the
		// plain way, over every name.
		registered, err := e.store.UnitNamesLike(ctx, "", true, false)
		if err != nil {
			return unitMatch{}, err
		}
		others, err := e.store.UnitNamesLike(ctx, "", false, false)
		if err != nil {
			return unitMatch{}, err
		}
		return matchUnit(typed, registered, others), nil
	}
	found, registered, err := e.store.LookupUnit(ctx, typed)
	if err != nil {
		return unitMatch{}, err
	}
	if found && registered {
		return unitMatch{name: typed, exact: true, registered: true}, nil
	}
	m, err := e.matchLike(ctx, typed, true)
	if err != nil || m.name != "" {
		m.registered = m.name != ""
		return m, err
	}
	if found {
		return unitMatch{name: typed, exact: true}, nil
	}
	return e.matchLike(ctx, typed, false)
}

// matchLike is matchAmong(typed, the registered names or the others), with
// the containing and in-order candidates read from the store.
func (e *Engine) matchLike(ctx context.Context, typed string, registered bool) (unitMatch, error) {
	n := utf8.RuneCountInString(typed)
	if n < 2 {
		return unitMatch{}, nil
	}
	cands, err := e.store.UnitNamesLike(ctx, typed, registered, false)
	if err != nil {
		return unitMatch{}, err
	}
	if len(cands) == 0 && n >= 3 {
		if cands, err = e.store.UnitNamesLike(ctx, typed, registered, true); err != nil {
			return unitMatch{}, err
		}
		cands = fuzzy.Find(typed, cands)
	}
	return rankUnits(typed, cands), nil
}

// question is a yes/no question the bot asked a user, answered by 是 or 否.
// It is kept in the database (as JSON) so the answer may come from another
// process or after a restart: what 是 does is data, not a closure.
type question struct {
	Kind   string `json:"kind"`   // questionUnit or questionInspection
	Text   string `json:"text"`   // what was asked
	Number string `json:"number"` // questionUnit: the hazard
	Unit   string `json:"unit"`   // the unit 是 means
	Typed  string `json:"typed"`  // what was typed
	Note   string `json:"note"`   // questionInspection: the inspection's note
	Actor  string `json:"actor"`  // who asked for it
	Day    int64  `json:"day"`    // questionInspection: the day it counts for (Unix ms)
	On     string `json:"on"`     // questionInspection: a backfilled date
}

const (
	questionUnit       = "unit"       // 是: the hazard's unit becomes Unit
	questionInspection = "inspection" // 是: record the inspection against Unit
)

const questionTTL = 30 * time.Minute

func questionKey(m Message) string { return m.Source + "\x00" + m.ChatID + "\x00" + m.UserID }

// ask records q as m's sender's open question, replacing an older one. A
// failure to keep it is logged: the reply still stands, the question is
// then answered "没有待您回答的问题".
func (e *Engine) ask(ctx context.Context, m Message, q question) {
	b, err := json.Marshal(q)
	if err == nil {
		err = e.store.AskQuestion(ctx, questionKey(m), string(b), e.now().Add(questionTTL))
	}
	if err != nil {
		e.log.ErrorContext(ctx, "question not kept", "err", err)
	}
}

// answer handles 是/否 when m's sender has an open question; ok is false
// when the text is no answer.
func (e *Engine) answer(ctx context.Context, m Message, text string) (reply string, ok bool) {
	yes, isAnswer := map[string]bool{"是": true, "是的": true, "对": true, "对的": true, "确认": true, "yes": true, "y": true,
		"否": false, "不是": false, "不对": false, "no": false, "n": false}[strings.ToLower(strings.Trim(text, " 。.!！"))]
	if !isAnswer {
		return "", false
	}
	body, found, err := e.store.TakeQuestion(ctx, questionKey(m))
	if err != nil {
		return safetybot.ErrorMessage(err), true
	}
	var q question
	if !found || json.Unmarshal([]byte(body), &q) != nil {
		return "没有待您回答的问题（问题 30 分钟内有效）。发送「帮助」查看可用命令。", true
	}
	if reply, err = e.settle(ctx, q, yes); err != nil {
		return safetybot.ErrorMessage(err), true
	}
	return reply, true
}

// settle does what 是 or 否 means for q.
func (e *Engine) settle(ctx context.Context, q question, yes bool) (string, error) {
	switch {
	case q.Kind == questionUnit && yes:
		_, err := e.store.ChangeHazard(ctx, q.Number, q.Actor, func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
			old := h.Unit
			h.Unit = q.Unit
			return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "修改", Note: fmt.Sprintf("单位：%s → %s（上报人确认）", old, q.Unit)}}, nil
		})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("已将 %s 的单位改为「%s」。", q.Number, q.Unit), nil
	case q.Kind == questionUnit:
		return fmt.Sprintf("好的，%s 的单位保留为「%s」。如需更正，发送「修改 %s 单位:…」。", q.Number, q.Typed, q.Number), nil
	case q.Kind == questionInspection && yes:
		return e.saveInspection(ctx, q.Actor, q.Unit, q.Typed, q.Note, time.UnixMilli(q.Day), safetybot.Date(q.On))
	case q.Kind == questionInspection:
		return fmt.Sprintf("未登记。请写单位全称重发：「检查 <单位全称> %s」。", safetybot.Truncate(q.Note, 30)), nil
	}
	return "", fmt.Errorf("unknown question kind %q", q.Kind)
}

// resolveUnit sets h.Unit from what was typed. It returns a note for the
// reply ("（按「通达危货」匹配）"), and when the match is a guess, a question
// to ask once the hazard has its number.
func (e *Engine) resolveUnit(ctx context.Context, typed string, h *safetybot.Hazard) (note string, ask func(number string) question, err error) {
	h.Unit = strings.TrimSpace(typed)
	if h.Unit == "" {
		return "", nil, nil
	}
	m, err := e.matchKnown(ctx, h.Unit)
	if err != nil {
		return "", nil, err
	}
	switch {
	case m.name == "" || m.exact:
		return "", nil, nil
	case len(m.alts) == 0:
		h.Unit = m.name
		return fmt.Sprintf("（按「%s」匹配已登记单位）", safetybot.Truncate(typed, 20)), nil, nil
	}
	actor := h.Reporter
	return "", func(number string) question {
		return unitQuestion(number, typed, m, actor)
	}, nil
}

// unitQuestion asks whether typed meant the best candidate; 是 changes the
// hazard's unit, recorded in its history.
func unitQuestion(number, typed string, m unitMatch, actor string) question {
	q := fmt.Sprintf("单位「%s」是否指「%s」？回复 是 / 否", safetybot.Truncate(typed, 20), m.name)
	if len(m.alts) > 0 {
		q += fmt.Sprintf("（其他相近的：%s）", strings.Join(m.alts[:min(len(m.alts), 3)], "、"))
	}
	return question{Kind: questionUnit, Text: q, Number: number, Unit: m.name, Typed: typed, Actor: actor}
}
