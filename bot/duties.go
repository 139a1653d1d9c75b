package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"safetybot"
)

func (e *Engine) dutyCommands() []*command {
	return []*command{
		{verb: "议题", alias: "topic", perm: permStaff, usage: "议题 <议题内容> [日期:YYYY-MM-DD]", fields: fields("日期"),
			summary: "记录本月局党组研究的安全生产议题（本月提醒随即停止）；以前研究的写 日期: 补记", run: e.recordTopic},
		{verb: "检查", alias: "inspect", perm: permAnyone, usage: "检查 <单位> <检查情况> [日期:YYYY-MM-DD]", fields: fields("日期"),
			summary: "记录企业主要负责人本季度带队检查；以前的检查写 日期: 补记", run: e.recordInspection},
	}
}

func (e *Engine) recordTopic(ctx context.Context, r *request) (string, error) {
	topic := strings.TrimSpace(r.args.Text)
	if topic == "" {
		return "", r.usageError("请写明本月研究的安全生产议题。")
	}
	day, on, notice, err := e.doneOn(ctx, r, topic, "会议", "完成 撤销 党组议题")
	if err != nil {
		return "", err
	}
	return e.saveTopic(ctx, r, topic, day, on, notice)
}

// saveTopic records topic as a meeting of day (on when backfilled). notice
// (of a date in the topic: doneOn) says the record is for today and how to
// take it back, so it is added only when a record was stored (QA10 #6).
func (e *Engine) saveTopic(ctx context.Context, r *request, topic string, day time.Time, on safetybot.Date, notice string) (string, error) {
	period := safetybot.Month(day)
	rec := safetybot.DutyRecord{Duty: safetybot.DutyPartyTopic, Period: period, Note: topic, Actor: r.user.ID, On: on}
	prior, err := e.recordDuty(ctx, rec, safetybot.DateOf(day))
	if err != nil {
		return "", err
	} else if prior.same != nil {
		return e.duplicateReply(ctx, safetybot.PeriodName(prior.same.Period)+" 局党组安全生产议题", prior.same)
	}
	n := len(prior.period) + 1 // with this one
	if on != "" {
		return withNote(fmt.Sprintf("已补记 %s 局党组安全生产议题（该月第 %d 项）%s：%s。",
			day.In(safetybot.Shanghai).Format("2006年1月"), n, backfillNote(on), safetybot.Truncate(topic, 40)), notice), nil
	}
	return withNote(fmt.Sprintf("已记录 %s 局党组安全生产议题（本月第 %d 项）：%s。本月的议题提醒不再发送。",
		day.In(safetybot.Shanghai).Format("2006年1月"), n, safetybot.Truncate(topic, 40)), notice), nil
}

// recordInspection records a principal's inspection against the known
// unit the name matches (issue 9 §4: 通达危货 is the registered 沁水县通达危险货物运输有限公司,
// not a new unit); a guess is asked first and recorded on the answer.
func (e *Engine) recordInspection(ctx context.Context, r *request) (string, error) {
	if len(r.args.Words) < 2 {
		return "", r.usageError("请写明单位名称和检查情况。")
	}
	typed, note := r.args.Words[0], r.args.rest(1)
	day, on, notice, err := e.doneOn(ctx, r, note, "检查", "完成 撤销 检查")
	if err != nil {
		return "", err
	}
	if reply, ok, err := e.ownInspection(ctx, r, typed, note, day, on, notice); ok {
		return reply, err
	}
	return e.inspectionOf(ctx, r, typed, note, day, on, notice)
}

// inspectionOf records the inspection of the unit typed names, or asks
// which unit it is. notice (doneOn's) goes with the record, not with the
// question: the answer tells of it when it stores one (inspectionNotice).
func (e *Engine) inspectionOf(ctx context.Context, r *request, typed, note string, day time.Time, on safetybot.Date, notice string) (string, error) {
	m, err := e.matchKnown(ctx, typed)
	if err != nil {
		return "", err
	}
	if m.refused != "" {
		return "", r.usageError(fmt.Sprintf("单位「%s」%s，未登记检查。", safetybot.Truncate(m.clean, 30), m.refused))
	}
	if !r.user.IsStaff() {
		own, err := ownEnterprise(&r.user, m, typed)
		if err != nil {
			return "", err
		}
		reply, err := e.saveInspection(ctx, r.user.ID, own, typed, note, day, on, notice)
		if err == nil && own == m.name && m.note != "" {
			reply += "\n说明：" + m.note + "。"
		}
		return reply, err
	}
	record := func(ctx context.Context, unit string) (string, error) {
		return e.saveInspection(ctx, r.user.ID, unit, typed, note, day, on, notice)
	}
	if m.name == "" || !m.ask {
		unit := typed
		if m.name != "" {
			unit = m.name
		}
		reply, err := record(ctx, unit)
		if err == nil && m.note != "" {
			reply += "\n说明：" + m.note + "。"
		}
		if err == nil {
			reply += unregisteredNote(unit, m)
		}
		return reply, err
	}
	return e.ask(ctx, r.msg, question{Kind: questionInspection, Unit: m.name, Alts: m.alts, Typed: typed, Note: note,
		Actor: r.user.ID, Day: day.UnixMilli(), On: string(on), Told: notice != ""}), nil
}

