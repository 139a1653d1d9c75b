package workday

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"safetybot"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s+" 09:00", safetybot.Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// The State Council's 2026 and 2027 announcements as lunar-go v1.4.7 carries
// them, checked day by day where a reminder could land.
func TestOfficialWorkdays(t *testing.T) {
	c := Official()
	for _, tc := range []struct {
		day  string
		work bool
	}{
		{"2026-12-31", true},  // Thursday
		{"2027-01-01", false}, // 元旦 (Friday)
		{"2027-01-02", false}, // Saturday
		{"2027-01-04", true},  // Monday
		{"2027-01-31", true},  // Sunday worked for the Spring Festival
		{"2027-02-04", true},  // Thursday before the festival
		{"2027-02-05", false}, // 春节 (Friday)
		{"2027-02-12", false}, // 春节
		{"2027-02-14", true},  // Sunday worked for the Spring Festival
		{"2027-02-20", false}, // an ordinary Saturday
		{"2027-10-01", false}, // 国庆节
		{"2027-10-09", true},  // Saturday worked for National Day
		{"2027-12-31", true},  // Friday
		{"2027-12-25", false}, // an ordinary Saturday
	} {
		if got := c.IsWorkday(day(tc.day)); got != tc.work {
			t.Errorf("%s: working day %v, want %v", tc.day, got, tc.work)
		}
	}
	if y := c.LastYear(); y < 2027 {
		t.Errorf("the library knows holidays only through %d, want 2027", y)
	}
}

func TestLastWorkday(t *testing.T) {
	c := Official()
	last := func(y int, m time.Month) string {
		for d := time.Date(y, m+1, 0, 9, 0, 0, 0, safetybot.Shanghai); d.Month() == m; d = d.AddDate(0, 0, -1) {
			if c.IsLastWorkday(d) {
				return d.Format(time.DateOnly)
			}
		}
		return "none"
	}
	for _, tc := range []struct {
		y    int
		m    time.Month
		want string
	}{
		{2027, 1, "2027-01-31"},  // Sunday worked for the Spring Festival
		{2027, 2, "2027-02-26"},  // Friday
		{2027, 4, "2027-04-30"},  // Friday before 劳动节
		{2027, 9, "2027-09-30"},  // Thursday
		{2027, 10, "2027-10-29"}, // Friday
		{2026, 12, "2026-12-31"}, // Thursday
		{2026, 9, "2026-09-30"},  // Wednesday before 国庆
	} {
		if got := last(tc.y, tc.m); got != tc.want {
			t.Errorf("last working day of %d-%02d: %s, want %s", tc.y, tc.m, got, tc.want)
		}
	}
}

func TestShift(t *testing.T) {
	c := Official()
	for _, tc := range []struct {
		at, dir, want string
		moved         bool
	}{
		{"2027-01-01", ShiftNext, "2027-01-04", true}, // 元旦 Friday + weekend
		{"2027-01-01", ShiftPrev, "2027-01-04", true}, // never back into December
		{"2027-02-10", ShiftPrev, "2027-02-04", true}, // Spring Festival, 5–13 February
		{"2027-02-10", ShiftNext, "2027-02-14", true}, // a Sunday worked
		{"2027-02-14", ShiftPrev, "2027-02-14", false},
		{"2027-02-20", ShiftPrev, "2027-02-19", true}, // Saturday
		{"2027-03-20", ShiftPrev, "2027-03-19", true}, // Saturday
		{"2027-10-01", ShiftNext, "2027-10-08", true},
		{"2027-06-20", ShiftNone, "2027-06-20", false},
		{"2027-05-01", ShiftNext, "2027-05-06", true},
	} {
		got, moved := c.Shift(day(tc.at), tc.dir)
		if got.Format(time.DateOnly) != tc.want || moved != tc.moved || got.Hour() != 9 {
			t.Errorf("Shift(%s, %q) = %s moved %v, want %s moved %v", tc.at, tc.dir, got.Format(time.DateTime), moved, tc.want, tc.moved)
		}
	}
}

