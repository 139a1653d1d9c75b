package plan

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"safetybot"
)

// Change is what importing a plan file changes, for people to read before
// and after: one Chinese line per part of the plan (Lines), and whether
// anything differs at all.
type Change struct {
	Lines []string
	Same  bool // the file is the current plan: importing changes nothing
	// SamePeriod is true when both plans cover the same days: the new file
	// is a revision of the current plan, not the next plan.
	SamePeriod bool
}

// listMax is how many names a line lists before "等 N 项".
const listMax = 8

// Diff compares the current plan file with a new one. Task numbers, duty
// keys, action numbers, group keys, domain and phase names identify what is
// the same thing in both.
func Diff(cur, next *safetybot.PlanFile) Change {
	var c Change
	cs, ce := cur.Period()
	ns, ne := next.Period()
	c.SamePeriod = cs == ns && ce == ne
	if cur.Title != next.Title {
		c.Lines = append(c.Lines, fmt.Sprintf("标题：《%s》→《%s》", cur.Title, next.Title))
	}
	if !c.SamePeriod {
		c.Lines = append(c.Lines, fmt.Sprintf("期限：%s 至 %s → %s 至 %s", cs, ce, ns, ne))
	}
	c.Lines = append(c.Lines, diffTasks(cur.Tasks, next.Tasks)...)
	c.Lines = append(c.Lines, diffDuties(exportable(cur.Duties), exportable(next.Duties))...)
	c.Lines = appendIf(c.Lines, "行动", diffBy(cur.Actions, next.Actions,
		func(a safetybot.Action) string { return strconv.Itoa(a.No) },
		func(a safetybot.Action) string { return fmt.Sprintf("（%d）%s", a.No, a.Title) }))
	c.Lines = appendIf(c.Lines, "专班", diffBy(cur.Groups, next.Groups,
		func(g safetybot.WorkingGroup) string { return g.Key }, func(g safetybot.WorkingGroup) string { return g.Name }))
	c.Lines = appendIf(c.Lines, "领域", diffBy(cur.Domains, next.Domains,
		func(d safetybot.Domain) string { return d.Name }, func(d safetybot.Domain) string { return d.Name }))
	c.Lines = appendIf(c.Lines, "阶段", diffBy(cur.Phases, next.Phases,
		func(p safetybot.Phase) string { return p.Name },
		func(p safetybot.Phase) string { return fmt.Sprintf("%s（%s 至 %s）", p.Name, p.Start, p.End) }))
	c.Same = len(c.Lines) == 0
	return c
}

func exportable(ds []safetybot.Duty) []safetybot.Duty {
	var out []safetybot.Duty
	for _, d := range ds {
		if !Derived(&d) {
			out = append(out, d)
		}
	}
	return out
}

func appendIf(lines []string, what, diff string) []string {
	if diff == "" {
		return lines
	}
	return append(lines, what+"："+diff)
}

// diffBy compares two lists by key: "新增 …；删除 …；修改 …".
func diffBy[T any](cur, next []T, key func(T) string, name func(T) string) string {
	old := map[string]T{}
	for _, v := range cur {
		old[key(v)] = v
	}
	var added, removed, changed []string
	seen := map[string]bool{}
	for _, v := range next {
		k := key(v)
		seen[k] = true
		o, ok := old[k]
		switch {
		case !ok:
			added = append(added, name(v))
		case !reflect.DeepEqual(o, v):
			changed = append(changed, name(v))
		}
	}
	for _, v := range cur {
		if !seen[key(v)] {
			removed = append(removed, name(v))
		}
	}
	return changeParts(added, removed, changed, 0)
}

func changeParts(added, removed, changed []string, same int) string {
	var parts []string
	for _, p := range []struct {
		label string
		items []string
	}{{"新增", added}, {"删除", removed}, {"修改", changed}} {
		if len(p.items) > 0 {
			parts = append(parts, fmt.Sprintf("%s %d 项：%s", p.label, len(p.items), nameList(p.items)))
		}
	}
	if len(parts) > 0 && same > 0 {
		parts = append(parts, fmt.Sprintf("不变 %d 项", same))
	}
	return strings.Join(parts, "；")
}

func nameList(items []string) string {
	if len(items) <= listMax {
		return strings.Join(items, "、")
	}
	return strings.Join(items[:listMax], "、") + fmt.Sprintf(" 等 %d 项", len(items))
}

