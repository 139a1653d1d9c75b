package export

import (
	"fmt"
	"strings"
	"time"

	"safetybot"
)

// Figures shared by the dashboard's overview and the annual report, so both
// count the same way.

// DutyGroupStudy is the duty key of 工作专班每月专题研究一次 (plan §五(一)).
// The schedule (plan/duties.json) expands it into one duty per working group,
// keyed "group_study:<group key>"; a record under the bare key counts for the
// group named in its Unit.
const DutyGroupStudy = "group_study"

// studyGroup returns the working group a duty count is a 专班研究 of.
func studyGroup(c safetybot.DutyCount) (string, bool) {
	if c.Duty == DutyGroupStudy {
		return c.Unit, true
	}
	g, ok := strings.CutPrefix(c.Duty, DutyGroupStudy+":")
	return g, ok
}

// Sources lists the ledger's 发现来源 in the order reports show them, and
// last 未注明 for the reports that gave none.
var Sources = []string{safetybot.SourceSelfCheck, safetybot.SourceInspection, safetybot.SourceTip, safetybot.SourceAssigned, safetybot.SourceChat, safetybot.SourceUnstated}

// Rate is a ratio as a percentage with one decimal, "—" when there is no
// denominator. It rounds half up (四舍五入), as official documents do:
// 1/16 is 6.3%. Formatting the float with %.1f rounded half to even on
// the binary value, so 6.25 became 6.2%; counting in integer tenths of a
// percent is exact.
func Rate(num, den int) string {
	if den <= 0 {
		return "—"
	}
	n, d := int64(num), int64(den)
	neg := n < 0
	if neg {
		n = -n
	}
	tenths := (2000*n + d) / (2 * d) // round(1000n/d), halves up
	sign := ""
	if neg && tenths > 0 {
		sign = "-"
	}
	return fmt.Sprintf("%s%d.%d%%", sign, tenths/10, tenths%10)
}

// ClosureBase is the denominator of a closure rate: hazards found less those
// rejected (not a hazard, or a duplicate).
func ClosureBase(found, rejected int) int { return found - rejected }

// DutyMonth is one month of duty compliance.
type DutyMonth struct {
	Month   string // "2026-11"
	Enabled bool   // the system was in use by the month's end: false shows 未启用, not a failure (backfilled records in it are listed, not judged)
	Topics  int    // 局党组安全生产议题 recorded
	Groups  int    // working groups that recorded their monthly study
	// NoStudy: no working-group study was due this month (the
	// campaign-bound duty had ended with its plan, or no plan covered the
	// month); its studies are neither asked nor counted.
	NoStudy bool
	// TopicsAll and GroupsAll are Topics and Groups over the whole month up
	// to the last day counted: a month only partly in the period is judged
	// done by them.
	TopicsAll, GroupsAll int
	// Open: the month had not ended on the last day counted (the period's
	// end, or today), so its monthly duties were not yet due. What was
	// recorded in it counts; what was not is not missed ("12月未记录议题"
	// in a summary made on 12月8日, or of 12月1日 to 7日, was a false
	// charge in a document the office hands in).
	Open bool
}

// DutyQuarter is one quarter of enterprise principals' inspections.
type DutyQuarter struct {
	Quarter     string // "2026-Q4"
	Enabled     bool   // the system was in use by the quarter's end (backfilled inspections before are listed, not judged)
	Inspections int    // inspections recorded
	Units       int    // distinct units inspected
	UnitsAll    int    // distinct units inspected in the whole quarter up to the last day counted (coverage)
}

// NotEnabled is what a period before the system held any record shows.
const NotEnabled = "未启用"

// BackfilledCell is what a figure of a period before the system started
// shows: "2（补记）" for what was backfilled, 未启用 when nothing was (not
// "0（补记）": QA 11b §6).
func BackfilledCell(n int) string {
	if n <= 0 {
		return NotEnabled
	}
	return itoa(n) + "（补记）"
}

// Duties is duty compliance over a run of months.
type Duties struct {
	Months      []DutyMonth
	Quarters    []DutyQuarter
	GroupsTotal int // working groups expected to study each month
	// Enterprises is how many enterprises the system knows now
	// (store.Enterprises: the registry, and the units named in hazards or
	// inspections that are not government bodies): the units whose
	// principals should inspect each quarter.
	Enterprises int
}

// Coverage is the share of known enterprises inspected in quarter q (all of
// it up to the last day counted: UnitsAll), or
// 未启用 for a quarter before the system started.
func (d Duties) Coverage(q DutyQuarter) string {
	if !q.Enabled {
		return NotEnabled
	}
	return Rate(q.UnitsAll, d.Enterprises)
}

// EnabledMonths is the number of months the system held records in: the
// months a duty could be recorded and so can be judged.
func (d Duties) EnabledMonths() int {
	n := 0
	for _, m := range d.Months {
		if m.Enabled {
			n++
		}
	}
	return n
}

