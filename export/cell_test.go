package export_test

import (
	"testing"

	"safetybot/export"
)

func TestCellNeutralisesFormulas(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`=HYPERLINK("http://evil.example","点击")`, `'=HYPERLINK("http://evil.example","点击")`},
		{"+某公司", "'+某公司"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"\n=1+1", "'\n=1+1"},
		{"  =1+1", "'  =1+1"},
		{"\u3000=1+1", "'\u3000=1+1"},
		{"＝HYPERLINK(\"x\")", "'＝HYPERLINK(\"x\")"},
		{"－1", "'－1"},
		{"-Inf", "'-Inf"},
		{"-1e9", "'-1e9"},
		{"- 已整改", "'- 已整改"},
		{"-3.5", "-3.5"},
		{"+12", "+12"},
		{"3.5", "3.5"},
		{"-.5", "-.5"},
		{"15%", "15%"},
		{"3.5万", "3.5万"},
		{"护栏缺失 = 危险", "护栏缺失 = 危险"},
		{"YH2026-0001", "YH2026-0001"},
		{"2026-12-31", "2026-12-31"},
		{"", ""},
	} {
		if got := export.Cell(tc.in); got != tc.want {
			t.Errorf("Cell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
