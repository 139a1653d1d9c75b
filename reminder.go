package safetybot

import (
	"context"
	"strings"
	"time"
)

// Period kinds of a recurring duty: the span within which doing it once is
// enough, and after which it is due again.
const (
	PeriodMonth   = "month"
	PeriodQuarter = "quarter"
	PeriodHalf    = "half"
	PeriodYear    = "year"
	PeriodOnce    = "once"
)

// PeriodKey names the period of kind that contains t: "2026-11", "2026-Q4",
// "2026-H2", "2026" or "once". It is the Period of a DutyRecord.
func PeriodKey(kind string, t time.Time) string {
	t = t.In(Shanghai)
	switch kind {
	case PeriodMonth:
		return Month(t)
	case PeriodQuarter:
		return Quarter(t)
	case PeriodHalf:
		if t.Month() <= 6 {
			return t.Format("2006") + "-H1"
		}
		return t.Format("2006") + "-H2"
	case PeriodYear:
		return t.Format("2006")
	}
	return "once"
}

// PeriodEnd returns the first instant after the period of kind containing t
// (the zero time for PeriodOnce, which never ends by itself).
func PeriodEnd(kind string, t time.Time) time.Time {
	t = t.In(Shanghai)
	y, m := t.Year(), t.Month()
	switch kind {
	case PeriodMonth:
		return time.Date(y, m+1, 1, 0, 0, 0, 0, Shanghai)
	case PeriodQuarter:
		return time.Date(y, time.Month((int(m)-1)/3*3+4), 1, 0, 0, 0, 0, Shanghai)
	case PeriodHalf:
		if m <= 6 {
			return time.Date(y, 7, 1, 0, 0, 0, 0, Shanghai)
		}
		return time.Date(y+1, 1, 1, 0, 0, 0, 0, Shanghai)
	case PeriodYear:
		return time.Date(y+1, 1, 1, 0, 0, 0, 0, Shanghai)
	}
	return time.Time{}
}

// PeriodName renders a period key for people: 2026年11月, 2026年第4季度,
// 2026年下半年, 2026年, 一次性. Every name is bare: callers put it in their
// own brackets (the digest's "方案到期（一次性，12-01提醒）").
func PeriodName(key string) string {
	y, rest, ok := strings.Cut(key, "-")
	switch {
	case key == PeriodOnce:
		return "一次性"
	case !ok:
		return y + "年"
	case rest == "H1":
		return y + "年上半年"
	case rest == "H2":
		return y + "年下半年"
	case strings.HasPrefix(rest, "Q"):
		return y + "年第" + rest[1:] + "季度"
	}
	return y + "年" + strings.TrimPrefix(rest, "0") + "月"
}

// Duty is a recurring obligation of the plan, quoted in its own words, with
// the reminders that lead up to it. Doing it once in a period (a DutyRecord
// for the period) silences the period's remaining reminders.
type Duty struct {
	Key     string   `json:"key"`
	Name    string   `json:"name"`    // what users type after 完成
	Aliases []string `json:"aliases"` // other words for it
	Quote   string   `json:"quote"`   // the plan's wording
	Period  string   `json:"period"`  // PeriodMonth…PeriodOnce
	// Due is the deadline within the period: "MM-DD" for a yearly duty,
	// "YYYY-MM-DD" for a one-off; empty means the end of the period.
	Due       string `json:"due,omitempty"`
	Audience  string `json:"audience"`  // see ParseAudience
	EachGroup bool   `json:"eachGroup"` // expanded into one duty per working group
	// Standing (常态化) duties go on after the plan ends; the others are
	// campaign-bound and their reminders stop on the plan's last day.
	Standing bool `json:"standing"`
	// Basis is the plan's words that make the duty standing or
	// campaign-bound (shown by 提醒 and the calendar's source).
	Basis     string     `json:"basis"`
	TaskNo    int        `json:"taskNo,omitempty"`
	Reminders []Reminder `json:"reminders"`
}

// Reminder is one scheduled occurrence pattern of a duty.
type Reminder struct {
	Name   string `json:"name"`   // appended to the duty's name: 党组议题·月初
	Spec   string `json:"spec"`   // 5-field cron spec, Asia/Shanghai
	Text   string `json:"text"`   // what the audience reads
	Filter string `json:"filter"` // "" or FilterLastWorkday
	// Shift says where the reminder goes when it falls on a day off
	// (weekend or public holiday, per the State Council's calendar): "prev"
	// (the default for a duty: the previous working day), "next" (the next
	// working day: a period's opening reminder) or "none".
	Shift    string `json:"shift,omitempty"`
	Escalate bool   `json:"escalate"`
	From     Date   `json:"from,omitempty"`
	Until    Date   `json:"until,omitempty"`
}

