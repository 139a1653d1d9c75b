package plan

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"safetybot"
	"safetybot/workday"
)

//go:embed duties.json
var dutiesJSON []byte

// dutyFile is the shape of duties.json: the plan's recurring duties with
// their reminders, the reminder pattern of every task deadline, and the
// system rules (digest, overdue escalation).
type dutyFile struct {
	// Until is the plan's last day when the plan names no phases: the
	// reminders of campaign-bound duties stop after it; standing duties'
	// go on.
	Until         safetybot.Date   `json:"until"`
	Duties        []safetybot.Duty `json:"duties"`
	TaskReminders []struct {
		Name       string `json:"name"`
		DaysBefore int    `json:"daysBefore"`
		Text       string `json:"text"`
		Escalate   bool   `json:"escalate"`
	} `json:"taskReminders"`
	System []struct {
		Name        string `json:"name"`
		Kind        string `json:"kind"`
		Spec        string `json:"spec"`
		Audience    string `json:"audience"`
		Text        string `json:"text"`
		Description string `json:"description"`
	} `json:"system"`
}

// Schedule is what the store is seeded with: the duties and their rules.
type Schedule struct {
	Duties []safetybot.Duty
	Rules  []safetybot.Rule
}

// DefaultSchedule expands the embedded duties.json against p: one duty per
// working group for the 专班 duty, one duty per task deadline, and the
// system rules. Every rule's spec is parsed (TestDefaultSchedule).
//
// Each duty is standing (常态化: Standing, its reminders have no end) or
// campaign-bound (its reminders run within the plan's period: from its
// first day to its last, Plan.Period), with the plan's words for
// which in Basis; task deadlines are campaign-bound. The first day matters
// for a next plan imported early (plan import --now): the running plan's
// campaign-bound reminders stop at once, and the new plan's, which take
// their rules' places by name, must not fire before it starts.
// A duty's reminder that falls on a day off moves to the previous working
// day unless it says "shift": "next" or "none" (workday.Calendar.Shift).
func DefaultSchedule(p *safetybot.Plan) (*Schedule, error) {
	return ParseSchedule(dutiesJSON, p)
}

