package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"safetybot"
)

// Day one of the office (fix9 #9): the admin pastes the staff list of the
// working groups into 授权, as a table copied from WPS (姓名<TAB>账号<TAB>
// 角色<TAB>专班, a header row first) or as several 授权 lines, for people
// the bot has no name for yet. Each line is one grant; a header row is
// skipped and named; a name beside a userid that has no name is recorded.

// grantColumn is what a column of a pasted staff list holds.
type grantColumn int

const (
	columnNumber grantColumn = iota + 1 // 序号: the row's number, not a person
	columnName
	columnAccount
	columnRole
	columnGroup
)

// grantHeaderWords are the column headers of a staff list.
var grantHeaderWords = map[string]grantColumn{"姓名": columnName, "名字": columnName, "人员": columnName,
	"账号": columnAccount, "帐号": columnAccount, "userid": columnAccount, "用户名": columnAccount, "企业微信账号": columnAccount,
	"角色": columnRole, "专班": columnGroup, "工作专班": columnGroup, "所属专班": columnGroup, "序号": columnNumber}

// grantList is the text after 授权 read as a staff list.
type grantList struct {
	rows   []string // one 授权 each, as grantOne reads a line
	header string   // the header row as written; "" when none
	role   string   // the role line (授权 工作人员 over a list without roles); "" when none
	noRole bool     // no line says which role: asked, nothing granted
}

// grantRows splits the text after 授权 into its lines, each without a
// 授权 of its own. A header row among them (only words of
// grantHeaderWords) is returned apart as written, and the rows under it
// are read by its columns (序号 dropped, 姓名 and 账号 joined as 名字（userid））:
// read by position, 1 张三 zhangsan 工作人员 granted the role 张三 to
// the account 1 and was refused (fix10 #1). A first line that is only a
// role (and 专班), 授权 工作人员 over a list whose rows have none, gives
// them their role; a list with no role anywhere is asked about.
func grantRows(rest string) grantList {
	var l grantList
	var lines []string
	for _, line := range strings.Split(rest, "\n") {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, "授权"); ok {
			line = strings.TrimSpace(v)
		} else if len(line) > 5 && strings.EqualFold(line[:6], "grant ") {
			line = strings.TrimSpace(line[6:])
		}
		if line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) > 1 {
		// 领导小组（lingdao） is a person, not 领导 of the group 小组（lingdao）.
		if w := grantWords(lines[0]); len(w) > 0 && !safetybot.ValidUserID(w[0]) {
			if _, named, _ := roleFirst(lines[0]); named {
				// 领导 孙总（sunzong） is a grant, role first
			} else if _, _, person := splitNameID(w[0]); !person {
				if _, _, ok := roleWord(w[0]); ok {
					l.role, lines = lines[0], lines[1:]
				}
			}
		}
	}
	var columns []grantColumn
	roleless := 0
	for _, line := range lines {
		if l.header == "" && isGrantHeader(line) {
			l.header, columns = line, headerColumns(line)
			continue
		}
		if columns != nil {
			line = underHeader(columns, line)
		} else if rf, _, ok := roleFirst(line); ok {
			line = rf
		} else if w := grantWords(line); l.role == "" && len(l.rows) > 0 && len(w) == 1 {
			if _, _, person := splitNameID(line); !person {
				// one word is no grant: the rest of the line before (授权
				// wang 工作人员⏎公路运营), as it was read before lines were grants
				l.rows[len(l.rows)-1] += " " + line
				continue
			}
		}
		if !hasRole(line, l.role != "") {
			roleless++
			if l.role != "" {
				line += " " + l.role
			}
		}
		l.rows = append(l.rows, line)
	}
	l.noRole = l.role == "" && roleless > 0 && roleless == len(l.rows) && (l.header != "" || len(l.rows) > 1)
	return l
}

// grantWords are the words of a line as the reader splits them (at
// spaces, commas, 、…), a pair of brackets kept whole: 孙总（sunzong），领导
// is two words, a person and a role, not the 专班 of the line before.
func grantWords(line string) []string {
	return fieldsOutsideBrackets(line, func(r rune) bool { return r == ' ' || isSeparator(r) })
}

