package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"safetybot"
)

// taskFilter is what 任务 lists when it is given words, not a task number:
// the tasks a 专班 (or the office) leads, in a state, or both (任务 逾期,
// 任务 城市客运, 任务 专班:道路（水上）运输 进行中). QA16 #2: they were
// refused with 「请写数字」, and there was no way to list a group's tasks.
type taskFilter struct {
	owners []string // task owners (group keys, officeOwner); none: any
	states []string // task states (safetybot.Task*), none: any
	undone bool     // 未完成: any state but 已完成
	said   []string // what was read, as the reply names it
}

// officeOwner stands for the tasks the plan gives no working group: the
// office (领导组办公室) leads them.
const officeOwner = "office"

// taskStateWords are the states staff type after 任务, and the state each
// lists; 未完成 is read apart (taskFilter.undone).
var taskStateWords = map[string]string{
	"逾期": safetybot.TaskBehind, "已逾期": safetybot.TaskBehind, "超期": safetybot.TaskBehind, "逾期未完成": safetybot.TaskBehind,
	"进行中": safetybot.TaskInProgress, "推进中": safetybot.TaskInProgress,
	"已完成": safetybot.TaskDone, "完成": safetybot.TaskDone,
	"未开始":  safetybot.TaskNotStarted,
	"期限已过": safetybot.TaskPreStart, "期限已过（启用前）": safetybot.TaskPreStart, "期限已过(启用前)": safetybot.TaskPreStart,
	"启用前": safetybot.TaskPreStart,
}

// readTaskFilter reads the words of 任务 as a filter: a state word, a
// 专班 by any name 授权 reads (parseGroup: 城市客运, 城市客运专班,
// 道路（水上）运输, a domain it covers: 道路运输), written alone or after
// 专班:/牵头:/状态:, and 办公室 for the office's tasks. What it cannot
// read is refused by name, with what it did read, rather than listing
// more or fewer tasks than were asked for.
func (e *Engine) readTaskFilter(r *request) (taskFilter, error) {
	var f taskFilter
	var unread []string
	for _, w := range r.args.Words {
		key, v, _ := cutKey(w)
		switch st, isState := taskStateWords[v]; {
		case v == "专班" || v == "" || v == "的":
		case key != "专班" && (isState || v == "未完成"):
			if v == "未完成" {
				f.undone = true
			} else {
				f.states = append(f.states, st)
			}
			f.said = append(f.said, v)
		case key == "状态":
			unread = append(unread, typedAs(r.msg.Text, w))
		case v == "办公室" || v == "领导组办公室" || v == "局机关":
			f.owners = append(f.owners, officeOwner)
			f.said = append(f.said, "领导组办公室牵头")
		default:
			g, err := e.parseGroup(v)
			if err != nil {
				unread = append(unread, typedAs(r.msg.Text, w))
				continue
			}
			f.owners = append(f.owners, g)
			f.said = append(f.said, e.groupName(g)+"牵头")
		}
	}
	if len(unread) == 0 {
		return f, nil
	}
	read := ""
	if len(f.said) > 0 {
		read = "已读懂：" + strings.Join(f.said, "、") + "；"
	}
	return f, safetybot.Errorf(safetybot.EINVALID, "%s未能识别「%s」，没有列出任务。「任务」后面可写任务编号（任务 6）、牵头专班（任务 城市客运、任务 道路（水上）运输、任务 办公室）"+
		"或状态（进行中、已完成、未开始、逾期、期限已过、未完成），也可组合（任务 道路运输 逾期）；发送「任务」查看全部任务。",
		read, strings.Join(unread, "」「"))
}

// cutKey splits 专班:城市客运 (either colon) into its key and value; the
// keys are 专班 (also written 牵头, 牵头专班) and 状态.
func cutKey(w string) (key, value string, ok bool) {
	for _, colon := range []string{":", "："} {
		k, v, found := strings.Cut(w, colon)
		if !found {
			continue
		}
		switch k {
		case "专班", "牵头", "牵头专班":
			return "专班", v, true
		case "状态":
			return "状态", v, true
		}
	}
	return "", w, false
}

// match reports whether task t, in state st, is one f lists.
func (f taskFilter) match(t *safetybot.Task, st string) bool {
	owner := t.Owner
	if owner == "" {
		owner = officeOwner
	}
	if len(f.owners) > 0 && !slices.Contains(f.owners, owner) {
		return false
	}
	if f.undone && st == safetybot.TaskDone {
		return false
	}
	if st == safetybot.TaskPreStart && slices.Contains(f.states, safetybot.TaskBehind) {
		return true // see preStartNote
	}
	return len(f.states) == 0 || slices.Contains(f.states, st)
}

// preStartNote is what a list of overdue tasks says of the tasks in it
// whose deadlines passed before the system started (期限已过（启用前）): 逾期
// lists them too, since they are past their deadline unfinished, but the
// summaries count them apart, and the reply says so. QA17 #3: 任务 逾期
// answered 「没有逾期的任务」 while 7 tasks were past their deadline at 0%,
// a false all-clear to a leader.
func preStartNote(f taskFilter, n int) string {
	if n == 0 || !slices.Contains(f.states, safetybot.TaskBehind) {
		return ""
	}
	return fmt.Sprintf("其中 %d 项期限在系统启用前已过、尚无进展，标为「期限已过（启用前）」，请报进展；发送「任务 期限已过」只列这些任务。", n)
}

// filteredTasks is the reply to 任务 with a filter: the tasks it matches,
// in plan order, as the whole list shows them.
func (e *Engine) filteredTasks(ctx context.Context, f taskFilter, end safetybot.Date) (string, error) {
	tasks, err := e.store.Tasks(ctx)
	if err != nil {
		return "", err
	}
	states := e.taskStates(tasks, e.today(), end)
	var b strings.Builder
	n, pre := 0, 0
	for i, t := range tasks {
		if f.match(t, states[i]) {
			n++
			if states[i] == safetybot.TaskPreStart {
				pre++
			}
			fmt.Fprintf(&b, "\n%d %s｜%s %d%%", t.No, safetybot.Truncate(t.Title, 14), states[i], t.Progress)
		}
	}
	what := strings.Join(f.said, "、")
	if n == 0 {
		return fmt.Sprintf("没有%s的任务（方案任务共 %d 项）。发送「任务」查看全部任务。", what, len(tasks)), nil
	}
	return fmt.Sprintf("%s的任务 %d 项（方案任务共 %d 项）。%s发送「任务 <编号>」查看详情。%s", what, n, len(tasks), preStartNote(f, pre), b.String()), nil
}
