package bot

import (
	"iter"
	"slices"
	"strings"
	"unicode/utf8"

	"safetybot"
)

// bareKeys are the keys read without a colon, as typed on phones
// (期限下周三前，等级重大): closed forms, whose value says whether it is one.
// 单位 and 地点 take any text (单位负责人未到场, 地点偏僻 describe), and
// 领域's names are the plan's, which the reader does not know.
var bareKeys = []string{"期限", "等级"}

// bareNames are the names of a bareKeys key read without a colon: the key
// and its Chinese aliases. fix10-10 #3: 整改期限15天内, the ledger's own
// column name, stayed in the description unsaid while 期限十五天内 was
// read. Only a 4-rune name (整改期限, 隐患等级) is named as not read when
// its value does not fit: 等级公路 and 级别高的 are prose.
func bareNames(spec *fieldSpec) []string {
	names := []string{spec.key}
	for _, n := range spec.names {
		if !safetybot.IsASCII(n) {
			names = append(names, n)
		}
	}
	return names
}

// bareDateNames are the names of 日期 (the day 议题, 检查 or 完成 was done)
// read without a colon, longest first. QA6a item 1: 检查日期2026-09-28,
// 会议日期11月28日 and 研究日期 11月15日 stayed in the note while the
// record counted for today's period, so a third-quarter inspection counted
// in the fourth. A label this specific starting a word is a date, so it is
// read after a space too, its value may follow a space, and a value that
// is no date is still taken, for doneOn to say it could not read it rather
// than record today. 时间 is too common a word ("时间紧", "会议时间调整"):
// a name ending in it is a label only before a value that fits. QA7a item
// 2: 会议时间11月27日, the commonest wording, was not read, 时间 being glued
// to 会议.
var bareDateNames = []string{"检查日期", "研究日期", "议题日期", "会议日期", "完成日期", "补记日期",
	"会议时间", "开会时间", "召开时间", "检查时间", "研究时间", "日期", "时间"}

// bareLabels adds the labels of bareKeys that start a segment (the text's
// start or after a separator) and are followed, to the next space or
// separator, by a value that fits the key as a whole, and those of
// bareDateNames (bareDateLabels); labels stay in order.
func (r *reader) bareLabels() {
	s, n := r.s, len(r.labels)
	for _, key := range bareKeys {
		spec := r.fs.byName[key]
		if spec == nil || spec.fits == nil {
			continue
		}
		for _, name := range bareNames(spec) {
			for i := range r.occurrences(name) {
				v := i + len(name)
				if prev, _ := utf8.DecodeLastRuneInString(s[:i]); i > 0 && !isSeparator(prev) {
					continue
				}
				switch value := r.bareValue(v); {
				case value == "":
				case spec.fits(value, r.now):
					r.labels = append(r.labels, label{start: i, colon: -1 - i, vstart: v, spec: spec})
				case utf8.RuneCountInString(name) >= 4:
					// 整改期限待定: a ledger column's name is no word of prose,
					// so a value it does not fit is named as not read.
					r.unsure = append(r.unsure, name+value)
				}
			}
		}
	}
	r.spacedLabels()
	r.bareDateLabels()
	if len(r.labels) > n {
		slices.SortFunc(r.labels, func(a, b label) int { return a.start - b.start })
	}
}

// bareDateLabels adds the labels of bareDateNames, as that says: a name at
// a boundary (atBoundary) followed, after any spaces, by a value, which for
// 时间 must be a date. A name glued to the text before it is text: 复查上次
// 检查日期9月28日发现的问题 speaks of another day. A shorter name inside a
// longer one (日期 in 检查日期) is not read again.
func (r *reader) bareDateLabels() {
	spec := r.fs.byName["日期"]
	if spec == nil || spec.fits == nil {
		return
	}
	s := r.s
	var taken []bool // the bytes of the names read, once one is
	for _, name := range bareDateNames {
		for i := range r.occurrences(name) {
			if taken != nil && (taken[i] || taken[i+len(name)-1]) {
				continue
			}
			v := skipSpaces(s, i+len(name))
			value := r.bareValue(v)
			if value == "" || !atBoundary(s, i) || strings.HasSuffix(name, "时间") && !spec.fits(value, r.now) {
				continue
			}
			if taken == nil {
				taken = make([]bool, len(s))
			}
			for j := i; j < i+len(name); j++ {
				taken[j] = true
			}
			r.labels = append(r.labels, label{start: i, colon: -1 - i, vstart: v, spec: spec})
		}
	}
}

// occurrences yields the byte offset of each occurrence of name in the
// text, left to right and not overlapping, each a step of the reader's
// work: the walk bareLabels, spacedLabels and bareDateLabels each wrote out.
func (r *reader) occurrences(name string) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; ; i += len(name) {
			k := strings.Index(r.s[i:], name)
			if k < 0 {
				return
			}
			i += k
			r.work++
			if !yield(i) {
				return
			}
		}
	}
}

// maxDateBytes is the longest text a bare label's value is looked for
// in: the longest date written without spaces, such as
// 2026年12月31日之前完成整改到位, has 45 bytes, and a grade (等级重大) is
// shorter. Looking no further keeps the reader linear on text such as
// 日期日期日期… or 期限期限期限….
const maxDateBytes = 64

// bareValue is the text from byte v to the next space or separator, the
// value a bare label is judged by; "" when it holds a colon (期限:…, read
// as a key with its colon), is empty, or does not end within maxDateBytes.
func (r *reader) bareValue(v int) string {
	w := r.s[v:]
	if len(w) > maxDateBytes {
		w = w[:maxDateBytes]
	}
	r.work += len(w)
	end := strings.IndexFunc(w, func(r rune) bool { return r == ' ' || isSeparator(r) })
	switch {
	case end < 0 && len(w) < len(r.s)-v:
		return "" // runs on past maxDateBytes: no date, no grade
	case end < 0:
		end = len(w)
	}
	value := trimValue(w[:end])
	if strings.Contains(value, ":") {
		return ""
	}
	return value
}