// hasRole reports whether a line names a role after its person. Under a
// role line (strict) a userid is no role: 张三 admin is the account admin.
func hasRole(line string, strict bool) bool {
	w := grantWords(line)
	for _, word := range w[min(1, len(w)):] {
		if _, _, ok := roleWord(word); ok && !(strict && safetybot.ValidUserID(word)) {
			return true
		}
	}
	return false
}

// isGrantHeader reports a line of column headers only (姓名 账号 角色 专班).
func isGrantHeader(line string) bool {
	words := strings.Fields(line)
	return len(words) > 1 && len(headerColumns(line)) == len(words)
}

// headerColumns reads a header row's columns, stopping at a word that is
// none.
func headerColumns(line string) []grantColumn {
	var out []grantColumn
	for _, w := range strings.Fields(line) {
		c, ok := grantHeaderWords[strings.ToLower(w)]
		if !ok {
			break
		}
		out = append(out, c)
	}
	return out
}

// underHeader rewrites a row of a pasted table as grantOne reads a line:
// 名字（userid） 角色 专班. WPS drops a row's trailing empty cells, so a
// shorter row is its first cells; a row of more cells than the header, or
// with no number under 序号, is not in its columns and is read as typed
// (grantOne then says what it could not read).
func underHeader(columns []grantColumn, row string) string {
	cells := strings.Fields(row)
	if len(cells) > len(columns) {
		return row
	}
	var name, account, role, group string
	for i, c := range cells {
		switch columns[i] {
		case columnNumber:
			if strings.Trim(c, "0123456789") != "" {
				return row
			}
		case columnName:
			name = personText(c) // a cell “李强”: quote marks are no part of a name
		case columnAccount:
			account = personText(c)
		case columnRole:
			role = c
		case columnGroup:
			group = c
		}
	}
	if name != "" && account != "" {
		name = name + "（" + account + "）"
	} else if account != "" {
		name = account
	}
	return strings.Join(slices.DeleteFunc([]string{name, role, group}, func(s string) bool { return s == "" }), " ")
}

// grantEach runs each line as its own 授权: a message of several lines
// was read as one, the second line ending up in the 专班 and nothing
// granted. The lines that read are granted; the others are named with
// why, so they can be sent again.
func (e *Engine) grantEach(ctx context.Context, r *request, l grantList) (string, error) {
	var b strings.Builder
	if l.header != "" {
		fmt.Fprintf(&b, "表头「%s」已跳过。", safetybot.Truncate(l.header, 30))
	}
	rows := l.rows
	switch {
	case len(rows) == 0:
		return "", r.usageError(b.String() + "表头下没有人员，未授权。")
	case l.noRole:
		return "", safetybot.Errorf(safetybot.EINVALID, "%s表中没有写角色，未授权。请问授予他们什么角色？请在第一行写「授权 <角色> [专班]」，"+
			"下面照旧粘贴人员，例如「授权 工作人员」换行后接人员表；角色可选：管理员、领导、工作人员、受理人。", b.String())
	case l.role != "":
		fmt.Fprintf(&b, "未写角色的人按第一行授予「%s」。", safetybot.Truncate(l.role, 30))
	}
	failed := 0
	for i, row := range rows {
		sub := *r
		sub.rest = row
		sub.args = readArgs(row, r.cmd.fields, e.now())
		reply, err := e.run1(ctx, &sub)
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		if len(rows) > 1 {
			fmt.Fprintf(&b, "第 %d 行：", i+1)
		}
		if err != nil {
			if safetybot.ErrorCode(err) == safetybot.EINTERNAL {
				return "", err
			}
			failed++
			fmt.Fprintf(&b, "「%s」未授权：%s", safetybot.Truncate(row, 40), safetybot.ErrorMessage(err))
			continue
		}
		b.WriteString(reply)
	}
	if failed == len(rows) {
		return "", safetybot.Errorf(safetybot.EINVALID, "%s", b.String())
	}
	if failed > 0 {
		fmt.Fprintf(&b, "\n共 %d 行，已授权 %d 行，%d 行未授权，请改正后重发这几行（每行一条「授权 <userid> <角色> [专班]」）。", len(rows), len(rows)-failed, failed)
	}
	return b.String(), nil
}

