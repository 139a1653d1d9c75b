package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"safetybot"
)

// headerLabel reads a name written the way the exported ledger writes its
// column headers, before the colon at byte c (e is where the spaces before
// the colon begin): names joined by "/" (位置/路段/船名, 隐患名称/描述) and
// a remark in brackets after the name (整改资金（万元）, 挂牌督办（级别、督办
// 单位、文号）). The office copies rows of its own export back to the bot
// (qa6b #1), so these must be read as the field one of the names is, or
// named as not understood, never kept in the description unsaid. The first
// name that is a key of the set decides the field; with none, the header
// (without its remark) is an unknown name. ok is false for a plain name,
// which labelAt reads, and for a header glued to text before it.
func (r *reader) headerLabel(e, c int) (lb label, ok bool) {
	s := r.s
	end := e
	if ch, _ := utf8.DecodeLastRuneInString(s[:e]); closeBracket(ch) {
		end = r.remarkStart(e)
		if end < 0 {
			return label{}, false
		}
	}
	start, runes := end, 0
	for start > 0 && runes <= maxLabelRunes {
		ch, size := utf8.DecodeLastRuneInString(s[:start])
		r.work++
		if !unicode.IsLetter(ch) && !(ch == '/' && start < end && s[start] != '/') {
			break
		}
		start -= size
		runes++
	}
	name := s[start:end]
	if name == "" || runes > maxLabelRunes || name[0] == '/' || !atBoundary(s, start) ||
		(end == e && !strings.Contains(name, "/")) {
		return label{}, false
	}
	lb = label{start: start, colon: c, vstart: skipSpaces(s, c+1), name: name}
	if r.fs != nil && !notFieldHeaders[name] {
		for _, part := range strings.Split(name, "/") {
			r.work++
			if spec := r.fs.byName[strings.ToLower(part)]; spec != nil {
				lb.spec, lb.name = spec, ""
				break
			}
		}
	}
	return lb, true
}

// remarkStart returns where the bracketed remark ending at byte e opens,
// or -1 when it is not a short remark of letters and 、 (a bracket of the
// text, such as a date in 12月5日（周六）, is no header's).
func (r *reader) remarkStart(e int) int {
	s := r.s
	_, size := utf8.DecodeLastRuneInString(s[:e])
	for i, runes := e-size, 0; i > 0 && runes <= maxLabelRunes; runes++ {
		ch, n := utf8.DecodeLastRuneInString(s[:i])
		r.work++
		switch {
		case openBracket(ch):
			if runes == 0 {
				return -1
			}
			return i - n
		case !unicode.IsLetter(ch) && ch != '、' && ch != ' ':
			return -1
		}
		i -= n
	}
	return -1
}

// sameName compares a written name with a field name (lower case): ASCII
// letters without case, anything else exactly.
func sameName(written, name string) bool {
	if safetybot.IsASCII(name) {
		return strings.EqualFold(written, name)
	}
	return written == name
}

func lowerASCII(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}