func TestParseFile(t *testing.T) {
	src := "\uFEFF# 2028年安排\n\n2028-01-01 休 元旦\n2028-01-26~2028-02-01\t休 春节 # 七天\n2028-02-05 班 春节\n2027-01-31 休\n"
	es, err := ParseFile("h.txt", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 4 || es[1].Line != 4 || es[1].To.Sub(es[1].From) != 6*24*time.Hour || !es[2].Day.Work || es[2].Day.Name != "春节" {
		t.Fatalf("entries %+v", es)
	}
	c := Official().With(es)
	for d, work := range map[string]bool{"2028-01-01": false, "2028-01-28": false, "2028-02-05": true, "2028-02-07": true, "2027-01-31": false} {
		if c.IsWorkday(day(d)) != work {
			t.Errorf("with the file, %s working %v", d, !work)
		}
	}
	// The override changes January 2027's last working day; Official is untouched.
	if !c.IsLastWorkday(day("2027-01-29")) || !Official().IsLastWorkday(day("2027-01-31")) {
		t.Error("override not applied, or it leaked into Official")
	}
}

func TestParseFileErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"2028-01-01 休\n2028-02-30 休\n", "第 2 行「2028-02-30 休」：「2028-02-30」不是日期"},
		{"2028-1-1 休", "第 1 行「2028-1-1 休」：「2028-1-1」不是日期"},
		{"2028-01-01 放假", "第二项「放假」应为 休（放假）或 班"},
		{"2028-01-01", "应为「日期 休|班 [名称]」"},
		{"2028-01-01 休 元旦 多余", "应为「日期 休|班 [名称]」"},
		{"2028-01-03 班", "星期一，本来就上班"},
		{"2028-01-01 休\n# x\n2027-12-30~2028-01-02 休", "第 3 行「2027-12-30~2028-01-02 休」：2028-01-01 已在第 1 行写过"},
		{"2028-02-01~2028-01-01 休", "结束日期 2028-01-01 早于开始日期"},
		{"2028-01-01~2028-03-01 休", "一个范围最多 31 天"},
		{"1999-01-01 休", "年份 1999 超出"},
		{"2028-01-01 休 " + strings.Repeat("节", 21), "名称超过 20 个字"},
		{"2028-01-01 休 \xff", "不是 UTF-8"},
		{strings.Repeat("#\n", maxLines) + "2028-01-01 休", fmt.Sprintf("第 %d 行", maxLines+1)},
	} {
		_, err := ParseFile("h.txt", strings.NewReader(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "节假日文件 h.txt 第 ") {
			t.Errorf("%q: error %v, want one containing %q", safetybot.Truncate(tc.src, 40), err, tc.want)
		}
	}
}

// FuzzParseFile: the parser never panics, and what it accepts it reads the
// same way again once written back in the documented format.
func FuzzParseFile(f *testing.F) {
	for _, s := range []string{
		"2028-01-01 休 元旦\n2028-01-26~2028-02-01 休 春节\n2028-02-05 班 春节\n",
		"# comment only\n\n",
		"\uFEFF2027-01-31 休 # trailing\n",
		"2028-02-30 休", "2028-01-03 班", "2028-01-01~2027-01-01 休", "2028-01-01\t班\t国庆",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		es, err := ParseFile("fuzz", strings.NewReader(src))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "节假日文件 fuzz ") {
				t.Fatalf("error without the file's name: %v", err)
			}
			return
		}
		var b strings.Builder
		for _, e := range es {
			kind := "休"
			if e.Day.Work {
				kind = "班"
			}
			fmt.Fprintf(&b, "%s~%s %s %s\n", e.From.Format(time.DateOnly), e.To.Format(time.DateOnly), kind, e.Day.Name)
		}
		again, err := ParseFile("fuzz", strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("accepted %q, but not its rewrite %q: %v", src, b.String(), err)
		}
		if len(again) != len(es) {
			t.Fatalf("%d entries, %d after rewriting", len(es), len(again))
		}
		for i := range es {
			if !es[i].From.Equal(again[i].From) || !es[i].To.Equal(again[i].To) || es[i].Day != again[i].Day {
				t.Fatalf("entry %d: %+v, after rewriting %+v", i, es[i], again[i])
			}
		}
	})
}
