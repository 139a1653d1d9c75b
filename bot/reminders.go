package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"safetybot"
	"safetybot/plan"
)

func (e *Engine) reminderCommands() []*command {
	return []*command{
		{verb: "提醒", alias: "remind", perm: permStaff, fields: fields("对象", "名称"),
			usage:   "提醒 [全部] ｜ 提醒 添加 <分 时 日 月 星期> <内容> 对象:<领导|工作人员|专班:…|群:…> [名称:…] ｜ 提醒 暂停|恢复|删除 <编号>",
			summary: "查看定时提醒及下次时间；管理员可添加、暂停、恢复、删除", run: e.remind},
		{verb: "完成", alias: "done", perm: permStaff, usage: "完成 <事项> [说明] [日期:YYYY-MM-DD] ｜ 完成 撤销 <事项>", fields: fields("日期"),
			summary: "登记一项定期职责本期已完成（年度总结、半年专题、专班研究、疏散演练…），本期剩余提醒不再发送；不带参数查看本期完成情况", run: e.recordDone},
		{verb: "企业", alias: "enterprise", perm: permStaff, usage: "企业 ｜ 企业 <单位> <主要负责人userid>",
			summary: "查看企业本季度主要负责人带队检查情况；管理员登记企业及其主要负责人（季度检查提醒发给他）", run: e.enterprises},
	}
}

