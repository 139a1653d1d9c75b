package bot

import (
	"strings"
	"testing"

	"safetybot"
)

// TestEditDeadlineExtension: 期限 written as a change of the deadline (QA12
// #3: 「期限：延期至明年1月15日」 and 「期限 延长15天」 were refused). An
// extension counts from the current deadline, not from today; a 延期至 takes
// its date; the reply says 期限由 … 改为 …. Today is 2026-11-28; the hazard's
// deadline is 2026-12-20.
func TestEditDeadlineExtension(t *testing.T) {
	for _, tc := range []struct {
		edit, deadline, reply string
	}{
		{"修改 YH2026-0001 期限：延期至明年1月15日", "2027-01-15", "期限由 12月20日 改为 2027年1月15日"},
		{"修改 YH2026-0001 期限 延长15天", "2027-01-04", "期限由 12月20日 改为 2027年1月4日：原期限延长15天"},
		{"修改 YH2026-0001 期限:延期15天", "2027-01-04", "原期限延长15天"},
		{"修改 YH2026-0001，期限：再顺延两周", "2027-01-03", "原期限延长两周"},
		{"修改 YH2026-0001 期限:延长一个月", "2027-01-20", "期限由 12月20日 改为 2027年1月20日"},
		{"修改 YH2026-0001 整改期限：推迟到12月31日", "2026-12-31", "期限由 12月20日 改为 12月31日"},
		{"修改 YH2026-0001 期限:12月31日", "2026-12-31", "期限：2026-12-20 → 2026-12-31"},
		{"修改 YH2026-0001 期限:15天内", "2026-12-13", "期限：2026-12-20 → 2026-12-13"}, // a span alone is from today
		{"修改 YH2026-0001 期限:延长3个工作日", "2026-12-20", "无法识别"},
		// A postponement to a date before the deadline is refused (qa14 #7:
		// 推迟到下周五 moved 12-20 to 12-04 silently).
		{"修改 YH2026-0001 期限：推迟到下周五", "2026-12-20", "早于原期限 12月20日"},
		{"修改 YH2026-0001 期限:延期至12月10日", "2026-12-20", "推迟、延期后的期限不能比原期限早，未修改"},
		{"修改 YH2026-0001 期限:顺延至12月1日", "2026-12-20", "如确要把期限提前，请直接写日期（如 期限:12月1日）"},
	} {
		t.Run(tc.edit, func(t *testing.T) {
			f := newFixture(t)
			f.say("admin", "上报 客运站消防通道堆放杂物 单位:县汽车站 领域:道路运输 期限:2026-12-20")
			got := f.say("admin", tc.edit)
			if !strings.Contains(got, tc.reply) {
				t.Errorf("reply lacks %q:\n%s", tc.reply, got)
			}
			if h := f.hazard("YH2026-0001"); string(h.Deadline) != tc.deadline {
				t.Errorf("期限 %s, want %s (reply %s)", h.Deadline, tc.deadline, got)
			}
		})
	}
}

// TestExtensionNeedsADeadline: an extension where there is no deadline to
// count from is refused, saying what to write instead, never read from today.
func TestExtensionNeedsADeadline(t *testing.T) {
	f := newFixture(t)
	f.say("admin", "上报 客运站消防通道堆放杂物 单位:县汽车站 领域:道路运输")
	if got := f.say("admin", "修改 YH2026-0001 期限:延长15天"); !strings.Contains(got, "但该隐患还没有期限，请写具体日期") {
		t.Errorf("修改 without a deadline: %s", got)
	}
	if got := f.say("admin", "指派 YH2026-0001 lisi 期限:延长15天"); !strings.Contains(got, "只能用「修改 <编号> 期限:延长15天」") {
		t.Errorf("指派: %s", got)
	}
	if h := f.hazard("YH2026-0001"); h.Deadline != "" || h.Assignee != "" {
		t.Errorf("stored 期限 %q, 责任人 %q", h.Deadline, h.Assignee)
	}
}

// TestSpanOfMonthsEndsInTheMonth: 一个月 from 1月31日 is 2月28日, not 3月3日.
func TestSpanOfMonthsEndsInTheMonth(t *testing.T) {
	for _, tc := range []struct{ from, span, want string }{
		{"2027-01-31", "一个月", "2027-02-28"},
		{"2026-12-20", "1个月", "2027-01-20"},
		{"2026-08-31", "半个月", "2026-09-15"},
		{"2028-01-30", "1个月", "2028-02-29"},
	} {
		from, _ := safetybot.Date(tc.from).Time()
		got, ok := spanDate(tc.span, from)
		if !ok || safetybot.DateOf(got) != safetybot.Date(tc.want) {
			t.Errorf("spanDate(%s from %s) = %v, want %s", tc.span, tc.from, got, tc.want)
		}
	}
}
