package bot

import (
	"strings"
	"unicode/utf8"
)

// dutyGroup is the key of the working group s names, for naming a group
// study (dutyCandidates); "" when s names none or more than one. It reads
// what 授权 reads (parseGroup: a key, a name, a domain the group covers:
// 道路运输, a shortened name: 公路建设, QA6a item 9).
func (e *Engine) dutyGroup(s string) string {
	if utf8.RuneCountInString(s) < 2 {
		return ""
	}
	if g, err := e.parseGroup(s); err == nil {
		return g
	}
	return ""
}

// shortGroup is the key of the one working group whose name holds the
// characters of s in order (公路建设: 公路工程建设工作专班), "" when none
// or more than one does.
func (e *Engine) shortGroup(s string) string {
	s = strings.TrimSuffix(strings.TrimSuffix(s, "工作专班"), "专班")
	found := ""
	for _, g := range e.plan.Groups {
		if inOrder(s, strings.TrimSuffix(g.Name, "工作专班")) {
			if found != "" {
				return ""
			}
			found = g.Key
		}
	}
	return found
}

// inOrder reports whether the runes of short stand in long in their order,
// and short has at least two of them.
func inOrder(short, long string) bool {
	if utf8.RuneCountInString(short) < 2 {
		return false
	}
	for _, r := range short {
		i := strings.IndexRune(long, r)
		if i < 0 {
			return false
		}
		long = long[i+utf8.RuneLen(r):]
	}
	return true
}
