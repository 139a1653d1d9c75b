package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"safetybot"
)

// TestFundsCell: 整改资金 is stored in yuan ("30000元") and the ledger
// shows it in 万元 under 整改资金（万元）, as the chat does (3万元); a bare
// 30000 there would read as 30000万元.
func TestFundsCell(t *testing.T) {
	for _, c := range []struct{ stored, want string }{
		{"30000元", "3"},                 // 约3万元
		{"36000元", "3.6"},               // 3.6万元
		{"12345元", "1.2345"},            // 12,345元
		{"8000元", "0.8"},                // 8000元
		{"50元", "0.005"},                // 50元
		{"0元", "0"},                     // 0元
		{"1000000000000元", "100000000"}, // the largest ParseYuan reads
		{"5000", "0.5"},                 // stored without 元
		{"-3.5", "-0.00035"},            // a number someone typed in long ago
		{"3.5万元", "3.5万元"},              // text from before amounts were read
		{"已申请专项资金", "已申请专项资金"},
		{"", ""},
	} {
		if got := fundsCell(c.stored); got != c.want {
			t.Errorf("fundsCell(%q) = %q, want %q", c.stored, got, c.want)
		}
	}
}

// TestFundsCellsAreNumbers: in the xlsx, 整改资金（万元） holds number
// cells, so Excel's SUM adds them (it skips numbers stored as text; qa3
// #3: every cell was an inline string); funds kept as text before amounts
// were read stay text.
func TestFundsCellsAreNumbers(t *testing.T) {
	cases := []struct {
		stored string
		want   string // the cell's XML
	}{
		{"30000元", `<v>3</v>`},
		{"8000元", `<v>0.8</v>`},
		{"125000元", `<v>12.5</v>`},
		{"已申请专项资金", `t="inlineStr"><is><t>已申请专项资金</t>`},
		{"", ``},
	}
	l := &Ledger{Today: "2026-12-07"}
	for i, c := range cases {
		l.Hazards = append(l.Hazards, &safetybot.Hazard{ID: int64(i + 1), Number: fmt.Sprintf("YH2026-%04d", i+1), Description: "候车厅灭火器过期", Funds: c.stored})
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, l); err != nil {
		t.Fatal(err)
	}
	sheet := sheetXML(t, buf.Bytes(), "xl/worksheets/sheet1.xml")
	col, _ := excelize.ColumnNumberToName(slices.Index(Columns, ColumnFunds) + 1)
	for i, c := range cases {
		ref := fmt.Sprintf(`<c r="%s%d"`, col, i+2)
		at := strings.Index(sheet, ref)
		if at < 0 {
			if c.want != "" {
				t.Errorf("%q: no cell %s", c.stored, ref)
			}
			continue
		}
		cell := sheet[at:]
		cell = cell[:strings.Index(cell, "</c>")+len("</c>")]
		if !strings.Contains(cell, c.want) || (c.want != "" && strings.HasPrefix(c.want, "<v>") && strings.Contains(cell, `t="`)) {
			t.Errorf("%q: cell %s, want %s as a number", c.stored, cell, c.want)
		}
	}
}

// sheetXML is the text of the part called name in the xlsx package data.
func sheetXML(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