// inspectionNotice is doneOn's notice for the inspection q asked about,
// told with the record the answer stores: a date in the note when the
// inspection was recorded for the day it was asked.
func inspectionNotice(q question) string {
	if !q.Told {
		return ""
	}
	asked := time.UnixMilli(q.Day)
	return contentDateNotice(pastContentDate(q.Note, asked), safetybot.DateOf(asked), "检查", "完成 撤销 检查")
}

// unregisteredNote warns when an inspection was recorded against a unit
// that is not in the enterprise registry. A unit named before in a report
// or an inspection is listed by 企业 when it is an enterprise, so it is not
// "不在企业名录中" (QA item 18: 城关加油站 was, while 企业 listed it); what
// it lacks is a registered principal, who alone gets the quarter's
// reminders.
func unregisteredNote(unit string, m unitMatch) string {
	name := safetybot.Truncate(unit, 30)
	switch {
	case m.registered:
		return ""
	case m.name != "" && safetybot.IsEnterprise(unit, false):
		return fmt.Sprintf("\n注意：「%s」在企业名录中（来自隐患或检查记录），但尚未登记主要负责人，季度检查提醒发不到其负责人；请管理员发送「企业 %s <负责人userid>」登记。", name, name)
	}
	return fmt.Sprintf("\n注意：「%s」不在企业名录中，已按所写记录。如是已登记企业，请写全称重发；新企业请管理员发送「企业 <全称> <负责人userid>」登记。", name)
}

// ownEnterprise is the enterprise a user who is not staff may record an
// inspection for: one whose registered principal they are (u.Enterprises,
// by name), among those the typed name matches (issue 10 §17; otherwise
// anyone could mark any enterprise inspected). The refusal says who may
// record it: a registered principal typing another enterprise is told his
// own, not to have himself registered (qa6 A11); anyone else is sent to an
// administrator, who alone registers enterprises.
func ownEnterprise(u *safetybot.User, m unitMatch, typed string) (string, error) {
	for _, name := range u.Enterprises {
		if name == m.name || slices.Contains(m.alts, name) {
			return name, nil
		}
	}
	other := safetybot.Truncate(orText(m.name, typed), 30)
	if len(u.Enterprises) > 0 {
		mine := make([]string, len(u.Enterprises))
		for i, n := range u.Enterprises {
			mine[i] = "「" + n + "」"
		}
		return "", safetybot.Errorf(safetybot.EFORBIDDEN, "您是%s登记的主要负责人，只能登记本企业的检查；「%s」的检查由该企业主要负责人或工作人员登记，未作记录。登记本企业请发送「检查 %s <检查情况>」。",
			strings.Join(mine, "、"), other, u.Enterprises[0])
	}
	return "", safetybot.Errorf(safetybot.EFORBIDDEN, "只有企业登记的主要负责人本人或工作人员可以登记检查，未作记录。如您是「%s」的主要负责人，请联系管理员登记「企业 <单位全称> <您的userid>」。", other)
}

// saveInspection records one inspection of unit for the quarter of day
// (today, or the day a backfill gives in on); notice (doneOn's) is added
// only when a record was stored (QA10 #6).
func (e *Engine) saveInspection(ctx context.Context, actor, unit, typed, note string, day time.Time, on safetybot.Date, notice string) (string, error) {
	period := safetybot.Quarter(day)
	rec := safetybot.DutyRecord{Duty: safetybot.DutyInspection, Period: period, Unit: unit, Note: note, Actor: actor, On: on}
	prior, err := e.recordDuty(ctx, rec, safetybot.DateOf(day))
	if err != nil {
		return "", err
	} else if prior.same != nil {
		return e.duplicateReply(ctx, prior.same.Unit+" "+quarterName(prior.same.Period)+" 主要负责人带队检查", prior.same)
	}
	n := 1 // this one
	for _, rc := range prior.period {
		if rc.Unit == unit {
			n++
		}
	}
	matched := ""
	if unit != typed {
		matched = fmt.Sprintf("（按「%s」匹配）", safetybot.Truncate(typed, 20))
	}
	if on != "" {
		return withNote(fmt.Sprintf("已补记 %s%s %s 主要负责人带队检查（该季度第 %d 次）%s。", unit, matched, quarterName(period), n, backfillNote(on)), notice), nil
	}
	return withNote(fmt.Sprintf("已记录 %s%s %s 主要负责人带队检查（本季度第 %d 次）。发现隐患请用「上报」登记。",
		unit, matched, quarterName(period), n), notice), nil
}

