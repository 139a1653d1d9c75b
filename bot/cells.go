package bot

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"safetybot"
)

// tableCells reads cells pasted from a WPS or Excel table, which arrive
// separated by tabs with no colon anywhere (QA item 14: "领域<TAB>公路运营
// <TAB>期限<TAB>12月25日" read nothing, and the reply did not say so). A
// cell that is a field name takes the next cell as its value (领域:公路运营);
// a row with two field names side by side, over a row of as many cells, is
// a header row and pairs column by column, so one ledger row
// copied with its header reads as its fields (a header the command does not
// know is then named as 未识别, as any "xx:" is). Each field goes on its
// own line, which ends its value; the other tabs are spaces, as before.
// A row without header is not read by its cells' content (contentRow):
// only a hazard's command wants that (normalizeRows, the form's 描述 box).
func tableCells(s string) string {
	out, _ := tableRows(s, false, false)
	return out
}

// tableRows is tableCells; with split, what the reader must not read is
// returned in a pastedTable for the reply to name: the rows after a
// header's first row that hold tabs (a second hazard, a merged cell's
// continuation row), each as its cells, since one message is one row and
// the second hazard went into the first one's description unsaid (QA7b
// #3); and the cells under the ledger's columns the bot records itself
// (systemColumns: 编号, 发现时间, 当前状态 …), which went into the
// description as junk. Without split those stay "name:value" text, named
// as 未识别 by the reader. A ledger row copied without its header
// (headerlessRow) is read under the ledger's own; with content, a row
// without header in another order is read by its cells (contentRow), which
// only a hazard's command wants.
func tableRows(s string, split, content bool) (string, pastedTable) {
	var t pastedTable
	if !strings.Contains(s, "\t") {
		return s, t
	}
	lines := strings.Split(quotedCells(s), "\n")
	out := make([]string, 0, len(lines)+4)
	// cell adds the cell v under header name. A header no command reads
	// (编号, 责任单位/责任人) with an empty cell says nothing: read as
	// "责任单位:" it made 修改 of a pasted row refuse (QA7b #6); under a
	// field's name it is named （内容为空）, as a typed "停产:" is: a name
	// with its value cell left empty (停产<TAB><TAB>期限…), as a row's
	// empty cells under a header never come here.
	cell := func(name, v string) {
		system := isSystemColumn(name) || notFieldHeaders[headerBase(name)]
		switch {
		case name == "" || v == "" && (system || cellField(name) == ""):
		case split && isSystemColumn(name) && (headerBase(name) != numberColumn || hazardNumberRE.MatchString(v)):
			// 编号 is a common header: only a hazard number under it is the ledger's.
			t.system = append(t.system, ledgerCell{column: name, value: v})
		case split && headerBase(name) == supervisionColumn:
			t.supervision = v // read or named once the command is known (withSupervision)
		case split && isRowNumberCell(name, v):
			t.rowNumbers = append(t.rowNumbers, ledgerCell{column: name, value: v})
		default:
			out = append(out, name+":"+v)
		}
	}
	underHeader := false
	afterRow := false // under a row read by its content: another row, but pairs are read
	for i := 0; i < len(lines); i++ {
		cells := strings.Split(lines[i], "\t")
		later := underHeader && !isHeaderRow(cells) || afterRow && !slices.ContainsFunc(cells, func(c string) bool { return cellField(c) != "" })
		if later && split && len(cells) > 1 {
			if row := strings.Join(strings.Fields(strings.Join(cells, " ")), " "); row != "" {
				t.extra = append(t.extra, row)
			}
			continue
		}
		underHeader, afterRow = false, false
		var header, vals []string
		if i+1 < len(lines) && isHeaderRow(cells) {
			// WPS and WeCom drop a row's trailing empty cells: a row shorter
			// than its header is its first cells, the rest empty. Read only
			// when of equal length, it went glued into the description with
			// the header as text (QA10 #2).
			if v := strings.Split(lines[i+1], "\t"); len(v) > 1 && len(v) <= len(cells) {
				header, vals = slices.Clone(cells), append(v, make([]string, len(cells)-len(v))...)
				i++
				// 上报 编号<TAB>隐患名称/描述…: the command shares the first header's cell.
				if before, last, ok := lastWord(header[0]); ok && cellField(header[0]) == "" && isHeaderCell(last) {
					out = append(out, before)
					header[0] = last
				}
			}
		}
		if header == nil {
			before, h, row, ok := headerlessRow(cells)
			if !ok {
				before, h, row, ok = shapedLedgerRow(cells)
				t.byShape = t.byShape || ok
			}
			if ok {
				if before != "" {
					out = append(out, before)
				}
				header, vals = h, row
			} else if text, fields, ok := t.contentRow(cells); ok && content {
				// Read by its cells' content: the text first, the
				// command in it, then each field on its own line.
				out = append(out, text)
				for _, f := range fields {
					if !f.twice {
						out = append(out, f.key+":"+f.value)
					}
				}
				t.content = append(t.content, fields...)
				afterRow = true // a second row is another hazard, never this one's text
				continue
			}
		}
		if header != nil {
			for j, c := range header {
				name := cellField(c)
				if name == "" {
					name = trimCell(c)
				}
				// An empty cell of a row is one nothing was recorded in, not
				// a field left blank: named 未能读取（内容为空） it was ten
				// lines of noise under every pasted ledger row (QA10 #16).
				if v := trimCell(vals[j]); v != "" {
					cell(name, v)
				}
			}
			underHeader = true
			continue
		}
		var text []string
		flush := func() {
			if len(text) > 0 {
				out = append(out, strings.Join(text, " "))
				text = text[:0]
			}
		}
		for j := 0; j < len(cells); j++ {
			name := cellField(cells[j])
			if name == "" && j+1 < len(cells) && cellField(cells[j+1]) == "" {
				// 整改 YH2026-0036 整改资金（万元）<TAB>0.4: the first name
				// of the pairs shares its cell with the command (QA7b #4),
				// or with a clause before it (fix10-10 #1: ２台已联网，整改
				// 资金（万元）<TAB>0.4 went to the progress text unsaid).
				if before, last, ok := lastClause(cells[j]); ok && cellField(last) != "" {
					text = append(text, before)
					flush()
					cells[j], name = last, cellField(last)
				}
			}
			if name == "" || j+1 == len(cells) {
				text = append(text, cells[j])
				continue
			}
			value := ""
			if cellField(cells[j+1]) == "" || j+2 == len(cells) {
				value = trimCell(cells[j+1]) // else 领域<TAB>期限<TAB>12月25日: 领域 is empty
				j++
			}
			flush()
			cell(name, value)
		}
		flush()
	}
	return strings.Join(out, "\n"), t
}