// ParseSchedule is DefaultSchedule for another duties file.
func ParseSchedule(b []byte, p *safetybot.Plan) (*Schedule, error) {
	var f dutyFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("duties: %w", err)
	}
	start, end := p.Period()
	if end == "" { // a plan without phases: the duties file says
		end = f.Until
	}
	out := &Schedule{}
	var bad error
	addDuty := func(d safetybot.Duty) {
		out.Duties = append(out.Duties, d)
		if strings.TrimSpace(d.Basis) == "" && bad == nil {
			bad = &DutyError{Key: d.Key, Msg: "缺少 basis：请说明这项职责是常态化还是方案期内"}
		}
		term := safetybot.TermCampaign
		if d.Standing {
			term = safetybot.TermStanding
		}
		for _, rm := range d.Reminders {
			r := safetybot.Rule{
				Name: d.Name + "·" + rm.Name, Kind: safetybot.RuleDuty, Duty: d.Key, Spec: rm.Spec, Text: rm.Text,
				Description: d.Quote, Audience: d.Audience, Escalate: rm.Escalate, Filter: rm.Filter,
				From: rm.From, Until: rm.Until, CreatedBy: "plan", Term: term,
			}
			switch rm.Shift {
			case "", workday.ShiftPrev:
				r.Shift = workday.ShiftPrev
			case workday.ShiftNext:
				r.Shift = workday.ShiftNext
			case shiftNoneWord:
				r.Shift = workday.ShiftNone
			default:
				if bad == nil {
					bad = &DutyError{Key: d.Key, Reminder: rm.Name, Field: "shift",
						Msg: fmt.Sprintf("顺延方式「%s」无法识别，可选 prev、next、none", safetybot.Truncate(rm.Shift, 20))}
				}
			}
			if !d.Standing && (r.Until == "" || (end != "" && r.Until > end)) {
				r.Until = end
			}
			if !d.Standing && start != "" && r.From < start {
				r.From = start
			}
			out.Rules = append(out.Rules, r)
		}
	}
	for _, d := range f.Duties {
		if !d.EachGroup {
			addDuty(d)
			continue
		}
		for _, g := range p.Groups {
			short := strings.TrimSuffix(g.Name, "工作专班")
			repl := strings.NewReplacer("{group}", g.Key, "{groupName}", g.Name, "{groupShort}", short)
			gd := d
			gd.EachGroup = false
			gd.Key = d.Key + ":" + g.Key
			gd.Name = short + d.Name
			gd.Aliases = []string{g.Name + "研究", short + "专班研究", short}
			gd.Audience = repl.Replace(d.Audience)
			gd.Reminders = nil
			for _, rm := range d.Reminders {
				rm.Text = repl.Replace(rm.Text)
				gd.Reminders = append(gd.Reminders, rm)
			}
			addDuty(gd)
		}
	}
	for _, t := range p.Tasks {
		for _, dl := range t.Deadlines {
			due, err := dl.Due.Time()
			if err != nil {
				return nil, fmt.Errorf("duties: task %d: %w", t.No, err)
			}
			d := safetybot.Duty{
				Key: fmt.Sprintf("task:%d:%s", t.No, dl.Due), Name: fmt.Sprintf("任务%d期限%s", t.No, dl.Due),
				Aliases: []string{fmt.Sprintf("任务%d", t.No)}, Quote: dl.What, Period: safetybot.PeriodOnce,
				Due: string(dl.Due), Audience: "role:staff", TaskNo: t.No,
				Basis: fmt.Sprintf("方案任务 %d 的期限（%s前）", t.No, dl.Due),
			}
			if t.Owner != "" && t.Owner != "office" {
				d.Audience = "group:" + t.Owner + ",role:leader"
			}
			repl := strings.NewReplacer("{task}", strconv.Itoa(t.No), "{what}", dl.What, "{due}", string(dl.Due))
			for _, tr := range f.TaskReminders {
				day := due.AddDate(0, 0, -tr.DaysBefore)
				d.Reminders = append(d.Reminders, safetybot.Reminder{
					Name: tr.Name, Spec: fmt.Sprintf("0 9 %d %d *", day.Day(), day.Month()),
					Text: repl.Replace(tr.Text), Escalate: tr.Escalate,
					From: safetybot.DateOf(day), Until: safetybot.DateOf(day),
				})
			}
			addDuty(d)
		}
	}
	for _, s := range f.System {
		out.Rules = append(out.Rules, safetybot.Rule{Name: s.Name, Kind: s.Kind, Spec: s.Spec, Text: s.Text,
			Description: s.Description, Audience: s.Audience, CreatedBy: "plan"})
	}
	if bad != nil {
		return nil, bad
	}
	names := map[string]bool{}
	keys := map[string]bool{}
	for _, d := range out.Duties {
		if keys[d.Key] {
			return nil, &DutyError{Key: d.Key, Field: "key", Msg: fmt.Sprintf("职责代号「%s」重复", d.Key)}
		}
		keys[d.Key] = true
		switch d.Period {
		case safetybot.PeriodMonth, safetybot.PeriodQuarter, safetybot.PeriodHalf, safetybot.PeriodYear, safetybot.PeriodOnce:
		default:
			return nil, &DutyError{Key: d.Key, Field: "period", Msg: fmt.Sprintf("周期「%s」无法识别", d.Period)}
		}
	}
	for _, r := range out.Rules {
		if names[r.Name] {
			return nil, &DutyError{Key: r.Duty, Reminder: ruleReminder(r), Field: "name",
				Msg: fmt.Sprintf("提醒名称「%s」与另一项提醒重复（职责名称·提醒名称须唯一）", r.Name)}
		}
		names[r.Name] = true
		if _, err := ParseSpec(r.Spec); err != nil {
			return nil, &DutyError{Key: r.Duty, Reminder: ruleReminder(r), Field: "spec", Msg: safetybot.ErrorMessage(err)}
		}
		if _, err := safetybot.ParseAudience(r.Audience); err != nil {
			return nil, &DutyError{Key: r.Duty, Field: "audience", Msg: safetybot.ErrorMessage(err)}
		}
	}
	return out, nil
}

// shiftNoneWord is how a plan file says a reminder is not moved off days
// off ("" there means the default, prev).
const shiftNoneWord = "none"

// DutyError is a problem with one duty (and one of its reminders) found
// while the schedule is built: Key is the duty's key as built (a working
// group's copy "group_study:railway"), Reminder the reminder's name, Field
// the field at fault. A plan file's checks report it with its JSON path.
type DutyError struct {
	Key, Reminder, Field, Msg string
}

func (e *DutyError) Error() string {
	where := "duty " + e.Key
	if e.Reminder != "" {
		where += " reminder " + e.Reminder
	}
	return "duties: " + where + ": " + e.Msg
}

// ruleReminder is the reminder name of a duty rule ("<duty>·<reminder>").
func ruleReminder(r safetybot.Rule) string {
	_, name, ok := strings.Cut(r.Name, "·")
	if !ok {
		return r.Name
	}
	return name
}

// DutyFor returns the duty of key among ds.
func DutyFor(ds []safetybot.Duty, key string) *safetybot.Duty {
	for i := range ds {
		if ds[i].Key == key {
			return &ds[i]
		}
	}
	return nil
}
