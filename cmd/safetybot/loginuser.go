package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"safetybot"
	"safetybot/bot"
	"safetybot/store"
)

// loginUser reads login-link's --user as chat commands read a person
// (授权, 指派; bot.People): a userid, in any case, is the account the
// ledger knows by it; a display name (set with 姓名 or read from the
// address book) is the account of the one person shown by it; 名字（userid）,
// as the bot lists people who share a name, is that account when it is
// shown by that name (qa10 #12). Several candidates, or a name nobody has,
// are refused (exit 2) with the userids to choose from; the tester's
// --user 刘局长 was taken for an account and answered with 「授权 刘局长
// 工作人员」, which no administrator can send. How the typed words were
// read goes to stderr.
func loginUser(ctx context.Context, s *store.Store, typed string, stderr io.Writer) (string, error) {
	return readPerson(ctx, s, "login-link", typed, true, stderr)
}

// readPerson reads typed for the subcommand cmd by bot.People, saying on
// stderr how it was read (an account never seen is taken as typed, as
// before); a refusal is a usage error (exit 2) worded for the command
// line, which names --user where the chat says 写 userid.
func readPerson(ctx context.Context, s *store.Store, cmd, typed string, byName bool, stderr io.Writer) (string, error) {
	p, err := bot.People{Store: s, Names: storeNames{s}}.Read(ctx, typed, byName)
	var pe *bot.PersonError
	switch {
	case errors.As(err, &pe):
		return "", personUsage(cmd, pe)
	case err != nil:
		return "", err
	case p.Note != "" && !p.Unknown:
		fmt.Fprintln(stderr, p.Note)
	}
	return p.ID, nil
}

// personUsage words a refused --user for the command line.
func personUsage(cmd string, e *bot.PersonError) error {
	shown := safetybot.Truncate(e.Typed, 20)
	switch e.Problem {
	case bot.NotAccount:
		return usagef("%s：「%s」不是企业微信 userid（由字母、数字和 _-@. 组成，可在通讯录成员详情中查看），也不是已知人员的姓名；"+
			"请用 --user 写 userid，例如 --user zhangsan", cmd, shown)
	case bot.Namesakes:
		return usagef("%s：有 %d 人叫「%s」：%s；请用 --user 写明 userid，例如 --user %s", cmd, len(e.IDs), shown, e.Shown, e.IDs[0])
	case bot.Spellings:
		return usagef("%s：「%s」不区分大小写时对应系统中的 %d 个账号：%s，请用 --user 照写其中一个（区分大小写）", cmd, shown, len(e.IDs), e.Shown)
	case bot.NameMismatch:
		return usagef("%s：「%s」：账号 %s 显示为%s，与所写的姓名「%s」不符，未生成链接。请核对后用 --user 写 userid，例如 --user %s",
			cmd, safetybot.Truncate(e.Typed, 30), e.IDs[0], e.Shown, safetybot.Truncate(e.Name, 20), e.IDs[0])
	}
	return usagef("%s：%s", cmd, safetybot.ErrorMessage(e))
}

// storeNames shows people by the names the store holds (set with 姓名, or
// read from the address book by serve), asking WeCom nothing: login-link
// runs beside serve, often without the app's credentials.
type storeNames struct{ s *store.Store }

func (n storeNames) Name(ctx context.Context, userID string) string {
	p, _, err := n.s.PersonName(ctx, userID)
	if err != nil {
		return userID
	}
	return p.Display()
}
