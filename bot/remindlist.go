package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"safetybot"
)

// maxRemindIDs bounds one 暂停/恢复/删除: a range like 1-9999 is a typo,
// not forty rules to pause.
const maxRemindIDs = 50

// remindOp is one 暂停/恢复/删除 of a message and the rules it names.
type remindOp struct {
	action string // pause, resume, delete
	ids    []int64
}

// parseRemindOps reads the words after 提醒 as one or more operations:
// 「暂停 9、10」「恢复 ９，１０」「暂停 9-12」 and 「暂停 #10，提醒 恢复 9」. Every
// word must be read, as an id, a range, 提醒 or an operation, or nothing
// is done: acting on #9 of 「暂停 9，10」 alone, and saying so as if that
// were all, left #10 running while the admin thought it paused (QA13
// item 2).
func parseRemindOps(words []string) ([]remindOp, error) {
	var ops []remindOp
	for _, w := range words {
		if w == "提醒" || w == "remind" {
			continue
		}
		if a := remindActions[strings.ToLower(w)]; a != "" {
			if a != "pause" && a != "resume" && a != "delete" {
				return nil, fmt.Errorf("「%s」只能单独发送，不能与暂停、恢复、删除写在同一条消息里，本条消息未执行任何操作", safetybot.Truncate(w, 10))
			}
			if len(ops) > 0 && len(ops[len(ops)-1].ids) == 0 {
				return nil, fmt.Errorf("「%s」前面的操作没有写提醒编号，本条消息未执行任何操作", safetybot.Truncate(w, 10))
			}
			ops = append(ops, remindOp{action: a})
			continue
		}
		if len(ops) == 0 {
			return nil, fmt.Errorf("看不懂「%s」", safetybot.Truncate(w, 10))
		}
		for _, part := range strings.FieldsFunc(w, func(r rune) bool { return strings.ContainsRune(",，、;；和及", r) }) {
			ids, err := remindIDs(part)
			if err != nil {
				return nil, err
			}
			op := &ops[len(ops)-1]
			for _, id := range ids {
				if !slices.Contains(op.ids, id) {
					op.ids = append(op.ids, id)
				}
			}
			if len(op.ids) > maxRemindIDs {
				return nil, fmt.Errorf("一次最多操作 %d 条提醒，本条消息未执行任何操作", maxRemindIDs)
			}
		}
	}
	if len(ops) == 0 || len(ops[len(ops)-1].ids) == 0 {
		return nil, fmt.Errorf("请写明提醒编号，例如「提醒 暂停 12」或「提醒 暂停 9、10」")
	}
	return ops, nil
}

// remindIDs reads one id (9, #9, 9号) or a range (9-12, 9～12, 9至12).
func remindIDs(s string) ([]int64, error) {
	bad := fmt.Errorf("提醒编号「%s」应为数字（可写多个，如「9、10」或「9-12」），本条消息未执行任何操作", safetybot.Truncate(s, 10))
	num := func(p string) (int64, bool) {
		p = strings.TrimSuffix(strings.TrimLeft(p, "#＃第"), "号")
		n, err := strconv.ParseInt(p, 10, 64)
		return n, err == nil && n > 0
	}
	if n, ok := num(s); ok {
		return []int64{n}, nil
	}
	for _, sep := range []string{"-", "~", "～", "—", "至", "到"} {
		lo, hi, found := strings.Cut(s, sep)
		if !found {
			continue
		}
		a, okA := num(lo)
		b, okB := num(hi)
		if !okA || !okB || b < a {
			return nil, bad
		}
		if b-a >= maxRemindIDs {
			return nil, fmt.Errorf("一次最多操作 %d 条提醒（「%s」），本条消息未执行任何操作", maxRemindIDs, safetybot.Truncate(s, 12))
		}
		var out []int64
		for n := a; n <= b; n++ {
			out = append(out, n)
		}
		return out, nil
	}
	return nil, bad
}

// runRemindOps pauses, resumes or deletes every rule ops name, in order,
// and names each in the reply, with those it could not act on and why. One
// rule alone keeps the reply (and the error) it always had.
func (e *Engine) runRemindOps(ctx context.Context, ops []remindOp) (string, error) {
	if len(ops) == 1 && len(ops[0].ids) == 1 {
		rule, err := e.applyRemind(ctx, ops[0].action, ops[0].ids[0])
		if err != nil {
			return "", err
		}
		switch ops[0].action {
		case "pause":
			return fmt.Sprintf("已暂停提醒 #%d %s。恢复请发送「提醒 恢复 %d」。", rule.ID, rule.Name, rule.ID), nil
		case "resume":
			return fmt.Sprintf("已恢复提醒 #%d %s，下次：%s（暂停期间的提醒不补发）。", rule.ID, rule.Name, e.nextText(rule)), nil
		}
		return fmt.Sprintf("已删除提醒 #%d %s。", rule.ID, rule.Name), nil
	}
	var parts []string
	for _, op := range ops {
		var done, failed, doneIDs []string
		for _, id := range op.ids {
			rule, err := e.applyRemind(ctx, op.action, id)
			if err != nil {
				if safetybot.ErrorCode(err) == safetybot.EINTERNAL {
					return "", err
				}
				failed = append(failed, fmt.Sprintf("#%d：%s", id, safetybot.ErrorMessage(err)))
				continue
			}
			line := fmt.Sprintf("#%d %s", rule.ID, rule.Name)
			if op.action == "resume" {
				line += "，下次：" + e.nextText(rule)
			}
			done = append(done, line)
			doneIDs = append(doneIDs, strconv.FormatInt(rule.ID, 10))
		}
		verb := map[string]string{"pause": "暂停", "resume": "恢复", "delete": "删除"}[op.action]
		var b strings.Builder
		if len(done) > 0 {
			fmt.Fprintf(&b, "已%s提醒 %d 条：\n%s", verb, len(done), strings.Join(done, "\n"))
			switch op.action {
			case "pause":
				fmt.Fprintf(&b, "\n恢复请发送「提醒 恢复 %s」。", strings.Join(doneIDs, "、"))
			case "resume":
				b.WriteString("\n暂停期间的提醒不补发。")
			}
		}
		if len(failed) > 0 {
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "未能%s %d 条：\n%s", verb, len(failed), strings.Join(failed, "\n"))
		}
		parts = append(parts, b.String())
	}
	return strings.Join(parts, "\n\n"), nil
}

// applyRemind pauses, resumes or deletes rule id.
func (e *Engine) applyRemind(ctx context.Context, action string, id int64) (*safetybot.Rule, error) {
	if action == "delete" {
		return e.store.DeleteRule(ctx, id)
	}
	return e.store.SetRulePaused(ctx, id, action == "pause")
}