// quarterName renders a period key such as "2026-Q4" as 2026年第4季度.
func quarterName(period string) string {
	y, q, _ := strings.Cut(period, "-Q")
	return y + "年第" + q + "季度"
}

// matchDuty finds the duty the words name; it returns how many words it
// used. Ambiguous words get a question listing the choices, narrowed by the
// next word or the sender's working group.
func (e *Engine) matchDuty(duties []safetybot.Duty, words []string, u safetybot.User) (*safetybot.Duty, int, error) {
	cands, used := dutyCandidates(duties, words, u, e.dutyGroup)
	w := words[0]
	switch len(cands) {
	case 1:
		return cands[0], used, nil
	case 0:
		return nil, 0, safetybot.Errorf(safetybot.EINVALID, "没有名为「%s」的定期职责。可登记：%s。", safetybot.Truncate(w, 12), dutyNames(duties))
	}
	names := make([]string, len(cands))
	for i, d := range cands {
		names[i] = d.Name
	}
	return nil, 0, safetybot.Errorf(safetybot.EINVALID, "「%s」对应多项职责，请写明是哪一项：%s。例如「完成 %s <说明>」。",
		safetybot.Truncate(w, 12), strings.Join(names, "、"), names[0])
}

// dutyCandidates are the duties the words may name, as matchDuty says, and
// how many words naming them took. group reads a working group as 授权
// does (道路运输 is 道路（水上）运输工作专班; dutyGroup), so a group study
// is named by its group in the next word (专班研究 道路运输) or in the
// word itself (公路建设专班研究); 本专班研究 is the sender's own group's
// (QA6a item 9).
func dutyCandidates(duties []safetybot.Duty, words []string, u safetybot.User, group func(string) string) ([]*safetybot.Duty, int) {
	w := words[0]
	if w == "本专班研究" || w == "本专班" {
		w = "专班研究"
	}
	var exact, partial []*safetybot.Duty
	for i := range duties {
		d := &duties[i]
		if d.Key == w || d.Name == w || slices.Contains(d.Aliases, w) {
			exact = append(exact, d)
		} else if len([]rune(w)) >= 2 && (strings.Contains(d.Name, w) || strings.Contains(w, d.Name)) {
			partial = append(partial, d)
		}
	}
	cands := exact
	if len(cands) == 0 {
		cands = partial
	}
	studyOf := func(g string) func(d *safetybot.Duty) bool {
		return func(d *safetybot.Duty) bool { return g != "" && d.Key == "group_study:"+g }
	}
	if len(cands) == 0 && group != nil {
		for _, suffix := range []string{"专班研究", "专题研究", "研究", "专班"} {
			if g, ok := strings.CutSuffix(w, suffix); ok && g != "" {
				if i := slices.IndexFunc(duties, func(d safetybot.Duty) bool { return studyOf(group(g))(&d) }); i >= 0 {
					cands = []*safetybot.Duty{&duties[i]}
				}
				break
			}
		}
	}
	used := 1
	if len(cands) > 1 && len(words) > 1 {
		g := ""
		if group != nil {
			g = group(words[1])
		}
		var narrowed []*safetybot.Duty
		for _, d := range cands {
			if strings.Contains(d.Name, words[1]) || slices.Contains(d.Aliases, words[1]) || studyOf(g)(d) {
				narrowed = append(narrowed, d)
			}
		}
		if len(narrowed) > 0 {
			cands, used = narrowed, 2
		}
	}
	if len(cands) > 1 {
		var narrowed []*safetybot.Duty
		for _, g := range u.Grants {
			for _, d := range cands {
				if g.WorkingGroup != "" && strings.HasSuffix(d.Key, ":"+g.WorkingGroup) {
					narrowed = append(narrowed, d)
				}
			}
		}
		if len(narrowed) == 1 {
			cands = narrowed
		}
	}
	return cands, used
}

func dutyNames(duties []safetybot.Duty) string {
	var names []string
	studies := false
	for _, d := range duties {
		switch {
		case strings.HasPrefix(d.Key, "group_study:"):
			studies = true
		case d.TaskNo == 0 && d.Key != safetybot.DutyInspection && !strings.Contains(d.Key, ":"):
			names = append(names, d.Name)
		}
	}
	if studies {
		names = append(names, "<专班>专班研究")
	}
	return strings.Join(names, "、")
}
