package plan

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"safetybot"
	"safetybot/workday"
)

// MaxFileBytes bounds a plan file (the bureau's plan is about 60 KB).
const MaxFileBytes = 8 << 20

// LoadImport is LoadFile for plan import: the file's reminders must also
// go only to group robots among webhooks (the names WECOM_WEBHOOK_KEYS
// configures), as 提醒 添加's must. SAFETYBOT_PLAN is read with LoadFile
// instead: every command reads it, many (report, export) where the WeCom
// settings are not given, and serve warns about such rules rather than
// refusing to start.
func LoadImport(path string, webhooks []string) (*safetybot.PlanFile, error) {
	b, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return ParseImport(b, webhooks)
}

// LoadFile reads a plan file; an empty path means the embedded plan. Errors
// about the content are *safetybot.Error (EINVALID) naming the line and the
// JSON path; others are the file system's.
func LoadFile(path string) (*safetybot.PlanFile, error) {
	if path == "" {
		return ParseFile(campaign)
	}
	b, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return ParseFile(b)
}

// readFile reads a plan file of at most MaxFileBytes.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileBytes {
		return nil, safetybot.Errorf(safetybot.EINVALID, "方案文件超过 %d MB", MaxFileBytes>>20)
	}
	return b, nil
}

// ParseImport is ParseFile that also refuses, as LoadImport does, a
// reminder to a group robot not among webhooks.
func ParseImport(b []byte, webhooks []string) (*safetybot.PlanFile, error) {
	return parse(b, &webhooks)
}

// ParseFile decodes and checks a plan file (the shape of plan/campaign.json,
// optionally with "duties"). Nothing unknown or inconsistent passes: unknown
// fields, wrong types, a missing title, tasks or phases, duplicate numbers
// or keys, impossible dates (30 February, a phase ending before it starts,
// a deadline outside the plan's period), references to actions, groups or
// tasks that are not in the file, and reminder specs that never fire. The
// error is one *safetybot.Error (EINVALID) whose message starts with the
// line and the JSON path, e.g. "第 12 行 tasks[3].no：任务编号 5 重复（tasks[1] 已用）".
func ParseFile(b []byte) (*safetybot.PlanFile, error) {
	return parse(b, nil)
}

// parse is ParseFile, checking group robots against *webhooks unless it is
// nil.
func parse(b []byte, webhooks *[]string) (*safetybot.PlanFile, error) {
	b, err := utf8Text(b)
	if err != nil {
		return nil, err
	}
	var f safetybot.PlanFile
	lines, err := decodeStrict(b, &f)
	if err != nil {
		return nil, err
	}
	c := &checker{lines: lines, webhooks: webhooks}
	c.plan(&f.Plan)
	if c.err == nil {
		c.start, c.end = f.Period()
		c.duties(&f)
	}
	if c.err != nil {
		return nil, c.err
	}
	for i := range f.Groups {
		f.Groups[i].Domains = nil
		for _, d := range f.Domains {
			if d.Group == f.Groups[i].Key {
				f.Groups[i].Domains = append(f.Groups[i].Domains, d.Name)
			}
		}
	}
	if _, err := FileSchedule(&f, time.Time{}); err != nil {
		// Every check above should have caught it; whatever is left still
		// names where it is, never 系统内部错误.
		path := dutyPath(&f, err)
		return nil, fileError(lines[path], path, "%s", scheduleMessage(err))
	}
	return &f, nil
}

// utf8Text returns the plan file's text without a UTF-8 byte-order mark,
// which Notepad and WPS write when saving as UTF-8 and which JSON does not
// allow. A file in another encoding (GBK/ANSI, or Notepad's 「Unicode」,
// i.e. UTF-16) is refused here, naming the first line that is not UTF-8:
// decoded as UTF-8 it would fail later with garbled names (领域「��」重复)
// or an English syntax error the user cannot act on.
func utf8Text(b []byte) ([]byte, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(b, []byte("\xff\xfe")) || bytes.HasPrefix(b, []byte("\xfe\xff")) {
		return nil, fileError(1, "", "文件是 UTF-16 编码（记事本的「Unicode」），请另存为 UTF-8 编码后再导入")
	}
	if utf8.Valid(b) {
		return b, nil
	}
	line := 1
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line++
		}
		b = b[size:]
	}
	return nil, fileError(line, "", "文件不是 UTF-8 编码（可能是 GBK/ANSI），请用记事本或 WPS「另存为」UTF-8 编码后再导入")
}

