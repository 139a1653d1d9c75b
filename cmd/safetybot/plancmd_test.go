package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"safetybot/internal/storetest"
)

const plansDir = "../../testdata/plans"

// runCmd runs the program with args against db, returning stdout and the
// error.
func runCmd(t *testing.T, db string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, env(map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_ADMINS": "admin"}),
		strings.NewReader(""), &out, &errOut)
	return out.String(), err
}

func mustRun(t *testing.T, db string, args ...string) string {
	t.Helper()
	out, err := runCmd(t, db, args...)
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return out
}

func TestPlanExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t, filepath.Join(dir, "p.db"))
	file := filepath.Join(dir, "plan.json")
	if out := mustRun(t, db, "plan", "export", "--out", file); !strings.Contains(out, "29 项任务") {
		t.Fatalf("export: %s", out)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"title": "沁水县交通运输安全生产治本攻坚三年行动方案（2024—2026年）"`, `"tasks": [`, `"duties": [`, `"key": "party_topic"`} {
		if !bytes.Contains(b, []byte(key)) {
			t.Errorf("exported file lacks %s", key)
		}
	}
	if out := mustRun(t, db, "plan", "import", file); !strings.Contains(out, "与当前方案相同，未作任何改动") {
		t.Fatalf("re-import of the export: %s", out)
	}
	// Into another ledger: the same plan again.
	other := filepath.Join(dir, "other.db")
	if out := mustRun(t, other, "plan", "import", file); !strings.Contains(out, "与当前方案相同") {
		t.Fatalf("import into a fresh ledger: %s", out)
	}
	if again := mustRun(t, other, "plan", "export", "--out", "-"); again != string(b) {
		t.Errorf("export after import differs from the file imported")
	}

	// The 2027 plan, imported and exported, reads back the same.
	good := filepath.Join(plansDir, "good-2027.json")
	if out := mustRun(t, db, "plan", "import", "--now", good); !strings.Contains(out, "已将原方案归档为「方案1」") {
		t.Fatalf("import 2027: %s", out)
	}
	exported := filepath.Join(dir, "2027.json")
	mustRun(t, db, "plan", "export", "--out", exported)
	if out := mustRun(t, db, "plan", "import", exported); !strings.Contains(out, "与当前方案相同") {
		t.Fatalf("re-import of the 2027 export: %s", out)
	}
	third := filepath.Join(dir, "third.db")
	mustRun(t, third, "plan", "import", "--now", exported)
	if a, b := mustRun(t, db, "plan", "export", "--out", "-"), mustRun(t, third, "plan", "export", "--out", "-"); a != b {
		t.Errorf("the 2027 plan exported from two ledgers differs")
	}
}

// TestPlanImportKeepsLedger imports the next plan into a ledger in use:
// every hazard with its history, the enterprises, the duties done and the
// task updates stay; the old plan's tasks are read as 方案1.
func TestPlanImportKeepsLedger(t *testing.T) {
	db := storetest.File(t)
	out := chatAs(t, db, "zhangsan", "上报 危货车辆未安装智能视频监控 单位:某运输公司 领域:道路运输 等级:重大 期限:2027-01-31\n"+
		"上报 隧道应急照明损坏 领域:公路运营\n")
	var nums []string
	for _, m := range regexp.MustCompile(`已登记隐患 (YH\d{4}-\d{4})`).FindAllStringSubmatch(out, -1) {
		nums = append(nums, m[1])
	}
	if len(nums) != 2 {
		t.Fatalf("two reports gave %v: %s", nums, out)
	}
	chatAs(t, db, "admin", strings.Join([]string{
		"确认 " + nums[0], "指派 " + nums[0] + " lisi 期限:2027-01-20", "整改 " + nums[0] + " 已采购设备",
		"驳回 " + nums[1] + " 重复上报",
		"企业 某运输公司 wangwu", "检查 某运输公司 带队检查危货车辆",
		"议题 研究冬季道路运输安全", "完成 年度总结 已报送",
		"进展 3 已部署五位一体督导 完成度:60%", "进展 17 判定标准已印发 完成度:100%",
	}, "\n")+"\n")
	views := func() string {
		return chatAs(t, db, "admin", "隐患 "+nums[0]+"\n隐患 "+nums[1]+"\n隐患 全部\n企业\n")
	}
	ledger := func() string { return mustRun(t, db, "export", "--format", "csv", "--out", "-") }
	beforeViews, beforeLedger := views(), ledger()

	out = mustRun(t, db, "plan", "import", "--now", filepath.Join(plansDir, "good-2027.json"))
	for _, want := range []string{
		"期限：2024-01-01 至 2026-12-31 → 2027-01-01 至 2027-12-31",
		"任务：29 项 → 3 项", "视为下一期方案", "已将原方案归档为「方案1」",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}
	if got := views(); got != beforeViews {
		t.Errorf("hazards or enterprises changed by the import:\nbefore\n%s\nafter\n%s", beforeViews, got)
	}
	// The duties done stay done (the new plan has the same duty keys).
	if out := chatAs(t, db, "admin", "完成\n"); !strings.Contains(out, "✅ 党组议题（") || !strings.Contains(out, "✅ 年度总结（") {
		t.Errorf("duties done lost by the import:\n%s", out)
	}
	if got := ledger(); got != beforeLedger {
		t.Errorf("the ledger changed by the import")
	}
	out = chatAs(t, db, "admin", "任务 方案1 3\n任务 方案1\n任务 3\n方案\n任务 2025 17\n")
	for _, want := range []string{
		"方案1 任务 3：常态化“五位一体”督导检查", "已部署五位一体督导（60%）", // the archived task and its update
		"17 梳理重大事故隐患判定标准，形…｜已完成 100%", // the archived list
		"任务 3：企业主要负责人每季度带队检查",         // the new plan's task 3, no updates
		"当前方案：《沁水县交通运输安全生产工作要点（2027年）》", "期限：2027-01-01 至 2027-12-31",
		"历史方案（已归档，只读）：\n· 方案1《沁水县交通运输安全生产治本攻坚三年行动方案（2024—2026年）》：2024-01-01 至 2026-12-31，29 项任务；最初载入，", "换用下一期方案时归档",
		"方案1 任务 17：", "判定标准已印发（100%）",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("after import, chat lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "任务 3：企业主要负责人每季度带队检查\n状态：进行中") {
		t.Errorf("the new task 3 took the old task's progress:\n%s", out)
	}
	// The 2026 report still counts the archived plan's tasks and updates.
	report := filepath.Join(t.TempDir(), "2026")
	mustRun(t, db, "report", "--year", "2026", "--out", report, "--md")
	md, err := os.ReadFile(report + ".md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "方案确定的29项任务中，已完成1项") {
		t.Errorf("2026 report does not show the archived plan's tasks:\n%s", md)
	}
}

// TestPlanImportRefusesBrokenFiles: each bad file exits 2 with a one-line
// reason naming the file and where it is wrong, and changes nothing.
func TestPlanImportRefusesBrokenFiles(t *testing.T) {
	db := storetest.File(t)
	chatAs(t, db, "admin", "进展 3 已部署 完成度:40%\n")
	snapshot := func() string {
		return mustRun(t, db, "plan", "export", "--out", "-") + mustRun(t, db, "calendar", "--from", "2026-12-01", "--to", "2027-01-31") +
			chatAs(t, db, "admin", "方案\n任务 3\n")
	}
	before := snapshot()
	files, _ := filepath.Glob(filepath.Join(plansDir, "bad-*.json"))
	if len(files) < 10 {
		t.Fatalf("%d bad files", len(files))
	}
	for _, f := range append(files, filepath.Join(plansDir, "no-such-file.json")) {
		_, err := runCmd(t, db, "plan", "import", f)
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("%s: %v, want a usage error (exit 2)", filepath.Base(f), err)
			continue
		}
		if strings.Contains(u.msg, "\n") || !strings.Contains(u.msg, f) || !strings.Contains(u.msg, "未作任何改动") {
			t.Errorf("%s: reason %q", filepath.Base(f), u.msg)
		}
		if strings.HasPrefix(filepath.Base(f), "bad-") && !regexp.MustCompile(`第 \d+ 行|文件不完整`).MatchString(u.msg) {
			t.Errorf("%s: reason names no line: %q", filepath.Base(f), u.msg)
		}
	}
	// --dry-run shows the changes and changes nothing either.
	out := mustRun(t, db, "plan", "import", "--dry-run", filepath.Join(plansDir, "good-2027.json"))
	if !strings.Contains(out, "仅预览") || !strings.Contains(out, "任务：29 项 → 3 项") {
		t.Errorf("dry run: %s", out)
	}
	if after := snapshot(); after != before {
		t.Errorf("refused imports changed the ledger:\nbefore\n%s\nafter\n%s", before, after)
	}
}

func TestPlanUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	for _, args := range [][]string{
		{"plan"}, {"plan", "nonsense"}, {"plan", "import"}, {"plan", "import", "a.json", "b.json"},
		{"plan", "export"}, {"plan", "export", "--out"}, {"plan", "export", "--out", "x", "extra"}, {"plan", "import", "--bogus", "x"},
	} {
		err := run(context.Background(), args, env(map[string]string{"SAFETYBOT_DB": db}), strings.NewReader(""), io.Discard, io.Discard)
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("run %v: err %v, want a usage error (exit 2)", args, err)
		}
	}
}
