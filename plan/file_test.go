package plan

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// plansDir holds the plan files the tests and the CLI tests share.
const plansDir = "../testdata/plans"

// TestParseFileRefusesBadFiles reads every bad-*.json under testdata/plans:
// each is refused with a one-line EINVALID naming the line and the JSON
// path of what is wrong. Every bad file is listed here, so a new one cannot
// go unchecked.
func TestParseFileRefusesBadFiles(t *testing.T) {
	want := map[string][]string{
		"bad-unknown-field.json":        {"第 34 行", "tasks[1].deadline", "未知字段"},
		"bad-missing-basis.json":        {"duties[0].basis", "常态化"},
		"bad-unknown-top.json":          {"第 143 行", "period", "未知字段"},
		"bad-missing-tasks.json":        {"tasks", "缺少任务"},
		"bad-empty-tasks.json":          {"第 13 行", "tasks", "缺少任务"},
		"bad-duplicate-task.json":       {"第 36 行", "tasks[2].no", "任务编号 2 重复"},
		"bad-impossible-date.json":      {"第 30 行", "tasks[1].deadlines[0].due", "2027-02-30", "不存在"},
		"bad-phase-backwards.json":      {"第 84 行", "phases[0].end", "早于开始日"},
		"bad-deadline-outside.json":     {"第 30 行", "tasks[1].deadlines[0].due", "不在方案期限"},
		"bad-cron-never.json":           {"第 101 行", "duties[0].reminders[0].spec", "永远不会触发"},
		"bad-cron-window.json":          {"第 137 行", "duties[2].reminders[0].spec", "永远不会触发"},
		"bad-reminder-before-plan.json": {"第 103 行", "duties[0].reminders[0].until", "早于方案开始日"},
		"bad-wrong-type.json":           {"第 15 行", "tasks[0].no", "应为整数"},
		"bad-unknown-action.json":       {"第 37 行", "tasks[2].action", "行动 9"},
		"bad-unknown-owner.json":        {"第 40 行", "tasks[2].owner", "railway"},
		"bad-duplicate-duty.json":       {"第 126 行", "duties[2].key", "重复"},
		"bad-alias-other-name.json":     {"第 94 行", "duties[0].aliases[1]", "「年度总结」", "duties[2]（年度总结）", "分不清"},
		"bad-alias-twice.json":          {"第 129 行", "duties[2].aliases[1]", "「议题」", "duties[0]（党组议题）"},
		"bad-audience.json":             {"第 97 行", "duties[0].audience", "boss"},
		"bad-missing-phases.json":       {"phases", "缺少阶段"},
		"bad-reserved-duty.json":        {"第 89 行", "duties[0].key", "task:"},
		"bad-missing-title.json":        {"第 2 行", "title", "缺少方案标题"},
		"bad-syntax.json":               {"第 8 行", "JSON 格式错误"},
		"bad-trailing.json":             {"第 144 行", "之后还有内容"},
		"bad-duplicate-key.json":        {"第 3 行", "title", "重复出现"},
		"bad-truncated.json":            {"文件不完整"},
		"bad-group-domains.json":        {"第 60 行", "groups[1].domains", "请删除此项"},
		"bad-phase-overlap.json":        {"第 88 行", "phases[1].start", "重叠", "2027-07-01"},
		"bad-phase-gap.json":            {"第 88 行", "phases[1].start", "空了 2027-06-01 至 2027-06-30"},
		"bad-empty-what.json":           {"第 31 行", "tasks[1].deadlines[0].what", "缺少说明"},
		"bad-cron-outside-plan.json":    {"第 140 行", "duties[2].reminders[0].spec", "0 9 29 2 *", "2027-01-01 至 2027-12-31", "永远不会触发"},
		"bad-shift.json":                {"第 141 行", "duties[2].reminders[0].shift", "later", "prev", "next", "none"},
		"bad-cron-often.json":           {"第 102 行", "duties[0].reminders[0].spec", "提醒过于频繁", "间隔不足 1 小时"},
		"bad-gbk.json":                  {"第 2 行", "不是 UTF-8 编码", "GBK", "另存为", "UTF-8"},
		"bad-utf16.json":                {"第 1 行", "UTF-16", "另存为", "UTF-8"},
		"bad-unquoted.json":             {"第 2 行", "title", "此处应为一个值", "「沁」", "双引号"},
		// fix9-6 #5: blank lines before the text no longer shift the line.
		"bad-plain-text.json":    {"第 3 行", "此处应为一个值", "「沁」"},
		"bad-leading-blank.json": {"第 4 行", "title", "JSON 格式错误", "「沁」"},
	}
	files, err := filepath.Glob(filepath.Join(plansDir, "bad-*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad plan files under %s: %v", plansDir, err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			parts, ok := want[name]
			if !ok {
				t.Fatalf("%s is not in the table", name)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = ParseFile(b)
			if safetybot.ErrorCode(err) != safetybot.EINVALID {
				t.Fatalf("ParseFile: %v, want EINVALID", err)
			}
			msg := safetybot.ErrorMessage(err)
			if strings.Contains(msg, "\n") {
				t.Errorf("reason is not one line: %q", msg)
			}
			for _, p := range parts {
				if !strings.Contains(msg, p) {
					t.Errorf("reason %q lacks %q", msg, p)
				}
			}
		})
	}
	if len(files) != len(want) {
		t.Errorf("%d bad files, %d in the table", len(files), len(want))
	}
}

