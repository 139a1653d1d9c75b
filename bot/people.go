package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"safetybot"
)

// The person a command names (授权, 撤权, 指派, 提醒 对象:用户:…, 姓名,
// 企业): read as the account the ledger already knows. WeCom userids are
// case-insensitive, so "Zhangsan" is zhangsan, not a second person whose
// grants and assignments zhangsan never sees (qa6a #12, qa6b #5); a name
// set with 姓名 or read from the address book is read as its account where
// the command allows it (qa6a #2); and an account the ledger has never
// seen is stored only with a warning, since a typing mistake there reaches
// nobody.

// person is a typed account as it was understood.
type person struct {
	ID string
	// Note says how the typed words were read, or warns that the account
	// is unknown; "" when it was known exactly as typed.
	Note string
}

// resolvePerson reads typed (a userid, or with byName a person's name) as
// an account. It refuses what is not a userid and no one's name, a name
// several people have, and an account that is known under several
// spellings; an account never seen is read as typed, with a warning.
func (e *Engine) resolvePerson(ctx context.Context, typed string, byName bool) (person, error) {
	typed = strings.TrimPrefix(strings.TrimSpace(typed), "@")
	shown := safetybot.Truncate(typed, 20)
	if name, id, ok := splitNameID(typed); ok {
		return e.personShown(ctx, typed, name, id, byName)
	}
	if !validUserID(typed) {
		if byName {
			return e.personNamed(ctx, typed)
		}
		return person{}, safetybot.Errorf(safetybot.EINVALID, "「%s」不是企业微信账号（userid 由字母、数字和 _-@. 组成，可在通讯录成员详情中查看）。", shown)
	}
	ids, err := e.store.KnownUserIDs(ctx, typed)
	if err != nil {
		return person{}, err
	}
	switch {
	case len(ids) == 1 && ids[0] == typed:
		return person{ID: typed}, nil
	case len(ids) == 1:
		return person{ID: ids[0], Note: fmt.Sprintf("企业微信账号不区分大小写，「%s」即 %s。", shown, e.nameID(ctx, ids[0]))}, nil
	case len(ids) > 1:
		return person{}, safetybot.Errorf(safetybot.EINVALID, "「%s」不区分大小写时对应系统中的 %d 个账号：%s。请照写其中一个（区分大小写）。",
			shown, len(ids), e.nameIDs(ctx, ids))
	}
	// Never seen: the address book, when there is one, is asked now
	// (briefly); the answer is kept with the names.
	e.name(ctx, typed)
	if p, ok, err := e.store.PersonName(ctx, typed); err != nil {
		return person{}, err
	} else if ok && p.BookStatus == safetybot.BookMissing {
		return person{ID: typed, Note: fmt.Sprintf("注意：企业微信通讯录中查不到账号 %s，系统中也没有它的记录，请核对是否写错（可在通讯录成员详情中查看 userid），写错的账号收不到通知。", shown)}, nil
	}
	return person{ID: typed, Note: fmt.Sprintf("注意：系统中还没有账号 %s 的任何记录（没有角色、没有上报或负责过隐患、没有设置姓名），请核对是否写错，写错的账号收不到通知。", shown)}, nil
}

// personNamed reads a person's name as their account: exactly one person
// shown by that name.
func (e *Engine) personNamed(ctx context.Context, name string) (person, error) {
	shown := safetybot.Truncate(name, 20)
	ids, err := e.store.UserIDsNamed(ctx, name)
	if err != nil {
		return person{}, err
	}
	switch len(ids) {
	case 0:
		return person{}, safetybot.Errorf(safetybot.EINVALID, "「%s」不是企业微信账号（userid 由字母、数字和 _-@. 组成，可在通讯录成员详情中查看），也不是已知人员的姓名。请写 userid。", shown)
	case 1:
		return person{ID: ids[0], Note: fmt.Sprintf("「%s」按姓名识别为 %s。", shown, e.nameID(ctx, ids[0]))}, nil
	}
	return person{}, safetybot.Errorf(safetybot.EINVALID, "有 %d 人叫「%s」：%s。请写明 userid。", len(ids), shown, e.nameIDs(ctx, ids))
}

