package bot

import (
	"strings"
	"unicode/utf8"
)

// dutyGroup is the key of the working group s names, for naming a group
// study (dutyCandidates); "" when s names none or more than one. It reads
// what 授权 reads (parseGroup: a key, a name, a domain the group covers:
// 道路运输), and a shortened name whose characters stand in the group's
// name in order and fit no other group: 公路建设 is 公路工程建设工作专班,
// while 公路 could be two groups (QA6a item 9).
func (e *Engine) dutyGroup(s string) string {
	if utf8.RuneCountInString(s) < 2 {
		return ""
	}
	if g, err := e.parseGroup(s); err == nil {
		return g
	}
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