// TestParseFileUTF8BOM: Notepad and WPS save UTF-8 with a byte-order mark;
// such a file reads exactly as the same file without it (qa3 #5).
func TestParseFileUTF8BOM(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(plansDir, "good-2027.json"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := ParseFile(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		src  []byte
	}{
		{"bom", append([]byte("\xef\xbb\xbf"), b...)},
		{"bom crlf", append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseFile(tc.src)
			if err != nil {
				t.Fatalf("ParseFile: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("with a BOM the plan reads differently")
			}
		})
	}
}

func TestParseFileGood(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(plansDir, "good-2027.json"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if start, end := f.Period(); start != "2027-01-01" || end != "2027-12-31" || len(f.Tasks) != 3 || len(f.Duties) != 3 {
		t.Fatalf("period %s–%s, %d tasks, %d duties", start, end, len(f.Tasks), len(f.Duties))
	}
	sch, err := FileSchedule(f, time.Date(2026, 11, 30, 12, 0, 0, 0, safetybot.Shanghai))
	if err != nil {
		t.Fatal(err)
	}
	// 党组议题, 专班研究 × 2 groups, 年度总结, task 2's deadline, plan end
	keys := map[string]bool{}
	for _, d := range sch.Duties {
		keys[d.Key] = true
	}
	for _, k := range []string{"party_topic", "group_study:road_water", "group_study:highway_ops", "annual_summary", "task:2:2027-06-30", EndDutyKey + "2027-12-31"} {
		if !keys[k] {
			t.Errorf("schedule lacks duty %s: %v", k, keys)
		}
	}
	if len(sch.Duties) != 6 {
		t.Errorf("%d duties, want 6", len(sch.Duties))
	}
	for _, r := range sch.Rules {
		if r.Kind != safetybot.RuleDuty {
			t.Errorf("rule %s of kind %s in a plan's schedule", r.Name, r.Kind)
		}
	}
}

// TestExportRoundTrip: the embedded plan and the 2027 file, normalized,
// written and read back, give the same plan file and no change.
func TestExportRoundTrip(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(plansDir, "good-2027.json"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, safetybot.Shanghai)
	for name, src := range map[string][]byte{"campaign.json": campaign, "good-2027.json": good} {
		f, err := ParseFile(src)
		if err != nil {
			t.Fatal(name, err)
		}
		norm, sch, err := Normalize(f, now)
		if err != nil {
			t.Fatal(name, err)
		}
		b, err := Marshal(norm)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseFile(b)
		if err != nil {
			t.Fatalf("%s: the exported file is refused: %v", name, err)
		}
		norm2, sch2, err := Normalize(back, now)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(norm, norm2) {
			t.Errorf("%s: the plan file changed in a round trip", name)
		}
		// What the store keeps: the rules, and the duties without their
		// reminders (the rules carry those).
		if !reflect.DeepEqual(sch.Rules, sch2.Rules) || !reflect.DeepEqual(dutyRows(sch.Duties), dutyRows(sch2.Duties)) {
			t.Errorf("%s: the schedule changed in a round trip", name)
		}
		if c := Diff(norm, norm2); !c.Same || !c.SamePeriod {
			t.Errorf("%s: round trip differs: %v", name, c.Lines)
		}
		if b2, _ := Marshal(norm2); string(b2) != string(b) {
			t.Errorf("%s: the second export differs from the first", name)
		}
	}
}

func TestDiff(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, safetybot.Shanghai)
	cur, _, err := Normalize(Must(ParseFile(campaign)), now)
	if err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(filepath.Join(plansDir, "good-2027.json"))
	next, _, err := Normalize(Must(ParseFile(good)), now)
	if err != nil {
		t.Fatal(err)
	}
	c := Diff(cur, next)
	text := strings.Join(c.Lines, "\n")
	for _, want := range []string{
		"期限：2024-01-01 至 2026-12-31 → 2027-01-01 至 2027-12-31",
		"任务：29 项 → 3 项", "删除 26 项", "修改 3 项",
		"定期职责：15 项 → 4 项", "删除 10 项", "评估报告",
		"专班：删除 3 项", "阶段：新增 1 项：全年",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("diff lacks %q:\n%s", want, text)
		}
	}
	if c.Same || c.SamePeriod {
		t.Errorf("Same %v, SamePeriod %v", c.Same, c.SamePeriod)
	}

	// A revision: one task's title and one reminder's time change.
	rev := *cur
	rev.Tasks = append([]safetybot.Task(nil), cur.Tasks...)
	rev.Tasks[2].Title = "改过的标题"
	rev.Duties = append([]safetybot.Duty(nil), cur.Duties...)
	rev.Duties[0].Reminders = append([]safetybot.Reminder(nil), cur.Duties[0].Reminders...)
	rev.Duties[0].Reminders[0].Spec = "0 10 1 * *"
	c = Diff(cur, &rev)
	text = strings.Join(c.Lines, "\n")
	if !c.SamePeriod || c.Same || !strings.Contains(text, "修改 1 项：3（标题）") || !strings.Contains(text, "党组议题（提醒时间）") {
		t.Errorf("revision diff (same period %v):\n%s", c.SamePeriod, text)
	}
}