// DueAt returns the instant after which the duty of the period containing t
// is late: the end of its Due day, or the end of the period.
func (d *Duty) DueAt(t time.Time) time.Time {
	t = t.In(Shanghai)
	switch {
	case d.Due == "":
	case len(d.Due) == len("2006-01-02"):
		if day, err := Date(d.Due).Time(); err == nil {
			return day.AddDate(0, 0, 1)
		}
	case len(d.Due) == len("01-02"):
		if day, err := time.ParseInLocation("2006-01-02", t.Format("2006")+"-"+d.Due, Shanghai); err == nil {
			return day.AddDate(0, 0, 1)
		}
	}
	return PeriodEnd(d.Period, t)
}

// LastDue is the last day d was due in the period containing now, and
// whether that day has passed and counts as missed: the deadline is d's own
// (Due: 年度总结 by 12-03, a one-off's day), and it fell on or after since,
// the day the system began ("" when unknown). A deadline before since is
// not judged, as the annual summary does not judge periods before it. The
// digest's 逾期未登记职责 and the 完成 list both ask this, so they agree
// (QA9 #3: 完成 showed 评估报告 逾期49天 on a system begun after it). Whether
// the duty is done is the caller's to ask.
func (d *Duty) LastDue(now time.Time, since Date) (last Date, missed bool) {
	if d.Due == "" {
		return "", false
	}
	dueAt := d.DueAt(now)
	if dueAt.IsZero() {
		return "", false
	}
	last = DateOf(dueAt.AddDate(0, 0, -1))
	return last, !now.Before(dueAt) && (since == "" || last >= since)
}

// Rule kinds.
const (
	RuleDuty    = "duty"    // a reminder of a plan duty, silent once the duty is done
	RuleCustom  = "custom"  // added by an administrator with 提醒 添加
	RuleDigest  = "digest"  // the leaders' daily digest
	RuleOverdue = "overdue" // the morning escalation of overdue hazards
)

// Terms of a duty's rule: standing (常态化, goes on after the plan) or
// campaign-bound (ends on the plan's last day).
const (
	TermStanding = "standing"
	TermCampaign = "campaign"
)

// TermName renders a rule's term for people: 常态化, 方案期内 or "".
func TermName(term string) string {
	switch term {
	case TermStanding:
		return "常态化"
	case TermCampaign:
		return "方案期内"
	}
	return ""
}

// FilterLastWorkday keeps only the last working day of the month, by the
// State Council's holiday calendar with its 调休 working weekends (cron
// cannot say it; DOM and DOW restricted together are OR-ed).
const FilterLastWorkday = "last_workday"

// Rule is one scheduled reminder as the store holds it.
type Rule struct {
	ID          int64
	Name        string
	Kind        string
	Duty        string // duty key for RuleDuty
	Spec        string
	Text        string
	Description string // the plan's wording for duty rules
	Audience    string
	Escalate    bool
	Filter      string
	// Shift is where an occurrence on a day off moves: workday.ShiftPrev
	// ("prev"), workday.ShiftNext ("next") or "" (it stays).
	Shift string
	// Term is TermStanding or TermCampaign for a duty's rule, "" for the
	// system's and administrators' rules.
	Term        string
	From, Until Date // active days, inclusive; "" = unbounded
	Paused      bool
	Watermark   time.Time // last occurrence handled
	CreatedBy   string
	UpdatedAt   time.Time
}

// Audience targets, written "kind:target" and comma-separated in a rule.
const (
	AudienceRole       = "role"       // role:leader
	AudienceGroup      = "group"      // group:road_water — staff of a working group
	AudiencePrincipals = "principals" // enterprise principals (registry), else staff
	AudienceWebhook    = "webhook"    // webhook:NAME from WECOM_WEBHOOK_KEYS
	AudienceAppChat    = "appchat"    // appchat:CHATID
	AudienceUser       = "user"       // user:USERID
)

// AudiencePart is one parsed element of an audience.
type AudiencePart struct {
	Kind   string
	Target string
}

// audienceWords maps the word before the colon of an audience part (or the
// whole part, for the roles) to its kind; the role words carry their role
// as the target. 群机器人 is the README's and the replies' word for a
// WECOM_WEBHOOK_KEYS robot, so it is read as 群 (qa3 #11).
var audienceWords = map[string]AudiencePart{
	"领导": {AudienceRole, string(RoleLeader)}, "leaders": {AudienceRole, string(RoleLeader)},
	"工作人员": {AudienceRole, string(RoleStaff)}, "staff": {AudienceRole, string(RoleStaff)},
	"管理员": {AudienceRole, string(RoleAdmin)}, "admins": {AudienceRole, string(RoleAdmin)},
	"企业负责人": {AudiencePrincipals, ""}, "企业主要负责人": {AudiencePrincipals, ""}, AudiencePrincipals: {AudiencePrincipals, ""},
	"群": {AudienceWebhook, ""}, "机器人": {AudienceWebhook, ""}, "群机器人": {AudienceWebhook, ""}, AudienceWebhook: {AudienceWebhook, ""},
	"群聊": {AudienceAppChat, ""}, AudienceAppChat: {AudienceAppChat, ""},
	"用户": {AudienceUser, ""}, "人员": {AudienceUser, ""}, AudienceUser: {AudienceUser, ""},
	"专班": {AudienceGroup, ""}, AudienceGroup: {AudienceGroup, ""},
	"角色": {AudienceRole, ""}, AudienceRole: {AudienceRole, ""},
}

