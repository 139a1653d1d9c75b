package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestExportSaysWhatItWrote: the line export prints counts what the file
// holds. A CSV has no 处置记录 sheet, so it must not claim 「0 条处置记录」
// for a ledger that has records (qa2 #16); the xlsx counts them.
func TestExportSaysWhatItWrote(t *testing.T) {
	db := seededDB(t, 10)
	events := regexp.MustCompile(`(\d+) 条处置记录已写入`)
	for _, c := range []struct {
		file       string
		wantEvents bool   // the line counts 处置记录
		want       string // and says
	}{
		{"台账.xlsx", true, "项隐患、"},
		{"台账.csv", false, "CSV 只含台账一张表；处置记录请导出 xlsx，在「处置记录」表中"},
	} {
		out := filepath.Join(t.TempDir(), c.file)
		_, stderr, err := runCLI(t, db, "export", "--out", out)
		if err != nil {
			t.Fatalf("%s: %v %s", c.file, err, stderr)
		}
		m := events.FindStringSubmatch(stderr)
		switch {
		case c.wantEvents && (m == nil || m[1] == "0"):
			t.Errorf("%s: %q, want the number of records", c.file, stderr)
		case !c.wantEvents && m != nil:
			t.Errorf("%s: %q counts records the file does not hold", c.file, stderr)
		}
		if n, _ := strconv.Atoi(strings.Fields(strings.SplitN(stderr, "：", 2)[1])[0]); n != 10 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: %q, want 10 项隐患 and %q", c.file, stderr, c.want)
		}
	}
}