func dutyRows(ds []safetybot.Duty) []safetybot.Duty {
	out := make([]safetybot.Duty, len(ds))
	for i, d := range ds {
		d.Reminders, d.EachGroup = nil, false
		out[i] = d
	}
	return out
}

// Must is for tests: f or a panic.
func Must(f *safetybot.PlanFile, err error) *safetybot.PlanFile {
	if err != nil {
		panic(err)
	}
	return f
}

func TestEndDuty(t *testing.T) {
	p := &Must(ParseFile(campaign)).Plan
	for _, tc := range []struct {
		now, want string
		ok        bool
	}{
		{"2026-11-29 10:00", "2026-12-01", true}, // before the last month: its first day
		{"2026-12-01 08:59", "2026-12-01", true},
		{"2026-12-05 15:00", "2026-12-06", true}, // added late (an upgrade in December): the next morning
		{"2026-12-31 10:00", "", false},          // no day left before the end
	} {
		now, _ := time.ParseInLocation("2006-01-02 15:04", tc.now, safetybot.Shanghai)
		d, r, ok := EndDuty(p, now)
		if ok != tc.ok || ok && (r.From != safetybot.Date(tc.want) || r.Until != r.From) {
			t.Errorf("now %s: ok %v, from %s until %s; want %v %s", tc.now, ok, r.From, r.Until, tc.ok, tc.want)
			continue
		}
		if !ok {
			continue
		}
		if d.Key != EndDutyKey+"2026-12-31" || d.Audience != "role:admin" || r.Duty != d.Key || !strings.Contains(r.Text, "plan import") {
			t.Errorf("duty %+v rule %+v", d, r)
		}
		sched, err := ParseSpec(r.Spec)
		if err != nil {
			t.Fatal(err)
		}
		if occ := Occurrences(&r, sched, now, now.AddDate(2, 0, 0), 0); len(occ) != 1 {
			t.Errorf("now %s: the reminder fires %d times, want once: %v", tc.now, len(occ), occ)
		}
	}
}

