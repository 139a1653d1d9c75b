package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// fix9-6 #6: export refuses a year not begun, as report does, instead of
// an empty ledger with exit 0; a past year with no hazards is exported
// (an office files a ledger for each year) saying the file is empty, and a
// year before the ledger's first (the plan's, or its first hazard's) is
// refused naming the years it covers.
func TestExportYear(t *testing.T) {
	db := seededDB(t, 10) // hazards numbered in 2026
	for _, tc := range []struct {
		today, year string
		refused     string // in the usage error; "" = written
		said        string // on stderr when written
	}{
		{"2026-12-08", "2027", "export：2027 年尚未开始（今天是 2026-12-08），台账中不会有该年编号的隐患，未导出任何文件。请选择 2026 及以前的年份", ""},
		{"2026-12-31", "２０２７", "2027 年尚未开始", ""},
		{"2026-12-08", "2100", "2100 年尚未开始", ""},
		{"2027-01-01", "2027", "", "2027年隐患台账：0 项隐患（没有符合条件的隐患），已将只有表头的空台账写入"},
		{"2026-12-08", "2024", "", "2024年隐患台账：0 项隐患（没有符合条件的隐患），已将只有表头的空台账写入"},
		// qa10 #18: a year before the plan and the first hazard is
		// answered with the years the ledger covers, not as no year.
		{"2026-12-08", "2023", "export：台账涵盖 2024 年至 2026 年（方案开始之年或最早的隐患编号年份起，至今年），--year 2023 不在其中，未导出任何文件", ""},
		{"2026-12-08", "1999", "export：台账涵盖 2024 年至 2026 年", ""},
		{"2027-03-01", "1999", "export：台账涵盖 2024 年至 2027 年", ""},
		{"2026-12-08", "2026", "", "条处置记录已写入"},
	} {
		at, err := time.ParseInLocation(time.DateOnly, tc.today, safetybot.Shanghai)
		if err != nil {
			t.Fatal(err)
		}
		cfg := mustConfig(t, map[string]string{"SAFETYBOT_DB": db})
		cfg.hooks.now = func() time.Time { return at.Add(9 * time.Hour) }
		out := filepath.Join(t.TempDir(), "台账.xlsx")
		var stdout, stderr bytes.Buffer
		err = runConfig(context.Background(), cfg, []string{"export", "--year", tc.year, "--out", out}, strings.NewReader(""), &stdout, &stderr)
		_, statErr := os.Stat(out)
		if tc.refused != "" {
			var u usageError
			if !errors.As(err, &u) || !strings.Contains(u.msg, tc.refused) || statErr == nil {
				t.Errorf("on %s --year %s: %v (file written: %v), want a usage error with %q and no file", tc.today, tc.year, err, statErr == nil, tc.refused)
			}
			continue
		}
		if err != nil || statErr != nil || !strings.Contains(stderr.String(), tc.said) {
			t.Errorf("on %s --year %s: %v, %v, stderr %q; want a file and %q", tc.today, tc.year, err, statErr, stderr.String(), tc.said)
		}
	}
}
