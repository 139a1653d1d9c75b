package bot

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// unitSpelling is a group of spellings that name one thing inside a unit
// name: the legal form of a company, or the trade. Each spelling reads as
// the first, the one a key holds.
type unitSpelling []string

// unitSpellings are the spellings a typed unit name may differ in from the
// registered one and still be the same enterprise (QA16 #1: 沁水县通达危险货物
// 运输有限责任公司 typed for the registered …有限公司 became a fifth
// enterprise and the summary's coverage fell from 66.7% to 40.0%). Legal
// forms: 有限责任公司, （有限）公司, 股份有限公司 and 股份公司 for 有限公司 (a county's
// registry is no place two companies differ only in that); the trade: 危货 and
// 危险品 for 危险货物. Brackets are read as ASCII first (unitBrackets).
var unitSpellings = []unitSpelling{
	{"有限公司", "有限责任公司", "股份有限公司", "股份公司", "(有限)公司", "(有限责任)公司"},
	{"危险货物", "危货", "危险品"},
}

// unitBrackets is a unit name as cleanUnitName reads it (folded, no quotes
// around it, no spaces between Chinese characters) with its brackets in
// ASCII: safetybot.Fold keeps （ and ） (a sentence is written with them),
// and （有限）公司 is (有限)公司 however the phone typed it.
func unitBrackets(name string) string {
	name, _, _ = cleanUnitName(name)
	return bracketsASCII.Replace(name)
}

var bracketsASCII = strings.NewReplacer("（", "(", "）", ")", "【", "[", "】", "]")

// bracketsWide writes a spelling's brackets the way the reply writes
// Chinese: （有限）公司.
var bracketsWide = strings.NewReplacer("(", "（", ")", "）")

// unitKey is the spelling of a unit name two names are compared in: the
// name as unitBrackets reads it, without any space left, and each spelling
// of unitSpellings read as its group's first. Two names with one key are
// the same unit.
func unitKey(name string) string {
	name = unitBrackets(name)
	name = strings.ReplaceAll(name, " ", "")
	for _, g := range unitSpellings {
		name = replaceSpellings(name, g)
	}
	return name
}

// replaceSpellings writes each spelling of g in s as g[0], the longest
// spelling first where several start at one place (股份有限公司, not 有限公司
// inside it).
func replaceSpellings(s string, g unitSpelling) string { return writeSpellingsAs(s, g, g[0]) }

// writeSpellingsAs writes each spelling of g in s as as, the longest
// spelling first where several start at one place.
func writeSpellingsAs(s string, g unitSpelling, as string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if sp := spellingAt(s[i:], g); sp != "" {
			b.WriteString(as)
			i += len(sp)
			continue
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// spellingAt is the longest spelling of g that s starts with, "" for none.
func spellingAt(s string, g unitSpelling) string {
	best := ""
	for _, sp := range g {
		if len(sp) > len(best) && strings.HasPrefix(s, sp) {
			best = sp
		}
	}
	return best
}

// spellingsIn are the spellings of g found in s, in order.
func spellingsIn(s string, g unitSpelling) []string {
	var out []string
	for i := 0; i < len(s); {
		if sp := spellingAt(s[i:], g); sp != "" {
			out = append(out, sp)
			i += len(sp)
			continue
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return out
}

// sameUnits are the names among known that are typed's unit spelled
// otherwise (one unitKey, another spelling), sorted as known is: the
// certain matches.
func sameUnits(typed string, known []string) []string {
	key := unitKey(typed)
	var out []string
	for _, k := range known {
		if k != typed && unitKey(k) == key {
			out = append(out, k)
		}
	}
	return out
}

// spellingNote says, for the reply, what typed was read as when it matched
// the registered name spelled otherwise: 「有限责任公司」按「有限公司」. It is
// "" when only brackets or spaces differ, which the 原文写作 note shows.
func spellingNote(typed, name string) string {
	typed = strings.ReplaceAll(unitBrackets(typed), " ", "")
	name = strings.ReplaceAll(unitBrackets(name), " ", "")
	var parts []string
	for _, g := range unitSpellings {
		t, n := spellingsIn(typed, g), spellingsIn(name, g)
		for i := range min(len(t), len(n)) {
			if t[i] != n[i] {
				parts = append(parts, "「"+bracketsWide.Replace(t[i])+"」按「"+bracketsWide.Replace(n[i])+"」")
			}
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "、") + "，视为同一单位"
}

// spellingProbe is the longest stretch of typed (cleaned) outside its
// spellings, brackets and spaces, for asking the store which names may be
// typed's spelled otherwise; "" when typed holds no spelling of
// unitSpellings (then only brackets or spaces could differ, which
// cleanUnitName already reads) or no stretch of two characters.
func spellingProbe(typed string) string {
	has := false
	s := unitBrackets(typed)
	for _, g := range unitSpellings {
		for _, sp := range g {
			if strings.Contains(s, sp) {
				has = true
				s = strings.ReplaceAll(s, sp, "\x00")
			}
		}
	}
	if !has {
		return ""
	}
	best := ""
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == 0 || r == ' ' || strings.ContainsRune("()[]", r) }) {
		if utf8.RuneCountInString(part) > utf8.RuneCountInString(best) {
			best = part
		}
	}
	if utf8.RuneCountInString(best) < 2 {
		return ""
	}
	return best
}

// regionPrefix is a place a company name starts with: 沁水县, 晋城市, 山西省,
// 城区 (one to six characters before 省, 市, 县 or 区).
var regionPrefix = regexp.MustCompile(`^\p{Han}{1,6}?[省市县区]`)

// unitCore splits a unit's key into the places it starts with (region)
// and the rest without the legal form it ends with (有限公司, 公司): the
// company's own name and trade, 通达危货运输 for both 沁水县通达危险货物运输
// 有限公司 and 通达危险品运输公司. core is "" when less than two characters
// remain.
func unitCore(key string) (region, core string) {
	for _, end := range []string{"有限公司", "公司"} {
		if k, ok := strings.CutSuffix(key, end); ok {
			key = k
			break
		}
	}
	for range 3 {
		loc := regionPrefix.FindStringIndex(key)
		if loc == nil || utf8.RuneCountInString(key[loc[1]:]) < 2 {
			break
		}
		region += key[:loc[1]]
		key = key[loc[1]:]
	}
	if utf8.RuneCountInString(key) < 2 {
		return region, ""
	}
	return region, key
}

// unitsWithin are the names among known, of two characters or more, that
// typed contains: a longer form of a registered short name (测试码头有限公司
// for 测试码头; fix9-10 #2), the longest first.
func unitsWithin(typed string, known []string) []string {
	var out []string
	for _, n := range known {
		if n != typed && utf8.RuneCountInString(n) >= 2 && strings.Contains(typed, n) {
			out = append(out, n)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}
