package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// QA 8 (and 5, 11): report refuses, in Chinese and without writing a file,
// a period with nothing to sum up or that is written wrong: a year not yet
// begun (on 2026-12-07 the 2027 summary said the plan still running "已于
// 2026年12月31日结束"), a period before the first plan, a date that does not
// exist, --from after --to. A year or span already begun is written.
func TestReportRefusesPeriodsWithNothingToSum(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "period.db")
	newDB(t, db)
	for _, tc := range []struct {
		day  string
		args []string
		want string // "" = written
	}{
		{"2026-12-07", []string{"--year", "2027"}, "统计期间 2027-01-01 至 2027-12-31 尚未开始（今天是 2026-12-07）"},
		{"2026-12-31", []string{"--year", "2027"}, "请在 2027-01-01 当天或之后生成"},
		{"2026-12-07", []string{"--from", "2026-12-08", "--to", "2026-12-31"}, "尚未开始"},
		{"2026-12-07", []string{"--year", "2023"}, "早于第一期方案开始（2024-01-01）"},
		{"2026-12-07", []string{"--from", "2026-12-01", "--to", "2026-11-01"}, "--from 2026-12-01 晚于 --to 2026-11-01"},
		{"2026-12-07", []string{"--from", "2026-02-30", "--to", "2026-03-31"}, "--from「2026-02-30」不是有效日期"},
		{"2026-12-07", []string{"--from", "2026-01-01", "--to", "2026年3月"}, "--to「2026年3月」不是有效日期"},
		{"2026-12-07", []string{"--year", "2026"}, ""},
		{"2027-01-01", []string{"--year", "2027"}, ""},
		{"2026-12-07", []string{"--from", "2026-12-01", "--to", "2027-01-31"}, ""},
	} {
		out := filepath.Join(dir, "总结")
		os.Remove(out + ".docx")
		_, err := runAt(t, tc.day, db, append(append([]string{"report"}, tc.args...), "--out", out)...)
		_, statErr := os.Stat(out + ".docx")
		if tc.want == "" {
			if err != nil || statErr != nil {
				t.Errorf("%s report %v: %v, %v", tc.day, tc.args, err, statErr)
			}
			continue
		}
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(u.msg, tc.want) {
			t.Errorf("%s report %v: %v, want a usage error with %q", tc.day, tc.args, err, tc.want)
		}
		if !errors.Is(statErr, os.ErrNotExist) {
			t.Errorf("%s report %v wrote a file", tc.day, tc.args)
		}
	}
}