// FuzzParseFile: no input panics; a refusal is one EINVALID line; what is
// accepted normalizes, exports and reads back to the same plan file.
func FuzzParseFile(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(plansDir, "*.json"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add(campaign)
	f.Add([]byte(`{"tasks":[{"no":1e99}]}`))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`))
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, safetybot.Shanghai)
	f.Fuzz(func(t *testing.T, b []byte) {
		pf, err := ParseFile(b)
		if err != nil {
			if safetybot.ErrorCode(err) != safetybot.EINVALID {
				t.Fatalf("refusal is not EINVALID: %v", err)
			}
			if msg := safetybot.ErrorMessage(err); msg == "" || strings.ContainsAny(msg, "\r\n") {
				t.Fatalf("refusal is not one line: %q", msg)
			}
			return
		}
		norm, _, err := Normalize(pf, now)
		if err != nil {
			t.Fatalf("accepted file does not normalize: %v", err)
		}
		out, err := Marshal(norm)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseFile(out)
		if err != nil {
			t.Fatalf("exported file refused: %v\n%s", err, out)
		}
		norm2, _, err := Normalize(back, now)
		if err != nil {
			t.Fatal(err)
		}
		if c := Diff(norm, norm2); !c.Same {
			t.Fatalf("round trip changed the plan: %v", c.Lines)
		}
	})
}

// TestBuiltInDutiesEndedAreLeftOut: a 2027 file without duties gets the
// built-in duties only where their reminders can still fire; the built-in
// ones end with the 2024–2026 campaign, so only its own task deadline and
// plan-end reminders remain. For the 2024–2026 plan itself nothing is left
// out.
func TestBuiltInDutiesEndedAreLeftOut(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, safetybot.Shanghai)
	f := Must(ParseFile(mustReadFile(t, filepath.Join(plansDir, "good-2027.json"))))
	f.Duties = nil
	sch, err := FileSchedule(f, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sch.Rules {
		if r.Until != "" && r.Until < "2027-01-01" {
			t.Errorf("rule %s ends %s, before the plan starts", r.Name, r.Until)
		}
	}
	// Standing built-in duties go on under the next plan (issue 11 §1); a
	// campaign-bound one stays only while a reminder of it can fire.
	live := map[string]bool{}
	for _, r := range sch.Rules {
		if r.Until == "" || r.Until >= "2027-01-01" {
			live[r.Duty] = true
		}
	}
	for _, d := range sch.Duties {
		if !Derived(&d) && !d.Standing && !live[d.Key] {
			t.Errorf("built-in duty %s kept though none of its reminders can fire", d.Key)
		}
		if d.Key == "party_topic" && !d.Standing {
			t.Errorf("party_topic is not standing")
		}
	}
	if !slices.ContainsFunc(sch.Duties, func(d safetybot.Duty) bool { return d.Key == "party_topic" }) {
		t.Errorf("the standing 党组议题 is left out of a 2027 plan without duties")
	}
	full, err := FileSchedule(Must(ParseFile(campaign)), now)
	if err != nil {
		t.Fatal(err)
	}
	def, _ := DefaultSchedule(&Must(ParseFile(campaign)).Plan)
	if want := len(def.Duties) + 1; len(full.Duties) != want { // + the plan-end duty
		t.Errorf("the campaign's schedule has %d duties, want %d", len(full.Duties), want)
	}
}

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// QA 11 §5: a problem only the schedule build finds (here a reminder whose
// name collides with a working group's copy of another duty) is refused
// with its path, never as 系统内部错误.
func TestParseFileScheduleErrorNamesPath(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(plansDir, "good-2027.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), `"name": "年度总结"`, `"name": "公路运营专班研究"`, 1)
	s = strings.Replace(s, `"name": "11月20日"`, `"name": "月初"`, 1)
	_, err = ParseFile([]byte(s))
	if safetybot.ErrorCode(err) != safetybot.EINVALID {
		t.Fatalf("ParseFile: %v, want EINVALID", err)
	}
	msg := safetybot.ErrorMessage(err)
	for _, want := range []string{"第 139 行", "duties[2].reminders[0].name", "公路运营专班研究·月初", "重复"} {
		if !strings.Contains(msg, want) {
			t.Errorf("reason %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "内部错误") {
		t.Errorf("reason %q", msg)
	}
}
