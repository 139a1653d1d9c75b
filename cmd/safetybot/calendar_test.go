package main

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"safetybot/internal/storetest"
)

func calendarRun(t *testing.T, db string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"calendar"}, args...), env(map[string]string{"SAFETYBOT_DB": db}),
		strings.NewReader(""), &out, &errOut)
	return out.String(), err
}

func TestCalendarDecember(t *testing.T) {
	db := storetest.File(t)
	out, err := calendarRun(t, db, "--from", "2026-11-28", "--to", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	line := regexp.MustCompile(`^(\d{4}-\d{2}-\d{2} \d{2}:\d{2})  (\S[^ ]*)  (\S.*)$`)
	var stamps []string
	for _, l := range lines {
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("line %q is not «YYYY-MM-DD HH:MM  rule  text»", l)
		}
		if m[1] < "2026-11-28 00:00" || m[1] > "2026-12-31 23:59" {
			t.Errorf("line outside the window: %s", l)
		}
		stamps = append(stamps, m[1])
	}
	if !slices.IsSorted(stamps) {
		t.Error("calendar is not sorted")
	}
	for _, want := range []string{
		"2026-11-28 08:30  每日摘要  ",
		"2026-12-01 09:00  年度总结·12月1日  〔常态化〕",
		"2026-12-02 09:00  年度总结·12月2日  〔常态化〕",
		"2026-12-03 09:00  年度总结·12月3日  〔常态化〕今天是年度工作总结报送截止日（12月3日）",
		"2026-12-01 09:00  党组议题·月初  〔常态化〕本月局党组请至少研究一项安全生产相关议题",
		"2026-12-18 09:00  党组议题·20日  〔常态化〕本月局党组尚未登记安全生产议题", // the 20th is a Sunday
		"2026-12-31 09:00  党组议题·月末  ",
		"2026-12-01 09:00  半年专题·末月  ",
		"2026-12-01 09:00  企业负责人检查·末月  ",
	} {
		if !strings.Contains(out, "\n"+want) && !strings.HasPrefix(out, want) {
			t.Errorf("calendar lacks %q", want)
		}
	}
	for _, g := range []string{"道路（水上）运输", "公路运营", "公路工程建设", "城市客运", "铁路沿线"} {
		if !strings.Contains(out, "2026-12-01 09:00  "+g+"专班研究·月初  〔方案期内〕") {
			t.Errorf("calendar lacks the December reminder of the %s working group", g)
		}
	}
	// 28 November 2026 is a Saturday: its reminder was on Friday 27th, outside the window.
	if strings.Contains(out, "年度总结·11月28日") {
		t.Error("the 28 November reminder moves to Friday 27 November")
	}
	// The evaluation report was due 2026-10-20: nothing of it in December.
	if strings.Contains(out, "评估报告") {
		t.Error("the evaluation report's reminders are over by December")
	}
}

func TestCalendarUsage(t *testing.T) {
	db := storetest.File(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "2026-12-31", "--to", "2026-11-28"}, "--from 2026-12-31 晚于 --to 2026-11-28"},
		{[]string{"--from", "2026-02-30", "--to", "2026-12-01"}, "--from「2026-02-30」不是日期"},
		{[]string{"--from", "2026-12-01"}, "需要 --from 和 --to"},
		{[]string{"--from", "yesterday", "--to", "2026-12-01"}, "请写成 YYYY-MM-DD"},
		{[]string{"--from", "2020-01-01", "--to", "2029-12-31"}, "最多 1098 天"},
		{[]string{"--from", "2026-01-01", "--to", "2029-01-03"}, "窗口 1099 天（含首尾），最多 1098 天"},
		{[]string{"--bogus"}, "没有 --bogus 这个选项"},
		{[]string{"--from", "2026-12-01", "--to", "2026-12-02", "extra"}, "多余的参数「extra」"},
	} {
		_, err := calendarRun(t, db, tc.args...)
		var u usageError
		if !errors.As(err, &u) || strings.Contains(u.msg, "\n") || !strings.Contains(u.msg, tc.want) {
			t.Errorf("calendar %v: %v, want a one-line usage error (exit 2) with %q", tc.args, err, tc.want)
		}
		if u.msg != "" && !strings.Contains(u.msg, "calendar：") {
			t.Errorf("calendar %v: reason not in Chinese: %q", tc.args, u.msg)
		}
	}
	// 1098 days, both included, is the longest window.
	if _, err := calendarRun(t, db, "--from", "2026-01-01", "--to", "2029-01-02"); err != nil {
		t.Errorf("a window of 1098 days: %v", err)
	}
}

// The acceptance: 摘要 from a leader in `safetybot chat` returns the
// digest with real counts from the store.
func TestChatDigestFromLeader(t *testing.T) {
	db := storetest.File(t)
	chatAs(t, db, "admin", "授权 boss 领导\n授权 clerk 工作人员\n")
	chatAs(t, db, "clerk", "上报 危货车辆未安装智能视频监控 单位:某运输公司 领域:道路运输 等级:重大\n上报 护栏缺损 单位:公路段 领域:公路运营\n")
	out := chatAs(t, db, "boss", "摘要\n")
	for _, want := range []string{"安全生产每日摘要", "在办重大隐患 1 条", "某运输公司", "近24小时新增 2 条", "在办 2 条"} {
		if !strings.Contains(out, want) {
			t.Errorf("摘要 lacks %q:\n%s", want, out)
		}
	}
	if out := chatAs(t, db, "clerk", "摘要\n"); !strings.Contains(out, "仅限领导") {
		t.Errorf("staff got the digest: %s", out)
	}
}
