package export

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// plainNumber is a number as Excel and LibreOffice read it from a cell
// (sign, digits, decimals, an optional percent sign): -3.5, +12, 15%.
// Such a cell computes nothing, so it is left alone and stays a number.
var plainNumber = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)%?$`)

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula (OWASP, "CSV Injection": = + - @ tab CR), with LF and
// the full-width forms an input method may type (＝＋－＠).
const formulaStarts = "=+-@\t\r\n＝＋－＠"

// Cell returns s as it may safely be put in a cell of a CSV or xlsx export
// that people open in Excel or WPS: text whose first character (or first
// one after leading spaces) would start a formula gets a leading
// apostrophe, as OWASP advises, so =HYPERLINK(…) shows as text and
// computes nothing; plain numbers such as -3.5 are returned unchanged.
// A cell longer than MaxCellChars is cut, on purpose and visibly (fit),
// instead of silently by Excel.
func Cell(s string) string {
	return fit(neutral(s))
}

func neutral(s string) string {
	if s == "" || plainNumber.MatchString(s) {
		return s
	}
	first, _ := utf8.DecodeRuneInString(s)
	if first == '\t' || first == '\r' || first == '\n' {
		return "'" + s
	}
	if r, _ := utf8.DecodeRuneInString(strings.TrimLeft(s, " \u3000")); strings.ContainsRune(formulaStarts, r) {
		return "'" + s
	}
	return s
}

// Cells applies Cell to every value of row, in place, and returns it.
func Cells(row []string) []string {
	for i, v := range row {
		row[i] = Cell(v)
	}
	return row
}