// checker keeps the first problem found, with the line of its path.
type checker struct {
	lines map[string]int
	start safetybot.Date // the plan's first day, once its phases are checked
	end   safetybot.Date // the plan's last day, likewise
	// webhooks are the group robots a reminder may go to (ParseImport);
	// nil: not checked.
	webhooks *[]string
	err      error
}

func (c *checker) failf(path, format string, args ...any) {
	if c.err != nil {
		return
	}
	line := c.lines[path]
	for p := path; line == 0 && p != ""; {
		// an absent field: the line of the object that should hold it
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			p = ""
		} else {
			p = p[:i]
		}
		line = c.lines[p]
	}
	c.err = fileError(line, path, format, args...)
}

func (c *checker) date(path string, d safetybot.Date) bool {
	if _, err := d.Time(); err != nil {
		c.failf(path, "日期「%s」不存在或格式不对，请写成 YYYY-MM-DD", safetybot.Truncate(string(d), 20))
		return false
	}
	return true
}

func (c *checker) plan(p *safetybot.Plan) {
	if strings.TrimSpace(p.Title) == "" {
		c.failf("title", "缺少方案标题")
	}
	actions := map[int]string{}
	for i, a := range p.Actions {
		path := fmt.Sprintf("actions[%d]", i)
		switch {
		case a.No <= 0:
			c.failf(path+".no", "行动编号应为正整数")
		case actions[a.No] != "":
			c.failf(path+".no", "行动编号 %d 重复（%s 已用）", a.No, actions[a.No])
		case strings.TrimSpace(a.Title) == "":
			c.failf(path+".title", "缺少行动名称")
		}
		actions[a.No] = path
	}
	groups := map[string]string{"office": "办公室", "": "局机关"}
	for i, g := range p.Groups {
		path := fmt.Sprintf("groups[%d]", i)
		switch {
		case strings.TrimSpace(g.Key) == "":
			c.failf(path+".key", "缺少专班代号")
		case groups[g.Key] != "":
			c.failf(path+".key", "专班代号「%s」重复或为保留字", g.Key)
		case strings.TrimSpace(g.Name) == "":
			c.failf(path+".name", "缺少专班名称")
		case len(g.Domains) > 0:
			c.failf(path+".domains", "专班负责的领域由顶层 domains 中各领域的 group 确定，请删除此项")
		}
		groups[g.Key] = path
	}
	domains := map[string]bool{}
	for i, d := range p.Domains {
		path := fmt.Sprintf("domains[%d]", i)
		switch {
		case strings.TrimSpace(d.Name) == "":
			c.failf(path+".name", "缺少领域名称")
		case domains[d.Name]:
			c.failf(path+".name", "领域「%s」重复", d.Name)
		case groups[d.Group] == "":
			c.failf(path+".group", "专班「%s」不在 groups 中", d.Group)
		}
		domains[d.Name] = true
	}
	c.phases(p)
	c.tasks(p, actions, groups)
}

func (c *checker) phases(p *safetybot.Plan) {
	if len(p.Phases) == 0 {
		c.failf("phases", "缺少阶段（phases）：方案的起止日期由各阶段确定")
		return
	}
	names := map[string]bool{}
	for i, ph := range p.Phases {
		path := fmt.Sprintf("phases[%d]", i)
		switch {
		case strings.TrimSpace(ph.Name) == "":
			c.failf(path+".name", "缺少阶段名称")
		case names[ph.Name]:
			c.failf(path+".name", "阶段「%s」重复", ph.Name)
		case !c.date(path+".start", ph.Start), !c.date(path+".end", ph.End):
		case ph.End < ph.Start:
			c.failf(path+".end", "阶段结束日 %s 早于开始日 %s", ph.End, ph.Start)
		}
		names[ph.Name] = true
	}
	if c.err != nil {
		return
	}
	// The phases tile the plan's period: each starts the day after the one
	// before it ends. An overlap puts a day in two phases; a gap leaves days
	// in none (方案 would show no phase, and the period would be wrong).
	order := make([]int, len(p.Phases))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(string(p.Phases[a].Start), string(p.Phases[b].Start)) })
	for k := 1; k < len(order); k++ {
		prev, ph := p.Phases[order[k-1]], p.Phases[order[k]]
		end, _ := prev.End.Time()
		next := safetybot.DateOf(end.AddDate(0, 0, 1))
		path := fmt.Sprintf("phases[%d].start", order[k])
		switch {
		case ph.Start <= prev.End:
			c.failf(path, "阶段「%s」从 %s 开始，与阶段「%s」（%s 至 %s）重叠。各阶段应首尾相接，请让它从 %s 开始",
				ph.Name, ph.Start, prev.Name, prev.Start, prev.End, next)
		case ph.Start > next:
			c.failf(path, "阶段「%s」从 %s 开始，与上一阶段「%s」（至 %s）之间空了 %s 至 %s。各阶段应首尾相接，请让它从 %s 开始",
				ph.Name, ph.Start, prev.Name, prev.End, next, dayBefore(ph.Start), next)
		}
	}
}