// AudienceWord returns the kind an audience word names (领导, 群, 专班, …;
// the word before the colon), so a caller can explain a part it cannot
// read in terms of what it knows (configured robots, working groups).
func AudienceWord(word string) (kind string, ok bool) {
	a, ok := audienceWords[strings.TrimSpace(word)]
	return a.Kind, ok
}

// ParseAudience reads "role:leader,group:railway,webhook:安全群" and the
// Chinese forms 领导, 工作人员, 管理员, 企业负责人, 群:NAME (群机器人:NAME),
// 群聊:ID, 用户:ID, 专班:KEY. Working group names are resolved by the
// caller (bot) to keys.
func ParseAudience(s string) ([]AudiencePart, error) {
	var out []AudiencePart
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == '+' }) {
		p = strings.TrimSpace(strings.Replace(p, "：", ":", 1))
		word, target, _ := strings.Cut(p, ":")
		a, ok := audienceWords[strings.TrimSpace(word)]
		if !ok {
			return nil, Errorf(EINVALID, "提醒对象「%s」无法识别。可写：领导、工作人员、管理员、企业负责人、专班:<专班>、群:<机器人名称>、群聊:<群聊ID>、用户:<userid>。", p)
		}
		kind := a.Kind
		if a.Target != "" || kind == AudiencePrincipals {
			target = a.Target
		}
		if kind == AudienceRole {
			r, ok := ParseRole(target)
			if !ok {
				return nil, Errorf(EINVALID, "提醒对象中的角色「%s」无法识别，可选：领导、工作人员、管理员。", target)
			}
			target = string(r)
		}
		if kind != AudienceRole && kind != AudiencePrincipals && strings.TrimSpace(target) == "" {
			return nil, Errorf(EINVALID, "提醒对象「%s」缺少%s。", p, audienceMissing[kind])
		}
		out = append(out, AudiencePart{Kind: kind, Target: strings.TrimSpace(target)})
	}
	if len(out) == 0 {
		return nil, Errorf(EINVALID, "请写明提醒对象，例如 对象:领导。")
	}
	return out, nil
}

// audienceMissing says what a part of each kind lacks when nothing follows
// its colon, with an example only where one cannot mislead (a robot or a
// working group example could name one that is not configured).
var audienceMissing = map[string]string{
	AudienceGroup:   "专班名称",
	AudienceWebhook: "群机器人名称（WECOM_WEBHOOK_KEYS 中的名字）",
	AudienceAppChat: "群聊ID",
	AudienceUser:    "userid，例如 用户:zhangsan",
}

// FormatAudience writes parts back in the stored form.
func FormatAudience(parts []AudiencePart) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(p.Kind)
		if p.Target != "" {
			b.WriteString(":" + p.Target)
		}
	}
	return b.String()
}

// AudienceName renders a stored audience for people.
func AudienceName(s string, groupName func(key string) string) string {
	parts, err := ParseAudience(s)
	if err != nil {
		return s
	}
	var names []string
	for _, p := range parts {
		switch p.Kind {
		case AudienceRole:
			names = append(names, Role(p.Target).Chinese())
		case AudiencePrincipals:
			names = append(names, "企业主要负责人")
		case AudienceGroup:
			n := p.Target
			if groupName != nil {
				n = groupName(p.Target)
			}
			names = append(names, n)
		case AudienceWebhook:
			names = append(names, "群机器人 "+p.Target)
		case AudienceAppChat:
			names = append(names, "群聊 "+p.Target)
		case AudienceUser:
			names = append(names, p.Target)
		}
	}
	return strings.Join(names, "、")
}

// DutyCount is how many records one duty has for one period and unit.
type DutyCount struct {
	Duty   string
	Period string
	Unit   string
	N      int
}

