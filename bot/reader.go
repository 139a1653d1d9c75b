package bot

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// args is what the reader made of the text after the verb.
type args struct {
	Words   []string          // the free text split at spaces and separators
	Text    string            // the free text, as written, with the fields cut out
	Fields  map[string]string // canonical key → value, for the keys the command accepts
	Unknown []string          // "xx:" written where xx is no key of this command, in order

	starts []int // byte offset in Text of each word
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
// a key directly after any of them. A value runs to the next separator or
// to the next recognised key and may hold spaces; a closed-form value gives
// back the words that do not fit it. Everything that is not a field stays in
// Text as written. A "xx:" whose xx is no key of fs stays in the text and is
// named in Unknown, so the reply can say it was not understood. "10:30" and
// "http://" are never taken for a key.
func readArgs(s string, fs *fieldSet, now time.Time) args {
	a := args{Fields: map[string]string{}}
	var text strings.Builder
	for i := 0; i < len(s); {
		if atBoundary(s, i) {
			if spec, vstart, ok := keyAt(s, i, fs); ok {
				vend := valueEnd(s, vstart, fs, spec)
				value, back := fitValue(strings.TrimRightFunc(s[vstart:vend], func(r rune) bool { return r == ' ' || isSeparator(r) }), spec, now)
				a.Fields[spec.key] = value
				text.WriteByte(' ')
				text.WriteString(back)
				text.WriteByte(' ')
				i = vend
				continue
			}
			if name, ok := unknownKeyAt(s, i); ok {
				a.Unknown = append(a.Unknown, name)
			}
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		text.WriteString(s[i : i+n])
		i += n
	}
	a.Text = tidy(text.String())
	a.split()
	return a
}

// atBoundary reports whether a key may start at byte i: at the start, or
// after a space or separator.
func atBoundary(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r == ' ' || isSeparator(r)
}

// keyAt matches a name of fs at i followed by optional spaces and a colon;
// it returns the spec and where the value starts.
func keyAt(s string, i int, fs *fieldSet) (*fieldSpec, int, bool) {
	if fs == nil {
		return nil, 0, false
	}
	for _, name := range fs.names {
		if len(s)-i < len(name) || !strings.EqualFold(s[i:i+len(name)], name) {
			continue
		}
		j := skipSpaces(s, i+len(name))
		if j < len(s) && s[j] == ':' && !strings.HasPrefix(s[j:], "://") {
			return fs.byName[name], skipSpaces(s, j+1), true
		}
	}
	return nil, 0, false
}

// unknownKeyAt reports a run of 1–8 letters at i followed by a colon: the
// shape of a field whose name the command does not know. Digits before the
// colon (10:30) and a URL scheme (http://) are not fields.
func unknownKeyAt(s string, i int) (string, bool) {
	j, n := i, 0
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) {
			break
		}
		j += size
		n++
	}
	if n == 0 || n > 8 {
		return "", false
	}
	k := skipSpaces(s, j)
	if k < len(s) && s[k] == ':' && !strings.HasPrefix(s[k:], "://") {
		return s[i:j], true
	}
	return "", false
}

// valueEnd finds where a value starting at i ends: the next separator (a
// list or prose value runs on past commas and 、), or the next boundary where
// a key of fs, or an unknown "xx:", starts.
func valueEnd(s string, i int, fs *fieldSet, spec *fieldSpec) int {
	for j := i; j < len(s); {
		r, size := utf8.DecodeRuneInString(s[j:])
		if isSeparator(r) && !((spec.list || spec.prose) && (r == ',' || r == '，' || r == '、')) {
			return j
		}
		if j > i && r != ' ' && atBoundary(s, j) {
			if _, _, ok := keyAt(s, j, fs); ok {
				return j
			}
			if _, ok := unknownKeyAt(s, j); ok && !spec.list {
				return j // named in Unknown and kept in the text
			}
		}
		j += size
	}
	return len(s)
}

// fitValue trims a closed-form value to the words that fit it and returns
// the rest for the free text. When no prefix fits, the first word is the
// value (the handler then says it could not read it) and the others go back.
func fitValue(v string, spec *fieldSpec, now time.Time) (value, back string) {
	if spec.fits == nil || v == "" || spec.fits(v, now) {
		return v, ""
	}
	words := strings.Fields(v)
	for k := len(words) - 1; k >= 1; k-- {
		if cand := strings.Join(words[:k], " "); spec.fits(cand, now) {
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
// separators becomes its first separator (or one space), and separators at
// either end go. "边坡落石，，" → "边坡落石".
func tidy(s string) string {
	var b strings.Builder
	var pending rune // the run's first separator, or ' '
	for _, r := range s {
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

// split fills Words and their offsets from Text.
func (a *args) split() {
	a.Words, a.starts = a.Words[:0], a.starts[:0]
	start := -1
	for i, r := range a.Text {
		sep := r == ' ' || (isSeparator(r) && !digitComma(a.Text, i, r))
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
