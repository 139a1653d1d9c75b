package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"safetybot"
	"safetybot/bot"
	"safetybot/store"
)

// loginUser reads login-link's --user as chat commands read a person
// (授权, 指派): a userid, in any case, is the account the ledger knows by
// it; a display name (set with 姓名 or read from the address book) is the
// account of the one person shown by it. Several candidates, or a name
// nobody has, are refused (exit 2) with the userids to choose from; the
// tester's --user 刘局长 was taken for an account and answered with
// 「授权 刘局长 工作人员」, which no administrator can send. How the
// typed words were read goes to stderr. 名字（userid）, as the bot lists
// people who share a name, is read by loginShown.
func loginUser(ctx context.Context, s *store.Store, typed string, stderr io.Writer) (string, error) {
	typed = strings.TrimPrefix(typed, "@")
	if safetybot.ValidUserID(typed) {
		return knownAccount(ctx, s, "login-link", typed, stderr)
	}
	if name, id, ok := bot.SplitNameID(typed); ok {
		return loginShown(ctx, s, typed, name, id, stderr)
	}
	return loginNamed(ctx, s, typed, stderr)
}

// loginNamed reads --user as a display name: the one person shown by it.
func loginNamed(ctx context.Context, s *store.Store, typed string, stderr io.Writer) (string, error) {
	names := storeNames{s}
	shown := safetybot.Truncate(typed, 20)
	ids, err := s.UserIDsNamed(ctx, typed)
	if err != nil {
		return "", err
	}
	switch len(ids) {
	case 0:
		return "", usagef("login-link：「%s」不是企业微信 userid（由字母、数字和 _-@. 组成，可在通讯录成员详情中查看），也不是已知人员的姓名；"+
			"请用 --user 写 userid，例如 %s", shown, loginLinkExample)
	case 1:
		fmt.Fprintf(stderr, "「%s」按姓名识别为 %s。\n", shown, safetybot.NameWithID(ctx, names, ids[0]))
		return ids[0], nil
	}
	return "", usagef("login-link：有 %d 人叫「%s」：%s；请用 --user 写明 userid，例如 --user %s",
		len(ids), shown, nameIDs(ctx, names, ids), ids[0])
}

// loginShown reads 名字（userid） (bot.SplitNameID: 李强（li2）, 孙总（局长，
// sunzong）) as 授权 reads it: the account, when it is shown by that name.
// Both the ambiguity refusal and the README offer this form, and it was
// refused as no one's name (qa10 #12). A mismatch is refused, not
// guessed at, unless the whole text is someone's name (孙总（局长）).
func loginShown(ctx context.Context, s *store.Store, typed, name, id string, stderr io.Writer) (string, error) {
	acct, err := knownAccount(ctx, s, "login-link", id, stderr)
	if err != nil {
		return "", err
	}
	shownAs := storeNames{s}.Name(ctx, acct)
	if bot.SameShownName(shownAs, name) {
		return acct, nil
	}
	if ids, err := s.UserIDsNamed(ctx, typed); err != nil {
		return "", err
	} else if len(ids) == 1 {
		return loginNamed(ctx, s, typed, stderr)
	}
	if shownAs == acct {
		shownAs = "（没有设置姓名）"
	} else {
		shownAs = "「" + shownAs + "」"
	}
	return "", usagef("login-link：「%s」：账号 %s 显示为%s，与所写的姓名「%s」不符，未生成链接。请核对后用 --user 写 userid，例如 --user %s",
		safetybot.Truncate(typed, 30), acct, shownAs, safetybot.Truncate(name, 20), acct)
}

// knownAccount reads a typed userid as the account the ledger knows in
// any case (store.KnownUserIDs, the rule of 授权 and 指派): one other
// spelling is that account, said on stderr; several are refused (exit 2)
// listing them; none is the userid as typed.
func knownAccount(ctx context.Context, s *store.Store, cmd, typed string, stderr io.Writer) (string, error) {
	names := storeNames{s}
	shown := safetybot.Truncate(typed, 20)
	ids, err := s.KnownUserIDs(ctx, typed)
	switch {
	case err != nil:
		return "", err
	case len(ids) > 1:
		return "", usagef("%s：「%s」不区分大小写时对应系统中的 %d 个账号：%s，请用 --user 照写其中一个（区分大小写）",
			cmd, shown, len(ids), nameIDs(ctx, names, ids))
	case len(ids) == 1 && ids[0] != typed:
		fmt.Fprintf(stderr, "企业微信账号不区分大小写，「%s」即 %s。\n", shown, safetybot.NameWithID(ctx, names, ids[0]))
		return ids[0], nil
	}
	return typed, nil
}

// loginLinkExample is how --user is written.
const loginLinkExample = "--user zhangsan"

// nameIDs lists people as 名字（userid）, 、-separated.
func nameIDs(ctx context.Context, d safetybot.Directory, ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = safetybot.NameWithID(ctx, d, id)
	}
	return strings.Join(out, "、")
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
