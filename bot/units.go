package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
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
	// clean is the name as typed once cleaned (cleanUnitName), kept when
	// nothing matched; ask: the match is a guess to confirm with 是/否
	// even without alternatives (a bracketed part was left off).
	clean string
	ask   bool
	// note says how a name spelled otherwise was read (spellingNote:
	// 「有限责任公司」按「有限公司」…), for the reply.
	note string
	// refused: why clean is no plausible unit name (unitNameProblem);
	// nothing is matched or stored then.
	refused string
}

// matchUnit matches a typed unit name against the known units (issue 9 §4):
// the enterprise registry first (matchRegistered), then, only when no
// registered name fits, the units already typed in the ledger and in
// inspections: exact; the same name spelled otherwise (sameUnits); names
// that contain what was typed; then names that hold its characters in
// order, the way short forms are made. Candidates are ranked by edit
// distance. One candidate is a match; several are a guess (alts say which
// others), which the caller turns into a question. A short form once kept
// as typed (the question answered 否, or not at all) therefore never hides
// the registered names it may stand for. It is the one rule of every
// surface that takes a unit: 上报 (and the report form and pasted ledger
// rows, which are 上报), 查实, 修改 单位 and 检查, through matchKnown.
func matchUnit(typed string, registered, others []string) unitMatch {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return unitMatch{}
	}
	if m := matchRegistered(typed, registered); m.name != "" {
		return m
	}
	if slices.Contains(others, typed) {
		return unitMatch{name: typed, exact: true}
	}
	if m := matchSpelled(typed, others); m.name != "" {
		return m
	}
	return matchAmong(typed, others)
}

// matchRegistered is matchUnit within the enterprise registry: exact; the
// same enterprise spelled otherwise (有限责任公司 for 有限公司, 危险品 for
// 危险货物: QA16 #1), a match said in the reply (note); names that contain
// what was typed or hold its characters in order (matchAmong: 通达危货 →
// 沁水县通达危险货物运输有限公司); then two guesses to ask about: a longer
// form of a registered name (unitsWithin: 测试码头有限公司 for 测试码头) and
// a name close to one (nearUnits: 通达危险品运输公司). A full name (…公司)
// close to a registered one is asked before the short-form search, which
// would otherwise match 沁水县通达危险货物运输公司 by its characters in
// order unasked. Only what is in none of these is a unit of its own.
func matchRegistered(typed string, registered []string) unitMatch {
	if slices.Contains(registered, typed) {
		return unitMatch{name: typed, exact: true, registered: true}
	}
	if m := matchSpelled(typed, registered); m.name != "" {
		m.registered = true
		return m
	}
	if strings.HasSuffix(unitKey(typed), "公司") {
		// A full name (…公司) differing from a registered one in the
		// county, 有限, the trade or a character is no short form of it
		// (沁水县通达危险货物运输公司): asked, not matched by its
		// characters in order (QA17 #9).
		if near := nearUnits(typed, registered); len(near) > 0 {
			return unitMatch{name: near[0], alts: near[1:], registered: true, ask: true}
		}
	}
	if m := matchAmong(typed, registered); m.name != "" {
		m.registered = true
		return m
	}
	for _, guess := range [][]string{unitsWithin(typed, registered), nearUnits(typed, registered)} {
		if len(guess) > 0 {
			return unitMatch{name: guess[0], alts: guess[1:], registered: true, ask: true}
		}
	}
	return unitMatch{}
}

