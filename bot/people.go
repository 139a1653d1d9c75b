package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"safetybot"
)

// The person a command names (授权, 撤权, 指派, 提醒 对象:用户:…, 姓名,
// 企业), login-link's and chat's --user, and SAFETYBOT_ADMINS: read as the
// account the ledger already knows, by one rule (People), so a terminal,
// the configuration and the chat never disagree on who someone is. WeCom
// userids are case-insensitive, so "Zhangsan" is zhangsan, not a second
// person whose grants and assignments zhangsan never sees (qa6a #12, qa6b
// #5); a name set with 姓名 or read from the address book is read as its
// account where the surface allows it (qa6a #2); and an account the ledger
// has never seen is taken only with a warning, since a typing mistake
// there reaches nobody.

// People reads typed words as a person. Store is the ledger's names and
// accounts; Names shows people (the chat's may ask the address book).
type People struct {
	Store safetybot.NameService
	Names safetybot.Directory
}

// Person is a typed account as it was understood.
type Person struct {
	ID string
	// Note says how the typed words were read, or warns that the account
	// is unknown; "" when it was known exactly as typed.
	Note string
	// Unknown is set when the ledger has no record of ID (Note warns).
	Unknown bool
}

// Problem is why typed words are not read as an account.
type Problem int

const (
	NotAccount     Problem = iota + 1 // not a userid, nor (by name) anyone's name
	Namesakes                         // several people are shown by the name
	Spellings                         // the userid is known in several cases
	NameMismatch                      // 名字（userid）: the account is shown by another name
	NameNotAccount                    // a userid never seen that is someone's name
)

// PersonError says why typed words were refused, with what a surface
// needs to say it in its own words (login-link names its flag); it
// unwraps to the chat's reply, an EINVALID *safetybot.Error.
type PersonError struct {
	Problem Problem
	Typed   string   // as typed, without @ and quotes
	IDs     []string // the candidates; NameMismatch: the account
	Shown   string   // the candidates as 名字（userid）、…; NameMismatch: how the account is shown
	Name    string   // NameMismatch: the name typed
	reply   *safetybot.Error
}

func (e *PersonError) Error() string { return e.reply.Error() }
func (e *PersonError) Unwrap() error { return e.reply }

func (p People) refuse(e PersonError, format string, args ...any) error {
	e.reply = safetybot.Errorf(safetybot.EINVALID, format, args...)
	return &e
}

// resolvePerson is People.Read with the engine's store and directory.
func (e *Engine) resolvePerson(ctx context.Context, typed string, byName bool) (Person, error) {
	return People{Store: e.store, Names: e.dir}.Read(ctx, typed, byName)
}

// personText is typed without what surrounds a person: spaces, an @, and
// a pair of quote marks (授权 “李强” 工作人员, 授权 「李强（liqiang）」 领导,
// as people are quoted in documents and in the bot's own replies).
func personText(typed string) string {
	return strings.TrimSpace(unquote(strings.TrimPrefix(strings.TrimSpace(typed), "@")))
}

// Read reads typed (a userid, 名字（userid）, or with byName a person's
// name) as an account. It refuses what is not a userid and no one's name,
// a name several people have, and an account that is known under several
// spellings; an account never seen is read as typed, with a warning.
func (p People) Read(ctx context.Context, typed string, byName bool) (Person, error) {
	typed = personText(typed)
	shown := safetybot.Truncate(typed, 20)
	if name, id, ok := splitNameID(typed); ok {
		return p.shown(ctx, typed, name, id, byName)
	}
	if !safetybot.ValidUserID(typed) {
		if byName {
			return p.named(ctx, typed)
		}
		return Person{}, p.refuse(PersonError{Problem: NotAccount, Typed: typed}, "「%s」不是企业微信账号（userid 由字母、数字和 _-@. 组成，可在通讯录成员详情中查看）。", shown)
	}
	ids, err := p.Store.KnownUserIDs(ctx, typed)
	if err != nil {
		return Person{}, err
	}
	switch {
	case len(ids) == 1 && ids[0] == typed:
		return Person{ID: typed}, nil
	case len(ids) == 1:
		return Person{ID: ids[0], Note: fmt.Sprintf("企业微信账号不区分大小写，「%s」即 %s。", shown, safetybot.NameWithID(ctx, p.Names, ids[0]))}, nil
	case len(ids) > 1:
		list := p.nameIDs(ctx, ids)
		return Person{}, p.refuse(PersonError{Problem: Spellings, Typed: typed, IDs: ids, Shown: list},
			"「%s」不区分大小写时对应系统中的 %d 个账号：%s。请照写其中一个（区分大小写）。", shown, len(ids), list)
	}
	// Never seen: the address book, when there is one, is asked now
	// (briefly); the answer is kept with the names.
	p.Names.Name(ctx, typed)
	pn, ok, err := p.Store.PersonName(ctx, typed)
	if err != nil {
		return Person{}, err
	}
	if byName && (!ok || pn.BookStatus != safetybot.BookOK) {
		if err := p.nameNotAccount(ctx, typed); err != nil {
			return Person{}, err
		}
	}
	if ok && pn.BookStatus == safetybot.BookMissing {
		return Person{ID: typed, Unknown: true, Note: fmt.Sprintf("注意：企业微信通讯录中查不到账号 %s，系统中也没有它的记录，请核对是否写错（可在通讯录成员详情中查看 userid），写错的账号收不到通知。", shown)}, nil
	}
	return Person{ID: typed, Unknown: true, Note: fmt.Sprintf("注意：系统中还没有账号 %s 的任何记录（没有角色、没有上报或负责过隐患、没有设置姓名），请核对是否写错，写错的账号收不到通知。", shown)}, nil
}

