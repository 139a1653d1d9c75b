package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"safetybot"
)

func (e *Engine) taskCommands() []*command {
	return []*command{
		{verb: "任务", alias: "task", perm: permStaff, usage: "任务 [任务编号] / 任务 [专班] [状态] / 任务 方案1 [任务编号]",
			summary: "查看方案任务的进度，或一项任务及其进展记录；专班（城市客运）、状态（逾期、进行中、已完成、未开始、未完成）筛选任务；方案1、年份查看历史方案的任务", run: e.showTasks},
		{verb: "进展", alias: "progress", perm: permStaff, fields: fields("完成度", "完成"),
			usage:   "进展 <任务编号> <说明> [完成度:60%]",
			summary: "记录任务进展", run: e.taskProgress,
			longHint: "可分多次发送「进展 <任务编号> <说明>」。"},
	}
}

func (e *Engine) showTasks(ctx context.Context, r *request) (string, error) {
	if reply, ok, err := e.archivedTasks(ctx, r); ok {
		return reply, err
	}
	if req, ok := e.progressAsTask(r); ok {
		return e.taskProgress(ctx, req)
	}
	today := e.today()
	_, end, _, err := e.endedPlan(ctx, e.now())
	if err != nil {
		return "", err
	}
	if len(r.args.Words) > 0 {
		w := r.args.Words[0]
		no, _, isNo := leadingTaskNo(w)
		if !isNo && safetybot.AllDigits(w) { // 任务 0
			return "", r.usageError(fmt.Sprintf("「%s」不是任务编号，请写 1–%d 的数字，例如 20。", safetybot.Truncate(w, 20), len(e.plan.Tasks)))
		}
		if !isNo {
			f, err := e.readTaskFilter(r)
			if err != nil {
				return "", err
			}
			return e.filteredTasks(ctx, f, end)
		}
		t, ups, err := e.store.Task(ctx, no)
		if err != nil {
			return "", err
		}
		var b strings.Builder
		fmt.Fprintf(&b, "任务 %d：%s\n状态：%s，完成度 %d%%｜牵头：%s\n", t.No, t.Title, e.taskStates([]*safetybot.Task{t}, today, end)[0], t.Progress, e.ownerName(t.Owner))
		fmt.Fprintf(&b, "所属行动：%s\n", e.actionTitle(t.Action))
		for _, d := range t.Deadlines {
			mark := ""
			if d.Due < today && t.Progress < 100 {
				mark = "（已过期限）"
			}
			fmt.Fprintf(&b, "期限 %s%s：%s\n", d.Due, mark, d.What)
		}
		fmt.Fprintf(&b, "要求：%s\n", safetybot.Truncate(t.Text, 160))
		if len(ups) == 0 {
			fmt.Fprintf(&b, "暂无进展记录。发送「进展 %d <说明> 完成度:…%%」记录。", t.No)
		} else {
			b.WriteString("进展：")
			for _, u := range ups {
				note := u.TrailNote()
				if note == "" {
					note = "（未写说明）"
				}
				fmt.Fprintf(&b, "\n%s %s：%s", u.At.Format("2006-01-02"), e.name(ctx, u.Actor), note)
				if u.Progress >= 0 {
					fmt.Fprintf(&b, "（%d%%）", u.Progress)
				}
			}
		}
		return b.String(), nil
	}
	tasks, err := e.store.Tasks(ctx)
	if err != nil {
		return "", err
	}
	counts := map[string]int{}
	states := e.taskStates(tasks, today, end)
	var b strings.Builder
	for i, t := range tasks {
		st := states[i]
		counts[st]++
		fmt.Fprintf(&b, "%d %s｜%s %d%%\n", t.No, safetybot.Truncate(t.Title, 14), st, t.Progress)
	}
	head := fmt.Sprintf("方案任务 %d 项：%s。发送「任务 <编号>」查看详情。\n", len(tasks), taskCounts(counts))
	return head + strings.TrimRight(b.String(), "\n"), nil
}

// taskCounts is "已完成 3，进行中 5，已逾期 1，未开始 2", with 期限已过（启用前）
// only when some task is in that state.
func taskCounts(counts map[string]int) string {
	s := fmt.Sprintf("已完成 %d，进行中 %d，已逾期 %d，未开始 %d", counts[safetybot.TaskDone], counts[safetybot.TaskInProgress],
		counts[safetybot.TaskBehind], counts[safetybot.TaskNotStarted])
	if n := counts[safetybot.TaskPreStart]; n > 0 {
		s += fmt.Sprintf("，期限已过（启用前）%d", n)
	}
	return s
}

// sinceDay is the first day the system holds a record of (store.Since),
// for task states: a deadline before it is not a failure the system saw.
// "" when it cannot be read (every passed deadline then counts as behind).
func (e *Engine) sinceDay() safetybot.Date {
	d, err := e.store.Since(context.Background())
	if err != nil {
		return ""
	}
	return d
}

func (e *Engine) ownerName(key string) string {
	for _, g := range e.plan.Groups {
		if g.Key == key {
			return g.Name
		}
	}
	return "领导组办公室"
}

func (e *Engine) actionTitle(no int) string {
	for _, a := range e.plan.Actions {
		if a.No == no {
			return fmt.Sprintf("（%d）%s", a.No, a.Title)
		}
	}
	return strconv.Itoa(no)
}

// archivedProgress refuses 进展 方案N …: an archived plan is the record of
// a plan whose period is over (plan import refuses to archive a plan before
// its last day unless told --now), so its tasks take no more progress. The
// reply says where the record can go instead.
func (e *Engine) archivedProgress(ctx context.Context, r *request, w string) error {
	id, ok := versionRef(w)
	if !ok {
		return r.usageError(fmt.Sprintf("「%s」不是历史方案的编号，例如 方案1。", safetybot.Truncate(w, 20)))
	}
	f, _, err := e.store.ArchivedPlan(ctx, id)
	if err != nil {
		return err
	}
	_, end := f.Period()
	return safetybot.Errorf(safetybot.EINVALID, "方案%d《%s》已归档（只读，期限至 %s），不能再记录任务进展。"+
		"发送「任务 方案%d <编号>」查看其任务；方案期内的工作情况请写入当前方案相应任务的进展（「进展 <任务编号> <说明>」），"+
		"或写入年度总结。", id, safetybot.Truncate(f.Title, 30), end, id)
}

// progressAsTask reads 任务进展 22 …, 任务进展22 …, 任务 22进展 … as
// 进展 (QA6c item 10: they were refused as task numbers): the request
// again, as 进展 reads it.
func (e *Engine) progressAsTask(r *request) (*request, bool) {
	if len(r.args.Words) == 0 {
		return nil, false
	}
	w := r.args.Words[0]
	num, ok := strings.CutSuffix(w, "进展")
	if !ok {
		num, ok = strings.CutPrefix(w, "进展")
	}
	if !ok || !strings.HasPrefix(r.rest, w) {
		return nil, false
	}
	if num != "" {
		if _, _, isNo := leadingTaskNo(num); !isNo {
			return nil, false
		}
	}
	cmd := e.byVerb["进展"]
	rest := strings.TrimSpace(num + " " + strings.TrimSpace(r.rest[len(w):]))
	return &request{msg: r.msg, user: r.user, args: readArgs(rest, cmd.fields, e.now()), cmd: cmd, rest: rest}, true
}
