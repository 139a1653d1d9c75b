package bot

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"safetybot"
)

// args is what the reader made of the text after the verb.
type args struct {
	Words   []string          // the free text split at spaces and separators
	Text    string            // the free text, as written, with the fields cut out
	Fields  map[string]string // canonical key → value, for the keys the command accepts
	Unknown []string          // "xx:" written where xx is no key of this command, in order
	// Repeated names the keys given twice with different values, as
	// "期限「12月5日」" for the earlier value; the later one is kept.
	Repeated []string
	// Spilled is the text after an open field's value and a comma that was
	// kept in the free text, where it might have belonged to the value
	// ("地点：K12+300，下游50米处" after a description): the reply says so.
	Spilled []spill

	starts []int // byte offset in Text of each word
	work   int   // steps the reader took (FuzzReadArgs bounds it by the length)
	year   int   // the year read in, for a short hazard number's hint (fullNumber)
}

// isSeparator reports the marks that end a field's value: staff separate
// fields with spaces (which do not end a value), commas, 、, semicolons,
// full stops and line breaks.
func isSeparator(r rune) bool {
	switch r {
	case '，', '、', '；', '。', ',', ';', '\n', '！', '!', '？', '?':
		return true
	}
	return false
}

// readArgs reads the text after a verb (already normalized): fields written
// 键:值, 键：值 or 键 : 值, separated by spaces or by ，、；。,; and line breaks,
// a key directly after any of them or after a bracket. A value runs to the
// next separator, the next recognised key or an unbalanced closing bracket,
// and may hold spaces; a closed-form value gives back the words that do not
// fit it. A key glued to the text before it ("单位：县公路段领域：公路运营")
// ends the value it is glued to; glued to free text it is taken only when
// its value has a closed form that fits ("护栏缺失领域：公路运营"), so
// "现场情况：…" is not read as 描述. Everything that is not a field stays in
// Text as written. A "xx:" whose xx is no key of fs stays in the text and is
// named in Unknown, so the reply can say it was not understood. "10:30" and
// "http://" are never taken for a key.
func readArgs(s string, fs *fieldSet, now time.Time) args {
	a := args{Fields: map[string]string{}, year: now.In(safetybot.Shanghai).Year()}
	r := reader{s: s, fs: fs, now: now}
	r.findLabels()
	text := make([]byte, 0, len(s)+8)
	next := 0         // the first label not passed yet
	lastEnd := -1     // where the last value ended: a glued key there ended it
	freeText := false // free text met so far: the description has begun
	for i := 0; i < len(s); {
		for next < len(r.labels) && r.labels[next].start < i {
			next++
		}
		if next < len(r.labels) && r.labels[next].start == i {
			lb := r.labels[next]
			switch {
			case lb.spec == nil:
				// An unknown name, unless its colon holds a glued key read here.
				if next+1 >= len(r.labels) || r.labels[next+1].colon != lb.colon || !r.takeInText(next+1) {
					a.Unknown = append(a.Unknown, lb.name)
				}
			case !lb.glued || i == lastEnd || r.takeInText(next):
				vend := r.valueEnd(lb.vstart, lb.spec, next+1)
				value, back := r.fitValue(trimValue(s[lb.vstart:vend]), lb.spec)
				if old, ok := a.Fields[lb.spec.key]; ok && old != value {
					a.Repeated = append(a.Repeated, lb.spec.key+"「"+old+"」")
				}
				a.Fields[lb.spec.key] = value
				if sp, ok := r.spilled(vend, lb.spec, next+1, freeText); ok {
					sp.key, sp.value = lb.spec.key, value
					a.Spilled = append(a.Spilled, sp)
				} else if ch, _ := utf8.DecodeRuneInString(back); openBracket(ch) {
					// 资金：5000元（含人工）: the remark is kept in the text, said so (QA7b #5)
					a.Spilled = append(a.Spilled, spill{key: lb.spec.key, value: value, text: back})
				}
				text = append(text, ' ')
				text = append(text, back...)
				text = append(text, ' ')
				freeText = freeText || strings.TrimSpace(back) != ""
				i, lastEnd = vend, vend
				continue
			}
		}
		r.work++
		ch, n := utf8.DecodeRuneInString(s[i:])
		text = append(text, s[i:i+n]...)
		freeText = freeText || ch != ' ' && !isSeparator(ch)
		i += n
	}
	a.Text = tidy(string(text))
	for _, u := range r.unsure {
		if strings.Contains(a.Text, u) { // kept in the free text, not in a value
			a.Unknown = append(a.Unknown, u)
		}
	}
	a.split()
	a.work = r.work
	return a
}

