package export

import "testing"

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
