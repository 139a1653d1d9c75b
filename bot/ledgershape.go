package bot

import (
	"regexp"
	"slices"

	"safetybot"
)

// shapedLedgerRow reads a table row as a row of the ledger copied without
// its header and without a hazard number: a new hazard kept in the
// office's WPS copy of the ledger, its 编号 cell empty ("上报 <TAB>隧道照明
// 损坏<TAB>…") or left out of the copy, which then begins at 隐患名称/描述.
// Glued whole into the description, such a row lost its 资金 and 期限
// without a word (QA10 #4). Whether it is a ledger row, and which of the
// two, is told by its shape: the cells under the columns whose values are
// known words (ledgerShapeFit) must fit, at least two of them, one a 等级
// or a 来源. A row holding a field name is pairs (领域<TAB>公路运营), never
// this. It returns the text before the row (the command typed before the
// paste), the header to pair the row with and the row.
func shapedLedgerRow(cells []string) (before string, header, row []string, ok bool) {
	if len(cells) < 4 || slices.ContainsFunc(cells, func(c string) bool { return cellField(c) != "" }) {
		return "", nil, nil, false
	}
	first := trimCell(cells[0])
	best := 0
	for skip := range 2 { // the columns left out before the first cell
		h := ledgerHeader(len(cells) + skip)
		if h == nil {
			continue
		}
		r, b := slices.Clone(cells), ""
		switch cmd, last, split := lastWord(first); {
		case skip == 0 && split:
			continue // "上报 隧道…": text in the 编号 cell, which is empty or a number
		case skip == 0:
			b, r[0] = first, "" // the 编号 cell holds the command, or nothing
		case split:
			b, r[0] = cmd, last
		}
		if n := ledgerShapeFit(h[skip:], r); n > best {
			best, before, header, row = n, b, h[skip:], r
		}
	}
	return before, header, row, best > 0
}

// ledgerShapeFit is how many cells of row fit the ledger column above them
// (header), 0 unless at least two do and one is a 等级 or a 来源: words
// staff write only there, so that a row of another table with a date and
// an amount is not read as the ledger's.
func ledgerShapeFit(header, row []string) int {
	fit, telling := 0, false
	for j, c := range header {
		v := trimCell(row[j])
		if v == "" {
			continue
		}
		switch headerBase(c) {
		case "隐患等级":
			if _, err := parseGrade(v); err == nil {
				fit, telling = fit+1, true
			}
		case "发现来源":
			if _, err := parseSource(v); err == nil {
				fit, telling = fit+1, true
			}
		case "是否停产停业", "是否逾期":
			if _, ok := yesNoWord(v); ok {
				fit++
			}
		case "整改资金":
			if _, err := safetybot.ParseYuan(v); err == nil {
				fit++
			}
		case "整改期限", "发现时间", "完成时间", "销号时间":
			if ledgerDateRE.MatchString(v) {
				fit++
			}
		}
	}
	if fit < 2 || !telling {
		return 0
	}
	return fit
}

// ledgerDateRE matches a date cell as the ledger and WPS write one:
// 2026-12-31, 2026/12/31 10:00, 12月31日.
var ledgerDateRE = regexp.MustCompile(`^(\d{4}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(\s+\d{1,2}:\d{2}(:\d{2})?)?$`)