// TopicMonths is the number of enabled months with at least one (TopicsAll)
// Party-group topic.
func (d Duties) TopicMonths() int {
	n := 0
	for _, m := range d.Months {
		if m.Enabled && m.TopicsAll > 0 {
			n++
		}
	}
	return n
}

// GroupStudies is the number of group-months with a study recorded, out of
// GroupStudiesDue (months in which none was due, and an open month, are
// not counted: the summary tells the open month's apart).
func (d Duties) GroupStudies() int {
	n := 0
	for _, m := range d.Months {
		if m.Enabled && !m.NoStudy && !m.Open {
			n += min(m.GroupsAll, d.GroupsTotal)
		}
	}
	return n
}

// Backfilled is what was recorded (backfilled) for the months and quarters
// before the system was in use: listed, counted as done in their periods,
// never judged.
func (d Duties) Backfilled() (topics, studies, inspections int) {
	for _, m := range d.Months {
		if !m.Enabled {
			topics += m.Topics
			studies += m.Groups
		}
	}
	for _, q := range d.Quarters {
		if !q.Enabled {
			inspections += q.Inspections
		}
	}
	return topics, studies, inspections
}

// StudyMonths is the number of enabled months, ended, in which the working
// groups' study was due.
func (d Duties) StudyMonths() int {
	n := 0
	for _, m := range d.Months {
		if m.Enabled && !m.NoStudy && !m.Open {
			n++
		}
	}
	return n
}

// GroupStudiesDue is StudyMonths × GroupsTotal: the studies that should be
// on record. Months before the system started, months after the duty ended
// with its plan, and an open month are not due.
func (d Duties) GroupStudiesDue() int { return d.StudyMonths() * d.GroupsTotal }

// OpenMonth is the month that had not ended on the last day counted (the
// last of Months, see DutyMonth.Open), or nil.
func (d Duties) OpenMonth() *DutyMonth {
	if len(d.Months) == 0 || !d.Months[len(d.Months)-1].Open {
		return nil
	}
	return &d.Months[len(d.Months)-1]
}

// Inspections is the number of inspections recorded in all quarters.
func (d Duties) Inspections() int {
	n := 0
	for _, q := range d.Quarters {
		n += q.Inspections
	}
	return n
}

// EnterpriseCounts is counts without the inspections of units that are not
// among ents (store.Enterprises: a government body's inspection is not an
// enterprise principal's), so the report and the dashboard count the same
// units as the 企业 list.
func EnterpriseCounts(counts []safetybot.DutyCount, ents []safetybot.Enterprise) []safetybot.DutyCount {
	known := make(map[string]bool, len(ents))
	for _, e := range ents {
		known[e.Name] = true
	}
	var out []safetybot.DutyCount
	for _, c := range counts {
		if c.Duty != safetybot.DutyInspection || known[c.Unit] {
			out = append(out, c)
		}
	}
	return out
}

// DutyCompliance tallies counts over the months from first to last
// (inclusive, "2006-01" keys), with the quarters they touch; none when last
// is before first's month (a period that has not begun: its months are not
// counted, not missed). A month or a quarter that ended before since (the
// day the system began, store.Since; "" for none) is not enabled, even with
// a backfilled record in it: the record is counted in its period, but a
// period the system did not see is never judged (QA 11 §8). The month of
// last is Open unless last is its last day.
//
// counts are the records dated in the period, which the figures count
// (QA9 #1); whole are the records of the whole months and quarters the
// period touches, up to last, by which a duty is judged done (QA13 #4: a
// week's summary called December's 议题 of 12-04 missing, and a quarter's
// coverage half of what it was). For whole months they are the same.
func DutyCompliance(counts, whole []safetybot.DutyCount, first, last time.Time, groups int, since safetybot.Date) Duties {
	d := Duties{GroupsTotal: groups}
	in, all := tallyDuties(counts), tallyDuties(whole)
	sinceMonth := ""
	if t, err := since.Time(); err == nil {
		sinceMonth = safetybot.Month(t)
	}
	first = time.Date(first.In(safetybot.Shanghai).Year(), first.In(safetybot.Shanghai).Month(), 1, 0, 0, 0, 0, safetybot.Shanghai)
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		key := safetybot.Month(m)
		dm := DutyMonth{Month: key, Topics: in.topics[key], Groups: len(in.studies[key]), TopicsAll: all.topics[key], GroupsAll: len(all.studies[key])}
		dm.Enabled = key >= sinceMonth
		dm.Open = safetybot.DateOf(last) < safetybot.DateOf(m.AddDate(0, 1, -1))
		d.Months = append(d.Months, dm)
		q := safetybot.Quarter(m)
		if len(d.Quarters) == 0 || d.Quarters[len(d.Quarters)-1].Quarter != q {
			d.Quarters = append(d.Quarters, DutyQuarter{Quarter: q, Inspections: in.insp[q], Units: len(in.units[q]), UnitsAll: len(all.units[q])})
		}
		// A quarter is enabled once any of its months is.
		if dm.Enabled {
			d.Quarters[len(d.Quarters)-1].Enabled = true
		}
	}
	return d
}

