package plan

import (
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"safetybot"
)

func TestDefaultSchedule(t *testing.T) {
	s, err := DefaultSchedule(Default())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"party_topic", "half_year_study", "group_study:road_water", "group_study:railway",
		"enterprise_inspection", "annual_summary", "evaluation_report", "evacuation_drill", "task:17:2024-06-30"}
	for _, k := range want {
		if DutyFor(s.Duties, k) == nil {
			t.Errorf("no duty %s", k)
		}
	}
	for _, d := range s.Duties {
		if d.Quote == "" {
			t.Errorf("duty %s quotes nothing of the plan", d.Key)
		}
	}
	kinds := map[string]int{}
	for _, r := range s.Rules {
		kinds[r.Kind]++
		if r.Kind == safetybot.RuleDuty && r.Description == "" {
			t.Errorf("rule %s has no description", r.Name)
		}
	}
	if kinds[safetybot.RuleDigest] != 1 || kinds[safetybot.RuleOverdue] != 1 {
		t.Errorf("system rules: %v", kinds)
	}
}

func TestParseSpec(t *testing.T) {
	for _, tc := range []struct {
		spec string
		ok   bool
		next string // after 2026-11-28 10:00 Shanghai
		msg  string
	}{
		{"0 9 1 * *", true, "2026-12-01 09:00", ""},
		{"30 8 * * 1-5", true, "2026-11-30 08:30", ""},
		{"@daily", true, "2026-11-29 00:00", ""},
		{"CRON_TZ=Asia/Shanghai 0 9 * * *", true, "2026-11-29 09:00", ""},
		{"TZ=Asia/Shanghai 0 9 * * *", true, "2026-11-29 09:00", ""},
		{"CRON_TZ=UTC 0 1 * * *", false, "", "北京时间"},
		{"CRON_TZ=America/New_York 30 1 * * *", false, "", "夏令时"},
		{"TZ=Europe/Berlin 0 9 * * *", false, "", "去掉「TZ=Europe/Berlin」"},
		{"CRON_TZ=Asia/Chongqing 0 9 * * *", false, "", "北京时间"},
		{"CRON_TZ=Local 0 9 * * *", false, "", "北京时间"},
		{"0 9 30 2 *", false, "", "永远不会触发"},
		// Day-of-month and day-of-week both restricted, however spelt: OR.
		{"0 9 1-7 * 1", false, "", "或"},
		{"0 9 */2 * 1", false, "", "或"},
		{"0 9 1-31/2 * 1", false, "", "或"},
		{"0 9 1-31 * 1", false, "", "或"},
		{"0 9 1,15 * MON", false, "", "或"},
		{"0 9 ?/2 * 1-5", false, "", "或"},
		{"0 9 15 * */2", false, "", "或"},
		{"0 9 1 * 0-6", false, "", "或"},
		{"0 9 1 * 7", false, "", "或"},
		// 7 is Sunday too, as in crontab(5) (qa6a #14): 2026-11-29 is a Sunday.
		{"0 9 * * 7", true, "2026-11-29 09:00", ""},
		{"0 9 * * SUN", true, "2026-11-29 09:00", ""},
		{"0 11 * * 6-7", true, "2026-11-28 11:00", ""},
		{"0 9 * * 1-7", true, "2026-11-29 09:00", ""},
		{"0 9 * * 1,7", true, "2026-11-29 09:00", ""},
		{"0 9 * * 1-7/2", true, "2026-11-29 09:00", ""},
		{"CRON_TZ=Asia/Shanghai 0 9 * * 7", true, "2026-11-29 09:00", ""},
		{"0 9 * * 8", false, "", "第 5 段"},
		{"0 9 * * 7-1", false, "", "第 5 段"},
		// One of the two unrestricted: AND, as written.
		{"0 9 */2 * *", true, "2026-11-29 09:00", ""},
		{"0 9 * * 1", true, "2026-11-30 09:00", ""},
		{"0 9 ? * 1", true, "2026-11-30 09:00", ""},
		{"0 9 */1 * 1", true, "2026-11-30 09:00", ""},
		{"0 9 1 * ?", true, "2026-12-01 09:00", ""},
		{"@weekly", true, "2026-11-29 00:00", ""},
		{"@monthly", true, "2026-12-01 00:00", ""},
		{"CRON_TZ=Asia/Shanghai", false, "", ""},
		{"TZ=", false, "", ""},
		{"CRON_TZ=Nowhere/Land 0 9 * * *", false, "", ""},
		{"@every 1h", false, "", "@every"},
		{"0 9 * *", false, "", "5 段"},
		{"0 25 * * *", false, "", ""},
		{"", false, "", "为空"},
	} {
		s, err := ParseSpec(tc.spec)
		if (err == nil) != tc.ok {
			t.Errorf("ParseSpec(%q) err = %v", tc.spec, err)
			continue
		}
		if err != nil {
			if safetybot.ErrorCode(err) != safetybot.EINVALID || !strings.Contains(safetybot.ErrorMessage(err), tc.msg) {
				t.Errorf("ParseSpec(%q) error %q, want EINVALID mentioning %q", tc.spec, err, tc.msg)
			}
			continue
		}
		from := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
		if got := s.Next(from).In(safetybot.Shanghai).Format("2006-01-02 15:04"); got != tc.next {
			t.Errorf("ParseSpec(%q).Next = %s, want %s", tc.spec, got, tc.next)
		}
	}
}

