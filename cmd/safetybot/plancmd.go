package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"

	"safetybot"
	"safetybot/plan"
	"safetybot/store"
)

const planUsage = "用法：plan export --out FILE | plan import [--dry-run] [--now] FILE"

// planCmd is `plan export` and `plan import`.
func planCmd(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("plan：请写 export（导出当前方案）或 import（导入方案文件）。%s", planUsage)
	}
	switch args[0] {
	case "export":
		return planExport(ctx, cfg, args[1:], stdout, stderr)
	case "import":
		return planImport(ctx, cfg, args[1:], stdout)
	}
	return usagef("plan：没有「%s」这个子命令，只有 export 和 import。%s", args[0], planUsage)
}

// planExport writes the loaded plan with its duties as a plan file (the
// shape plan import and SAFETYBOT_PLAN read); --out - writes to stdout.
func planExport(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("plan export", flag.ContinueOnError)
	out := fset.String("out", "", "写入的文件（- 为标准输出）")
	if err := parseFlags(fset, args, "plan export", planUsage, nil); err != nil {
		return err
	}
	if *out == "" {
		return usagef("plan export：请用 --out 写明导出到哪个文件（- 为标准输出）。%s", planUsage)
	}
	if err := checkOut("plan export", *out, "方案.json"); err != nil {
		return err
	}
	a, err := openExisting(ctx, cfg, "plan export", discardLog(), stderr)
	if err != nil {
		return err
	}
	defer a.store.Close()
	f, err := loadedPlanFile(ctx, a.store)
	if err != nil {
		return err
	}
	b, err := plan.Marshal(f)
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err = stdout.Write(b)
		return err
	}
	if err := writeShared(*out, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
		return err
	}
	start, end := f.Period()
	fmt.Fprintf(stdout, "已导出《%s》（%s 至 %s）：%d 项任务、%d 项定期职责 → %s\n", f.Title, start, end, len(f.Tasks), len(f.Duties), *out)
	return nil
}

// loadedPlanFile is the loaded plan as a plan file.
func loadedPlanFile(ctx context.Context, s *store.Store) (*safetybot.PlanFile, error) {
	p, err := s.Plan(ctx)
	if err != nil {
		return nil, err
	}
	duties, err := s.Duties(ctx)
	if err != nil {
		return nil, err
	}
	rules, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	return plan.Export(p, duties, rules), nil
}

