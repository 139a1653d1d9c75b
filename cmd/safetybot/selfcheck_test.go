package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/export"
)

// QA 10: the ledger's 企业自验收（人、日期） column is taken from the
// responsible person's 完成:是 (README: 以责任人报「完成:是」的时间为准): who
// and on which day, by name; a failed verification clears it with
// 完成时间, and the next 完成:是 fills it again.
func TestLedgerSelfCheckFromFinishedReport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "self.db")
	chatAs(t, db, "zhangsan", "上报 隧道照明失效 单位:县公路段 领域:公路运营\n")
	chatAs(t, db, "admin", "授权 staff1 工作人员\n姓名 zhangsan 张三\n")
	chatAs(t, db, "staff1", "确认 YH2026-0001\n指派 YH2026-0001 zhangsan\n")
	for _, step := range []struct {
		user, say    string
		wantSelf     string
		wantFinished bool
	}{
		{"zhangsan", "整改 YH2026-0001 已更换照明线路", "", false},
		{"zhangsan", "整改 YH2026-0001 线路已全部更换 完成:是", "张三", true},
		{"staff1", "驳回 YH2026-0001 现场复核仍有两盏不亮", "", false},
		{"zhangsan", "整改 YH2026-0001 补换两盏灯具，已全部点亮 完成：是", "张三", true},
	} {
		if reply := chatAs(t, db, step.user, step.say+"\n"); strings.Contains(reply, "无法") || strings.Contains(reply, "不能") {
			t.Fatalf("%s: %s", step.say, reply)
		}
		want := step.wantSelf
		if want != "" {
			want += "，" + string(safetybot.DateOf(time.Now())) // the day of 完成:是, just sent
		}
		out := filepath.Join(dir, "台账.csv")
		if _, stderr, err := runCLI(t, db, "export", "--out", out); err != nil {
			t.Fatalf("export: %v %s", err, stderr)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil || len(rows) != 2 {
			t.Fatalf("ledger: %v, %d rows", err, len(rows))
		}
		self := rows[1][slices.Index(export.Columns, "企业自验收（人、日期）")]
		finished := rows[1][slices.Index(export.Columns, "完成时间")]
		if self != want || (finished != "") != step.wantFinished {
			t.Errorf("after %q: 企业自验收 %q, 完成时间 %q; want %q, finished %v", step.say, self, finished, want, step.wantFinished)
		}
	}
}
