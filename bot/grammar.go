package bot

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"safetybot"
)

// args is a parsed command line: positional words, the free text after the
// verb with fields removed, and the key:value fields the command accepts.
type args struct {
	Words  []string
	Text   string
	Fields map[string]string
}

// splitVerb strips leading @mentions and returns the command word and the
// rest. Chinese users often write the verb and its argument without a space
// ("隐患YH2026-0001"), so a known Chinese verb is also matched as a prefix.
func splitVerb(text string, verbs []string) (verb, rest string) {
	text = strings.TrimSpace(normalizeSpace(text))
	for strings.HasPrefix(text, "@") || strings.HasPrefix(text, "＠") {
		i := strings.IndexFunc(text, unicode.IsSpace)
		if i < 0 {
			return "", ""
		}
		text = strings.TrimSpace(text[i:])
	}
	if text == "" {
		return "", ""
	}
	first, rest, _ := strings.Cut(text, " ")
	for _, v := range verbs {
		if strings.EqualFold(first, v) {
			return v, strings.TrimSpace(rest)
		}
	}
	for _, v := range verbs {
		if v != "" && !isASCII(v) && strings.HasPrefix(text, v) {
			return v, strings.TrimSpace(text[len(v):])
		}
	}
	return first, strings.TrimSpace(rest)
}

// parseArgs splits rest into words and extracts key:value fields (full-width
// colon too) whose key the command declares; other colons stay in the text,
// so "10:30" or a URL is never mistaken for a field. "期限: 2026-12-31" with a
// space after the colon is accepted as well.
func parseArgs(rest string, keys map[string]string) args {
	a := args{Fields: map[string]string{}}
	toks := strings.Fields(rest)
	var text []string
	for i := 0; i < len(toks); i++ {
		tok := strings.Replace(toks[i], "：", ":", 1)
		k, v, ok := strings.Cut(tok, ":")
		if canon, known := keys[strings.ToLower(k)]; ok && known {
			if v == "" && i+1 < len(toks) && !strings.ContainsAny(toks[i+1], ":：") {
				i++
				v = toks[i]
			}
			a.Fields[canon] = v
			continue
		}
		a.Words = append(a.Words, toks[i])
		text = append(text, toks[i])
	}
	a.Text = strings.Join(text, " ")
	return a
}

// rest returns the free text after skipping the first n words.
func (a args) rest(n int) string {
	if n >= len(a.Words) {
		return ""
	}
	return strings.Join(a.Words[n:], " ")
}

// normalizeSpace turns full-width and other Unicode spaces into ASCII spaces.
func normalizeSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' {
			return ' '
		}
		return r
	}, s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// dateSeparators turns the separators parseDate accepts into '-'.
var dateSeparators = strings.NewReplacer("年", "-", "月", "-", "日", "", "号", "", "/", "-", ".", "-")

// parseDate reads 2026-12-31, 2026/12/31, 2026年12月31日, 12月31日 and 12-31.
// A date without a year is the next such day on or after today, since users
// type it for deadlines.
func parseDate(s string, today time.Time) (safetybot.Date, error) {
	orig := s
	bad := func() error {
		return safetybot.Errorf(safetybot.EINVALID, "日期「%s」无法识别，请写成 2026-12-31、12月31日 或 12-31。", orig)
	}
	s = strings.TrimSpace(s)
	parts := strings.Split(strings.TrimSuffix(dateSeparators.Replace(s), "-"), "-")
	var buf [3]int
	nums := buf[:0]
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return "", bad()
		}
		nums = append(nums, n)
	}
	today = today.In(safetybot.Shanghai)
	var y, m, d int
	switch len(nums) {
	case 3:
		y, m, d = nums[0], nums[1], nums[2]
		if y < 2000 || y > 2100 {
			return "", bad()
		}
	case 2:
		y, m, d = today.Year(), nums[0], nums[1]
	default:
		return "", bad()
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, safetybot.Shanghai)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return "", safetybot.Errorf(safetybot.EINVALID, "日期「%s」不存在，请检查月份和日期。", s)
	}
	if len(nums) == 2 && safetybot.DateOf(t) < safetybot.DateOf(today) {
		t = t.AddDate(1, 0, 0)
		if t.Day() != d { // 2-29 in a year without it
			return "", safetybot.Errorf(safetybot.EINVALID, "日期「%s」不存在，请写明年份。", s)
		}
	}
	return safetybot.DateOf(t), nil
}

// parsePercent reads 60%, 60％ or 60 as a completion between 0 and 100.
func parsePercent(s string) (int, error) {
	s = strings.TrimRight(strings.TrimSpace(s), "%％")
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 100 {
		return 0, safetybot.Errorf(safetybot.EINVALID, "完成度「%s」应为 0 到 100 之间的数，例如 完成度:60%%。", s)
	}
	return n, nil
}