// quotedCells undoes how WPS and Excel copy a cell holding a line break:
// the cell in double quotes, a quote inside doubled ("护栏缺损\r\n约20米").
// Split at its line break, the row lost its columns and nothing was read
// (QA7b #10); the break becomes a space. A quote that does not open such a
// cell (at a row's or cell's start, closed before a tab or the row's end)
// is text.
func quotedCells(s string) string {
	if !strings.Contains(s, "\"") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		atCell := i == 0 || s[i-1] == '\t' || s[i-1] == '\n'
		if s[i] != '"' || !atCell {
			b.WriteByte(s[i])
			i++
			continue
		}
		end, cell := closingQuote(s, i+1)
		if end < 0 || !strings.ContainsAny(cell, "\r\n") {
			b.WriteByte(s[i])
			i++
			continue
		}
		b.WriteString(strings.Join(strings.Fields(strings.ReplaceAll(cell, "\"\"", "\"")), " "))
		i = end + 1
	}
	return b.String()
}

// closingQuote finds the quote closing a quoted cell whose text starts at
// byte i: one not doubled, followed by a tab, a line break or the end.
// It returns its index and the text inside, or -1.
func closingQuote(s string, i int) (int, string) {
	for j := i; j < len(s); j++ {
		if s[j] != '"' {
			continue
		}
		if j+1 < len(s) && s[j+1] == '"' {
			j++
			continue
		}
		if j+1 == len(s) || strings.IndexByte("\t\r\n", s[j+1]) >= 0 {
			return j, s[i:j]
		}
		return -1, ""
	}
	return -1, ""
}

// extraRowsNote is the reply's line for the table rows a message did not
// read (tableRows), "" when there are none.
func extraRowsNote(extra []string) string {
	if len(extra) == 0 {
		return ""
	}
	return fmt.Sprintf("\n表格另有 %d 行未读取、未登记（一条消息只读表头下的第一行）：%s。请每行另发一条（可连同表头复制）。",
		len(extra), quoteRows(extra))
}

