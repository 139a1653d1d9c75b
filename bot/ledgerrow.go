package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"safetybot"
)

// ledgerColumns is the header row of the ledger the bot exports
// (export.Columns; a test keeps the two the same). Rows of it are copied
// back to the bot, with their header or without, and 编号 in the first
// column is no field name: a header that began with it was read as text,
// and a row without its header went whole into a new hazard's description,
// a duplicate of the hazard it was copied from (fix9 #1).
var ledgerColumns = []string{
	"编号", "隐患名称/描述", "产生原因", "所属单位", "行业领域", "位置/路段/船名",
	"隐患等级", "判定依据", "发现来源", "发现时间", "发现人", "整改措施",
	"责任单位/责任人", "整改资金（万元）", "整改期限", "临时管控措施", "挂牌督办（级别、督办单位、文号）",
	"是否停产停业", "进展记录", "完成时间", "企业自验收（人、日期）", "部门复核（人、日期、结论）",
	"销号时间", "整改前后照片", "当前状态", "是否逾期", "发现人账号", "责任人账号",
}

// ledgerDaysOverdue is the column the dashboard's download adds after
// 是否逾期 (export.ColumnDaysOverdue).
const ledgerDaysOverdue = "逾期天数"

// numberColumn is the ledger's 编号 column.
const numberColumn = "编号"

// systemColumns are the ledger's columns that no field of any command
// fills: the bot records them itself as a hazard is handled (编号, 发现时间,
// 责任单位/责任人 by 指派, 当前状态 …). Keyed by the header without its
// remark in brackets.
var systemColumns = func() map[string]bool {
	m := map[string]bool{ledgerDaysOverdue: true}
	for _, c := range ledgerColumns {
		base := headerBase(c)
		if notFieldHeaders[base] || !slices.ContainsFunc(strings.Split(base, "/"), func(p string) bool { return anyFieldName[strings.ToLower(p)] }) {
			m[base] = true
		}
	}
	return m
}()

// headerBase is a header cell without its remark in brackets:
// 企业自验收（人、日期） is 企业自验收.
func headerBase(c string) string {
	c = trimCell(c)
	if i := strings.IndexAny(c, "（("); i > 0 && (strings.HasSuffix(c, "）") || strings.HasSuffix(c, ")")) {
		return strings.TrimSpace(c[:i])
	}
	return c
}

// isSystemColumn reports a header cell naming one of systemColumns.
func isSystemColumn(c string) bool { return systemColumns[headerBase(c)] }

// ledgerHeader is the header of a ledger row of n cells copied without
// it, nil when no ledger has rows of n cells: the first n columns, or all
// of the dashboard's download (逾期天数 after 是否逾期).
func ledgerHeader(n int) []string {
	switch {
	case n <= len(ledgerColumns):
		return ledgerColumns[:n]
	case n == len(ledgerColumns)+1:
		i := slices.Index(ledgerColumns, "是否逾期") + 1
		return slices.Insert(slices.Clone(ledgerColumns), i, ledgerDaysOverdue)
	}
	return nil
}

// headerlessRow reads a table row as a ledger row copied without its
// header: its first cell is a hazard number (the 编号 column), alone or
// after the command typed before the paste ("上报 YH2026-0012<TAB>…", then
// with at least two more cells, so "整改 YH2026-0001<TAB>已更换" stays a
// note). It returns the text before the number, the header to pair the
// row with and the row with the number alone in its first cell.
func headerlessRow(cells []string) (before string, header, row []string, ok bool) {
	if len(cells) < 2 {
		return "", nil, nil, false
	}
	first := trimCell(cells[0])
	if _, isNumber := parseHazardNumber(first); !isNumber {
		b, last, split := lastWord(first)
		if _, isNumber = parseHazardNumber(last); !split || !isNumber || len(cells) < 3 {
			return "", nil, nil, false
		}
		before, first = b, last
	}
	if header = ledgerHeader(len(cells)); header == nil || misplaced(header, cells) {
		return "", nil, nil, false
	}
	row = slices.Clone(cells)
	row[0] = first
	return before, header, row, true
}

