package bot

import (
	"strings"

	"safetybot"
)

// grantRoles are the roles as a 授权 line may begin with them.
var grantRoles = []safetybot.Role{safetybot.RoleAdmin, safetybot.RoleLeader, safetybot.RoleStaff, safetybot.RoleHandler}

// roleFirst rewrites a 授权 line written role first, 领导 孙总（sunzong） or
// 领导：周局（zhouju） (qa14 #2: refused, the person read as the role or
// 领导： as a label), as grantOne reads a line: 孙总（sunzong） 领导, the rest
// of the line (a 专班) kept after the role. ok is false for any other line.
// named reports a person beyond doubt, 名字（userid） or after a colon: a
// line 工作人员 城市客运 over a list is the list's role and 专班, not a grant.
// A role run on into a name (领导小组（lingdao）) is a person's name, and a
// role followed by another role (工作人员 领导) is no person: both are
// left as typed.
func roleFirst(line string) (out string, named, ok bool) {
	t := strings.TrimSpace(line)
	for _, role := range grantRoles {
		zh := role.Chinese()
		rest, found := strings.CutPrefix(t, zh)
		if !found {
			continue
		}
		after := strings.TrimLeft(rest, " \t")
		colon := false
		for _, c := range []string{"：", ":"} {
			if v, cut := strings.CutPrefix(after, c); cut {
				after, colon = strings.TrimSpace(v), true
			}
		}
		if after == "" || !colon && len(after) == len(rest) {
			return "", false, false
		}
		end := personEnd(after, 0)
		person := after[:end]
		if _, _, isRole := roleWord(personText(person)); isRole || person == "" {
			return "", false, false
		}
		_, _, pair := splitNameID(personText(person))
		return strings.TrimSpace(person + " " + zh + after[end:]), colon || pair, true
	}
	return "", false, false
}
