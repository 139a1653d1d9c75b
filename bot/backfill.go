package bot

import (
	"context"
	"fmt"
	"time"

	"safetybot"
	"safetybot/plan"
)

// doneOn is the day a duty recorded by 议题, 完成 or 检查 was done: today,
// or the day its 日期 field gives (issue 11 §4: 议题 日期:2026-10-28 …,
// 完成 专班研究 日期:…, 检查 <单位> 日期:…). A day before today is a
// backfill (补记): the record carries it (DutyRecord.On) and counts for that
// day's period. The day is refused, with the reason, when it cannot be read,
// lies in the future, or lies before the plan began (the start of its first
// phase: nothing of the plan was due before it). Without 日期, a date in
// note (contentDate) is not read but told of in notice, with what (会议,
// 检查) it might be the day of and undo, the command that takes today's
// record back.
func (e *Engine) doneOn(ctx context.Context, r *request, note, what, undo string) (day time.Time, on safetybot.Date, notice string, err error) {
	now := e.now()
	today := safetybot.DateOf(now)
	v, ok := r.args.Fields["日期"]
	if !ok {
		return now, "", contentDateNotice(pastContentDate(note, now), today, what, undo), nil
	}
	d, err := backfillDate(v, now)
	if err != nil {
		return time.Time{}, "", "", r.usageError(fmt.Sprintf("日期「%s」读不懂，请写成 2026-10-28、10月28日、昨天或上周五。", safetybot.Truncate(v, 20)))
	}
	if d > today {
		return time.Time{}, "", "", r.usageError(fmt.Sprintf("日期 %s 还没到（今天是 %s）。补记只能登记已经做过的事；事先安排的请到时再登记。", d, today))
	}
	start, err := e.firstPlanStart(ctx)
	if err != nil {
		return time.Time{}, "", "", err
	}
	if start != "" && d < start {
		return time.Time{}, "", "", r.usageError(fmt.Sprintf("日期 %s 早于方案开始（%s），不能补记。请检查年份。", d, start))
	}
	if d == today {
		return now, "", "", nil
	}
	t, err := d.Time()
	if err != nil {
		return time.Time{}, "", "", err
	}
	return t.Add(12 * time.Hour), d, "", nil
}

// firstPlanStart is the earliest first day of the current and the archived
// plans: a duty done under an archived plan (the 2026 topic after the 2027
// plan was imported) is still backfilled, so only a date before every plan
// is refused.
func (e *Engine) firstPlanStart(ctx context.Context) (safetybot.Date, error) {
	p, err := e.store.Plan(ctx)
	if err != nil {
		return "", err
	}
	start, _ := p.Period()
	vs, err := e.store.PlanVersions(ctx)
	if err != nil {
		return "", err
	}
	for _, v := range vs {
		if v.Start != "" && (start == "" || v.Start < start) {
			start = v.Start
		}
	}
	return start, nil
}

