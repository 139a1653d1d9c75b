package bot

import (
	"context"
	"fmt"
	"strings"

	"safetybot"
)

// Day one of the office (fix9 #9): the admin pastes the staff list of the
// working groups into 授权, as a table copied from WPS (姓名<TAB>账号<TAB>
// 角色<TAB>专班, a header row first) or as several 授权 lines, for people
// the bot has no name for yet. Each line is one grant; a header row is
// skipped and named; a name beside a userid that has no name is recorded.

// grantHeaderWords are the column headers of a staff list.
var grantHeaderWords = map[string]bool{"姓名": true, "名字": true, "人员": true, "账号": true, "帐号": true, "userid": true,
	"用户名": true, "企业微信账号": true, "角色": true, "专班": true, "工作专班": true, "所属专班": true, "序号": true}

// grantRows splits the text after 授权 into its lines, each without a
// 授权 of its own, and finds a header row among them (only words of
// grantHeaderWords), returned apart as written.
func grantRows(rest string) (rows []string, header string) {
	for _, line := range strings.Split(rest, "\n") {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, "授权"); ok {
			line = strings.TrimSpace(v)
		} else if len(line) > 5 && strings.EqualFold(line[:6], "grant ") {
			line = strings.TrimSpace(line[6:])
		}
		if line == "" {
			continue
		}
		if header == "" && isGrantHeader(line) {
			header = line
			continue
		}
		if len(rows) > 0 && !strings.Contains(line, " ") {
			// one word is no grant: the rest of the line before (授权 wang
			// 工作人员⏎公路运营), as it was read before lines were grants
			rows[len(rows)-1] += " " + line
			continue
		}
		rows = append(rows, line)
	}
	return rows, header
}

// isGrantHeader reports a line of column headers only (姓名 账号 角色 专班).
func isGrantHeader(line string) bool {
	words := strings.Fields(line)
	for _, w := range words {
		if !grantHeaderWords[strings.ToLower(w)] {
			return false
		}
	}
	return len(words) > 1
}

// grantEach runs each line as its own 授权: a message of several lines
// was read as one, the second line ending up in the 专班 and nothing
// granted. The lines that read are granted; the others are named with
// why, so they can be sent again.
func (e *Engine) grantEach(ctx context.Context, r *request, rows []string, header string) (string, error) {
	var b strings.Builder
	if header != "" {
		fmt.Fprintf(&b, "表头「%s」已跳过。", safetybot.Truncate(header, 30))
	}
	if len(rows) == 0 {
		return "", r.usageError(b.String() + "表头下没有人员，未授权。")
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
	a.Words = append([]string{a.Words[0] + "（" + a.Words[1] + "）"}, a.Words[2:]...)
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