// nameNotAccount refuses typed, an account the ledger has never seen and
// the address book does not confirm, when it is someone's name: 授权 Tom
// 工作人员, with tom2 shown as Tom, granted a new account Tom that no one
// signs in as, and tom2 got nothing (qa10 #18). The account is asked for;
// a new account that really is Tom is written as the bot shows people,
// Tom（Tom）, which shown and grantee read without this question.
func (p People) nameNotAccount(ctx context.Context, typed string) error {
	ids, err := p.Store.UserIDsNamed(ctx, typed)
	if err != nil || len(ids) == 0 {
		return err
	}
	shown, list := safetybot.Truncate(typed, 20), p.nameIDs(ctx, ids)
	whose := list + "的姓名"
	if len(ids) > 1 {
		whose = fmt.Sprintf("%d 人的姓名：%s", len(ids), list)
	}
	return p.refuse(PersonError{Problem: NameNotAccount, Typed: typed, IDs: ids, Shown: list},
		"「%s」是 %s，系统中没有账号 %s，未执行。如指此人，请写其 userid（例如 %s）；如确是另一个新账号 %s，请写「%s（%s）」。",
		shown, whose, shown, ids[0], shown, shown, shown)
}

// named reads a person's name as their account: exactly one person shown
// by that name.
func (p People) named(ctx context.Context, name string) (Person, error) {
	shown := safetybot.Truncate(name, 20)
	ids, err := p.Store.UserIDsNamed(ctx, name)
	if err != nil {
		return Person{}, err
	}
	switch len(ids) {
	case 0:
		return Person{}, p.refuse(PersonError{Problem: NotAccount, Typed: name},
			"「%s」不是企业微信账号（userid 由字母、数字和 _-@. 组成，可在通讯录成员详情中查看），也不是已知人员的姓名。请写 userid。", shown)
	case 1:
		return Person{ID: ids[0], Note: fmt.Sprintf("「%s」按姓名识别为 %s。", shown, safetybot.NameWithID(ctx, p.Names, ids[0]))}, nil
	}
	list := p.nameIDs(ctx, ids)
	return Person{}, p.refuse(PersonError{Problem: Namesakes, Typed: name, IDs: ids, Shown: list}, "有 %d 人叫「%s」：%s。请写明 userid。", len(ids), shown, list)
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
	if !safetybot.ValidUserID(id) {
		return "", "", false
	}
	// “刘一”（liuyi）: the quote marks are not the name's (qa14 #1).
	name = strings.TrimSpace(unquote(s[:open]))
	if rest := items[:len(items)-1]; len(rest) > 0 {
		name += "（" + strings.Join(rest, "，") + "）"
	}
	return name, id, true
}

// shown reads 名字（userid） (splitNameID) as the account, when that
// account is shown by that name. A mismatch is refused rather than
// guessed at: either half may be the typing mistake, and a grant or an
// assignment to the wrong person reaches no one who expects it. A person
// whose name itself ends in brackets (孙总（局长）) is still found by name.
func (p People) shown(ctx context.Context, typed, name, id string, byName bool) (Person, error) {
	who, err := p.Read(ctx, id, false)
	if err != nil {
		return Person{}, err
	}
	shownAs := p.Names.Name(ctx, who.ID)
	if sameShownName(shownAs, name) {
		return who, nil
	}
	if byName {
		if named, err := p.named(ctx, typed); err == nil {
			return named, nil
		}
	}
	if shownAs == who.ID {
		shownAs = "（没有设置姓名）"
	} else {
		shownAs = "「" + shownAs + "」"
	}
	return Person{}, p.refuse(PersonError{Problem: NameMismatch, Typed: typed, IDs: []string{who.ID}, Shown: shownAs, Name: name},
		"「%s」：账号 %s 显示为%s，与所写的姓名「%s」不符，未执行。请核对后写 userid，或照机器人列出的「名字（userid）」写。",
		safetybot.Truncate(typed, 30), who.ID, shownAs, safetybot.Truncate(name, 20))
}