// reader is readArgs' state for one text.
type reader struct {
	s      string
	fs     *fieldSet
	now    time.Time
	labels []label
	unsure []string // names with a value written as words inside a clause, not read (spacedInClause)
	work   int      // steps taken, for the fuzz test's bound on the reader's work
}

// label is a "name:" of the text: a key of the field set, or an unknown name.
type label struct {
	start  int        // byte offset of the name
	colon  int        // byte offset of its colon
	vstart int        // where the value starts: after the colon and spaces
	spec   *fieldSpec // nil for an unknown name
	name   string     // an unknown name, as written
	glued  bool       // a key straight after other text: 县公路段领域:
}

// maxLabelRunes is how far back from a colon a name is looked for; the
// longest field name has 11 (description).
const maxLabelRunes = 16

// findLabels finds the labels of r.s in order, looking back from each colon
// (never "://") over spaces and up to maxLabelRunes letters. The longest
// name of r.fs ending there is a key: a Chinese name even glued to the
// letters or digits before it, an ASCII name only at a boundary (so
// "subdomain:" is not domain). A run of 1–8 letters starting at a boundary
// is an unknown name, unless the key ending it stands at that boundary.
// Digits before the colon (10:30) make no label.
func (r *reader) findLabels() {
	s := r.s
	if n := strings.Count(s, ":"); n > 0 {
		r.labels = make([]label, 0, min(n, 64))
	}
	for c := strings.IndexByte(s, ':'); c >= 0; {
		if !strings.HasPrefix(s[c:], "://") {
			r.labelAt(c)
		}
		k := strings.IndexByte(s[c+1:], ':')
		if k < 0 {
			break
		}
		c += 1 + k
	}
	if r.fs != nil {
		r.bareLabels()
	}
}

// labelAt adds the labels of the colon at byte c.
func (r *reader) labelAt(c int) {
	s := r.s
	e := c
	for e > 0 && s[e-1] == ' ' {
		e--
		r.work++
	}
	r0, n := e, 0
	for r0 > 0 && n < maxLabelRunes {
		ch, size := utf8.DecodeLastRuneInString(s[:r0])
		if !unicode.IsLetter(ch) {
			break
		}
		r0 -= size
		n++
		r.work++
	}
	if n == 0 || r0 > 0 && s[r0-1] == '/' { // 整改资金（万元）：, 位置/路段/船名：
		if lb, ok := r.headerLabel(e, c); ok {
			r.labels = append(r.labels, lb)
			return
		}
	}
	if n == 0 {
		return
	}
	vstart := skipSpaces(s, c+1)
	var key *label
	if r.fs != nil {
		for _, name := range r.fs.names {
			r.work++
			k := e - len(name)
			if k < r0 || lowerASCII(s[e-1]) != name[len(name)-1] || !sameName(s[k:e], name) {
				continue
			}
			bound := k == r0 && atBoundary(s, k)
			if !bound && safetybot.IsASCII(name) {
				continue
			}
			key = &label{start: k, colon: c, vstart: vstart, spec: r.fs.byName[name], glued: !bound}
			break
		}
	}
	if (key == nil || key.glued) && n <= 8 && atBoundary(s, r0) {
		r.labels = append(r.labels, label{start: r0, colon: c, vstart: vstart, name: s[r0:e]})
	}
	if key != nil {
		r.labels = append(r.labels, *key)
	}
}