// RecordedOutside says which months are judged done by records outside the
// period (TopicsAll or GroupsAll above the period's counts), so a reader
// does not take 「1个月研究了…共0项」 for an error; "" when none is.
func (d Duties) RecordedOutside() string {
	var months []string
	for _, m := range d.Months {
		if m.Enabled && (m.TopicsAll > m.Topics || m.GroupsAll > m.Groups) {
			months = append(months, monthName(m.Month))
		}
	}
	if len(months) == 0 {
		return ""
	}
	return strings.Join(months, "、") + "的议题、专班研究是否完成按整月判断：统计期间之外的本月记录计入完成情况，不计入本期项数、次数"
}

// dutyTally is duty counts by period key: topics, the working groups that
// studied, inspections and the units inspected.
type dutyTally struct {
	topics, insp   map[string]int
	studies, units map[string]map[string]bool
}

func tallyDuties(counts []safetybot.DutyCount) dutyTally {
	t := dutyTally{topics: map[string]int{}, insp: map[string]int{}, studies: map[string]map[string]bool{}, units: map[string]map[string]bool{}}
	mark := func(m map[string]map[string]bool, period, key string) {
		if m[period] == nil {
			m[period] = map[string]bool{}
		}
		m[period][key] = true
	}
	for _, c := range counts {
		if g, ok := studyGroup(c); ok {
			mark(t.studies, c.Period, g)
			continue
		}
		switch c.Duty {
		case safetybot.DutyPartyTopic:
			t.topics[c.Period] += c.N
		case safetybot.DutyInspection:
			t.insp[c.Period] += c.N
			mark(t.units, c.Period, c.Unit)
		}
	}
	return t
}

// Task states: see safetybot.TaskStatus.
const (
	TaskDone       = safetybot.TaskDone
	TaskBehind     = safetybot.TaskBehind
	TaskPreStart   = safetybot.TaskPreStart
	TaskInProgress = safetybot.TaskInProgress
	TaskNotStarted = safetybot.TaskNotStarted
)

// PreStartPrompt is what a pre-start task without any progress report
// asks for.
const PreStartPrompt = "期限已过（启用前），请报进展"

// TaskState is t's state on day today for a system that started on since
// ("" when unknown: every passed deadline counts as behind).
func TaskState(t *safetybot.Task, today, since safetybot.Date) string {
	return t.TaskStatus(today, since)
}

// TaskLabel is TaskState with the prompt for a pre-start task nobody has
// reported on yet.
func TaskLabel(t *safetybot.Task, today, since safetybot.Date) string {
	st := TaskState(t, today, since)
	if st == TaskPreStart {
		return PreStartPrompt
	}
	return st
}

// ActionProgress is the progress of one of the plan's twelve actions.
type ActionProgress struct {
	No       int
	Title    string
	Tasks    int
	Done     int // progress 100 %
	Behind   int // unfinished past a deadline (TaskStatus: 已逾期)
	PreStart int // only deadlines before the system started passed, no report yet
	Progress int // average reported progress, 0–100, rounded half up
}

// TasksByAction groups tasks under their actions, as of today, for a
// system that started on since.
func TasksByAction(actions []safetybot.Action, tasks []*safetybot.Task, today, since safetybot.Date) []ActionProgress {
	out := make([]ActionProgress, 0, len(actions))
	idx := map[int]int{}
	for _, a := range actions {
		idx[a.No] = len(out)
		out = append(out, ActionProgress{No: a.No, Title: a.Title})
	}
	sums := make([]int, len(out))
	for _, t := range tasks {
		i, ok := idx[t.Action]
		if !ok {
			continue
		}
		out[i].Tasks++
		sums[i] += min(max(t.Progress, 0), 100)
		switch TaskState(t, today, since) {
		case TaskDone:
			out[i].Done++
		case TaskBehind:
			out[i].Behind++
		case TaskPreStart:
			out[i].PreStart++
		}
	}
	for i := range out {
		if n := out[i].Tasks; n > 0 {
			// Rounded half up, not truncated: (0+80+0)/3 is 27%, not 26%
			// (QA13 item 4); every average shown (表4, dashboard) is this one.
			out[i].Progress = (2*sums[i] + n) / (2 * n)
		}
	}
	return out
}

// DomainNames lists the plan's domains, then any other domain found on the
// hazards, then "" (未分类) if some hazard has none.
func DomainNames(plan []safetybot.Domain, hazards []*safetybot.Hazard) []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range plan {
		if !seen[d.Name] {
			seen[d.Name] = true
			out = append(out, d.Name)
		}
	}
	var blank bool
	for _, h := range hazards {
		if h.Domain == "" {
			blank = true
		} else if !seen[h.Domain] {
			seen[h.Domain] = true
			out = append(out, h.Domain)
		}
	}
	if blank {
		out = append(out, "")
	}
	return out
}

// DomainLabel is how a domain reads in tables: 未分类 for none.
func DomainLabel(d string) string {
	if d == "" {
		return "未分类"
	}
	return d
}
