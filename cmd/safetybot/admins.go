package main

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"unicode"

	"safetybot"
	"safetybot/bot"
	"safetybot/store"
)

// listSeparators are what an operator types between the items of a list
// variable: a Chinese input method gives ，；、 as readily as , and ;.
// Only ",", the README's separator, used to count, so 'admin，boss' was one
// administrator literally named so, and nobody was an administrator.
func listSeparator(r rune) bool {
	switch r {
	case ',', '，', ';', '；', '、':
		return true
	}
	return false
}

// adminList reads SAFETYBOT_ADMINS: userids separated by listSeparator or
// spaces (a userid has none). Each must be a WeCom userid as the address
// book makes them (1–64 bytes of letters, digits and _-@., beginning with a
// letter or digit; 通讯录 API, 创建成员): anything else, a display name
// above all, would make an administrator nobody can be, so it stops every
// command (exit 2) naming the entry. The same account twice in different
// case is refused too: userids are case-insensitive, and which spelling
// was meant is the operator's to say.
func adminList(v string) ([]string, error) {
	var out []string
	for _, id := range strings.FieldsFunc(v, func(r rune) bool { return listSeparator(r) || unicode.IsSpace(r) }) {
		if !safetybot.ValidUserID(id) {
			return nil, usagef("SAFETYBOT_ADMINS：「%s」不是企业微信 userid（由字母、数字和 _-@. 组成，以字母或数字开头，可在通讯录成员详情中查看，如 zhangsan），"+
				"多个 userid 用逗号分隔", safetybot.Truncate(id, 30))
		}
		dup := false
		for _, prev := range out {
			if prev == id {
				dup = true
			} else if strings.EqualFold(prev, id) {
				return nil, usagef("SAFETYBOT_ADMINS：%s 和 %s 是同一个账号（企业微信 userid 不区分大小写），请只写一次", prev, id)
			}
		}
		if !dup {
			out = append(out, id)
		}
	}
	return out, nil
}

// nameList reads WECOM_BOT_NAME: names separated by listSeparator. Spaces
// stay inside a name (Safety Bot); a leading @ is dropped, as the name is
// what follows the @ in a message.
func nameList(v string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(v, listSeparator) {
		if s = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(s), "@＠")); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// resolveAdmins reads the configured administrators as the ledger knows
// them, by the rule of chat commands and --user (bot.People): WeCom
// userids are case-insensitive, so SAFETYBOT_ADMINS=Admin is the admin the
// ledger already has, not a second account holding the grant while admin,
// who signs in, has none. An account known under several spellings stops
// the command (exit 2) listing them; one never seen is taken as written,
// with a warning in the log, as 授权 does.
func resolveAdmins(ctx context.Context, s *store.Store, admins []string, log *slog.Logger) ([]string, error) {
	out := make([]string, 0, len(admins))
	for _, a := range admins {
		p, err := bot.People{Store: s, Names: storeNames{s}}.Read(ctx, a, false)
		var pe *bot.PersonError
		switch {
		case errors.As(err, &pe) && pe.Problem == bot.Spellings:
			return nil, usagef("SAFETYBOT_ADMINS：%s 不区分大小写时对应系统中的 %d 个账号：%s，请照写其中一个（区分大小写）",
				a, len(pe.IDs), strings.Join(pe.IDs, "、"))
		case err != nil:
			return nil, err
		case p.Unknown:
			log.Warn("SAFETYBOT_ADMINS: an account the ledger has no record of; check its spelling against the address book", "userid", a)
		case p.ID != a:
			log.Info("SAFETYBOT_ADMINS: userids are case-insensitive; read as the account the ledger knows", "typed", a, "account", p.ID)
		}
		out = append(out, p.ID)
	}
	return out, nil
}
