package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// splitVerbs are the commands that register one record each, whose verb
// written again at the start of a later line of the same message begins
// another record. QA11 #2: two 上报 lines sent as one message became one
// hazard with both descriptions and the second line's 等级 and 期限, and
// four 检查 lines one inspection whose note held the other three. 授权 reads
// its own lines (grantrows.go); 举报 is never split, so that a tip's text
// is never answered piecemeal.
var splitVerbs = map[string]bool{"上报": true, "检查": true, "议题": true, "完成": true, "整改": true, "进展": true}

// commandLines splits text at each later line that starts with verb, the
// first line's verb, followed by a space, a colon or a separator: the
// commands it holds, in order. A message with one command is itself.
func commandLines(text, verb string) []string {
	lines := strings.Split(text, "\n")
	var out []string
	start := 0
	for i := 1; i < len(lines); i++ {
		l := strings.TrimLeftFunc(lines[i], unicode.IsSpace)
		rest, ok := strings.CutPrefix(l, verb)
		if !ok {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(rest); rest != "" && !unicode.IsSpace(r) && r != ':' && r != '：' && !isSeparator(r) {
			continue // 检查发现… is content, not 检查 again
		}
		out = append(out, strings.Join(lines[start:i], "\n"))
		start = i
	}
	return append(out, strings.Join(lines[start:], "\n"))
}

// eachCommand runs each command of a message that repeats its verb on later
// lines (commandLines) as a message of its own, and answers them in one
// reply, numbered; ok is false when the message holds one command.
func (e *Engine) eachCommand(ctx context.Context, m Message) ([]Reply, bool) {
	if !strings.Contains(m.Text, "\n") {
		return nil, false // one line, one command: not read twice
	}
	normalized, _ := normalizeRows(m.Text, e.botNames)
	verb, _ := splitVerb(normalized, e.verbs)
	if !splitVerbs[verb] {
		return nil, false
	}
	parts := commandLines(m.Text, verb)
	heading := fmt.Sprintf("这条消息里有 %d 条「%s」，已逐条处理：", len(parts), verb)
	if len(parts) < 2 && verb == rowVerb {
		var unread int
		if parts, unread = rowCommands(m.Text, verb); unread > 0 {
			return []Reply{{Text: unreadRowsReply(unread)}}, true
		}
		heading = fmt.Sprintf("这条消息里有 %d 行表格（没有表头），每行登记为一条隐患，已逐条处理：", len(parts))
		if parts == nil {
			return e.eachHeaderRow(ctx, m, verb)
		}
	}
	if len(parts) < 2 {
		return nil, false
	}
	return []Reply{{Text: e.eachPart(ctx, m, heading, parts)}}, true
}

// eachPart runs each part of m as a message of its own and answers them
// in one reply: heading, then 【第 N 条】 and that part's replies.
func (e *Engine) eachPart(ctx context.Context, m Message, heading string, parts []string) string {
	var b strings.Builder
	b.WriteString(heading)
	for i, p := range parts {
		one := m
		one.Text = p
		replies, _ := e.command(ctx, one)
		fmt.Fprintf(&b, "\n\n【第 %d 条】", i+1)
		for _, r := range replies {
			b.WriteString("\n" + r.Text)
		}
	}
	return b.String()
}

// eachHeaderRow runs each row under a pasted header (headerRowCommands)
// as a 上报 of its own, the header and its row, and answers them in one
// reply, numbered, naming the rows it could not read; ok is false when
// the message is no such table. A single row read is answered as sent
// alone, the rows not read named after it.
func (e *Engine) eachHeaderRow(ctx context.Context, m Message, verb string) ([]Reply, bool) {
	parts, unread := headerRowCommands(m.Text, verb)
	if parts == nil {
		return nil, false
	}
	note := unreadHeaderRowsNote(unread)
	if len(parts) == 1 {
		one := m
		one.Text = parts[0]
		replies, _ := e.command(ctx, one)
		if n := len(replies); n > 0 && note != "" {
			replies[n-1].Text += "\n" + note
		}
		return replies, true
	}
	text := e.eachPart(ctx, m, fmt.Sprintf("这条消息里有表头和 %d 行表格，每行按表头的列登记为一条隐患，已逐条处理：", len(parts)), parts)
	if note != "" {
		text += "\n\n" + note
	}
	return []Reply{{Text: text}}, true
}

// rowVerb is the command whose pasted table rows are one record each: a
// row of a hazard table is a hazard.
const rowVerb = "上报"

// rowCommands splits a 上报 whose text ends in two or more table rows
// pasted without a header into one 上报 per row (fix10 #1: two rows of the
// office's sheet, 测试码头<TAB>消防通道堵塞<TAB>一般<TAB>12月20日 and the
// next, became one hazard whose description held both), when every row is
// read as a hazard's by itself (tableRow), with nothing but blank lines
// between them. What came before the first row (the command and any
// fields typed with it, 上报 领域:水上交通) goes with each row; a first row
// sharing the command's line keeps it, and the others get the verb alone.
// Rows of three or more cells, none a field name, that are not all read
// so, right after the verb, are counted in unread instead: which cell is
// the description no one can tell, and glued they were one hazard. After
// a description (上报 桥梁裂缝, then rows of measurements) they are its
// detail, as before. parts is nil when the message is no such table.
func rowCommands(text, verb string) (parts []string, unread int) {
	lines := strings.Split(quotedCells(text), "\n")
	first := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "\t") })
	if first < 0 {
		return nil, 0
	}
	var rows []string
	read, plain := true, true
	for _, l := range lines[first:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		cells := strings.Split(l, "\t")
		if !strings.Contains(l, "\t") || isHeaderRow(cells) {
			return nil, 0
		}
		read = read && tableRow(cells)
		plain = plain && len(cells) >= 3 && !slices.ContainsFunc(cells, func(c string) bool { return cellField(c) != "" })
		rows = append(rows, l)
	}
	before := verb
	if first > 0 {
		before = strings.Join(lines[:first], "\n")
	}
	switch {
	case len(rows) < 2:
		return nil, 0
	case !read && plain && verbOnly(before, verb):
		return nil, len(rows)
	case !read:
		return nil, 0
	}
	parts = make([]string, len(rows))
	for i, r := range rows {
		if i == 0 && first == 0 {
			parts[i] = r // the command shares the row's first cell
			continue
		}
		parts[i] = before + "\n" + r
	}
	return parts, 0
}

// unreadRowsReply refuses a 上报 of n table rows without a header that
// rowCommands could not read one by one, and says how to send them.
func unreadRowsReply(n int) string {
	return fmt.Sprintf("这条消息有 %d 行表格，没有表头，认不出哪一格是描述、单位、等级或期限，未登记（以免几行并成一条隐患）。"+
		"请连同表头一起复制、每次一行，或每行另发一条，例如「上报 消防通道堵塞 单位:测试码头 等级:一般 期限:12月20日」。", n)
}

// tableRow reports whether tableRows reads cells, a row with no header
// above it, as a hazard's: a ledger row with its number, one in the
// export's order, or one told by its cells' content.
func tableRow(cells []string) bool {
	if _, _, _, ok := headerlessRow(cells); ok {
		return true
	}
	if _, _, _, ok := shapedLedgerRow(cells); ok {
		return true
	}
	_, _, ok := contentRow(cells)
	return ok
}

// verbOnly reports whether before, the lines before a table, hold nothing
// but the verb and @mentions.
func verbOnly(before, verb string) bool {
	for _, w := range strings.Fields(before) {
		if w != verb && !strings.HasPrefix(w, "@") {
			return false
		}
	}
	return true
}
