package bot

import (
	"fmt"
	"slices"
	"strings"
)

// headerRowCommands splits a 上报 whose table is a header row and two or
// more rows under it into one 上报 per row, each the header and its row,
// as rowCommands does for rows without a header: the header's first row
// was registered and the others named, to be sent again one by one
// (fix10-11 #3). Only the verb (and @mentions) may come before the table,
// on its line or sharing the header's first cell, since text typed there
// would go into every hazard; a line without tabs after the table, or a
// second header, leaves the message as it was. A row under the header
// that is no hazard's, its 描述 cell empty (a merged cell's continuation
// row) or with more cells than the header (no column to read each by),
// is returned in unread, never made a hazard nor glued to one. parts is
// nil when the message is no such table; one part with unread rows is
// still returned, for the reply to name them.
func headerRowCommands(text, verb string) (parts, unread []string) {
	lines := strings.Split(quotedCells(text), "\n")
	first := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "\t") })
	if first < 0 {
		return nil, nil
	}
	header := strings.Split(lines[first], "\t")
	before := strings.Join(lines[:first], "\n")
	if first == 0 {
		b, last, ok := lastWord(header[0])
		if !ok {
			return nil, nil
		}
		before, header[0] = b, last
	}
	desc := slices.IndexFunc(header, isDescriptionHeader)
	if !isHeaderRow(header) || desc < 0 || !verbOnly(before, verb) {
		return nil, nil
	}
	var rows []string
	for _, l := range lines[first+1:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		cells := strings.Split(l, "\t")
		if !strings.Contains(l, "\t") || isHeaderRow(cells) {
			return nil, nil
		}
		if len(cells) > len(header) || desc >= len(cells) || trimCell(cells[desc]) == "" {
			unread = append(unread, strings.Join(strings.Fields(strings.Join(cells, " ")), " "))
			continue
		}
		rows = append(rows, l)
	}
	if len(rows) == 0 || len(rows) == 1 && len(unread) == 0 {
		return nil, nil
	}
	parts = make([]string, len(rows))
	for i, r := range rows {
		parts[i] = strings.Join(lines[:first+1], "\n") + "\n" + r
	}
	return parts, unread
}

// descriptionNames are the names of the 描述 field (fieldTable).
var descriptionNames = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range fieldTable {
		if f.key == "描述" {
			m[f.key] = true
			for _, n := range f.names {
				m[strings.ToLower(n)] = true
			}
		}
	}
	return m
}()

// isDescriptionHeader reports a header cell naming the 描述 field, as a
// whole or as a part (隐患名称/描述).
func isDescriptionHeader(c string) bool {
	return slices.ContainsFunc(strings.Split(headerBase(c), "/"), func(p string) bool { return descriptionNames[strings.ToLower(p)] })
}

// unreadHeaderRowsNote is the reply's line naming the rows under a header
// that headerRowCommands could not read as a hazard's, "" when none.
func unreadHeaderRowsNote(unread []string) string {
	if len(unread) == 0 {
		return ""
	}
	return fmt.Sprintf("表格另有 %d 行读不出（「隐患名称/描述」一格是空的，如合并单元格留下的续行，或格数比表头多），未登记、未并入任何一条：%s。请核对后每行另发一条（可连同表头复制）。",
		len(unread), quoteRows(unread))
}
