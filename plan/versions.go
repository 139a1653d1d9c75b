package plan

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"safetybot"
	"safetybot/workday"
)

// EndDutyKey begins the key of the duty made from a plan's period: in the
// plan's last month the admins are asked to import the next plan or to
// confirm the standing duties ("plan_end:2026-12-31").
const EndDutyKey = "plan_end:"

// EndDutyName is what admins type after 完成 to confirm, which silences the
// reminder.
const EndDutyName = "方案到期"

// FileSchedule returns the duties and duty rules of f: the duties the file
// lists (the built-in ones when it lists none, as on first start), one duty
// per task deadline with the built-in reminder pattern, and the plan-end
// duty (EndDuty, when now is before the plan's end; a zero now leaves it
// out). System rules (digest, overdue escalation) are not included: they do
// not belong to a plan.
func FileSchedule(f *safetybot.PlanFile, now time.Time) (*Schedule, error) {
	var sch *Schedule
	var err error
	if len(f.Duties) == 0 {
		sch, err = DefaultSchedule(&f.Plan)
		if err == nil {
			sch = dropEnded(sch, &f.Plan)
		}
	} else {
		var df dutyFile
		if err := json.Unmarshal(dutiesJSON, &df); err != nil {
			return nil, fmt.Errorf("duties: %w", err)
		}
		df.Until, df.Duties, df.System = "", f.Duties, nil
		b, err := json.Marshal(df)
		if err != nil {
			return nil, err
		}
		sch, err = ParseSchedule(b, &f.Plan)
		if err != nil {
			return nil, err
		}
	}
	if err != nil {
		return nil, err
	}
	out := &Schedule{Duties: sch.Duties}
	for _, r := range sch.Rules {
		if r.Kind == safetybot.RuleDuty {
			out.Rules = append(out.Rules, r)
		}
	}
	if !now.IsZero() {
		if d, r, ok := EndDuty(&f.Plan, now); ok {
			out.Duties = append(out.Duties, d)
			out.Rules = append(out.Rules, r)
		}
	}
	return out, nil
}

// dropEnded leaves out of the built-in schedule the reminders that end
// before p starts (the built-in duties end with the 2024–2026 campaign), and
// the recurring duties left without a reminder: they would never fire.
func dropEnded(sch *Schedule, p *safetybot.Plan) *Schedule {
	start, _ := p.Period()
	out := &Schedule{}
	live := map[string]bool{}
	for _, r := range sch.Rules {
		if r.Until != "" && start != "" && r.Until < start {
			continue
		}
		live[r.Duty] = true
		out.Rules = append(out.Rules, r)
	}
	for _, d := range sch.Duties {
		if live[d.Key] || len(d.Reminders) == 0 {
			out.Duties = append(out.Duties, d)
		}
	}
	return out
}

// EndDuty is the plan-end reminder of p: once, at 09:00 on the first day of
// the plan's last month (1 December for a plan ending 31 December), or on
// the next day at 09:00 when now is already past it, the admins are asked
// to import the next plan or to confirm the standing duties; 完成 方案到期
// silences it. ok is false when the plan has no period or ends before that.
func EndDuty(p *safetybot.Plan, now time.Time) (safetybot.Duty, safetybot.Rule, bool) {
	start, end := p.Period()
	last, err := end.Time()
	if err != nil {
		return safetybot.Duty{}, safetybot.Rule{}, false
	}
	day := time.Date(last.Year(), last.Month(), 1, 9, 0, 0, 0, safetybot.Shanghai)
	if n := now.In(safetybot.Shanghai); n.After(day) {
		day = time.Date(n.Year(), n.Month(), n.Day()+1, 9, 0, 0, 0, safetybot.Shanghai)
	}
	if day.After(last.AddDate(0, 0, 1)) {
		return safetybot.Duty{}, safetybot.Rule{}, false
	}
	d := safetybot.Duty{
		Key: EndDutyKey + string(end), Name: EndDutyName, Aliases: []string{"方案续期", "确认常态化职责", "确认职责"},
		Quote:  fmt.Sprintf("《%s》实施期限 %s 至 %s", p.Title, start, end),
		Period: safetybot.PeriodOnce, Due: string(end), Audience: "role:admin",
	}
	rm := safetybot.Reminder{
		Name: "最后一月",
		Spec: fmt.Sprintf("0 9 %d %d *", day.Day(), day.Month()),
		Text: fmt.Sprintf("当前方案《%s》将于 %s 结束。请二选一："+
			"① 导入下一期方案：现在可先运行 safetybot plan import --dry-run <方案文件> 查看变化，"+
			"到新方案开始的第一天（或之后）再运行 safetybot plan import <方案文件> 正式导入（提前导入会归档正在执行的本方案，因此会被拒绝）；"+
			"② 确认方案结束后继续执行的常态化职责：发送「方案」查看，确认后发送「完成 %s」。",
			safetybot.Truncate(p.Title, 40), end, EndDutyName),
		From: safetybot.DateOf(day), Until: safetybot.DateOf(day),
	}
	d.Reminders = []safetybot.Reminder{rm}
	r := safetybot.Rule{
		Name: d.Name + "·" + rm.Name, Kind: safetybot.RuleDuty, Duty: d.Key, Spec: rm.Spec, Text: rm.Text,
		Description: d.Quote, Audience: d.Audience, From: rm.From, Until: rm.Until, CreatedBy: "plan",
	}
	return d, r, true
}