// planImport checks a plan file, prints what it changes, archives the
// loaded plan and makes the file's plan current. A file that fails a check
// is a usage error (exit 2) naming the line and JSON path, and changes
// nothing; --dry-run only prints the changes.
func planImport(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	fset := flag.NewFlagSet("plan import", flag.ContinueOnError)
	dry := fset.Bool("dry-run", false, "只列出变化，不作改动")
	early := fset.Bool("now", false, "立即切换，即使当前方案尚未结束")
	if err := parseFlagsAndArgs(fset, args, "plan import", planUsage, nil); err != nil {
		return err
	}
	if fset.NArg() != 1 {
		return usagef("plan import：请写一个方案文件（选项写在文件名之前）。%s", planUsage)
	}
	path := fset.Arg(0)
	next, err := plan.LoadImport(path, cfg.WeComOut.webhookNames())
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usagef("方案文件 %s 不存在，未作任何改动", path)
	case safetybot.ErrorCode(err) == safetybot.EINVALID:
		if line := plainTextLine(path); line > 0 {
			return usagef("方案文件 %s 不是 JSON 格式（第 %d 行起是普通文字），未作任何改动。plan import 只读 JSON 格式的方案文件，"+
				"不读方案的正文：程序内置沁水县三年行动方案（首次运行时已载入），无需导入它的正文；要修改方案或导入下一期方案，"+
				"请先用 safetybot plan export --out 方案.json 导出当前方案作为模板，照它的格式编辑后再导入", path, line)
		}
		return usagef("方案文件 %s 有误，未作任何改动：%s", path, safetybot.ErrorMessage(err))
	case err != nil:
		return err
	}
	a, err := openApp(ctx, cfg, discardLog())
	if err != nil {
		return err
	}
	defer a.store.Close()
	now := cfg.now()
	cur, err := loadedPlanFile(ctx, a.store)
	if err != nil {
		return err
	}
	tooEarly := earlyImport(cur, next, now, *early)
	if tooEarly != nil && !*dry {
		return tooEarly
	}
	norm, sch, err := plan.Normalize(next, now)
	if err != nil {
		return usagef("方案文件 %s 有误，未作任何改动：%s", path, safetybot.ErrorMessage(err))
	}
	change := plan.Diff(cur, norm)
	cs, ce := cur.Period()
	ns, ne := norm.Period()
	fmt.Fprintf(stdout, "当前方案：《%s》（%s 至 %s），%d 项任务\n", cur.Title, cs, ce, len(cur.Tasks))
	fmt.Fprintf(stdout, "导入方案：《%s》（%s 至 %s），%d 项任务\n", norm.Title, ns, ne, len(norm.Tasks))
	if change.Same {
		fmt.Fprintln(stdout, "与当前方案相同，未作任何改动。")
		return nil
	}
	if len(next.Duties) == 0 {
		fmt.Fprintln(stdout, "文件没有 duties：使用内置的定期职责，提醒在新方案开始前已截止的不载入（如需保留，请在文件中写明 duties，可从 plan export 的结果复制）。")
	}
	fmt.Fprintln(stdout, "变化：")
	for _, l := range change.Lines {
		fmt.Fprintln(stdout, "  "+l)
	}
	orphans, err := orphanedGrants(ctx, a.store, cur, norm)
	if err != nil {
		return err
	}
	for _, l := range orphans {
		fmt.Fprintln(stdout, l)
	}
	carry, updates, err := carriedTasks(ctx, a.store, cur, norm, change.SamePeriod)
	if err != nil {
		return err
	}
	if err := keepEndReminder(ctx, a.store, sch); err != nil {
		return err
	}
	if change.SamePeriod {
		fmt.Fprintf(stdout, "期限不变，视为对当前方案的修订：编号和标题未变的 %d 项任务沿用其 %d 条进展记录。\n", len(carry), updates)
	} else {
		fmt.Fprintln(stdout, "期限不同，视为下一期方案：新方案的任务从零开始，原方案的任务和进展记录随原方案归档。")
	}
	fmt.Fprintln(stdout, "隐患台账、企业、职责完成记录、全程记录和自定义提醒全部保留。")
	if *dry {
		if tooEarly != nil {
			fmt.Fprintf(stdout, "注意：当前方案尚未结束，正式导入请在 %s 当天或之后进行（或加 --now 立即切换，当前方案随即归档）。\n", ns)
		}
		fmt.Fprintln(stdout, "（--dry-run：仅预览，未作任何改动）")
		return nil
	}
	id, err := a.store.ImportPlan(ctx, safetybot.PlanImport{Plan: &norm.Plan, Duties: sch.Duties, Rules: sch.Rules,
		Archive: cur, Carry: carry, Actor: "plan import"})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已将原方案归档为「方案%d」（其任务可发送「任务 方案%d <编号>」查看），《%s》现为当前方案。\n", id, id, norm.Title)
	fmt.Fprintln(stdout, "正在运行的 serve 立即按新方案提醒；领域和专班的变化在 serve 重启后用于隐患登记和授权。")
	return nil
}

