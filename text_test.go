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