// withArchivedDuties adds to the current plan's duties those of the
// archived plan that was in force on day, when the current plan was not
// (QA 11b §1): after the 2027 plan was imported, the campaign's 专班研究 of
// November 2026 is still recorded against the campaign's duty. The plan in
// force on a day is the newest one whose period includes it and that was
// imported by then (or, when none was, the newest whose period includes
// it): a revision of the same period takes over from the day it is
// imported, so a duty it removed is no longer recorded for today (QA2 item
// 4: 完成 一线督导 was, from the revised plan's archive), while a day
// before the revision is still backfilled against the plan of that day.
// A plan is imported when the one before it is archived; the first was
// loaded before anything was recorded.
func (e *Engine) withArchivedDuties(ctx context.Context, duties []safetybot.Duty, day time.Time) ([]safetybot.Duty, error) {
	vs, err := e.store.PlanVersions(ctx)
	if err != nil || len(vs) == 0 {
		return duties, err
	}
	p, err := e.store.Plan(ctx)
	if err != nil {
		return nil, err
	}
	v := inForce(vs, p, safetybot.DateOf(day))
	if v == nil {
		return duties, nil
	}
	f, _, err := e.store.ArchivedPlan(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, d := range duties {
		have[d.Key] = true
	}
	out := duties
	for _, d := range f.Duties {
		if !have[d.Key] && d.TaskNo == 0 {
			have[d.Key] = true
			out = append(out, d)
		}
	}
	return out, nil
}

// inForce is the archived version among vs (oldest first, the current
// plan cur imported when the last was archived) that was in force on
// date, as withArchivedDuties says; nil when the current plan was, or no
// plan's period includes date.
func inForce(vs []safetybot.PlanVersion, cur *safetybot.Plan, date safetybot.Date) *safetybot.PlanVersion {
	covers := func(start, end safetybot.Date) bool { return start != "" && end != "" && start <= date && date <= end }
	// imported is the day version i (len(vs): the current plan) was
	// imported; "" for the first.
	imported := func(i int) safetybot.Date {
		if i == 0 {
			return ""
		}
		return safetybot.DateOf(vs[i-1].ArchivedAt)
	}
	start, end := cur.Period()
	newest := -1 // the newest version covering date; len(vs): the current plan
	if covers(start, end) {
		newest = len(vs)
		if imported(len(vs)) <= date {
			return nil
		}
	}
	for i := len(vs) - 1; i >= 0; i-- {
		if !covers(vs[i].Start, vs[i].End) {
			continue
		}
		if imported(i) <= date {
			return &vs[i]
		}
		if newest < 0 {
			newest = i
		}
	}
	if newest < 0 || newest == len(vs) {
		return nil
	}
	return &vs[newest]
}

// removedDuty explains, when words name no duty of the plan in force, a
// duty they name that the plan had until a revision or the next plan left
// it out (QA2 item 4): when, which archived plan had it, and that a day
// before is still backfilled. nil when no archived plan had such a duty.
func (e *Engine) removedDuty(ctx context.Context, words []string, u safetybot.User, current []safetybot.Duty) error {
	vs, err := e.store.PlanVersions(ctx)
	if err != nil {
		return err
	}
	p, err := e.store.Plan(ctx)
	if err != nil {
		return err
	}
	for i := len(vs) - 1; i >= 0; i-- {
		f, _, err := e.store.ArchivedPlan(ctx, vs[i].ID)
		if err != nil {
			return err
		}
		var own []safetybot.Duty
		for _, d := range f.Duties {
			if d.TaskNo == 0 && !plan.Derived(&d) {
				own = append(own, d)
			}
		}
		cands, _ := dutyCandidates(own, words, u, e.dutyGroup)
		if len(cands) != 1 {
			continue
		}
		d := cands[0]
		how := "导入下一期方案时不再包含这项职责"
		nextStart, nextEnd := p.Period()
		if i+1 < len(vs) {
			nextStart, nextEnd = vs[i+1].Start, vs[i+1].End
		}
		if nextStart == vs[i].Start && nextEnd == vs[i].End {
			how = "导入的方案修订已删除这项职责"
		}
		return safetybot.Errorf(safetybot.EINVALID, "方案中没有「%s」这项职责：%s %s（原方案已归档为「方案%d」，发送「方案 方案%d」查看），未作登记。"+
			"此前做过的，可加「日期:」补记到当时。当前可登记：%s。",
			d.Name, vs[i].ArchivedAt.In(safetybot.Shanghai).Format("2006-01-02 15:04"), how, vs[i].ID, vs[i].ID, dutyNames(current))
	}
	return nil
}

// backfillNote is what a reply and the history say of a backfilled record:
// "（补记，实际日期 2026-10-28）"; "" for one recorded on the day.
func backfillNote(on safetybot.Date) string {
	if on == "" {
		return ""
	}
	return "（补记，实际日期 " + string(on) + "）"
}

// termText is what 提醒 shows of a rule's term on day today: "｜常态化", or
// "｜方案期内（至 2026-12-31）" for a campaign-bound duty's rule, "" for the
// system's and administrators' rules. A campaign-bound rule of a plan not
// yet begun (imported early with --now) says when it starts:
// "｜方案期内（2027-01-01 至 2027-12-31）".
func termText(r *safetybot.Rule, today safetybot.Date) string {
	switch r.Term {
	case safetybot.TermStanding:
		return "｜常态化"
	case safetybot.TermCampaign:
		if r.From > today && r.Until != "" {
			return "｜方案期内（" + string(r.From) + " 至 " + string(r.Until) + "）"
		}
		if r.Until != "" {
			return "｜方案期内（至 " + string(r.Until) + "）"
		}
		return "｜方案期内"
	}
	return ""
}

// campaignOver reports whether d is a campaign-bound duty and the plan has
// ended by now, so 完成 no longer lists it.
func (e *Engine) campaignOver(ctx context.Context, d safetybot.Duty, now time.Time) bool {
	if d.Standing {
		return false
	}
	p, err := e.store.Plan(ctx)
	if err != nil {
		return false
	}
	_, end := p.Period()
	return end != "" && safetybot.DateOf(now) > end
}

// backfilledMark is what the 完成 list shows of a period done only by a
// backfill: "补记 2026-10-28"; "" otherwise.
func (e *Engine) backfilledMark(ctx context.Context, duty, period string) string {
	recs, err := e.store.DutyRecords(ctx, duty, period)
	if err != nil || len(recs) == 0 {
		return ""
	}
	last := recs[len(recs)-1]
	if !last.Backfilled() {
		return ""
	}
	return "补记 " + string(last.On)
}
