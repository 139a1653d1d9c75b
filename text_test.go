package safetybot

import "testing"

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"危货车辆", 4, "危货车辆"},
		{"危货车辆未装监控", 4, "危货车辆…"},
		{"ab", 0, "…"},
		{"", 3, ""},
	} {
		if got := Truncate(tc.in, tc.n); got != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
	if got := OneLine("护栏\n缺失  严重", 5); got != "护栏 缺失…" {
		t.Errorf("OneLine = %q", got)
	}
}

// TestFundsText: 隐患 and the dashboard show 整改资金 in 万元, the figure
// the ledger's 整改资金（万元） column holds (qa3 #10: 8000元 in chat and
// on the page, 0.8 in the export).
func TestFundsText(t *testing.T) {
	for _, c := range []struct{ stored, want string }{
		{"8000元", "0.8万元"},
		{"36000元", "3.6万元"},
		{"30000元", "3万元"},
		{"12345元", "1.2345万元"},
		{"50元", "0.005万元"},
		{"0元", "0万元"},
		{"5000", "0.5万元"},
		{"3.5万元", "3.5万元"},
		{"已申请专项资金", "已申请专项资金"},
		{"", ""},
	} {
		h := &Hazard{Funds: c.stored}
		if got := h.FundsText(); got != c.want {
			t.Errorf("FundsText(%q) = %q, want %q", c.stored, got, c.want)
		}
	}
}