// dayBefore is the day before d.
func dayBefore(d safetybot.Date) safetybot.Date {
	t, err := d.Time()
	if err != nil {
		return d
	}
	return safetybot.DateOf(t.AddDate(0, 0, -1))
}

func (c *checker) tasks(p *safetybot.Plan, actions map[int]string, groups map[string]string) {
	if len(p.Tasks) == 0 {
		c.failf("tasks", "缺少任务清单（tasks）")
		return
	}
	start, end := p.Period()
	seen := map[int]string{}
	for i, t := range p.Tasks {
		path := fmt.Sprintf("tasks[%d]", i)
		switch {
		case t.No <= 0:
			c.failf(path+".no", "任务编号应为正整数（1、2、3……）")
		case seen[t.No] != "":
			c.failf(path+".no", "任务编号 %d 重复（%s 已用）", t.No, seen[t.No])
		case strings.TrimSpace(t.Title) == "":
			c.failf(path+".title", "任务 %d 缺少标题", t.No)
		case actions[t.Action] == "":
			c.failf(path+".action", "任务 %d 所属行动 %d 不在 actions 中", t.No, t.Action)
		case groups[t.Owner] == "" && t.Owner != "":
			c.failf(path+".owner", "任务 %d 的牵头单位「%s」不是专班代号或 office", t.No, t.Owner)
		}
		seen[t.No] = path
		dues := map[string]bool{}
		for j, d := range t.Deadlines {
			dp := fmt.Sprintf("%s.deadlines[%d]", path, j)
			switch {
			case !c.date(dp+".due", d.Due):
			case d.Due < start || d.Due > end:
				c.failf(dp+".due", "任务 %d 的期限 %s 不在方案期限 %s 至 %s 内", t.No, d.Due, start, end)
			case strings.TrimSpace(d.What) == "":
				c.failf(dp+".what", "任务 %d 的期限 %s 缺少说明（what）：到期提醒要说明届时应完成什么", t.No, d.Due)
			case dues[string(d.Due)+"\x00"+d.What]:
				c.failf(dp, "任务 %d 的期限 %s 重复", t.No, d.Due)
			}
			dues[string(d.Due)+"\x00"+d.What] = true
		}
	}
}

// reservedDutyKeys are made from the plan when it is loaded, never written.
var reservedDutyKeys = []string{"task:", EndDutyKey}

func (c *checker) duties(f *safetybot.PlanFile) {
	groups := map[string]bool{}
	for _, g := range f.Groups {
		groups[g.Key] = true
	}
	tasks := map[int]bool{}
	for _, t := range f.Tasks {
		tasks[t.No] = true
	}
	keys, names := map[string]string{}, map[string]string{}
	for i, d := range f.Duties {
		path := fmt.Sprintf("duties[%d]", i)
		switch {
		case strings.TrimSpace(d.Key) == "":
			c.failf(path+".key", "缺少职责代号")
		case keys[d.Key] != "":
			c.failf(path+".key", "职责代号「%s」重复（%s 已用）", d.Key, keys[d.Key])
		case names[d.Name] != "":
			c.failf(path+".name", "职责名称「%s」重复（%s 已用）", d.Name, names[d.Name])
		case strings.TrimSpace(d.Name) == "":
			c.failf(path+".name", "缺少职责名称")
		case d.TaskNo != 0 && !tasks[d.TaskNo]:
			c.failf(path+".taskNo", "任务 %d 不在 tasks 中", d.TaskNo)
		}
		for _, r := range reservedDutyKeys {
			if strings.HasPrefix(d.Key, r) {
				c.failf(path+".key", "「%s」开头的职责由系统按任务期限和方案期限生成，请勿写在文件中", r)
			}
		}
		keys[d.Key], names[d.Name] = path, path
		c.duty(path, &d, groups)
	}
	c.dutyWords(f)
}

