package export

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestFigureValues: what each kind of string in the annual workbook
// becomes — a number, a percentage (fraction and format), or text.
func TestFigureValues(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	value, err := figureValues(f)
	if err != nil {
		t.Fatal(err)
	}
	pctFormat := func(c excelize.Cell) string {
		st, _ := f.GetStyle(c.StyleID)
		if st.CustomNumFmt != nil {
			return *st.CustomNumFmt
		}
		if st.NumFmt == 9 {
			return "0%"
		}
		return ""
	}
	tests := []struct {
		in   string
		want any    // float64, or the text
		pct  string // the percent format, for a percentage
	}{
		{"12", 12.0, ""},
		{"0", 0.0, ""},
		{"6000", 6000.0, ""},
		{"85.7%", 0.857, "0.0%"},
		{"0.0%", 0.0, "0.0%"},
		{"-5.0%", -0.05, "0.0%"},
		{"60%", 0.6, "0%"},
		{"0%", 0.0, "0%"},
		{"007", "007", ""}, // a code keeps its zeros
		{NotEnabled, NotEnabled, ""},
		{"—", "—", ""},
		{"2（补记）", "2（补记）", ""},
		{"12 / 30", "12 / 30", ""},
		{"2026-11-28", "2026-11-28", ""},
		{"=1+1", "'=1+1", ""}, // Cell's guard still applies
	}
	for _, tt := range tests {
		got := value(tt.in)
		if c, ok := got.(excelize.Cell); ok {
			if c.Value != tt.want || pctFormat(c) != tt.pct {
				t.Errorf("%q: %v under %q, want %v under %q", tt.in, c.Value, pctFormat(c), tt.want, tt.pct)
			}
			continue
		}
		if got != tt.want || tt.pct != "" {
			t.Errorf("%q: %#v, want %#v (percent format %q)", tt.in, got, tt.want, tt.pct)
		}
	}
}
