package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"safetybot"
)

// contentField is a cell of a headerless row read by its content
// (contentRow): the field key it was read as and the cell; twice when
// another cell has the same form, so neither was read.
type contentField struct {
	key, value string
	twice      bool
}

// contentRow reads a table row pasted without a header in a column order
// that is not the ledger export's (测试码头<TAB>消防通道堵塞<TAB>一般<TAB>12月20日,
// the office's own WPS sheet): glued into the description as text, its
// 等级 and 期限 were not read, and a second such row became part of the
// same hazard (fix10 #1). Only cells whose whole content has a closed form
// are read, each under the one field it can be: a 等级 (重大, 一般隐患), a
// 来源 (督导检查), a date (期限) and an amount in 元 or 万元 (资金); a form
// met in two cells (two dates: 发现 and 期限?) is read from neither. The
// other cells, the command typed before the paste among them, are the
// text, in order: which of them is the unit or the place no cell says, so
// the reply names what was read and asks for the rest (contentNote). As
// for the export's order (ledgerShapeFit), it is a hazard's row only when
// at least two cells fit, one a 等级 or a 来源, and no cell is a field
// name (领域<TAB>公路运营 is pairs).
func contentRow(cells []string) (text string, fields []contentField, ok bool) {
	if len(cells) < 3 || slices.ContainsFunc(cells, func(c string) bool { return cellField(c) != "" }) {
		return "", nil, false
	}
	keys := make([]string, len(cells))
	count := map[string]int{}
	fit, telling := 0, false
	for j, c := range cells {
		if keys[j] = contentKey(trimCell(c)); keys[j] != "" {
			count[keys[j]]++
			fit++
			telling = telling || keys[j] == "等级" || keys[j] == "来源"
		}
	}
	if fit < 2 || !telling {
		return "", nil, false
	}
	var words []string
	for j, c := range cells {
		v := trimCell(c)
		switch {
		case v == "":
		case keys[j] != "" && count[keys[j]] == 1:
			fields = append(fields, contentField{key: keys[j], value: v})
		default:
			if keys[j] != "" {
				fields = append(fields, contentField{key: keys[j], value: v, twice: true})
			}
			words = append(words, v)
		}
	}
	return strings.Join(words, " "), fields, true
}

// contentRow is the package's contentRow for the table: a field name's
// pair on the row (…<TAB>12月20日<TAB>领域<TAB>水上交通) is read as
// name:value and the rest by content (QA14 #2: the pair made the whole row
// text, and its date cell stayed in the description, unsaid); a number
// heading the row is set apart (contentLead).
func (t *pastedTable) contentRow(cells []string) (string, []contentField, bool) {
	rest, pairs := splitPairs(cells)
	text, fields, ok := t.contentLead(rest)
	if !ok || len(pairs) == 0 {
		return text, fields, ok
	}
	return text + "\n" + strings.Join(pairs, "\n"), fields, true
}

// splitPairs takes out of a row each field name's cell after the first
// with the cell after it, as name:value.
func splitPairs(cells []string) (rest, pairs []string) {
	for j := 0; j < len(cells); j++ {
		if j > 0 && j+1 < len(cells) && cellField(cells[j]) != "" {
			pairs = append(pairs, trimCell(cells[j])+":"+trimCell(cells[j+1]))
			j++
			continue
		}
		rest = append(rest, cells[j])
	}
	return rest, pairs
}

// contentLead reads a row by content (contentRow) without the number its
// first cell holds, alone or after the command typed before the paste:
//   - a hazard number is its 编号 cell, named 未登记 as under an 编号
//     header (QA15 #3: YH2026-0099 stayed in a new hazard's description,
//     unsaid; pastedNumber refuses one already in the ledger);
//   - a short run of digits (1, １) is the table's own row number, as under
//     a 序号 header (QA14 #13: it began the description).
func (t *pastedTable) contentLead(cells []string) (string, []contentField, bool) {
	if len(cells) < 4 {
		return contentRow(cells)
	}
	before, lead, split := lastWord(trimCell(cells[0]))
	if !split {
		before, lead = "", trimCell(cells[0])
	}
	lead = safetybot.Fold(lead)
	number, isNumber := parseHazardNumber(lead)
	if !isNumber && (len(lead) > 4 || !safetybot.AllDigits(lead)) {
		return contentRow(cells)
	}
	rest := slices.Clone(cells[1:])
	if before != "" {
		rest = append([]string{before}, rest...)
	}
	text, fields, ok := contentRow(rest)
	switch {
	case !ok:
		return contentRow(cells)
	case isNumber:
		t.system = append(t.system, ledgerCell{column: numberColumn, value: number})
	default:
		t.rowNumbers = append(t.rowNumbers, ledgerCell{column: "序号", value: lead})
	}
	return text, fields, true
}

// contentKey is the field a cell's whole content can only be, "" for text.
// A 等级 is the word alone (重大, 一般隐患, 重大事故隐患): a description such
// as 消防通道重大堵塞 says 重大 too, and parseGrade would take it.
func contentKey(v string) string {
	switch {
	case v == "":
		return ""
	case slices.Contains([]string{"重大", "一般", "重大隐患", "一般隐患", "重大事故隐患", "一般事故隐患"}, v):
		return "等级"
	case sourceWords[v] != "":
		return "来源"
	case ledgerDateRE.MatchString(v), isDateWords(v):
		return "期限"
	case strings.HasSuffix(v, "元") && !strings.ContainsAny(v, " 　"):
		if _, err := safetybot.ParseYuan(v); err == nil {
			return "资金"
		}
	}
	return ""
}

// isDateWords reports whether v is a deadline as the 期限 field reads one
// (明年1月10日, 下周五, 本月底, 15天内): such a cell in a headerless row
// stayed in the description and 期限 was left empty, unsaid (QA15 #1).
// Whether v parses does not depend on the day, so the clock is the
// machine's: the field's value is read later against the engine's.
func isDateWords(v string) bool {
	_, err := parseDate(v, time.Now())
	return err == nil
}

// contentNote is the reply's line for a row read by contentRow: which
// cells were read as what, and that the rest went into the description,
// for the sender to check; "" when no row was. Only the fields of fs, the
// command's, were read: another's "等级:一般" is named 未识别 by the reader.
func (t pastedTable) contentNote(fs *fieldSet) string {
	var read, twice []string
	for _, f := range t.content {
		switch cell := fmt.Sprintf("「%s」", safetybot.Truncate(f.value, 20)); {
		case !fs.has(f.key):
		case f.twice:
			twice = append(twice, cell)
		default:
			read = append(read, f.key+cell)
		}
	}
	if len(read) == 0 {
		return ""
	}
	note := ""
	if len(twice) > 0 {
		note = "；" + strings.Join(twice, "") + "同属一类（如两个日期），不能确定哪一格是哪一栏，未读取"
	}
	return "\n这一行没有表头，已按各格的内容读取：" + strings.Join(read, "、") + note + "，其余各格按文字处理（单位、领域、地点等无法从位置判断），请核对上面读取的内容。"
}
