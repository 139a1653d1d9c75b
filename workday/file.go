package workday

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"safetybot"
)

// Entry is one line of an override file: the days From..To (inclusive,
// Asia/Shanghai midnight) are Day.
type Entry struct {
	From, To time.Time
	Day      Day
	Line     int // 1-based line in the file
}

// Limits of an override file: it is a year or two of announcements, not a
// database.
const (
	maxLines     = 2000
	maxLineBytes = 200
	maxRangeDays = 31
	maxNameRunes = 20
)

// ParseFile reads an override file (SAFETYBOT_HOLIDAYS). Its format, one
// entry a line:
//
//	# 2028年部分节假日安排（国办发明电〔2027〕×号）
//	2028-01-01 休 元旦
//	2028-01-26~2028-02-01 休 春节
//	2028-02-05 班 春节
//
// A date (YYYY-MM-DD) or an inclusive range (FROM~TO, at most 31 days),
// then 休 (a public holiday: no work) or 班 (a weekend day worked, 调休上班),
// then an optional name (at most 20 characters). Blank lines and text after
// # are ignored; fields are separated by spaces or tabs. It is strict: a
// malformed date, an unknown word, 班 on a Monday–Friday (already a working
// day: usually a typo), or a day given twice is an error naming the file and
// line in Chinese, and nothing of the file is used. name is the file's name
// for messages.
func ParseFile(name string, r io.Reader) ([]Entry, error) {
	var out []Entry
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 64*1024)
	n := 0
	for sc.Scan() {
		n++
		raw := sc.Text()
		if n == 1 {
			raw = strings.TrimPrefix(raw, "\uFEFF")
		}
		bad := func(format string, args ...any) error {
			return fmt.Errorf("节假日文件 %s 第 %d 行「%s」：%s", name, n, safetybot.Truncate(strings.TrimSpace(raw), 40), fmt.Sprintf(format, args...))
		}
		if n > maxLines {
			return nil, bad("文件超过 %d 行。", maxLines)
		}
		if len(raw) > maxLineBytes {
			return nil, bad("行过长（超过 %d 字节）。", maxLineBytes)
		}
		if !utf8.ValidString(raw) {
			return nil, bad("不是 UTF-8 文本。请以 UTF-8 编码保存。")
		}
		line, _, _ := strings.Cut(raw, "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 || len(f) > 3 {
			return nil, bad("应为「日期 休|班 [名称]」，例如 2028-01-01 休 元旦。")
		}
		from, to, err := parseRange(f[0])
		if err != nil {
			return nil, bad("%s", err)
		}
		e := Entry{From: from, To: to, Line: n}
		switch f[1] {
		case "休":
		case "班":
			e.Day.Work = true
		default:
			return nil, bad("第二项「%s」应为 休（放假）或 班（调休上班）。", safetybot.Truncate(f[1], 10))
		}
		if len(f) == 3 {
			if utf8.RuneCountInString(f[2]) > maxNameRunes {
				return nil, bad("名称超过 %d 个字。", maxNameRunes)
			}
			e.Day.Name = f[2]
		}
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			key := d.Format(time.DateOnly)
			if prev, ok := seen[key]; ok {
				return nil, bad("%s 已在第 %d 行写过。每天只能写一次。", key, prev)
			}
			seen[key] = n
			if wd := d.Weekday(); e.Day.Work && wd != time.Saturday && wd != time.Sunday {
				return nil, bad("%s 是星期%s，本来就上班；「班」只用于调休上班的周六、周日。", key, "一二三四五"[(int(wd)-1)*3:int(wd)*3])
			}
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("节假日文件 %s 第 %d 行之后无法读取：%v", name, n, err)
	}
	return out, nil
}

// parseRange reads 2028-01-01 or 2028-01-26~2028-02-01.
func parseRange(s string) (from, to time.Time, err error) {
	a, b, isRange := strings.Cut(s, "~")
	if from, err = parseDay(a); err != nil {
		return
	}
	if !isRange {
		return from, from, nil
	}
	if to, err = parseDay(b); err != nil {
		return
	}
	switch {
	case to.Before(from):
		err = fmt.Errorf("结束日期 %s 早于开始日期 %s。", b, a)
	case to.Sub(from) >= maxRangeDays*24*time.Hour:
		err = fmt.Errorf("一个范围最多 %d 天。", maxRangeDays)
	}
	return
}

func parseDay(s string) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, safetybot.Shanghai)
	if err != nil || len(s) != len(time.DateOnly) {
		return time.Time{}, fmt.Errorf("「%s」不是日期，请写成 YYYY-MM-DD，例如 2028-01-01。", safetybot.Truncate(s, 20))
	}
	if t.Year() < 2000 || t.Year() > 2100 {
		return time.Time{}, fmt.Errorf("年份 %d 超出 2000—2100。", t.Year())
	}
	return t, nil
}

// Load returns Official with the override file at path laid over it; an
// empty path means Official alone. Errors are ParseFile's, or the file
// cannot be opened.
func Load(path string) (*Calendar, error) {
	if path == "" {
		return Official(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("节假日文件 %s 无法打开：%v", path, err)
	}
	defer f.Close()
	entries, err := ParseFile(path, f)
	if err != nil {
		return nil, err
	}
	return Official().With(entries), nil
}