// misplaced reports whether a cell of row holds a 等级, 来源, date or amount
// (contentKey) under a ledger column that cannot take it: a row that starts
// with a number but is not in the export's order (YH2026-0998<TAB>涵洞堵塞
// <TAB>一般<TAB>12月26日 filed 12月26日 as its unit and 一般 as its cause,
// and both became enterprises: QA14 #1). Such a row is read by its content
// (contentRow) instead.
func misplaced(header, row []string) bool {
	for j := 1; j < len(row) && j < len(header); j++ {
		key := contentKey(trimCell(row[j]))
		if key == "" {
			continue
		}
		switch headerBase(header[j]) {
		case "隐患等级":
			if key == "等级" {
				continue
			}
		case "发现来源":
			if key == "来源" {
				continue
			}
		case "整改期限", "发现时间", "完成时间", "销号时间":
			if key == "期限" {
				continue
			}
		case "整改资金":
			if key == "资金" {
				continue
			}
		}
		return true
	}
	return false
}

// ledgerCell is a cell of a pasted table under one of systemColumns.
type ledgerCell struct{ column, value string }

// pastedTable is what a message's table held besides the text the reader
// reads (tableRows with split).
type pastedTable struct {
	extra      []string       // rows after a header's first row, each as its cells
	system     []ledgerCell   // cells with a value under systemColumns, in order
	rowNumbers []ledgerCell   // the table's own row numbers (isRowNumberCell)
	byShape    bool           // a row without header or number read by the ledger's columns (shapedLedgerRow)
	content    []contentField // the cells of a row without header read by their content (contentRow)
	// supervision is the cell under 挂牌督办, "" once the command read it.
	supervision string
}

// supervisionColumn is the ledger's 挂牌督办（级别、督办单位、文号） without
// its remark.
const supervisionColumn = "挂牌督办"

// withSupervision is the command's text with the pasted 挂牌督办 cell as
// its 督办 field, for a command that takes one (修改, 确认). Others (上报,
// 整改) do not: a reporter does not decide a hazard's supervision. There
// the cell was 未识别 and stayed in the description, and in the digest,
// the cards and the export (QA10 #5); it is left for ledgerNote to name.
func (t *pastedTable) withSupervision(rest string, fs *fieldSet) string {
	if t.supervision == "" || !fs.has("督办") {
		return rest
	}
	v := safetybot.Fold(t.supervision)
	t.supervision = ""
	return rest + "\n督办:" + v
}

// rowNumberHeaders head a table's column of row numbers, which a county
// ledger kept in WPS has first (序号 1, 2, 3 …).
var rowNumberHeaders = map[string]bool{"序号": true, "行号": true}

// isHeaderCell reports a cell of a header row: a field name (cellField)
// or a row-number header. 序号 is no field name, so a header whose 序号
// was not beside another name's cell (隐患名称/描述<TAB>序号<TAB>所属单位)
// was no header, and it and its row went into the description as text,
// unsaid (fix10-11 #1); sharing its cell with the command (上报 序号<TAB>…)
// it became a name 上报 序号, 未识别 (#2). It stays no field name: in
// pairs (序号<TAB>姓名 of a staff list) it takes no value.
func isHeaderCell(c string) bool {
	return cellField(c) != "" || rowNumberHeaders[headerBase(c)]
}

// isRowNumberCell reports a cell v under a row-number header that is a row
// number: it numbers the office's own table, not the hazard, and read as
// 序号:1 it went into the description (「序号:1，危险品仓库…」), and from
// there into the export and the digest (fix9-10 #3). A cell that is no
// number (一号泊位) is text and stays, named as not understood.
func isRowNumberCell(name, v string) bool {
	if !rowNumberHeaders[headerBase(name)] || v == "" {
		return false
	}
	// Full-width digits too (１, from a phone or WPS: QA15 #2).
	return safetybot.AllDigits(safetybot.Fold(v))
}