// matchSpelled is the match among known of typed spelled otherwise
// (sameUnits), with the note saying how it was read; none when the only
// such name differs from typed in invisible characters or spaces, which is
// typed's own (matchLike keeps it in typed's clean spelling).
func matchSpelled(typed string, known []string) unitMatch {
	same := sameUnits(typed, known)
	if len(same) == 0 || len(same) == 1 && sameUnitName(same[0], typed) {
		return unitMatch{}
	}
	return unitMatch{name: same[0], alts: same[1:], note: spellingNote(typed, same[0])}
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
// name, the registry (tens of names) whole, and of the units typed before
// only those holding typed's rest when it holds a spelling of
// unitSpellings, those containing typed, and only when none does, those
// holding its characters in order. fuzzysearch still decides among what the
// store returns, so the result is matchUnit's.
func (e *Engine) matchKnown(ctx context.Context, typed string) (unitMatch, error) {
	clean, base, sub := cleanUnitName(typed)
	if why := unitNameProblem(clean); why != "" {
		return unitMatch{clean: clean, refused: why}, nil
	}
	if sub != "" {
		// 县公路段（养护站）: the unit before the bracket, asked.
		m, err := e.matchCleaned(ctx, base)
		if err != nil || m.name != "" {
			m.clean, m.ask, m.exact = clean, true, false
			return m, err
		}
	}
	m, err := e.matchCleaned(ctx, clean)
	m.clean = clean
	m.ask = m.ask || len(m.alts) > 0
	return m, err
}

// matchCleaned is matchKnown for a cleaned name. The registry is the
// office's own list (tens of names), read whole once the exact probe fails
// and matched by matchRegistered; the units typed before may be many, so
// only those the store finds for typed are read.
func (e *Engine) matchCleaned(ctx context.Context, typed string) (unitMatch, error) {
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
	names, err := e.store.UnitNamesLike(ctx, "", true, false)
	if err != nil {
		return unitMatch{}, err
	}
	if m := matchRegistered(typed, names); m.name != "" {
		return m, nil
	}
	if found {
		return unitMatch{name: typed, exact: true}, nil
	}
	if probe := spellingProbe(typed); probe != "" {
		// Only a name holding one of unitSpellings can be another's
		// spelling, and it holds the rest of typed as it is.
		cands, err := e.store.UnitNamesLike(ctx, probe, false, false)
		if err != nil {
			return unitMatch{}, err
		}
		if m := matchSpelled(typed, cands); m.name != "" {
			return m, nil
		}
	}
	m, err := e.matchLike(ctx, typed)
	if m.exact {
		// A name stored before with invisible characters or spaces
		// (通达\u200b危货) is typed's own: kept in its clean spelling.
		m.name = typed
	}
	return m, err
}

// matchLike is matchAmong(typed, the units typed before), with the
// containing and in-order candidates read from the store.
func (e *Engine) matchLike(ctx context.Context, typed string) (unitMatch, error) {
	n := utf8.RuneCountInString(typed)
	if n < 2 {
		return unitMatch{}, nil
	}
	cands, err := e.store.UnitNamesLike(ctx, typed, false, false)
	if err != nil {
		return unitMatch{}, err
	}
	if len(cands) == 0 && n >= 3 {
		if cands, err = e.store.UnitNamesLike(ctx, typed, false, true); err != nil {
			return unitMatch{}, err
		}
		cands = fuzzy.Find(typed, cands)
		// The in-order names include those stored before with invisible
		// characters or spaces in them (qa5 #4): such a name is typed's
		// own, not a candidate offered before the registered enterprise.
		for _, c := range cands {
			if sameUnitName(c, typed) {
				return unitMatch{name: c, exact: true}, nil
			}
		}
	}
	return rankUnits(typed, cands), nil
}

// resolveUnit sets h.Unit from what was typed, read by cleanUnitName (no
// quotes, brackets or spaces around or inside the name; qa5 #1). It returns a note for the
// reply ("（按「通达危货」匹配已登记单位）"), and when the match is a guess, a
// question to ask once the hazard has its number, confirmed by actor (by
// says who that is: 上报人, 受理人). While the question is open the unit
// stays empty and the description says what was typed and that it awaits
// confirmation (pendingUnit): a guess stored as the unit would count as an
// enterprise of its own in 企业 and in the coverage figures though nobody
// confirmed it, and would stay so when the question expires unanswered.
func (e *Engine) resolveUnit(ctx context.Context, typed, actor, by string, h *safetybot.Hazard) (note string, ask func(number string) question, err error) {
	typed = strings.TrimSpace(typed)
	h.Unit = ""
	if typed == "" {
		return "", nil, nil
	}
	m, err := e.matchKnown(ctx, typed)
	if err != nil {
		return "", nil, err
	}
	switch {
	case m.refused != "":
		// Neither stored nor matched: the reply says why, and the typed
		// text is kept in the description, as a unit awaiting a 是/否 is.
		h.Description += "（单位写作「" + m.clean + "」，未登记为单位）"
		return fmt.Sprintf("（「%s」%s，未登记为单位，请用「修改」补填）", safetybot.Truncate(m.clean, 30), m.refused), nil, nil
	case m.clean == "":
		// Only quotes or brackets: nothing to store, and the reply says so.
		return fmt.Sprintf("（「%s」未能读出单位名称）", safetybot.Truncate(typed, 20)), nil, nil
	case m.name == "" || m.exact:
		h.Unit = m.clean
		if m.exact {
			h.Unit = m.name
		}
		if h.Unit != typed {
			note = fmt.Sprintf("（原文写作「%s」）", safetybot.Truncate(typed, 20))
		}
		return note, nil, nil
	case !m.ask:
		h.Unit = m.name
		return matchedNote(m), nil, nil
	}
	h.Description += pendingUnit(m.clean)
	return fmt.Sprintf("（「%s」待确认，见下）", safetybot.Truncate(m.clean, 20)), func(number string) question {
		return question{Kind: questionUnit, Number: number, Unit: m.name, Alts: m.alts, Typed: m.clean, Actor: actor, By: by}
	}, nil
}

// pendingUnit is what a description carries while its unit awaits a 是/否:
// the unit as typed, so the ledger keeps it even if nobody answers.
func pendingUnit(typed string) string { return "（单位写作「" + typed + "」，待确认）" }

// matchedNote is the reply's note on a unit matched without asking: what
// was typed, and for a name spelled otherwise, how it was read
// (spellingNote), so the reader sees the registered name stored and why.
func matchedNote(m unitMatch) string {
	if m.note != "" {
		return fmt.Sprintf("（按「%s」匹配已登记单位：%s）", safetybot.Truncate(m.clean, 30), m.note)
	}
	return fmt.Sprintf("（按「%s」匹配已登记单位）", safetybot.Truncate(m.clean, 20))
}

// registeredAs refuses to register name as an enterprise when the registry
// holds it spelled otherwise (sameUnits: 沁水县通达危险货物运输有限责任公司 for
// the registered …有限公司): 上报 and 检查 read both as the registered one,
// so the second would only be counted as another enterprise in 企业 and the
// summary, with no hazard or inspection ever reaching it (QA16 #1). The
// refusal says which name to use to change the principal.
func (e *Engine) registeredAs(ctx context.Context, name, principal string) error {
	registry, err := e.store.UnitNamesLike(ctx, "", true, false)
	if err != nil || slices.Contains(registry, name) {
		return err
	}
	same := sameUnits(name, registry)
	if len(same) == 0 {
		return nil
	}
	why := spellingNote(name, same[0])
	if why == "" {
		why = "仅括号或空格不同，视为同一单位"
	}
	return safetybot.Errorf(safetybot.EINVALID, "「%s」即已登记的「%s」（%s），未另行登记。更换主要负责人请发送「企业 %s %s」。",
		safetybot.Truncate(name, 30), same[0], why, same[0], principal)
}
