package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestYearFlagReadAsTheDashboard: export and report read --year as the
// dashboard reads year=, full-width digits and spaces included (qa6b #9:
// --year ２０２６ exited 2 with 「无效」 while year=２０２６ filtered), and
// still refuse what is no year, naming what was typed.
func TestYearFlagReadAsTheDashboard(t *testing.T) {
	db := seededDB(t, 10)
	for _, tc := range []struct {
		year string
		want string // in stderr on success; "" = refused
	}{
		{"２０２６", "项隐患"},
		{" 2026 ", "项隐患"},
		{"2026", "项隐患"},
		{"２０２６年", ""},
		{"二〇二六", ""},
		{"２６", ""},
	} {
		for _, cmd := range []string{"export", "report"} {
			out := filepath.Join(t.TempDir(), "x.xlsx")
			_, stderr, err := runCLI(t, db, cmd, "--year", tc.year, "--out", out)
			if tc.want == "" {
				var u usageError
				if !errors.As(err, &u) || !strings.Contains(u.msg, "--year") {
					t.Errorf("%s --year %q: %v, want a usage error naming --year", cmd, tc.year, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s --year %q: %v %s", cmd, tc.year, err, stderr)
			} else if cmd == "export" && !strings.Contains(stderr, tc.want) {
				t.Errorf("%s --year %q: %q, want %q", cmd, tc.year, stderr, tc.want)
			}
		}
	}
}
