package bot

import "testing"

// qa3 #12: a value quoted back is what the user typed, not its folded form.
func TestTypedAs(t *testing.T) {
	for _, tc := range []struct{ raw, v, want string }{
		{"整改 YH2026-0001 已加固 资金：－３万元", "-3万元", "－３万元"},
		{"上报 篷布破损 期限：１２月４０日", "12月40日", "１２月４０日"},
		{"上报 篷布破损 期限:12月40日", "12月40日", "12月40日"},
		{"上报 篷布破损 期限：明年\u3000春天", "明年 春天", "明年\u3000春天"},
		{"上报 篷布破损 资金：８，０００元多", "8,000元多", "8,000元多"}, // rewritten beyond rune by rune: as read
		{"", "-3万元", "-3万元"},
	} {
		if got := typedAs(tc.raw, tc.v); got != tc.want {
			t.Errorf("typedAs(%q, %q) = %q, want %q", tc.raw, tc.v, got, tc.want)
		}
	}
}