// splitNameID reads 名字（userid） as the bot shows a person (NameWithID,
// which the bot asks for when two people share a name; QA7a item 6): the
// account is the last item in the last pair of brackets, so 孙总（局长，
// sunzong） is 孙总（局长） with account sunzong. Half-width brackets and
// commas count too. ok is false when the brackets end in no userid
// (孙总（局长） is a name).
func splitNameID(typed string) (name, id string, ok bool) {
	s, closed := strings.CutSuffix(typed, "）")
	if !closed {
		if s, closed = strings.CutSuffix(typed, ")"); !closed {
			return "", "", false
		}
	}
	open, width := strings.LastIndex(s, "（"), len("（")
	if half := strings.LastIndex(s, "("); half > open {
		open, width = half, 1
	}
	if open <= 0 {
		return "", "", false
	}
	inner := s[open+width:]
	items := strings.FieldsFunc(inner, func(r rune) bool { return r == '，' || r == ',' || r == '、' })
	if len(items) == 0 {
		return "", "", false
	}
	id = strings.TrimSpace(items[len(items)-1])
	if !validUserID(id) {
		return "", "", false
	}
	name = strings.TrimSpace(s[:open])
	if rest := items[:len(items)-1]; len(rest) > 0 {
		name += "（" + strings.Join(rest, "，") + "）"
	}
	return name, id, true
}

// personShown reads 名字（userid） (splitNameID) as the account, when that
// account is shown by that name. A mismatch is refused rather than
// guessed at: either half may be the typing mistake, and a grant or an
// assignment to the wrong person reaches no one who expects it. A person
// whose name itself ends in brackets (孙总（局长）) is still found by name.
func (e *Engine) personShown(ctx context.Context, typed, name, id string, byName bool) (person, error) {
	who, err := e.resolvePerson(ctx, id, false)
	if err != nil {
		return person{}, err
	}
	shownAs := e.name(ctx, who.ID)
	if sameShownName(shownAs, name) {
		return who, nil
	}
	if byName {
		if p, err := e.personNamed(ctx, typed); err == nil {
			return p, nil
		}
	}
	if shownAs == who.ID {
		shownAs = "（没有设置姓名）"
	} else {
		shownAs = "「" + shownAs + "」"
	}
	return person{}, safetybot.Errorf(safetybot.EINVALID, "「%s」：账号 %s 显示为%s，与所写的姓名「%s」不符，未执行。请核对后写 userid，或照机器人列出的「名字（userid）」写。",
		safetybot.Truncate(typed, 30), who.ID, shownAs, safetybot.Truncate(name, 20))
}

// sameShownName compares two names as typed: half- and full-width
// brackets and commas, and spaces, do not differ.
func sameShownName(a, b string) bool {
	key := strings.NewReplacer("(", "（", ")", "）", ",", "，", "、", "，", " ", "")
	return key.Replace(safetybot.Fold(a)) == key.Replace(safetybot.Fold(b))
}

// distinctName shows userID by name, as 名字（userid） when someone else
// is shown by the same name (qa6a #8: "已撤销 王强 登记的…" with two
// 王强 did not say whose record went).
func (e *Engine) distinctName(ctx context.Context, userID string) string {
	n := e.name(ctx, userID)
	if n == userID || n == "" {
		return n
	}
	ids, err := e.store.UserIDsNamed(ctx, n)
	if err != nil || len(ids) < 2 {
		return n
	}
	return e.nameID(ctx, userID)
}

// nameIDs lists people as 名字（userid）.
func (e *Engine) nameIDs(ctx context.Context, ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = e.nameID(ctx, id)
	}
	return strings.Join(out, "、")
}

// withNote appends what was understood to a reply.
func withNote(reply string, notes ...string) string {
	for _, n := range notes {
		if n != "" {
			reply += "\n" + n
		}
	}
	return reply
}

// splitAfterBracket splits a first word that runs on past a closing
// bracket into the person and the rest: 授权 王强（wang）工作人员, typed
// without a space after the bot's own 名字（userid）, was read as one
// account and refused with 「请写明 userid 和角色」 (QA8 #4).
func splitAfterBracket(words []string) []string {
	if len(words) == 0 {
		return words
	}
	w := words[0]
	i := strings.LastIndexAny(w, "）)")
	if i < 0 || !strings.ContainsAny(w[:i], "（(") {
		return words
	}
	_, size := utf8.DecodeRuneInString(w[i:])
	if i+size == len(w) {
		return words
	}
	return append([]string{w[:i+size], w[i+size:]}, words[1:]...)
}
