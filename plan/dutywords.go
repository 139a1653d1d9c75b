package plan

import (
	"fmt"
	"strings"

	"safetybot"
)

// dutyWords refuses a file in which one word names two duties: an alias
// that is another duty's name, or the same alias on two duties (qa6a #7).
// 完成 finds a duty by its exact name or alias, and a word that several
// duties own is answered with "对应多项职责" every time, so neither duty
// could be registered under it any more. Names are unique already
// (checker.duties); the system-made duties of task deadlines share their
// 任务N alias on purpose and are not in the file.
func (c *checker) dutyWords(f *safetybot.PlanFile) {
	owner := map[string]string{} // word → the path of the duty that owns it
	for i, d := range f.Duties {
		owner[strings.TrimSpace(d.Name)] = fmt.Sprintf("duties[%d]", i)
	}
	for i, d := range f.Duties {
		path := fmt.Sprintf("duties[%d]", i)
		for j, a := range d.Aliases {
			a = strings.TrimSpace(a)
			if a == "" || a == strings.TrimSpace(d.Name) {
				continue
			}
			other, taken := owner[a]
			switch {
			case !taken:
				owner[a] = path
				continue
			case other == path:
				continue
			}
			c.failf(fmt.Sprintf("%s.aliases[%d]", path, j), "别名「%s」已是 %s（%s）的名称或别名：「完成 %s」将分不清是哪一项，两项都无法再这样登记。请删去或改写这个别名",
				safetybot.Truncate(a, 20), other, dutyName(f, other), safetybot.Truncate(a, 20))
		}
	}
}

// dutyName is the name of the duty at path "duties[i]".
func dutyName(f *safetybot.PlanFile, path string) string {
	var i int
	if _, err := fmt.Sscanf(path, "duties[%d]", &i); err != nil || i < 0 || i >= len(f.Duties) {
		return ""
	}
	return f.Duties[i].Name
}