func diffTasks(cur, next []safetybot.Task) []string {
	old := map[int]safetybot.Task{}
	for _, t := range cur {
		old[t.No] = t
	}
	var added, removed, changed []string
	same := 0
	seen := map[int]bool{}
	for _, t := range next {
		seen[t.No] = true
		o, ok := old[t.No]
		if !ok {
			added = append(added, fmt.Sprintf("%d %s", t.No, safetybot.Truncate(t.Title, 16)))
			continue
		}
		var what []string
		if o.Title != t.Title {
			what = append(what, "标题")
		}
		if o.Action != t.Action {
			what = append(what, "所属行动")
		}
		if o.Owner != t.Owner {
			what = append(what, "牵头")
		}
		if o.Text != t.Text {
			what = append(what, "要求")
		}
		if !slices.Equal(o.Deadlines, t.Deadlines) && !(len(o.Deadlines) == 0 && len(t.Deadlines) == 0) {
			what = append(what, "期限")
		}
		if len(what) == 0 {
			same++
			continue
		}
		changed = append(changed, fmt.Sprintf("%d（%s）", t.No, strings.Join(what, "、")))
	}
	for _, t := range cur {
		if !seen[t.No] {
			removed = append(removed, fmt.Sprintf("%d %s", t.No, safetybot.Truncate(t.Title, 16)))
		}
	}
	head := fmt.Sprintf("任务：%d 项 → %d 项", len(cur), len(next))
	if d := changeParts(added, removed, changed, same); d != "" {
		return []string{head + "；" + d}
	}
	if len(cur) != len(next) {
		return []string{head}
	}
	return nil
}

func diffDuties(cur, next []safetybot.Duty) []string {
	old := map[string]safetybot.Duty{}
	for _, d := range cur {
		old[d.Key] = d
	}
	var added, removed, changed []string
	same := 0
	seen := map[string]bool{}
	for _, d := range next {
		seen[d.Key] = true
		o, ok := old[d.Key]
		if !ok {
			added = append(added, d.Name)
			continue
		}
		var what []string
		for _, f := range []struct {
			label string
			a, b  any
		}{
			{"名称", o.Name, d.Name}, {"周期", o.Period, d.Period}, {"期限", o.Due, d.Due},
			{"对象", o.Audience, d.Audience}, {"原文", o.Quote, d.Quote}, {"别名", nonNil(o.Aliases), nonNil(d.Aliases)},
		} {
			if !reflect.DeepEqual(f.a, f.b) {
				what = append(what, f.label)
			}
		}
		what = append(what, reminderChanges(o.Reminders, d.Reminders)...)
		if len(what) == 0 && !reflect.DeepEqual(o, d) {
			what = append(what, "其他")
		}
		if len(what) == 0 {
			same++
			continue
		}
		changed = append(changed, fmt.Sprintf("%s（%s）", d.Name, strings.Join(what, "、")))
	}
	for _, d := range cur {
		if !seen[d.Key] {
			removed = append(removed, d.Name)
		}
	}
	if d := changeParts(added, removed, changed, same); d != "" {
		return []string{fmt.Sprintf("定期职责：%d 项 → %d 项；%s", len(cur), len(next), d)}
	}
	return nil
}

// reminderChanges names what differs between two reminder lists: which
// reminders came or went, and of those kept, their time, text, active days
// or manner (filter, escalation).
func reminderChanges(cur, next []safetybot.Reminder) []string {
	old := map[string]safetybot.Reminder{}
	for _, r := range cur {
		old[r.Name] = r
	}
	seen := map[string]bool{}
	var out []string
	add := func(label string) {
		if !slices.Contains(out, label) {
			out = append(out, label)
		}
	}
	for _, r := range next {
		seen[r.Name] = true
		o, ok := old[r.Name]
		switch {
		case !ok:
			add("新增提醒")
			continue
		case o.Spec != r.Spec:
			add("提醒时间")
		}
		if o.Text != r.Text {
			add("提醒文字")
		}
		if o.From != r.From || o.Until != r.Until {
			add("提醒起止日")
		}
		if o.Filter != r.Filter || o.Escalate != r.Escalate {
			add("提醒方式")
		}
	}
	for _, r := range cur {
		if !seen[r.Name] {
			add("删除提醒")
		}
	}
	return out
}