// DutyService is the recurring duties (inspections, studies, reports) and
// the records that they were done for a period.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type DutyService interface {
	// RecordDuty records that a duty was done for a period, with notifications
	// (the scheduler reads duty_records to stay silent about done duties). A
	// record with On set is a backfill (补记) of a day already past; the caller
	// checks the day (bot: not in the future, not before the plan began).
	// Its errors are internal.
	RecordDuty(ctx context.Context, r DutyRecord, notes ...Notification) error

	// DutyRecords lists what was recorded for a duty in a period, oldest first.
	// Its errors are internal.
	DutyRecords(ctx context.Context, duty, period string) ([]DutyRecord, error)

	// UndoDuty takes back the newest record of duty in period made by actor
	// (or by anyone when anyone is true: admins), so its reminders come back
	// (完成 撤销). The record moves to duty_records_undone with who undid it and
	// when. It returns the record, or ENOTFOUND when there is none.
	UndoDuty(ctx context.Context, duty, period, actor string, anyone bool) (DutyRecord, error)

	// DutyDone reports whether duty was recorded as done for period: a
	// duty_records row, or for a task deadline the task reported 100 %.
	// Its errors are internal.
	DutyDone(ctx context.Context, duty, period string) (bool, error)

	// DutyCounts tallies every duty record by duty, period and unit.
	// Its errors are internal.
	DutyCounts(ctx context.Context) ([]DutyCount, error)

	// DutyCountsBetween is DutyCounts of the records dated from..to, both
	// included: a backfill by its day (On), any other record by the day it
	// was made. A day that does not parse is EINVALID; other errors are
	// internal.
	DutyCountsBetween(ctx context.Context, from, to Date) ([]DutyCount, error)

	// Duties lists the loaded duties in their seeding order.
	// Its errors are internal.
	Duties(ctx context.Context) ([]Duty, error)

	// SeedDuties loads the plan's duties and their rules (plus the system rules)
	// into an empty duty table; it reports false and changes nothing when duties
	// are already loaded, so rules an administrator paused stay paused. Seeded
	// rules start with their watermark at now: nothing before the first start is
	// caught up. A rule name used twice is ECONFLICT.
	SeedDuties(ctx context.Context, duties []Duty, rules []Rule) (bool, error)

	// SyncDuties brings the duties and the plan's rules of a database seeded
	// earlier up to the schedule data (issue 11: a database seeded before duties
	// were standing or campaign-bound has every plan reminder ending on
	// 2026-12-31, and none moves off holidays). It runs on every start after
	// SeedDuties, unless the plan loaded came from plan import (the imported
	// duties are the administrators'), and is one transaction:
	//   - a duty missing is added; an existing one takes the data's name,
	//     aliases, wording, period, due day, audience, standing and basis;
	//   - a plan rule (created by "plan") missing is added with its watermark at
	//     now (nothing before is caught up); an existing one takes the data's
	//     spec, text, audience, escalation, filter, shift, term and active days.
	//     Whether it is paused, and its watermark, stay as they are.
	//
	// Rules the data no longer names, and administrators' rules, are left alone.
	// It returns how many duties and rules it added or changed (0, 0 when the
	// database already matched: nothing is written, so the scheduler does not
	// reload). A rule name used twice is ECONFLICT.
	SyncDuties(ctx context.Context, duties []Duty, rules []Rule) (changedDuties, changedRules int, err error)

	// EnsureDuty adds duty d and its rules when no duty has d's key: rules whose
	// name is taken are left as they are. Restarts call it for the plan-end
	// duty, so a ledger seeded before it existed gets it once and its day never
	// moves. It reports whether d was added.
	// A rule name taken by another rule of d's is ECONFLICT.
	EnsureDuty(ctx context.Context, d Duty, rules ...Rule) (bool, error)
}

// RuleService is the reminder rules the scheduler runs.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type RuleService interface {
	// Rules lists every rule, paused ones included, by id.
	// Its errors are internal.
	Rules(ctx context.Context) ([]*Rule, error)

	// Rule returns one rule by id. An unknown id is ENOTFOUND.
	Rule(ctx context.Context, id int64) (*Rule, error)

	// RulesVersion changes whenever a rule is added, changed or deleted; the
	// scheduler polls it to reload. Its errors are internal.
	RulesVersion(ctx context.Context) (string, error)

	// AddRule stores an administrator's rule; its watermark is now, so it only
	// fires from now on. It fills r.ID. A name another rule has is ECONFLICT.
	AddRule(ctx context.Context, r *Rule) error

	// SetRulePaused pauses or resumes a rule. Resuming moves the watermark to
	// now: occurrences while paused are not caught up. An unknown id is ENOTFOUND.
	SetRulePaused(ctx context.Context, id int64, paused bool) (*Rule, error)

	// DeleteRule deletes an administrator's rule; the plan's rules can only be
	// paused (their duties are the plan's requirements).
	// An unknown id is ENOTFOUND; a plan rule is ECONFLICT.
	DeleteRule(ctx context.Context, id int64) (*Rule, error)
}