// setApart reports whether the table held cells the reader was not given
// (system, row numbers, 挂牌督办, extra rows): what is left is the text.
func (t pastedTable) setApart() bool {
	return len(t.system) > 0 || len(t.rowNumbers) > 0 || t.supervision != "" || len(t.extra) > 0
}

// number is the hazard number in the table's 编号 column, if any.
func (t pastedTable) number() (string, bool) {
	for _, c := range t.system {
		if c.column == numberColumn {
			return findHazardNumber(c.value)
		}
	}
	return "", false
}

// systemNote is the reply's lines naming the cells under systemColumns,
// which nothing registered: they were neither dropped silently nor kept in
// the description (QA: 发现时间、当前状态 of a pasted row were left there as
// junk). The 编号 of the hazard the command names (修改 YH2026-0001 with
// its own row) is no news and left out. The table's row numbers follow, in
// a line of their own: they are no column of the ledger. "" when there is
// nothing to name. u is the sender: only staff are told to 指派.
func (t pastedTable) systemNote(rest string, fs *fieldSet, u safetybot.User) string {
	return t.shapeNote() + t.contentNote(fs) + t.ledgerNote(rest, u) + t.rowNumberNote()
}

// shapeNote is the reply's line for a row read by the ledger's columns
// without a header to say so (shapedLedgerRow): the reading is the bot's
// guess from the row's shape, so the sender is asked to check it.
func (t pastedTable) shapeNote() string {
	if !t.byShape {
		return ""
	}
	return "\n这一行没有表头，已按导出台账的列序（编号、隐患名称/描述、产生原因、所属单位、行业领域…）读取，请核对上面读取的内容。"
}

// rowNumberNote is the reply's line naming the row numbers dropped, ""
// when there were none.
func (t pastedTable) rowNumberNote() string {
	if len(t.rowNumbers) == 0 {
		return ""
	}
	cells := make([]string, len(t.rowNumbers))
	for i, c := range t.rowNumbers {
		cells[i] = fmt.Sprintf("%s「%s」", headerBase(c.column), safetybot.Truncate(c.value, 20))
	}
	return "\n未登记：" + strings.Join(cells, "、") + "（表格的行号，不是隐患的内容，已略去）。"
}

// ledgerNote is systemNote's line for the cells under systemColumns.
func (t pastedTable) ledgerNote(rest string, u safetybot.User) string {
	note := ""
	if t.supervision != "" {
		note = fmt.Sprintf("\n未登记：挂牌督办「%s」（这条命令不填挂牌督办，由工作人员发送「确认 <编号> 督办:…」或「修改 <编号> 督办:…」填写）。", safetybot.Truncate(t.supervision, 20))
	}
	if len(t.system) == 0 {
		return note
	}
	own, _ := findHazardNumber(rest)
	var cells []string
	for _, c := range t.system {
		if n, _ := findHazardNumber(c.value); c.column == numberColumn && n != "" && n == own {
			continue
		}
		cells = append(cells, fmt.Sprintf("%s「%s」", headerBase(c.column), safetybot.Truncate(c.value, 20)))
	}
	if len(cells) == 0 {
		return note
	}
	assign := ""
	if slices.ContainsFunc(t.system, func(c ledgerCell) bool { return notFieldHeaders[headerBase(c.column)] }) {
		assign = "责任人请用「指派 <编号> <责任人>」指定。"
		if !u.IsStaff() { // 指派 is staff's (fix10-10 #2)
			assign = "责任人由工作人员用「指派 <编号> <责任人>」指定。"
		}
	}
	return "\n未登记：" + strings.Join(cells, "、") + "（台账中的这些栏目由系统在办理中自动记录，不能随消息填写，已略去）。" + assign + note
}