// enterprises lists the known enterprises with this quarter's inspection
// status, or (admins) registers one with its principal's userid.
func (e *Engine) enterprises(ctx context.Context, r *request) (string, error) {
	period := safetybot.Quarter(e.now())
	if len(r.args.Words) > 0 {
		if !r.user.Has(safetybot.RoleAdmin) {
			return "", safetybot.Errorf(safetybot.EFORBIDDEN, "登记企业仅限管理员。发送「企业」可查看本季度检查情况。")
		}
		if len(r.args.Words) != 2 {
			return "", r.usageError("请写明单位名称和主要负责人的企业微信 userid。")
		}
		name, principal := r.args.Words[0], r.args.Words[1]
		if n := len([]rune(name)); n > 60 {
			return "", r.usageError("单位名称过长。")
		}
		if why := unitNameProblem(name); why != "" {
			// The registry is what 上报 and 检查 match against and the
			// summary counts: no formula or markup goes into it (fix9-10 #2).
			return "", r.usageError(fmt.Sprintf("「%s」%s，未登记。", safetybot.Truncate(name, 30), why))
		}
		if !safetybot.ValidUserID(principal) {
			return "", r.usageError(fmt.Sprintf("「%s」不是有效的企业微信 userid（字母、数字、_-.@，不超过 64 个字符）。", safetybot.Truncate(principal, 20)))
		}
		if err := e.registeredAs(ctx, name, principal); err != nil {
			return "", err
		}
		who, err := e.resolvePerson(ctx, principal, false)
		if err != nil {
			return "", err
		}
		principal = who.ID
		if err := e.store.AddEnterprise(ctx, safetybot.Enterprise{Name: name, Principal: principal}, r.user.ID); err != nil {
			return "", err
		}
		return withNote(fmt.Sprintf("已登记 %s，主要负责人 %s。季度带队检查提醒将发给他，直到本季度登记「检查 %s <情况>」。", name, e.nameID(ctx, principal), name), who.Note), nil
	}
	all, err := e.store.Enterprises(ctx)
	if err != nil {
		return "", err
	}
	missing, err := e.store.UninspectedEnterprises(ctx, period)
	if err != nil {
		return "", err
	}
	if len(all) == 0 {
		return "尚无企业名录。登记隐患或检查时写明单位即自动加入；管理员可发送「企业 <单位> <主要负责人userid>」登记。", nil
	}
	var registry []string // for phantomNote
	for _, en := range all {
		if en.Registered {
			registry = append(registry, en.Name)
		}
	}
	todo := map[string]bool{}
	for _, m := range missing {
		todo[m.Name] = true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s企业主要负责人带队检查：已登记 %d 家，未登记 %d 家（共 %d 家）。", quarterName(period), len(all)-len(missing), len(missing), len(all))
	for i, en := range all {
		if i == 40 {
			fmt.Fprintf(&b, "\n…另 %d 家", len(all)-40)
			break
		}
		mark := "✅"
		if todo[en.Name] {
			mark = "⬜"
		}
		who := ""
		if en.Principal != "" {
			who = "（负责人 " + e.name(ctx, en.Principal) + "）"
		} else if same := sameUnits(en.Name, registry); !en.Registered && len(same) > 0 {
			who = "（" + phantomNote(same[0]) + "）"
		}
		fmt.Fprintf(&b, "\n%s %s%s", mark, en.Name, who)
	}
	return b.String(), nil
}

// phantomNote tells of a unit that is a registered enterprise spelled
// otherwise (…有限责任公司 for …有限公司), typed before QA16 #1 was fixed or
// before the enterprise was registered: it is counted as an enterprise of
// its own, with no principal, until its hazards name the registered one
// (修改 reads either spelling as the registered name now).
func phantomNote(registered string) string {
	return "与已登记的「" + registered + "」只是写法不同，应为同一企业；其隐患请用「修改 <编号> 单位:" + registered + "」更正"
}

// remindActions maps the sub-command words to actions.
var remindActions = map[string]string{
	"添加": "add", "新增": "add", "add": "add",
	"暂停": "pause", "停止": "pause", "pause": "pause",
	"恢复": "resume", "启用": "resume", "resume": "resume",
	"删除": "delete", "delete": "delete", "del": "delete",
	"全部": "all", "all": "all",
}

func (e *Engine) remind(ctx context.Context, r *request) (string, error) {
	action := ""
	if len(r.args.Words) > 0 {
		action = remindActions[strings.ToLower(r.args.Words[0])]
		if action == "" {
			return "", r.usageError(fmt.Sprintf("「%s」不是提醒的操作，可用：全部、添加、暂停、恢复、删除。", safetybot.Truncate(r.args.Words[0], 10)))
		}
	}
	switch action {
	case "", "all":
		return e.listRules(ctx, action == "all")
	}
	if !r.user.Has(safetybot.RoleAdmin) {
		return "", safetybot.Errorf(safetybot.EFORBIDDEN, "添加、暂停、恢复、删除提醒仅限管理员。发送「提醒」可查看提醒清单。")
	}
	if action == "add" {
		return e.addRule(ctx, r)
	}
	ops, err := parseRemindOps(r.args.Words)
	if err != nil {
		return "", r.usageError(err.Error() + "。发送「提醒」查看编号。")
	}
	return e.runRemindOps(ctx, ops)
}

func (e *Engine) nextText(r *safetybot.Rule) string {
	if r.Paused {
		return "已暂停"
	}
	sched, err := plan.ParseSpec(r.Spec)
	if err != nil {
		return "规则有误"
	}
	n := plan.Next(r, sched, e.now())
	if n.IsZero() {
		return "已结束"
	}
	return n.In(safetybot.Shanghai).Format("2006-01-02 15:04")
}

// listRules shows the rules by their next occurrence; without all, only
// the next 15 that will fire.
func (e *Engine) listRules(ctx context.Context, all bool) (string, error) {
	rules, err := e.store.Rules(ctx)
	if err != nil {
		return "", err
	}
	type row struct {
		r    *safetybot.Rule
		next string
	}
	duties, err := e.store.Duties(ctx)
	if err != nil {
		return "", err
	}
	done := map[string]bool{}
	var rows []row
	for _, r := range rules {
		next, err := e.dutyNext(ctx, r, e.nextText(r), duties, done)
		if err != nil {
			return "", err
		}
		rows = append(rows, row{r, next})
	}
	// Upcoming first (dates sort as text), then paused and finished ones.
	rank := func(s string) string {
		if s[0] >= '0' && s[0] <= '9' {
			return "0" + s
		}
		return "1" + s
	}
	slices.SortStableFunc(rows, func(a, b row) int { return strings.Compare(rank(a.next), rank(b.next)) })
	today := safetybot.DateOf(e.now())
	var b strings.Builder
	fmt.Fprintf(&b, "定时提醒共 %d 条（北京时间），按下次提醒时间：", len(rows))
	shown := 0
	for _, x := range rows {
		if !all && (shown == 15 || x.next == "已结束") {
			continue
		}
		fmt.Fprintf(&b, "\n#%d %s｜%s｜%s%s", x.r.ID, x.r.Name, x.next, e.audienceName(ctx, x.r.Audience), termText(x.r, today))
		shown++
	}
	if shown < len(rows) {
		fmt.Fprintf(&b, "\n…另 %d 条（含已结束的），发送「提醒 全部」查看。", len(rows)-shown)
	}
	b.WriteString("\n常态化：方案结束后继续提醒；方案期内：随方案结束。定期职责完成后发送「完成 <事项>」，本期剩余提醒即停止。")
	return b.String(), nil
}

// parseRuleArgs splits what follows 提醒 添加 into the cron spec and the
// text: five fields (minute hour day month weekday), optionally after a
// CRON_TZ= prefix, a single @descriptor, or a spec in quotes 「…」 "…".
func parseRuleArgs(words []string) (spec, text string, err error) {
	usage := safetybot.Errorf(safetybot.EINVALID,
		"请写 5 段定时规则和提醒内容，例如「提醒 添加 0 9 * * 1 每周一安全例会 对象:领导」（分 时 日 月 星期）。")
	if len(words) == 0 {
		return "", "", usage
	}
	n := 0
	switch first := words[0]; {
	case strings.HasPrefix(first, "「") || strings.HasPrefix(first, "\"") || strings.HasPrefix(first, "“"):
		var parts []string
		for n < len(words) {
			w := words[n]
			parts = append(parts, w)
			n++
			if (n > 1 || len([]rune(w)) > 1) && (strings.HasSuffix(w, "」") || strings.HasSuffix(w, "\"") || strings.HasSuffix(w, "”")) {
				break
			}
		}
		spec = strings.Trim(strings.Join(parts, " "), "「」\"“” ")
	case strings.HasPrefix(first, "@"):
		spec, n = first, 1
	case strings.HasPrefix(first, "CRON_TZ=") || strings.HasPrefix(first, "TZ="):
		if len(words) < 6 {
			return "", "", usage
		}
		spec, n = strings.Join(words[:6], " "), 6
	default:
		if len(words) < 5 {
			return "", "", usage
		}
		spec, n = strings.Join(words[:5], " "), 5
	}
	text = strings.TrimSpace(strings.Join(words[n:], " "))
	if spec == "" || text == "" {
		return "", "", usage
	}
	return spec, text, nil
}

func (e *Engine) addRule(ctx context.Context, r *request) (string, error) {
	spec, text, err := parseRuleArgs(r.args.Words[1:])
	if err != nil {
		return "", err
	}
	if n := len([]rune(text)); n > 300 {
		return "", r.usageError(fmt.Sprintf("提醒内容过长（%d 字），请控制在 300 字以内。", n))
	}
	sched, err := plan.ParseSpec(spec)
	if err != nil {
		return "", err
	}
	if err := plan.CheckInterval(sched, plan.MinInterval, e.now()); err != nil {
		return "", err
	}
	aud, ok := r.args.Fields["对象"]
	if !ok || strings.TrimSpace(aud) == "" {
		return "", r.usageError("请写明提醒对象，例如 " + e.audienceExample() + "。")
	}
	audience, notes, err := e.parseAudience(ctx, aud)
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(r.args.Fields["名称"])
	if name == "" {
		name = "自定义·" + safetybot.Truncate(text, 12)
	}
	if n := len([]rune(name)); n > 40 {
		return "", r.usageError("名称过长，请控制在 40 字以内。")
	}
	rule := &safetybot.Rule{Name: name, Kind: safetybot.RuleCustom, Spec: strings.Join(strings.Fields(spec), " "),
		Text: text, Audience: audience, CreatedBy: r.user.ID}
	if err := e.store.AddRule(ctx, rule); err != nil {
		return "", err
	}
	return withNote(fmt.Sprintf("已添加提醒 #%d %s：%s，发给%s，下次 %s。暂停请发送「提醒 暂停 %d」。",
		rule.ID, rule.Name, rule.Spec, e.audienceName(ctx, rule.Audience), e.nextText(rule), rule.ID), notes...), nil
}

// recordDone records a duty as done for its current period.
func (e *Engine) recordDone(ctx context.Context, r *request) (string, error) {
	duties, err := e.store.Duties(ctx)
	if err != nil {
		return "", err
	}
	now := e.now()
	if len(r.args.Words) == 0 {
		return e.dutyStatus(ctx, duties, now)
	}
	if w := r.args.Words[0]; w == "撤销" || strings.EqualFold(w, "undo") {
		return e.undoDone(ctx, r, duties)
	}
	// The note is known only once the duty is: a date in it is told of
	// below, not read (the day chooses among archived plans' duties).
	day, on, _, err := e.doneOn(ctx, r, "", "", "")
	if err != nil {
		return "", err
	}
	current := duties
	if duties, err = e.withArchivedDuties(ctx, duties, day); err != nil {
		return "", err
	}
	if cands, _ := dutyCandidates(duties, r.args.Words, r.user, e.dutyGroup); len(cands) == 0 {
		if err := e.removedDuty(ctx, r.args.Words, r.user, current); err != nil {
			return "", err
		}
	}
	d, used, err := e.matchDuty(duties, r.args.Words, r.user)
	if err != nil {
		return "", err
	}
	switch {
	case d.Key == safetybot.DutyInspection:
		return "", safetybot.Errorf(safetybot.EINVALID, "企业主要负责人带队检查请按单位登记：「检查 <单位> <检查情况>」。")
	case d.TaskNo != 0:
		return "", safetybot.Errorf(safetybot.EINVALID, "方案任务的完成请用「进展 %d <说明> 完成度:100%%」登记。", d.TaskNo)
	}
	if err := e.dutyRefusal(ctx, r.user, d); err != nil {
		return "", err
	}
	if err := e.endedDuty(ctx, *d, day); err != nil {
		return "", err
	}
	note := r.args.rest(used)
	if d.Key == safetybot.DutyPartyTopic && note == "" {
		// 议题 refuses an empty topic; the year-end summary counts and lists
		// topics, so a blank one would count as a topic studied (QA6a item 3).
		return "", r.usageError("请写明研究的安全生产议题，例如「完成 党组议题 研究冬季道路运输安全」（也可发送「议题 <内容>」）。")
	}
	period := safetybot.PeriodKey(d.Period, day)
	when := dutyPeriodName(period)
	rec := safetybot.DutyRecord{Duty: d.Key, Period: period, Note: note, Actor: r.user.ID, On: on}
	prior, err := e.recordDuty(ctx, rec, safetybot.DateOf(day))
	if err != nil {
		return "", err
	} else if prior.same != nil {
		return e.duplicateReply(ctx, dutyPeriodName(prior.same.Period)+"「"+d.Name+"」完成", prior.same)
	}
	verb := "记录"
	if on != "" {
		verb = "补记"
	}
	reply := fmt.Sprintf("已%s%s「%s」完成%s", verb, when, d.Name, backfillNote(on))
	if note != "" {
		reply += "：" + safetybot.Truncate(note, 40)
	}
	live := slices.ContainsFunc(current, func(c safetybot.Duty) bool { return c.Key == d.Key }) // an archived plan's has no reminders left
	if live && period == safetybot.PeriodKey(d.Period, now) {
		reply += "。本期剩余提醒不再发送。"
	} else {
		reply += "。"
	}
	if len(prior.period) > 0 {
		reply += fmt.Sprintf("（本期此前已登记 %d 次。）", len(prior.period))
	}
	if _, dated := r.args.Fields["日期"]; !dated {
		reply = withNote(reply, contentDateNotice(pastContentDate(note, now), safetybot.DateOf(now), "完成", "完成 撤销 "+d.Name))
	}
	return reply, nil
}

// undoDone takes back a duty recorded done by mistake for its current
// period (完成 撤销 <事项>): the caller's own record, or anyone's for an
// admin. Its remaining reminders come back.
func (e *Engine) undoDone(ctx context.Context, r *request, duties []safetybot.Duty) (string, error) {
	if len(r.args.Words) < 2 {
		return "", r.usageError("请写明撤销哪一项，例如「完成 撤销 年度总结」。")
	}
	d, used, err := e.matchDuty(duties, r.args.Words[1:], r.user)
	if err != nil {
		return "", err
	}
	period := safetybot.PeriodKey(d.Period, e.now())
	// 撤销 takes back the sender's newest record of this period; words
	// after the duty or a 日期 cannot choose another, so they are refused
	// rather than ignored (QA8 #3: 完成 撤销 党组议题 <说明> withdrew a
	// different meeting).
	_, dated := r.args.Fields["日期"]
	if extra := strings.Join(r.args.Words[1+used:], " "); extra != "" || dated {
		return "", r.usageError(fmt.Sprintf("「完成 撤销 %s」撤回您%s最近登记的一条，不能按说明或日期另选，未撤销。请只写事项再发；要撤回的不是最近一条或不在本期的，请联系管理员。",
			d.Name, safetybot.PeriodName(period)))
	}
	rec, err := e.store.UndoDuty(ctx, d.Key, period, r.user.ID, r.user.Has(safetybot.RoleAdmin))
	if err != nil {
		return "", err
	}
	left, err := e.store.DutyRecords(ctx, d.Key, period)
	if err != nil {
		return "", err
	}
	reply := fmt.Sprintf("已撤销 %s 登记的「%s」本期完成", e.distinctName(ctx, rec.Actor), d.Name)
	if rec.Note != "" {
		reply += "（" + safetybot.Truncate(rec.Note, 30) + "）"
	}
	if len(left) > 0 {
		return reply + fmt.Sprintf("。本期另有 %d 条完成登记，仍视为已完成。", len(left)), nil
	}
	return reply + "。本期的提醒将照常发送。", nil
}

// dutyStatus lists the duties of the current period and whether each is
// done. A duty past its own deadline and not registered stays listed with
// how late it is, as the digest's 逾期未登记职责 says: QA7a item 9, a
// one-off (评估报告) dropped from the list on its deadline, so the clerk
// the digest told to backfill it could not find it here. A one-off done
// and past its deadline has nothing left to do and is not listed. Which
// deadline counts as missed is the digest's rule (Duty.LastDue): one
// before the system began is not (QA9 #3).
func (e *Engine) dutyStatus(ctx context.Context, duties []safetybot.Duty, now time.Time) (string, error) {
	since, err := e.store.Since(ctx)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("本期定期职责（✅ 已登记 ⬜ 未登记）：")
	for _, d := range duties {
		if d.TaskNo != 0 || d.Key == safetybot.DutyInspection || e.campaignOver(ctx, d, now) {
			continue
		}
		period := safetybot.PeriodKey(d.Period, now)
		done, err := e.store.DutyDone(ctx, d.Key, period)
		if err != nil {
			return "", err
		}
		last, missed := d.LastDue(now, since)
		passed := last != "" && last < safetybot.DateOf(now)
		if d.Period == safetybot.PeriodOnce && passed && done {
			continue
		}
		mark := "⬜"
		if done {
			mark = "✅"
		}
		when := safetybot.PeriodName(period)
		if d.Period == safetybot.PeriodOnce {
			when = "截止 " + d.Due
		}
		if passed && !done {
			when = lateWhen(period, last, missed, now)
		}
		fmt.Fprintf(&b, "\n%s %s（%s）%s", mark, d.Name, when, e.backfilledMark(ctx, d.Key, period))
	}
	b.WriteString("\n登记：完成 <事项> [说明]；议题用「议题 <内容>」，企业检查用「检查 <单位> <情况>」；以前做过的加「日期:YYYY-MM-DD」补记。")
	return b.String(), nil
}

// lateWhen is how the 完成 list shows a duty past its deadline: its period,
// the last day it was due and how many days ago, in the digest's words
// (「评估报告（2026-10-20截止，逾期49天）」); a deadline the system did not
// see (before it began: not missed) is not called late.
func lateWhen(period string, last safetybot.Date, missed bool, now time.Time) string {
	days := 0
	if a, err := last.Time(); err == nil {
		if b, err := safetybot.DateOf(now).Time(); err == nil {
			days = int(b.Sub(a).Hours()+12) / 24
		}
	}
	when := dutyPeriodName(period)
	if when != "" {
		when += "，"
	}
	if !missed {
		return fmt.Sprintf("%s%s截止，在系统启用前，不计逾期", when, last)
	}
	return fmt.Sprintf("%s%s截止，逾期%d天", when, last, days)
}