// earlyImport refuses, unless the administrator asks with --now, a next
// plan (one starting after the current plan's last day) imported while the
// current plan still runs: importing archives the running campaign at once,
// so its tasks could take no more progress, its campaign-bound reminders
// (专班研究, 一线督导, task deadlines) would stop before its end, and its
// last weeks would be judged by the next plan. The way out is to import on
// the new plan's first day or later (the plan-end reminder says so), or
// --now to switch at once knowing that.
func earlyImport(cur, next *safetybot.PlanFile, now time.Time, force bool) error {
	_, curEnd := cur.Period()
	nextStart, _ := next.Period()
	today := safetybot.DateOf(now)
	if force || curEnd == "" || nextStart <= curEnd || today > curEnd {
		return nil
	}
	return usagef("未作任何改动：导入的方案自 %s 开始，而当前方案《%s》执行到 %s（今天 %s）。现在导入会立即归档正在执行的方案："+
		"其任务不能再记录进展，随方案结束的职责（专班研究、督导等）和任务期限提醒随即停止。请在 %s 当天或之后再导入；"+
		"确需立即切换的，加 --now（当前方案立即归档，上述提醒立即停止）",
		nextStart, safetybot.Truncate(cur.Title, 40), curEnd, today, nextStart)
}

// carriedTasks lists, for a revision of the loaded plan, the tasks whose
// number and title are unchanged, and how many updates they have.
func carriedTasks(ctx context.Context, s *store.Store, cur, next *safetybot.PlanFile, revision bool) ([]int, int, error) {
	if !revision {
		return nil, 0, nil
	}
	titles := map[int]string{}
	for _, t := range cur.Tasks {
		titles[t.No] = t.Title
	}
	loaded, err := s.Tasks(ctx)
	if err != nil {
		return nil, 0, err
	}
	counts := map[int]int{}
	for _, t := range loaded {
		counts[t.No] = t.Updates
	}
	carry, n := []int{}, 0
	for _, t := range next.Tasks {
		if title, ok := titles[t.No]; ok && strings.TrimSpace(title) == strings.TrimSpace(t.Title) {
			carry = append(carry, t.No)
			n += counts[t.No]
		}
	}
	return carry, n, nil
}

// keepEndReminder keeps the loaded plan-end reminder as it is when the new
// plan ends on the same day: its day was fixed when it was first made, and
// moving it could remind the admins twice.
func keepEndReminder(ctx context.Context, s *store.Store, sch *plan.Schedule) error {
	rules, err := s.Rules(ctx)
	if err != nil {
		return err
	}
	for i := range sch.Rules {
		r := &sch.Rules[i]
		if !strings.HasPrefix(r.Duty, plan.EndDutyKey) {
			continue
		}
		for _, old := range rules {
			if old.Name == r.Name && old.Duty == r.Duty {
				r.Spec, r.From, r.Until, r.Text = old.Spec, old.From, old.Until, old.Text
			}
		}
	}
	return nil
}

// orphanedGrants warns of staff whose grant is limited to a working group
// the new plan no longer has (qa6a #6): after the import their role covers
// no domain and no group's duties, so an administrator must grant them
// anew. Said by --dry-run too, before anything changes.
func orphanedGrants(ctx context.Context, s *store.Store, cur, next *safetybot.PlanFile) ([]string, error) {
	kept := map[string]bool{}
	for _, g := range next.Groups {
		kept[g.Key] = true
	}
	names := map[string]string{}
	for _, g := range cur.Groups {
		names[g.Key] = g.Name
	}
	grants, err := s.Grants(ctx)
	if err != nil {
		return nil, err
	}
	byGroup := map[string][]string{}
	var order []string
	for _, g := range grants {
		if g.Role != safetybot.RoleStaff || g.WorkingGroup == "" || kept[g.WorkingGroup] {
			continue
		}
		if byGroup[g.WorkingGroup] == nil {
			order = append(order, g.WorkingGroup)
		}
		byGroup[g.WorkingGroup] = append(byGroup[g.WorkingGroup], g.UserID)
	}
	var out []string
	for _, key := range order {
		name := names[key]
		if name == "" {
			name = key
		}
		ids := byGroup[key]
		out = append(out, fmt.Sprintf("注意：新方案没有「%s」，限定于该专班的工作人员 %s 导入后不能处理任何领域的隐患，也不能登记专班的职责；"+
			"请管理员重新授权，例如「授权 %s 工作人员 <新方案的专班>」或「授权 %s 工作人员」（不限专班）。",
			name, strings.Join(ids, "、"), ids[0], ids[0]))
	}
	return out, nil
}