// pastedNumber is the hazard already in the ledger when a 上报 carries the
// ledger's 编号 column (a row of the export pasted back, with its header or
// without, or typed 编号:…): a second registration of it was stored
// without a word (QA7b #6), so the report is refused and told to use 修改.
// A description that begins with an existing hazard's number is the same
// row pasted with spaces for tabs, or the number alone (上报 YH2026-0002):
// it registered a junk hazard, and told leaders 可能为重大 (QA10 #11).
// It is nil when there is no such number or it is no hazard's.
func (e *Engine) pastedNumber(ctx context.Context, r *request, desc string) (*safetybot.Hazard, error) {
	number, ok := r.pasted.number()
	if !ok && slices.Contains(r.args.Unknown, numberColumn) {
		number, ok = findHazardNumber(r.args.Text)
	}
	alone := false
	if !ok {
		number, alone, ok = leadingHazardNumber(desc)
	}
	if !ok {
		return nil, nil
	}
	h, _, err := e.store.Hazard(ctx, number)
	if safetybot.ErrorCode(err) == safetybot.ENOTFOUND {
		if alone {
			// 上报 YH2026-0999 registered a hazard described by that number
			// (fix10 #4): someone looking a hazard up, or mistyping one.
			return nil, safetybot.Errorf(safetybot.EINVALID, "没有编号为 %s 的隐患，未登记。「上报」用于登记一条新隐患，请写明隐患描述，"+
				"例如「上报 码头护栏缺失 单位:… 领域:…」；查看一条已有的隐患请发送「隐患 <编号>」，编号见登记时的回复或台账。", number)
		}
		return nil, nil
	}
	return h, err
}

// leadingHazardNumber is the hazard number a description begins with, as
// its first word (YH2026-0002 危货车辆…, or YH 2026-0002 as leadNumber
// reads it) or its first cell glued to punctuation (YH2026-0002，…);
// alone says nothing but spaces and punctuation follows it. Without its
// YH (上报 2026-0002, QA11 #6) it is read as every command reads it
// (parseHazardNumber).
func leadingHazardNumber(desc string) (number string, alone, ok bool) {
	first, after := cutWord(strings.TrimSpace(desc))
	if strings.EqualFold(first, "YH") {
		second, rest := cutWord(strings.TrimLeft(after, " "))
		if number, used := leadNumber([]string{first, second}); used == 2 {
			return number, strings.TrimFunc(rest, isNoise) == "", true
		}
	}
	number, ok = parseHazardNumber(first)
	return number, strings.TrimFunc(after, isNoise) == "", ok
}

// cutWord cuts s at its first space or punctuation other than "-".
func cutWord(s string) (word, after string) {
	i := strings.IndexFunc(s, func(c rune) bool {
		return unicode.IsSpace(c) || c != '-' && (unicode.IsPunct(c) || unicode.IsSymbol(c))
	})
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

// pastedNumberError is the refusal for pastedNumber. It names the hazard's
// description, so the user sees which one the row is, only to whom 隐患
// <编号> shows it (mayViewHazard): to anyone else the notice revealed any
// hazard's description, a tip-verified one included, by its number (QA10
// #10).
//
// The correction it offers is one u may run (correction, fix10-10 #2).
// In a group (inGroup) the description is left out for everyone: not all
// its members may open the hazard (hazardgroup.go, QA16 #7).
func (e *Engine) pastedNumberError(h *safetybot.Hazard, u safetybot.User, inGroup bool) error {
	if !mayViewHazard(u, h) {
		return safetybot.Errorf(safetybot.EINVALID, "这一条的编号 %s 已在台账中，未重复登记。如需更正该隐患，请联系工作人员；确属另一条隐患，请删去编号后再发。", h.Number)
	}
	which := h.Number + "（" + safetybot.Truncate(h.Description, 20) + "）"
	if inGroup {
		which = h.Number
	}
	return safetybot.Errorf(safetybot.EINVALID, "这一行的编号是 %s，该隐患已在台账中，未重复登记。要更正请%s；确属另一条隐患，请删去编号一栏后再发。",
		which, e.correction(u, h, "字段", "值"))
}

// mayViewHazard is who 隐患 <编号> shows a hazard to: staff, and the
// person it is assigned to. Every reply that names a hazard's content to
// someone who asked by number follows it.
func mayViewHazard(u safetybot.User, h *safetybot.Hazard) bool {
	return u.IsStaff() || h.Assignee == u.ID
}