func (c *checker) duty(path string, d *safetybot.Duty, groups map[string]bool) {
	if strings.TrimSpace(d.Basis) == "" {
		c.failf(path+".basis", "缺少 basis：请引用方案原文，说明这项职责是常态化（\"standing\": true，方案结束后继续提醒）还是方案期内")
	}
	switch d.Period {
	case safetybot.PeriodMonth, safetybot.PeriodQuarter, safetybot.PeriodHalf, safetybot.PeriodYear, safetybot.PeriodOnce:
	default:
		c.failf(path+".period", "周期「%s」无法识别，可选 month、quarter、half、year、once", d.Period)
	}
	switch {
	case d.Due == "":
	case len(d.Due) == len("01-02"):
		if _, err := time.Parse("2006-01-02", "2024-"+d.Due); err != nil {
			c.failf(path+".due", "日期「%s」不存在，请写成 MM-DD", d.Due)
		}
	default:
		c.date(path+".due", safetybot.Date(d.Due))
	}
	audience := strings.NewReplacer("{group}", "g").Replace(d.Audience)
	parts, err := safetybot.ParseAudience(audience)
	if err != nil {
		c.failf(path+".audience", "%s", safetybot.ErrorMessage(err))
	}
	for _, p := range parts {
		if p.Kind == safetybot.AudienceGroup && !d.EachGroup && !groups[p.Target] {
			c.failf(path+".audience", "专班「%s」不在 groups 中", p.Target)
		}
	}
	if c.webhooks != nil {
		if err := safetybot.CheckWebhooks(parts, *c.webhooks, safetybot.AudienceInFile); err != nil {
			c.failf(path+".audience", "%s", safetybot.ErrorMessage(err))
		}
	}
	rnames := map[string]bool{}
	for j, rm := range d.Reminders {
		c.reminder(fmt.Sprintf("%s.reminders[%d]", path, j), &rm, rnames)
	}
}

func (c *checker) reminder(path string, rm *safetybot.Reminder, names map[string]bool) {
	if strings.TrimSpace(rm.Name) == "" || names[rm.Name] {
		c.failf(path+".name", "提醒名称为空或重复")
	}
	names[rm.Name] = true
	switch rm.Shift {
	case "", workday.ShiftPrev, workday.ShiftNext, shiftNoneWord:
	default:
		c.failf(path+".shift", "顺延方式「%s」无法识别，可选 prev（提前到前一个工作日，默认）、next（顺延到下一个工作日）、none（不调整）",
			safetybot.Truncate(rm.Shift, 20))
	}
	if rm.Filter != "" && rm.Filter != safetybot.FilterLastWorkday {
		c.failf(path+".filter", "过滤条件「%s」无法识别，只能为空或 %s", rm.Filter, safetybot.FilterLastWorkday)
	}
	sched, err := ParseSpec(rm.Spec)
	if err != nil {
		c.failf(path+".spec", "%s", safetybot.ErrorMessage(err))
		return
	}
	// The same rule as 提醒 添加: a plan file is no way around it.
	first := time.Date(2024, 1, 1, 0, 0, 0, 0, safetybot.Shanghai)
	if t, err := c.start.Time(); err == nil {
		first = t
	}
	if err := CheckInterval(sched, MinInterval, first.Add(-time.Second)); err != nil {
		c.failf(path+".spec", "%s", safetybot.ErrorMessage(err))
		return
	}
	if rm.From != "" && !c.date(path+".from", rm.From) || rm.Until != "" && !c.date(path+".until", rm.Until) {
		return
	}
	if rm.From != "" && rm.Until != "" && rm.Until < rm.From {
		c.failf(path+".until", "截止日 %s 早于起始日 %s", rm.Until, rm.From)
		return
	}
	if c.start != "" && rm.Until != "" && rm.Until < c.start {
		c.failf(path+".until", "提醒截止日 %s 早于方案开始日 %s，方案期内永远不会提醒", rm.Until, c.start)
		return
	}
	r := safetybot.Rule{Spec: rm.Spec, Filter: rm.Filter, From: rm.From, Until: rm.Until}
	after := time.Date(2000, 1, 1, 0, 0, 0, 0, safetybot.Shanghai)
	if t, err := c.start.Time(); err == nil {
		after = t.Add(-time.Second)
	}
	// Within the plan's period: a reminder of this plan that first fires
	// after it ("0 9 29 2 *" in a plan for 2027) is a mistake, not a plan.
	until := time.Date(2100, 1, 1, 0, 0, 0, 0, safetybot.Shanghai)
	last := rm.Until
	if t, err := c.end.Time(); err == nil {
		until = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
		if last == "" || c.end < last {
			last = c.end
		}
	}
	if len(Occurrences(&r, sched, after, until, 1)) == 0 {
		c.failf(path+".spec", "定时规则「%s」在 %s 至 %s 之间永远不会触发", rm.Spec, orDash(max(rm.From, c.start)), orDash(last))
	}
}

func orDash(d safetybot.Date) string {
	if d == "" {
		return "—"
	}
	return string(d)
}