// Derived reports whether duty d is made from the plan rather than written
// in the plan file: a task deadline's duty or the plan-end duty.
func Derived(d *safetybot.Duty) bool {
	return d.TaskNo != 0 || strings.HasPrefix(d.Key, "task:") || strings.HasPrefix(d.Key, EndDutyKey)
}

// Export builds the plan file of a loaded plan: p (progress left out), the
// duties that are not derived, and each duty's reminders read back from its
// rules (rule name "<duty name>·<reminder name>"). Derived groups' domains
// are left out too. Parsing the result gives the same plan and schedule.
func Export(p *safetybot.Plan, duties []safetybot.Duty, rules []*safetybot.Rule) *safetybot.PlanFile {
	f := &safetybot.PlanFile{Plan: safetybot.Plan{
		Title: p.Title, Actions: nonNil(p.Actions), Groups: nonNil(p.Groups),
		Domains: nonNil(p.Domains), Phases: nonNil(p.Phases),
	}}
	for i := range f.Groups {
		f.Groups[i].Domains = nil
		f.Groups[i].Deputies = nonNil(f.Groups[i].Deputies)
	}
	for _, t := range p.Tasks {
		t.Progress, t.Updates, t.Deadlines = 0, 0, nonNil(t.Deadlines)
		f.Tasks = append(f.Tasks, t)
	}
	byDuty := map[string][]*safetybot.Rule{}
	for _, r := range rules {
		if r.Kind == safetybot.RuleDuty {
			byDuty[r.Duty] = append(byDuty[r.Duty], r)
		}
	}
	// A campaign-bound duty's reminders run within the plan they belong to:
	// ParseSchedule gives them the plan's first and last days when they
	// name none, so those days are not written (a copy of this file made
	// into the next plan must not carry this plan's period). A later from
	// and an earlier until of their own stay.
	start, end := p.Period()
	for _, d := range duties {
		if Derived(&d) {
			continue
		}
		d.EachGroup, d.Aliases, d.Reminders = false, nonNil(d.Aliases), []safetybot.Reminder{}
		for _, r := range byDuty[d.Key] {
			shift := r.Shift
			if shift == workday.ShiftNone {
				shift = shiftNoneWord
			}
			from, until := r.From, r.Until
			if !d.Standing && from == start {
				from = ""
			}
			if !d.Standing && until == end {
				until = ""
			}
			d.Reminders = append(d.Reminders, safetybot.Reminder{
				Name: strings.TrimPrefix(r.Name, d.Name+"·"), Spec: r.Spec, Text: r.Text,
				Filter: r.Filter, Shift: shift, Escalate: r.Escalate, From: from, Until: until,
			})
		}
		f.Duties = append(f.Duties, d)
	}
	return f
}

// Marshal writes f as an indented JSON document, the shape ParseFile reads.
func Marshal(f *safetybot.PlanFile) ([]byte, error) {
	b, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func nonNil[T any](s []T) []T {
	if len(s) == 0 {
		return []T{}
	}
	return append([]T(nil), s...)
}

// SeedSchedule is what an empty ledger is seeded with: FileSchedule(f, now)
// and the built-in system rules (the daily digest, the overdue escalation).
func SeedSchedule(f *safetybot.PlanFile, now time.Time) (*Schedule, error) {
	sch, err := FileSchedule(f, now)
	if err != nil {
		return nil, err
	}
	def, err := DefaultSchedule(&f.Plan)
	if err != nil {
		return nil, err
	}
	for _, r := range def.Rules {
		if r.Kind != safetybot.RuleDuty {
			sch.Rules = append(sch.Rules, r)
		}
	}
	return sch, nil
}

// VersionNotes says when each archived version of vs (oldest first) was
// imported and how it ended, and when the current plan cur was imported
// ("" when nothing was archived): a revision of the same period archives a
// full copy under the same title, and staff could not tell 方案1 from 方案2
// (QA2 item 5). A version is imported when the one before it is archived;
// the first was loaded when the ledger began.
func VersionNotes(vs []safetybot.PlanVersion, cur *safetybot.Plan) (archived []string, current string) {
	// To the minute, or to the second when two imports share a minute
	// (one revision right after another), so no two times read alike.
	layout := "2006-01-02 15:04"
	for i := 1; i < len(vs); i++ {
		if vs[i].ArchivedAt.Truncate(time.Minute).Equal(vs[i-1].ArchivedAt.Truncate(time.Minute)) {
			layout = "2006-01-02 15:04:05"
		}
	}
	at := func(t time.Time) string { return t.In(safetybot.Shanghai).Format(layout) }
	for i, v := range vs {
		note := "最初载入"
		if i > 0 {
			note = at(vs[i-1].ArchivedAt) + " 导入"
		}
		nextStart, nextEnd := cur.Period()
		if i+1 < len(vs) {
			nextStart, nextEnd = vs[i+1].Start, vs[i+1].End
		}
		how := "换用下一期方案时归档"
		if nextStart == v.Start && nextEnd == v.End {
			how = "修订时归档"
		}
		archived = append(archived, note+"，"+at(v.ArchivedAt)+" "+how)
	}
	if len(vs) > 0 {
		current = at(vs[len(vs)-1].ArchivedAt) + " 导入"
	}
	return archived, current
}