// takeInText reports whether the glued key labels[i], met in free text, is
// read: only when its value has a closed form and fits it.
func (r *reader) takeInText(i int) bool {
	lb := r.labels[i]
	if lb.spec == nil || lb.spec.fits == nil {
		return false
	}
	v := trimValue(r.s[lb.vstart:r.valueEnd(lb.vstart, lb.spec, i+1)])
	value, _ := r.fitValue(v, lb.spec)
	return value != "" && lb.spec.fits(value, r.now)
}

// atBoundary reports whether a name may start at byte i without being glued
// to what is before it: at the start, or after a space, a separator or a
// bracket.
func atBoundary(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r == ' ' || isSeparator(r) || openBracket(r) || closeBracket(r)
}

func openBracket(r rune) bool  { return r == '（' || r == '(' || r == '【' || r == '[' }
func closeBracket(r rune) bool { return r == '）' || r == ')' || r == '】' || r == ']' }

// valueEnd finds where a value starting at byte i ends: the next separator
// (a list or prose value runs on past commas and 、; a comma between digits,
// 8,000, never ends a value), a closing bracket the value did not open
// ("（单位：县公路段）"), or the next label from labels[from:] on: a key, or
// outside brackets an unknown "xx:" (except in a list).
func (r *reader) valueEnd(i int, spec *fieldSpec, from int) int {
	s := r.s
	depth := 0
	next := from
	for j := i; j < len(s); {
		r.work++
		for next < len(r.labels) && r.labels[next].start < j {
			next++
		}
		if next < len(r.labels) && r.labels[next].start == j {
			if lb := r.labels[next]; lb.spec != nil || (!spec.list && depth == 0) {
				return j
			}
		}
		ch, size := utf8.DecodeRuneInString(s[j:])
		switch {
		case openBracket(ch):
			depth++
		case closeBracket(ch):
			if depth == 0 {
				return j
			}
			depth--
		case ch == ',' && j > i && isDigit(s[j-1]) && j+1 < len(s) && isDigit(s[j+1]):
			// 8,000元
		case isSeparator(ch) && !((spec.list || spec.prose) && (ch == ',' || ch == '，' || ch == '、')):
			return j
		}
		j += size
	}
	return len(s)
}

// spill is text the reader kept in the free text that may belong to the
// value before it.
type spill struct{ key, value, text string }

// spilled finds the text after an open, single-valued field (单位, 地点) whose
// value ended at byte vend at a comma or 、 and that went to the free text:
// after 、, which lists like items ("单位：县公路段、县交通运输事业发展中心"),
// always; after a comma or semicolon only when the description had begun
// before the field, since then the text is as likely the value's rest
// ("桥梁护栏损坏 地点：K12+300，下游50米处") as the description's. It runs to
// the next label or separator (or, after 、, across the list's items).
func (r *reader) spilled(vend int, spec *fieldSpec, from int, described bool) (spill, bool) {
	s := r.s
	if spec.fits != nil || spec.list || spec.prose || vend >= len(s) {
		return spill{}, false
	}
	sep, n := utf8.DecodeRuneInString(s[vend:])
	switch sep {
	case '、':
	case '，', ',', '；', ';':
		if !described {
			return spill{}, false
		}
	default:
		return spill{}, false
	}
	start := skipSpaces(s, vend+n)
	next := from
	end := start
	for end < len(s) {
		r.work++
		for next < len(r.labels) && r.labels[next].start < end {
			next++
		}
		if next < len(r.labels) && r.labels[next].start == end {
			break
		}
		ch, size := utf8.DecodeRuneInString(s[end:])
		if closeBracket(ch) || isSeparator(ch) && !(sep == '、' && ch == '、') {
			break
		}
		end += size
	}
	text := trimValue(s[start:end])
	return spill{text: text}, text != ""
}