// quoteRows names rows in a reply: the first three, each in 「」 and cut
// at 30 characters, and … when there are more.
func quoteRows(rows []string) string {
	shown := make([]string, 0, 3)
	for _, row := range rows[:min(len(rows), 3)] {
		shown = append(shown, safetybot.Truncate(row, 30))
	}
	more := ""
	if len(rows) > 3 {
		more = "…"
	}
	return "「" + strings.Join(shown, "」「") + "」" + more
}

// isHeaderRow reports a row with two field names side by side: a header.
// Names alternating with values (领域<TAB>公路运营<TAB>期限…) are pairs.
// The first cell may hold the command before the name (上报 编号<TAB>隐患
// 名称/描述, typed and then pasted). A row-number header (序号) is a
// header's cell too (isHeaderCell).
func isHeaderRow(cells []string) bool {
	for j := 1; j < len(cells); j++ {
		prev := isHeaderCell(cells[j-1])
		if _, last, ok := lastWord(cells[0]); j == 1 && !prev && ok {
			prev = isHeaderCell(last)
		}
		if prev && isHeaderCell(cells[j]) {
			return true
		}
	}
	return false
}

// cellField is the field name a cell holds, as written: the whole cell, or
// a part of a ledger header such as 隐患名称/描述 or 位置/路段/船名; "" when
// it is none. A header with a remark in brackets (整改资金（万元）) is
// returned whole: the reader reads such a name (headerLabel), and the unit
// in it must reach unitLabels, so 0.35 under it is 0.35万元 (qa6b #1: the
// cell went to the description unsaid).
func cellField(c string) string {
	c = trimCell(c)
	if c == "" || len(c) > 4*maxLabelRunes {
		return ""
	}
	base := c
	if i := strings.IndexAny(c, "（("); i > 0 && (strings.HasSuffix(c, "）") || strings.HasSuffix(c, ")")) {
		// Only a header's remark: a unit, or a list of what the column
		// holds; a data cell such as 情况（已上报） stays text.
		remark := strings.TrimRight(strings.TrimLeft(c[i:], "（("), "）)")
		if remark == "万元" || remark == "元" || strings.Contains(remark, "、") {
			base = strings.TrimSpace(c[:i])
		}
	}
	if strings.ContainsFunc(base, unicode.IsSpace) {
		return "" // 上报 隐患名称/描述 is a command and a name (QA7b #9): lastWord splits it
	}
	if notFieldHeaders[base] || systemColumns[base] {
		return c // a header all the same: the ledger's own (编号, 发现时间 …)
	}
	for _, part := range strings.Split(base, "/") {
		if anyFieldName[strings.ToLower(part)] {
			if base != c {
				return c
			}
			return part
		}
	}
	return ""
}

// lastWord splits c before its last word, after a space: "上报 行业领域"
// is "上报" and "行业领域"; ok is false for a cell of one word.
func lastWord(c string) (before, last string, ok bool) {
	c = strings.TrimRightFunc(c, unicode.IsSpace)
	i := strings.LastIndexFunc(c, unicode.IsSpace)
	if i < 0 {
		return "", "", false
	}
	return strings.TrimRightFunc(c[:i], unicode.IsSpace), c[i+1:], true
}

// lastClause splits c before its last word or clause, after a space or
// a separator (，。；、 or a line break), the separator staying before:
// "２台已联网，整改资金（万元）" is "２台已联网，" and "整改资金（万元）".
func lastClause(c string) (before, last string, ok bool) {
	c = strings.TrimRightFunc(c, unicode.IsSpace)
	i := strings.LastIndexFunc(c, func(r rune) bool { return unicode.IsSpace(r) || isSeparator(r) })
	if i < 0 {
		return "", "", false
	}
	_, n := utf8.DecodeRuneInString(c[i:])
	return strings.TrimRightFunc(c[:i+n], unicode.IsSpace), c[i+n:], true
}

// trimCell drops the spaces and invisible characters around a cell.
func trimCell(c string) string {
	return strings.TrimFunc(c, func(r rune) bool { return unicode.IsSpace(r) || safetybot.IsInvisible(r) })
}

// anyFieldName holds every name of every field in fieldTable, lower case.
var anyFieldName = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range fieldTable {
		m[strings.ToLower(f.key)] = true
		for _, n := range f.names {
			m[strings.ToLower(n)] = true
		}
	}
	return m
}()
