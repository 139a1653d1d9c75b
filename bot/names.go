package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"safetybot"
)

// People are shown by name (issue 13 §2): e.name at every place a reply or
// a notification shows a userid. The directory prefers a name an admin set
// with 姓名, then the WeCom address book, then the userid. The sender of an
// anonymous report is never looked up: tips carry no userid past the desk.

// name is how userID is shown: the person's name, or the userid when none
// is known; "" stays "".
func (e *Engine) name(ctx context.Context, userID string) string {
	return e.dir.Name(ctx, userID)
}

// nameID shows 名字（userid）, for lists where the account matters too.
func (e *Engine) nameID(ctx context.Context, userID string) string {
	return safetybot.NameWithID(ctx, e.dir, userID)
}

// maxNameRunes bounds a name set with 姓名.
const maxNameRunes = 32

func (e *Engine) nameCommand() *command {
	return &command{verb: "姓名", alias: "name", perm: permAdmin, usage: "姓名 <userid> <名字>｜姓名 <userid> 清除",
		summary: "设置人员显示的姓名（应用无权读取通讯录时使用，优先于通讯录）；不带参数列出已设置的姓名", run: e.setName}
}

func (e *Engine) setName(ctx context.Context, r *request) (string, error) {
	if len(r.args.Words) == 0 {
		return e.listNames(ctx)
	}
	if err := staffListNotName(r.rest); err != nil {
		return "", err
	}
	r.args.personArg(0)
	who, err := e.resolvePerson(ctx, r.args.Words[0], false)
	if err != nil {
		return "", err
	}
	id := who.ID
	name := strings.TrimSpace(r.args.rest(1))
	if name == "" {
		return "", r.usageError(fmt.Sprintf("请写明 %s 的名字，例如「姓名 %s 张三」。", id, id))
	}
	if name == "清除" || name == "删除" || strings.EqualFold(name, "clear") {
		p, ok, err := e.store.PersonName(ctx, id)
		if err != nil {
			return "", err
		}
		if !ok || p.Set == "" {
			return fmt.Sprintf("%s 没有设置过姓名，无需清除；现在显示为「%s」。", id, e.name(ctx, id)), nil
		}
		if err := e.store.SetName(ctx, id, "", r.user.ID); err != nil {
			return "", err
		}
		return withNote(fmt.Sprintf("已清除 %s 的姓名设置，今后显示为「%s」（通讯录中的名字，读不到时为账号）。", id, e.name(ctx, id)), who.Note), nil
	}
	if problem := badName(name); problem != "" {
		return "", r.usageError(problem)
	}
	namesakes, err := e.store.UserIDsNamed(ctx, name)
	if err != nil {
		return "", err
	}
	if err := e.store.SetName(ctx, id, name, r.user.ID); err != nil {
		return "", err
	}
	reply := fmt.Sprintf("已设置：%s 显示为「%s」。发送「姓名」查看已设置的姓名，「姓名 %s 清除」恢复通讯录中的名字。", id, name, id)
	return withNote(reply, who.Note, e.namesakeNote(ctx, id, name, namesakes)), nil
}

// namesakeNote warns that others are shown by the name just set to id
// (qa6a #8): 摘要, notifications and most replies show the name alone,
// where two colleagues called 王强 cannot be told apart. Two people may
// share a name, so it is a warning, not a refusal.
func (e *Engine) namesakeNote(ctx context.Context, id, name string, namesakes []string) string {
	var others []string
	for _, o := range namesakes {
		if o != id {
			others = append(others, o)
		}
	}
	if len(others) == 0 {
		return ""
	}
	return fmt.Sprintf("注意：%s 也显示为「%s」，摘要和通知中只显示姓名时将无法区分。如是两人，建议加以区分，例如「姓名 %s %s（科室）」。",
		strings.Join(others, "、"), name, id, name)
}

// badName says what is wrong with a name to set, or "".
func badName(name string) string {
	if n := utf8.RuneCountInString(name); n > maxNameRunes {
		return fmt.Sprintf("名字过长（%d 字），最多 %d 字。", n, maxNameRunes)
	}
	for _, c := range name {
		if unicode.IsControl(c) || c == '\n' {
			return "名字不能包含换行或控制字符。"
		}
	}
	return ""
}

func (e *Engine) listNames(ctx context.Context) (string, error) {
	ps, err := e.store.SetNames(ctx)
	if err != nil {
		return "", err
	}
	if len(ps) == 0 {
		return "尚未设置任何姓名：人员按企业微信通讯录中的名字显示，读不到通讯录时显示账号。\n用法：姓名 <userid> <名字>", nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "已设置的姓名（%d 人，优先于通讯录）：", len(ps))
	for _, p := range ps {
		fmt.Fprintf(&b, "\n%s：%s", p.UserID, p.Set)
		if p.Book != "" && p.Book != p.Set {
			fmt.Fprintf(&b, "（通讯录：%s）", p.Book)
		}
		fmt.Fprintf(&b, "｜%s 设于 %s", e.name(ctx, p.SetBy), p.SetAt.In(safetybot.Shanghai).Format("01-02 15:04"))
	}
	return b.String(), nil
}