// trimValue drops spaces and separators around a value ("更换护栏，" before
// a key that followed a comma).
func trimValue(v string) string {
	return strings.TrimFunc(v, func(r rune) bool { return r == ' ' || isSeparator(r) })
}

// maxFitWords is the most words a closed-form value is tried with; the
// longest is a spaced-out date such as "2026 年 12 月 31 日".
const maxFitWords = 8

// fitValue trims a closed-form value to the words that fit it, or to what
// comes before a bracketed remark, and returns the rest for the free text. When no prefix fits, the first word is the
// value (the handler then says it could not read it) and the others go back.
func (r *reader) fitValue(v string, spec *fieldSpec) (value, back string) {
	if spec.fits == nil || v == "" {
		return v, ""
	}
	r.work += len(v)
	if spec.fits(v, r.now) {
		return v, ""
	}
	// A remark in brackets after the value: 3.6万元（含材料费）, 12月5日（周六）.
	if b := strings.IndexFunc(v, openBracket); b > 0 {
		if cand := trimValue(v[:b]); cand != "" && spec.fits(cand, r.now) {
			return cand, v[b:]
		}
	}
	words := strings.Fields(v)
	for k := min(len(words)-1, maxFitWords); k >= 1; k-- {
		cand := strings.Join(words[:k], " ")
		r.work += len(cand)
		if spec.fits(cand, r.now) {
			return cand, strings.Join(words[k:], " ")
		}
	}
	return words[0], strings.Join(words[1:], " ")
}

func skipSpaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// tidy collapses what cutting fields out leaves behind: a run of spaces and
// separators becomes its first separator (or one space), separators at
// either end go, and so do brackets left empty ("边坡落石，，" → "边坡落石";
// "照明损坏（单位：县公路段）" → "照明损坏").
func tidy(s string) string {
	var b strings.Builder
	var pending rune // the run's first separator, or ' '
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if openBracket(r) {
			if j := emptyBracketEnd(s, i+n); j > 0 {
				if pending == 0 {
					pending = ' '
				}
				i = j
				continue
			}
		}
		i += n
		if r == ' ' || r == '\t' || isSeparator(r) {
			if pending == 0 || (pending == ' ' && r != ' ' && r != '\t') {
				pending = r
				if r == '\t' {
					pending = ' '
				}
			}
			continue
		}
		if pending != 0 && b.Len() > 0 {
			b.WriteRune(pending)
		}
		pending = 0
		b.WriteRune(r)
	}
	return b.String()
}

// emptyBracketEnd returns the end of a closing bracket at or after byte i
// with only spaces and separators before it, or 0.
func emptyBracketEnd(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case closeBracket(r):
			return i + n
		case r == ' ' || r == '\t' || isSeparator(r):
			i += n
		default:
			return 0
		}
	}
	return 0
}

// split fills Words and their offsets from Text.
func (a *args) split() {
	a.Words, a.starts = a.Words[:0], a.starts[:0]
	start := -1
	for i, r := range a.Text {
		// ASCII ? and ! end a value but not a word: "提醒 添加 0 9 ? * 1" keeps
		// its cron spec's ?.
		sep := r == ' ' || (isSeparator(r) && r != '?' && r != '!' && !digitComma(a.Text, i, r))
		switch {
		case sep && start >= 0:
			a.Words = append(a.Words, a.Text[start:i])
			start = -1
		case !sep && start < 0:
			start = i
			a.starts = append(a.starts, i)
		}
	}
	if start >= 0 {
		a.Words = append(a.Words, a.Text[start:])
	}
}

// digitComma reports an ASCII comma between two digits (1,15 in a cron
// spec, 8,000 in an amount), which joins a word rather than ending it.
func digitComma(s string, i int, r rune) bool {
	return r == ',' && i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1])
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// rest returns the free text after the first n words, as written.
func (a args) rest(n int) string {
	if n >= len(a.Words) {
		return ""
	}
	return tidy(a.Text[a.starts[n]:])
}
