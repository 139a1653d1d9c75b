package bot

import (
	"context"
	"time"

	"safetybot"
)

// An ended plan is read-only, as an archived one is (QA6c items 1 and 9):
// once the current plan's last day has passed, 进展 on its tasks and 完成
// of the duties that end with it are refused. The period's final documents
// (全面总结, 自查自评) are figures "截至" that last day and are handed in;
// a record typed later would change them, and a task or duty has no
// deadline left to work towards. Refused rather than kept as a late
// backfill: a backfill that leaves the documents alone would need every
// document to read progress as of a day, and work done after the period
// belongs to the next plan's tasks or to the annual summary. Work done
// within the period can still be backfilled with 日期: (完成, 议题, 检查). A completion typed wrongly within
// the period is put right with 进展 N 更正 (lateCorrection).

// endedPlan is the current plan and its last day when that day is before
// today; ok is false while the plan runs (or has no period).
func (e *Engine) endedPlan(ctx context.Context, day time.Time) (p *safetybot.Plan, end safetybot.Date, ok bool, err error) {
	p, err = e.store.Plan(ctx)
	if err != nil {
		return nil, "", false, err
	}
	_, end = p.Period()
	return p, end, end != "" && safetybot.DateOf(day) > end, nil
}

// endedProgressError refuses 进展 on task no of plan p, ended on end,
// saying where the record can go instead, and how a figure typed wrongly
// within the period is corrected.
func endedProgressError(p *safetybot.Plan, end safetybot.Date, no int) error {
	return safetybot.Errorf(safetybot.EINVALID, "方案《%s》已于 %s 结束，其任务不再记录进展（期末统计截至 %s，已形成的总结和自查自评不随之改变）。"+
		"方案结束后的工作请在导入下一期方案后记入新方案的任务，或写入年度总结；发送「任务 %d」可查看该任务截至期末的记录。"+
		"期内登记的完成度有误的，由登记人或管理员发送「进展 %d 更正 完成度:…%%」更正。",
		safetybot.Truncate(p.Title, 30), end, end, no, no)
}

// lateFix is a 进展 更正 accepted after the plan's end, with the task it
// corrects as lateCorrection read it, so taskProgress does not read it again.
type lateFix struct {
	plan *safetybot.Plan
	end  safetybot.Date
	task *safetybot.Task
}

// lateCorrection lets a completion typed wrongly within the period be
// corrected after the plan has ended (QA7a item 7: a 100% typed on the
// last day at 23:58 could not be put right the next morning, though the
// bot's own warning said to send 更正, and the typo stayed in the final
// documents). Only a 进展 that starts with 更正 is, and only by whoever
// typed the figure it corrects, or an admin: a correction, not new work
// after the period, which stays refused. nil while the plan runs.
func (e *Engine) lateCorrection(ctx context.Context, r *request, no int, fix bool) (*lateFix, error) {
	p, end, ended, err := e.endedPlan(ctx, e.now())
	if err != nil || !ended {
		return nil, err
	}
	if !fix {
		return nil, endedProgressError(p, end, no)
	}
	t, ups, err := e.store.Task(ctx, no)
	if err != nil {
		return nil, err
	}
	var last *safetybot.TaskUpdate
	for i := range ups {
		if ups[i].Progress >= 0 {
			last = &ups[i]
		}
	}
	if last == nil {
		return nil, safetybot.Errorf(safetybot.EINVALID, "方案《%s》已于 %s 结束；任务 %d 在方案期内没有登记过完成度，没有可更正的，未作记录。",
			safetybot.Truncate(p.Title, 30), end, no)
	}
	if last.Actor != r.user.ID && !r.user.Has(safetybot.RoleAdmin) {
		return nil, safetybot.Errorf(safetybot.EFORBIDDEN, "方案《%s》已于 %s 结束；任务 %d 的完成度 %d%% 是 %s 于 %s 登记的，只有登记人或管理员可以更正，未作记录。",
			safetybot.Truncate(p.Title, 30), end, no, last.Progress, e.name(ctx, last.Actor), safetybot.DateOf(last.At))
	}
	return &lateFix{plan: p, end: end, task: t}, nil
}

// endedDuty refuses 完成 of duty d for day once the current plan has ended
// before day and d ended with it (not a standing duty): its reminders have
// stopped and there is no period of it left to be done in.
func (e *Engine) endedDuty(ctx context.Context, d safetybot.Duty, day time.Time) error {
	if d.Standing {
		return nil
	}
	p, end, ended, err := e.endedPlan(ctx, day)
	if err != nil || !ended {
		return err
	}
	return safetybot.Errorf(safetybot.EINVALID, "「%s」随方案《%s》于 %s 结束，此后不再登记完成。"+
		"方案期内做过的，请加「日期:YYYY-MM-DD」补记（不晚于 %s）；发送「完成」查看现在仍需登记的职责。",
		d.Name, safetybot.Truncate(p.Title, 30), end, end)
}

// taskStates are the states of tasks, judged on asOf, of a plan whose last
// day is end, counted as the period's documents count them: once end has
// passed, a task unfinished at it is 已逾期 (safetybot.JudgeTasks), so 方案
// and 任务 agree with 全面总结 and 自查自评 (QA7a item 8: 方案 said 已逾期 0
// of an ended plan with 28 tasks unfinished).
func (e *Engine) taskStates(tasks []*safetybot.Task, asOf, end safetybot.Date) []string {
	judged, day := safetybot.JudgeTasks(tasks, asOf, end, end != "" && e.today() > end)
	since := e.sinceDay()
	out := make([]string, len(judged))
	for i, t := range judged {
		out[i] = t.TaskStatus(day, since)
	}
	return out
}
