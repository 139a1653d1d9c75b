package bot

import (
	"unicode/utf8"

	"safetybot"
)

// spacedKeys are the keys whose Chinese names are read without a colon
// when a space follows them at the start of a clause (fix9 #9: 上报 路面
// 塌陷，期限 12月25日，… stored no deadline and said nothing, so the hazard
// could never become overdue). Chinese prose puts no space after a word,
// so a name at a clause's start with a space after it is a label, whatever
// follows: a closed form's value that does not fit (期限 下个月底前后) is
// read as the field, for the handler to name as 未能读取 rather than keep
// it in the description unsaid, and 领域's value is checked against the
// plan's domains the same way. 单位 is the exception (fix10 #3): 单位 领导
// 已到场查看 speaks of the unit, so its value must look like a unit's name
// (looksLikeUnitName) or the words stay text, named as not read. A name
// glued to the text before it (整改期限较长) or to its value (等级公路) is
// not read here; bareKeys reads 期限 and 等级 glued to a value that fits.
// 资金 too (fix10-3 #3: 资金 3 and 资金 三 stayed in the text with no word,
// where 资金:3 asks 元 or 万元): a bare figure is asked about, 资金 3万元 is
// read.
var spacedKeys = []string{"期限", "等级", "领域", "单位", "地点", "资金"}

// spacedFitKeys are spacedKeys read at a clause's start only with a value
// that fits, as inside a clause: 资金's names are words of prose too (费用
// 由企业承担 is no amount, and stays in the description, named 未识别).
var spacedFitKeys = map[string]bool{"资金": true}

// spacedLabels adds the labels of spacedKeys' names that start a clause
// (the text's start or after a separator: ，。；、 or a line break) and are
// followed by a space and a value.
func (r *reader) spacedLabels() {
	s := r.s
	for _, key := range spacedKeys {
		spec := r.fs.byName[key]
		if spec == nil {
			continue
		}
		for _, name := range append([]string{spec.key}, spec.names...) {
			if safetybot.IsASCII(name) {
				continue
			}
			for i := range r.occurrences(name) {
				v := i + len(name)
				if v >= len(s) || s[v] != ' ' {
					continue
				}
				v = skipSpaces(s, v)
				if ch, _ := utf8.DecodeRuneInString(s[v:]); v >= len(s) || ch == ':' || isSeparator(ch) {
					continue // 期限 : 两周内 is read at its colon
				}
				if !segmentStart(s, i) || spacedFitKeys[key] {
					r.spacedInClause(i, v, name, spec)
					continue
				}
				if spec.key == "单位" && !looksLikeUnitName(r.bareValue(v)) {
					// 单位 领导已到场查看 speaks of the unit: text, said as not read.
					r.unsure = append(r.unsure, name+" "+firstRunes(s[v:], 20))
					continue
				}
				r.labels = append(r.labels, label{start: i, colon: -1 - i, vstart: v, spec: spec})
			}
		}
	}
}

// segmentStart reports whether byte i starts a clause: the text's start or
// just after a separator.
func segmentStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	return isSeparator(prev)
}

// spacedInClause judges a name written as a word of its own inside a
// clause (桥梁护栏缺失 期限 12月25日), its value at byte v: a closed form's
// value that fits as a whole word is read; anything else stays in the text
// and is named in unsure, for the reply to say it was not read as the
// field. A name glued to the text before it is prose and left alone. So
// is a spacedFitKeys name at a clause's start.
func (r *reader) spacedInClause(i, v int, name string, spec *fieldSpec) {
	if prev, _ := utf8.DecodeLastRuneInString(r.s[:i]); prev != ' ' && !segmentStart(r.s, i) {
		return
	}
	w := r.bareValue(v)
	switch {
	case w == "":
	case spec.fits != nil && spec.fits(w, r.now):
		r.labels = append(r.labels, label{start: i, colon: -1 - i, vstart: v, spec: spec})
	default:
		r.unsure = append(r.unsure, name+" "+w)
	}
}

// firstRunes is s's first word, at most n runes of it, for naming a value
// not read: a prefix, so the text read still holds it.
func firstRunes(s string, n int) string {
	for i, r := range s {
		if n == 0 || r == ' ' || isSeparator(r) {
			return s[:i]
		}
		n--
	}
	return s
}