// run1 is grantOne for one line.
func (e *Engine) run1(ctx context.Context, r *request) (string, error) {
	if len(r.args.Words) == 0 {
		return "", r.usageError("请写明 userid 和角色。")
	}
	return e.grantOne(ctx, r)
}

// roleWord reads a role, or a role with its 专班 run on (工作人员铁路沿线),
// returning the rest as the group.
func roleWord(w string) (role safetybot.Role, group string, ok bool) {
	if role, ok := safetybot.ParseRole(w); ok {
		return role, "", true
	}
	for _, r := range []safetybot.Role{safetybot.RoleAdmin, safetybot.RoleLeader, safetybot.RoleStaff, safetybot.RoleHandler} {
		if g, ok := strings.CutPrefix(w, r.Chinese()); ok && g != "" {
			return r, g, true
		}
	}
	return "", "", false
}

// nameCell joins a name and a userid written in cells of their own (钱五
// qianwu 工作人员, a WPS row) into 钱五（qianwu）, the way the bot shows a
// person: the userid was read as the role.
func (a *args) nameCell() {
	if len(a.Words) < 3 || len(a.starts) != len(a.Words) || safetybot.ValidUserID(a.Words[0]) || !safetybot.ValidUserID(a.Words[1]) {
		return
	}
	if _, _, ok := roleWord(a.Words[2]); !ok {
		return
	}
	if _, _, named := splitNameID(a.Words[0]); named {
		return
	}
	a.Words = append([]string{personText(a.Words[0]) + "（" + a.Words[1] + "）"}, a.Words[2:]...)
	a.starts = append([]int{a.starts[0]}, a.starts[2:]...)
}

// grantee is resolvePerson for 授权, where 名字（userid） for an account
// with no name yet (a fresh system, no address book) is that account, and
// name is the name to record for it; elsewhere the name must match.
func (e *Engine) grantee(ctx context.Context, typed string) (who Person, name string, err error) {
	if n, id, ok := splitNameID(personText(typed)); ok && badName(n) == "" {
		who, err := e.resolvePerson(ctx, id, false)
		if err != nil {
			return Person{}, "", err
		}
		if e.name(ctx, who.ID) == who.ID {
			return who, n, nil
		}
	}
	who, err = e.resolvePerson(ctx, typed, true)
	return who, "", err
}

// recordName records name for id as 姓名 would, and says so.
func (e *Engine) recordName(ctx context.Context, id, name, by string) (string, error) {
	namesakes, err := e.store.UserIDsNamed(ctx, name)
	if err != nil {
		return "", err
	}
	if err := e.store.SetName(ctx, id, name, by); err != nil {
		return "", err
	}
	note := fmt.Sprintf("%s 此前没有姓名，已按所写记为「%s」（同「姓名 %s %s」）。", id, name, id, name)
	return withNote(note, e.namesakeNote(ctx, id, name, namesakes)), nil
}

// staffListNotName refuses, for 姓名, the rest of a staff table pasted
// without 授权 whose header begins 姓名 (姓名<TAB>账号<TAB>角色, rows under
// it): it was read as 姓名 「账号」… and refused as no account (qa14 #3).
// Nothing is granted unasked: the list is named as one and 授权 suggested.
func staffListNotName(rest string) error {
	lines := slices.DeleteFunc(strings.Split(rest, "\n"), func(l string) bool { return strings.TrimSpace(l) == "" })
	if len(lines) < 2 || !isGrantHeader("姓名 "+lines[0]) {
		return nil
	}
	header := strings.Join(strings.Fields("姓名 "+lines[0]), " ")
	return safetybot.Errorf(safetybot.EINVALID, "这看起来是一张人员名单（表头「%s」，下面 %d 行），不是「姓名」命令，未执行。"+
		"如要授予名单上的人角色，请在名单前加「授权」再发送（第一行写「授权」，换行后粘贴整张表）；如只是设置某人的姓名，请发送「姓名 <userid> <名字>」。",
		safetybot.Truncate(header, 30), len(lines)-1)
}