// sameShownName compares two names as typed: half- and full-width
// brackets and commas, and spaces, do not differ.
func sameShownName(a, b string) bool {
	key := strings.NewReplacer("(", "（", ")", "）", ",", "，", "、", "，", " ", "")
	return key.Replace(safetybot.Fold(a)) == key.Replace(safetybot.Fold(b))
}

// nameIDs lists people as 名字（userid）, 、-separated.
func (p People) nameIDs(ctx context.Context, ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = safetybot.NameWithID(ctx, p.Names, id)
	}
	return strings.Join(out, "、")
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

// withNote appends what was understood to a reply.
func withNote(reply string, notes ...string) string {
	for _, n := range notes {
		if n != "" {
			reply += "\n" + n
		}
	}
	return reply
}

// personArg makes word i of a the person it names, as typed. The reader
// splits words at every comma, so the bot's own 孙总（局长，sunzong） was
// three words and the account was never found (fix9 #1): a comma, 、 or
// space inside a pair of brackets that closes does not end the word. And a
// person run on into the next word past the closing bracket, 授权 王强（wang）
// 工作人员 typed without the space (QA8 #4), is two words. Words and their
// offsets stay in step, so rest(n) is still the text after word n (it was
// not, and 授权 王强（wang）工作人员 公路运营 failed with an internal error).
func (a *args) personArg(i int) {
	if i >= len(a.Words) || len(a.starts) != len(a.Words) {
		return // not split from Text (a test's args)
	}
	start := a.starts[i]
	end := personEnd(a.Text, start)
	words, starts := slices.Clone(a.Words[:i]), slices.Clone(a.starts[:i])
	words, starts = append(words, a.Text[start:end]), append(starts, start)
	for j := i; j < len(a.Words); j++ {
		ws, we := a.starts[j], a.starts[j]+len(a.Words[j])
		switch {
		case we <= end:
		case ws < end:
			words, starts = append(words, a.Text[end:we]), append(starts, end)
		default:
			words, starts = append(words, a.Words[j]), append(starts, ws)
		}
	}
	a.Words, a.starts = words, starts
}

// personEnd is where the person written at byte start of s ends: at a
// space or separator outside brackets, or just after its last closing
// bracket when a word runs on past it (王强（wang）工作人员), or after the
// quote mark that closes one it begins with: 「李强（liqiang）」 was cut
// after its bracket, leaving 」 as the role (fix10 #1); a bracket right
// after that quote mark, “李强”（liqiang）, is still the person's.
func personEnd(s string, start int) int {
	if open, n := utf8.DecodeRuneInString(s[start:]); quotePairs[open] != 0 {
		closing := quotePairs[open]
		if c := strings.IndexRune(s[start+n:], closing); c >= 0 && c <= maxBracketed {
			end := start + n + c + utf8.RuneLen(closing)
			// “李强”（liqiang）: the account after the quoted name is the
			// person's, not the role (qa14 #1).
			if r, _ := utf8.DecodeRuneInString(s[end:]); r == '（' || r == '(' {
				if b := bracketEnd(s, end); b > 0 {
					return b
				}
			}
			return end
		}
	}
	end, lastClose := start, -1
	for end < len(s) {
		r, n := utf8.DecodeRuneInString(s[end:])
		if r == ' ' || isSeparator(r) {
			break
		}
		if openBracket(r) {
			if c := bracketEnd(s, end); c > 0 {
				end, lastClose = c, c
				continue
			}
		}
		end += n
	}
	if lastClose > start && lastClose < end {
		return lastClose
	}
	return end
}

// maxBracketed bounds how far a closing bracket is looked for: a name, a
// note and a 64-byte userid fit well within it.
const maxBracketed = 160

// bracketEnd is the byte after the bracket that closes the （ or ( at byte
// i of s, nested pairs included, or 0 when none does within maxBracketed
// bytes (an unclosed bracket is text like any other).
func bracketEnd(s string, i int) int {
	depth := 0
	for j := i; j < len(s) && j-i <= maxBracketed; {
		r, n := utf8.DecodeRuneInString(s[j:])
		j += n
		switch r {
		case '（', '(':
			depth++
		case '）', ')':
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return 0
}

// fieldsOutsideBrackets splits s at the runes sep reports, except inside a
// pair of brackets that closes: 用户:孙总（局长，sunzong），领导 is two targets.
func fieldsOutsideBrackets(s string, sep func(rune) bool) []string {
	var out []string
	from := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '（' || r == '(':
			if c := bracketEnd(s, i); c > 0 {
				i = c
				continue
			}
		case sep(r):
			if from < i {
				out = append(out, s[from:i])
			}
			from = i + n
		}
		i += n
	}
	if from < len(s) {
		out = append(out, s[from:])
	}
	return out
}
