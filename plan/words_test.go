package plan

import (
	"strings"
	"testing"

	"safetybot"
)

func TestDescribe(t *testing.T) {
	for _, c := range []struct {
		spec, filter, shift, want string
	}{
		{"0 9 24-31 * *", safetybot.FilterLastWorkday, "", "每月最后一个工作日 9:00"},
		{"0 9 24-31 6,12 *", safetybot.FilterLastWorkday, "", "每年6、12月的最后一个工作日 9:00"},
		{"0 9 1 3,6,9,12 *", "", "", "每年3、6、9、12月的1日 9:00"},
		{"0 9 1 11 *", "", "prev", "每年11月1日 9:00（逢节假日提前至前一工作日）"},
		{"0 9 20 * *", "", "next", "每月20日 9:00（逢节假日顺延至下一工作日）"},
		{"30 8 * * *", "", "", "每天 8:30"},
		{"0 9 * * 1-5", "", "", "每周一至周五 9:00"},
		{"0 9 * * 0", "", "", "每周日 9:00"},
		{"0 9 24-31 * *", "", "", "每月24至31日 9:00"},
		{"CRON_TZ=Asia/Shanghai 0 9,15 * * *", "", "", "每天 9:00、15:00"},
		{"@monthly", "", "", "每月1日 0:00"},
		{"*/5 9 * * *", "", "", "定时 */5 9 * * *"},
		{"0 9 */2 * *", "", "", "定时 0 9 */2 * *"},
		{"garbage", "", "", "定时 garbage"},
	} {
		if got := Describe(&safetybot.Rule{Spec: c.spec, Filter: c.filter, Shift: c.shift}); got != c.want {
			t.Errorf("Describe(%q %s %s) = %q, want %q", c.spec, c.filter, c.shift, got, c.want)
		}
	}
}

// Every reminder the built-in plan makes is said in words.
func TestDescribeBuiltInRules(t *testing.T) {
	s, err := DefaultSchedule(Default())
	if err != nil || len(s.Rules) < 20 {
		t.Fatalf("%v, %d rules", err, len(s.Rules))
	}
	for _, r := range s.Rules {
		if got := Describe(&r); strings.HasPrefix(got, "定时") {
			t.Errorf("%s: %q not in words", r.Name, r.Spec)
		}
	}
}
