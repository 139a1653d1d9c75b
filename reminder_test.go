package safetybot

import "testing"

// PeriodName is a bare name that callers put in their own brackets: the
// one-off period was "（一次性）", so the digest wrote
// "方案到期（（一次性），12-08提醒）" (QA report item 18).
func TestPeriodName(t *testing.T) {
	tests := []struct{ key, want string }{
		{"2026-11", "2026年11月"},
		{"2026-01", "2026年1月"},
		{"2026-Q4", "2026年第4季度"},
		{"2026-H1", "2026年上半年"},
		{"2026-H2", "2026年下半年"},
		{"2026", "2026年"},
		{"once", "一次性"},
	}
	for _, tt := range tests {
		if got := PeriodName(tt.key); got != tt.want {
			t.Errorf("PeriodName(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}
