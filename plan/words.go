package plan

import (
	"fmt"
	"strconv"
	"strings"

	"safetybot"
)

// Describe says when a rule fires, in Chinese words, the way people write
// schedules: "每月最后一个工作日 9:00", "每年3、6、9、12月的1日 9:00",
// "每周一至周五 8:30", "每天 9:00", with where a day off moves it
// ("（逢节假日提前至前一工作日）"). A spec it cannot put in words is returned
// as "定时 <spec>"; it never fails.
func Describe(r *safetybot.Rule) string {
	words, ok := describeSpec(r.Spec, r.Filter == safetybot.FilterLastWorkday)
	if !ok {
		return "定时 " + strings.TrimSpace(r.Spec)
	}
	switch r.Shift {
	case "prev":
		words += "（逢节假日提前至前一工作日）"
	case "next":
		words += "（逢节假日顺延至下一工作日）"
	}
	return words
}

var descriptors = map[string]string{
	"@yearly": "每年1月1日 0:00", "@annually": "每年1月1日 0:00", "@monthly": "每月1日 0:00",
	"@weekly": "每周日 0:00", "@daily": "每天 0:00", "@midnight": "每天 0:00", "@hourly": "每小时整点",
}

func describeSpec(spec string, lastWorkday bool) (string, bool) {
	f := strings.Fields(spec)
	if len(f) > 0 && (strings.HasPrefix(f[0], "CRON_TZ=") || strings.HasPrefix(f[0], "TZ=")) {
		f = f[1:]
	}
	if len(f) == 1 {
		w, ok := descriptors[f[0]]
		return w, ok
	}
	if len(f) != 5 {
		return "", false
	}
	clock, ok := clockWords(f[0], f[1])
	if !ok {
		return "", false
	}
	month, ok1 := listWords(f[3], "月", 1, 12, nil)
	dom, ok2 := listWords(f[2], "日", 1, 31, nil)
	dow, ok3 := listWords(f[4], "", 0, 7, weekdays)
	if !ok1 || !ok2 || !ok3 {
		return "", false
	}
	var when string
	switch {
	case lastWorkday && month == "":
		when = "每月最后一个工作日"
	case lastWorkday:
		when = "每年" + month + "的最后一个工作日"
	case dow != "" && month == "":
		when = "每" + dow
	case dow != "":
		when = "每年" + month + "的每" + dow
	case dom == "" && month == "":
		when = "每天"
	case dom == "":
		when = "每年" + month + "的每天"
	case month == "":
		when = "每月" + dom
	case !strings.ContainsAny(f[3], ",-/"):
		when = "每年" + month + dom
	default:
		when = "每年" + month + "的" + dom
	}
	return when + " " + clock, true
}

var weekdays = []string{"周日", "周一", "周二", "周三", "周四", "周五", "周六", "周日"}

// clockWords reads a single minute and hour (or a list of hours) as 9:00.
func clockWords(minute, hour string) (string, bool) {
	m, err := strconv.Atoi(minute)
	if err != nil || m < 0 || m > 59 {
		return "", false
	}
	var out []string
	for _, h := range strings.Split(hour, ",") {
		n, err := strconv.Atoi(h)
		if err != nil || n < 0 || n > 23 {
			return "", false
		}
		out = append(out, fmt.Sprintf("%d:%02d", n, m))
	}
	return strings.Join(out, "、"), true
}

// listWords reads a cron field of numbers, lists and ranges (no steps) as
// words: "3,6,9,12" → "3、6、9、12月", "24-31" → "24至31日", "1-5" with
// names → "周一至周五". "*" and "?" are "" (every).
func listWords(field, unit string, lo, hi int, names []string) (string, bool) {
	if field == "*" || field == "?" {
		return "", true
	}
	name := func(s string) (string, bool) {
		n, err := strconv.Atoi(s)
		if err != nil || n < lo || n > hi {
			return "", false
		}
		if names != nil {
			return names[n], true
		}
		return s, true
	}
	var parts []string
	for _, p := range strings.Split(field, ",") {
		a, b, isRange := strings.Cut(p, "-")
		x, ok := name(a)
		if !ok {
			return "", false
		}
		if isRange {
			y, ok := name(b)
			if !ok {
				return "", false
			}
			x += "至" + y
		}
		parts = append(parts, x)
	}
	return strings.Join(parts, "、") + unit, true
}
