package safetybot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Fold is the one character rule for text people type on a phone or paste
// from WPS, shared by chat's reader, the report form and the dashboard's
// search and filters, so that what chat reads as 2026-12-31 or 县公路段 the
// form stores and the search finds alike (qa4 #1, #8): full-width letters,
// digits and punctuation fold to ASCII (２０２６－１２－３１ → 2026-12-31, ：→
// :, ％ → %), except the sentence marks in keepWide; invisible characters
// (IsInvisible) and carriage returns are removed; every other kind of space
// becomes one ASCII space for a run (line breaks stay: chat reads them as
// separators); and a full-width comma between digit groups (８，０００) becomes
// ASCII, so an amount is not cut at it.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r = FoldRune(r); {
		case r < 0:
		case r == ' ':
			if n := b.Len(); n == 0 || b.String()[n-1] != ' ' {
				b.WriteByte(' ')
			}
		default:
			b.WriteRune(r)
		}
	}
	return digitGroups(b.String())
}

// FoldRune is Fold for one character, without the runs: -1 for one it
// removes, ' ' for any space but a line break, else the character folded.
func FoldRune(r rune) rune {
	switch {
	case r == '\n':
		return r
	case r == '\r' || IsInvisible(r):
		return -1 // "\r\n" from a pasted document: the \n is kept
	case unicode.IsSpace(r):
		return ' '
	case keepWide[r]:
		return r
	}
	if p := width.LookupRune(r); p.Kind() == width.EastAsianFullwidth {
		if n := p.Narrow(); n != 0 {
			return n
		}
	}
	return r
}

// keepWide are the full-width marks Chinese sentences are written with.
// Chat's reader accepts them as they are (，and ；separate fields), and
// folding them would turn a stored description into "护栏缺失,存在风险".
var keepWide = map[rune]bool{'，': true, '；': true, '！': true, '？': true, '（': true, '）': true}

// IsInvisible reports characters that carry nothing a reader can see:
// controls XML 1.0 forbids (WPS pastes \x1d, \x0b…), and every format
// character (Unicode Cf): zero-width spaces and joiners, the word joiner,
// bidi marks, the byte-order mark, and the soft hyphen WPS and Word leave
// in pasted text ("消\u00ad防栓" must read as 消防栓).
func IsInvisible(r rune) bool {
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

// digitGroups turns "8，000" into "8,000": a full-width comma between a digit
// and exactly three digits is a thousands separator, not a field separator.
func digitGroups(s string) string {
	if !strings.Contains(s, "，") {
		return s
	}
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	var b strings.Builder
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], "，") && i > 0 && digit(s[i-1]) {
			j := i + len("，")
			k := j
			for k < len(s) && digit(s[k]) {
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

// IsASCII reports whether s holds only ASCII characters: a WeCom userid,
// a hazard number, a flag's own message are, and Chinese text is not.
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