func TestLastWorkday(t *testing.T) {
	// 28 February 2026 and 31 January 2027 are weekend days worked for the
	// Spring Festival (调休): each is its month's last working day.
	for _, d := range []string{"2026-11-30", "2026-10-30", "2026-05-29", "2026-02-28", "2026-12-31", "2027-01-31"} {
		day, _ := safetybot.Date(d).Time()
		if !IsLastWorkday(day.Add(9 * time.Hour)) {
			t.Errorf("%s should be the last working day", d)
		}
	}
	for _, d := range []string{"2026-10-31", "2026-11-27", "2026-05-31", "2026-02-27", "2027-01-29"} {
		day, _ := safetybot.Date(d).Time()
		if IsLastWorkday(day) {
			t.Errorf("%s is not the last working day", d)
		}
	}
}

func TestOccurrencesHonourBoundsAndFilter(t *testing.T) {
	s, err := DefaultSchedule(Default())
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]safetybot.Rule{}
	for _, r := range s.Rules {
		byName[r.Name] = r
	}
	year := time.Date(2026, 1, 1, 0, 0, 0, 0, safetybot.Shanghai)
	count := func(name string) []string {
		r := byName[name]
		sched, err := ParseSpec(r.Spec)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, o := range Occurrences(&r, sched, year.Add(-time.Second), year.AddDate(1, 0, 0), 0) {
			out = append(out, o.Format("01-02 15:04"))
		}
		return out
	}
	if got := count("党组议题·月末"); len(got) != 12 || got[10] != "11-30 09:00" || got[0] != "01-30 09:00" {
		t.Errorf("last working days: %v", got)
	}
	if got := count("评估报告·10月20日"); len(got) != 1 || got[0] != "10-20 09:00" {
		t.Errorf("evaluation report on the day: %v", got)
	}
	if got := count("年度总结·12月3日"); len(got) != 1 || got[0] != "12-03 09:00" {
		t.Errorf("annual summary: %v", got)
	}
	if got := count("企业负责人检查·季初"); strings.Join(got, ",") != "01-08 09:00,04-08 09:00,07-08 09:00,10-08 09:00" {
		t.Errorf("inspection: %v", got)
	}
}

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"0 9 1 * *", "CRON_TZ=Asia/Shanghai 0 9 * * *", "TZ=", "CRON_TZ=", "@weekly", "0 9 30 2 *", "*/5 * * * *", "0 9 */2 * 1", "CRON_TZ=America/New_York 30 1 * * *", "TZ=Asia/Shanghai 0 9 * * *"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := ParseSpec(spec)
		if err != nil {
			if safetybot.ErrorCode(err) != safetybot.EINVALID {
				t.Fatalf("ParseSpec(%q): %v is not EINVALID", spec, err)
			}
			return
		}
		if s.Next(time.Date(2024, 1, 1, 0, 0, 0, 0, safetybot.Shanghai)).IsZero() {
			t.Fatalf("ParseSpec(%q) accepted a spec that never fires", spec)
		}
		if ss, ok := s.(*cron.SpecSchedule); ok {
			if ss.Dom&starBit == 0 && ss.Dow&starBit == 0 {
				t.Fatalf("ParseSpec(%q) accepted day-of-month OR day-of-week", spec)
			}
			if ss.Location.String() != Zone {
				t.Fatalf("ParseSpec(%q) accepted the zone %s", spec, ss.Location)
			}
		}
	})
}

// Refusals name the field and say what it takes, in Chinese (QA: "0 9 L * 1"
// showed strconv's English error, "0 9 * * 1-7" robfig's).
func TestParseSpecSaysWhichField(t *testing.T) {
	for spec, want := range map[string]string{
		"0 9 L * 1":   "第 3 段（日）「L」",
		"0 9 * * 1-8": "第 5 段（星期）「1-8」",
		"0 9 * * 8":   "第 5 段（星期）「8」",
		"61 9 * * *":  "第 1 段（分）「61」",
		"0 25 * * *":  "第 2 段（时）「25」",
		"0 9 * 13 *":  "第 4 段（月）「13」",
	} {
		_, err := ParseSpec(spec)
		msg := safetybot.ErrorMessage(err)
		if err == nil || !strings.Contains(msg, want) || strings.ContainsAny(msg, "abcdefghijklmnopqrstuvwxyz") && !strings.Contains(msg, "Asia") {
			t.Errorf("ParseSpec(%q) = %q, want it to name %q in Chinese", spec, msg, want)
		}
	}
}
