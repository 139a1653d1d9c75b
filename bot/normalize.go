package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// keepWide are the full-width marks Chinese sentences are written with. The
// reader accepts them as they are (，and ；separate fields), and folding
// them would turn a stored description into "护栏缺失,存在风险".
var keepWide = map[rune]bool{'，': true, '；': true, '！': true, '？': true, '（': true, '）': true}

// normalize prepares a message for the reader, as typed on a phone or pasted
// from WPS: full-width letters, digits and punctuation fold to ASCII (２０２６－１２－３１
// → 2026-12-31, ：→ :, ％ → %), except the sentence marks in keepWide; zero-width
// characters, the byte-order mark and XML-forbidden control characters are
// removed; every kind of space becomes one ASCII space (line breaks stay, they
// separate fields); and the bot's @mention is removed wherever it stands (its
// names may hold a space, "@Safety Bot"), as is any "@word" before the verb.
// Other mentions inside the text stay: "指派 YH2026-0001 @lisi" names the
// assignee. A comma between digit groups (８，０００ typed with the Chinese
// comma) becomes ASCII, so the amount is not cut at it. Cells pasted from a
// table are read first (tableCells).
func normalize(s string, botNames []string) string {
	return stripMentions(unitLabels(fold(tableCells(s))), botNames)
}

// fold is normalize's character work, shared with the report form's fields
// (formValue), so a form value and the same text in chat read alike: widths
// folded, invisible characters dropped, runs of spaces one space, line
// breaks kept, digit groups joined.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteByte('\n')
		case r == '\r':
			// "\r\n" from a pasted document: the \n that follows is kept.
		case isInvisible(r):
		case unicode.IsSpace(r):
			// One space for a run, so "@Safety  Bot" is the bot's name too.
			if n := b.Len(); n == 0 || b.String()[n-1] != ' ' {
				b.WriteByte(' ')
			}
		case keepWide[r]:
			b.WriteRune(r)
		default:
			if p := width.LookupRune(r); p.Kind() == width.EastAsianFullwidth {
				if n := p.Narrow(); n != 0 {
					r = n
				}
			}
			b.WriteRune(r)
		}
	}
	return digitGroups(b.String())
}

// digitGroups turns "8，000" into "8,000": a full-width comma between a digit
// and exactly three digits is a thousands separator, not a field separator.
func digitGroups(s string) string {
	if !strings.Contains(s, "，") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], "，") && i > 0 && isDigit(s[i-1]) {
			j := i + len("，")
			k := j
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			if k-j == 3 {
				b.WriteByte(',')
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// isInvisible reports characters that carry nothing a reader can see:
// controls XML 1.0 forbids (WPS pastes \x1d, \x0b…), and every format
// character (Unicode Cf): zero-width spaces and joiners, the word joiner,
// bidi marks, the byte-order mark, and the soft hyphen WPS and Word leave
// in pasted text ("消\u00ad防栓" must read as 消防栓).
func isInvisible(r rune) bool {
	if r >= 0xad && unicode.Is(unicode.Cf, r) {
		return true
	}
	switch {
	case r < 0x20 && r != '\t' && r != '\n' && r != '\r':
		return true
	case r == 0x7f || (r >= 0x80 && r < 0xa0):
		return true
	case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2060 && r <= 0x2064, r == 0xfeff:
		return true
	case r == utf8.RuneError, r == 0xfffe, r == 0xffff:
		return true
	}
	return false
}

// stripMentions removes "@name" for each of the bot's names wherever it
// stands, then every "@word" at the start of the text or after a space (a
// userid such as wang@corp keeps its @: nothing precedes it but letters).
func stripMentions(s string, botNames []string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	for _, n := range botNames {
		if n = strings.TrimSpace(n); n != "" {
			s = replaceFold(s, "@"+n, " ")
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	lead := true // still before the verb: only spaces and mentions so far
	for i := 0; i < len(s); {
		if s[i] != ' ' && s[i] != '\n' && s[i] != '@' {
			lead = false
		}
		if lead && s[i] == '@' {
			j := i + 1
			for j < len(s) && s[j] != ' ' && s[j] != '\n' {
				j++
			}
			if cronDescriptors[strings.ToLower(s[i:j])] {
				b.WriteString(s[i:j]) // 提醒 添加 @daily …: cron syntax, not a mention
				i = j
				continue
			}
			b.WriteByte(' ')
			i = j
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// cronDescriptors are robfig/cron's @-schedules, which 提醒 添加 accepts.
var cronDescriptors = map[string]bool{"@yearly": true, "@annually": true, "@monthly": true, "@weekly": true,
	"@daily": true, "@midnight": true, "@hourly": true, "@every": true}

// replaceFold replaces every occurrence of old in s, ASCII letters compared
// without case ("@safety bot" and "@Safety Bot" are one mention).
func replaceFold(s, old, repl string) string {
	if old == "" {
		return s
	}
	lower, lowerOld := strings.ToLower(s), strings.ToLower(old)
	if len(lower) != len(s) { // ToLower changed some byte lengths: fall back to exact
		return strings.ReplaceAll(s, old, repl)
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, lowerOld)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
}

// typedAs is v, a value the reader took from raw after normalize, as the
// user typed it (－３万元, not -3万元), so a reply quoting a value it could
// not read quotes what is on the user's screen (qa3 #12). It folds raw
// rune by rune as normalize does and finds v there; whatever it finds
// folds to v, so at worst it is v in other widths. v itself when v is not
// there (a value normalize rewrote more than rune by rune, e.g. 8，000).
func typedAs(raw, v string) string {
	if raw == "" || v == "" || !strings.ContainsFunc(raw, func(r rune) bool { return r >= utf8.RuneSelf }) {
		return v
	}
	var folded []rune
	var at []int // at[i]: byte offset in raw of folded[i]
	for i, r := range raw {
		switch {
		case isInvisible(r) || r == '\r':
			continue
		case unicode.IsSpace(r) && r != '\n':
			if n := len(folded); n > 0 && folded[n-1] == ' ' {
				continue
			}
			r = ' '
		case keepWide[r]:
		default:
			if p := width.LookupRune(r); p.Kind() == width.EastAsianFullwidth {
				if n := p.Narrow(); n != 0 {
					r = n
				}
			}
		}
		folded = append(folded, r)
		at = append(at, i)
	}
	want := []rune(v)
	for i := 0; i+len(want) <= len(folded); i++ {
		if string(folded[i:i+len(want)]) != v {
			continue
		}
		end := len(raw)
		if j := i + len(want); j < len(at) {
			end = at[j]
		}
		return strings.TrimRightFunc(raw[at[i]:end], func(r rune) bool { return isInvisible(r) || r == '\r' })
	}
	return v
}
