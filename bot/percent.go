package bot

import (
	"math"
	"strconv"
	"strings"

	"safetybot"
)

// percent is a completion read from what was typed.
type percent struct {
	pct    int
	approx string // the word that made it approximate (约, 左右, 以上…), "" when exact
}

// percentAffix is a word written before or after a completion:
// 为/达到 say nothing of precision, 约/左右/以上 make it approximate.
type percentAffix struct {
	word   string
	approx bool
}

// percentPrefixes and percentSuffixes are longest first, so 已达到 is one
// word and not 已 then 达到.
var (
	percentPrefixes = []percentAffix{{"已达到", false}, {"已超过", true}, {"达到了", false}, {"约为", true}, {"大约", true},
		{"大概", true}, {"接近", true}, {"超过", true}, {"达到", false}, {"已达", false}, {"约", true}, {"近", true},
		{"达", false}, {"为", false}, {"是", false}, {"已", false}}
	percentSuffixes = []percentAffix{{"左右", true}, {"以上", true}, {"上下", true}, {"多", true}, {"余", true}}
)

// readPercent reads a completion between 0 and 100 the way staff write it
// (QA6c item 10): 60%, 60, 百分之六十, 百分之百, 六成, 6成, 六成五, with
// 为/达到 before it, and approximately (约50%, 50%左右, 60%以上): an
// approximate one is kept as its number and the reply says so, never
// silently. Completion is kept in whole percent: a fraction (60.5%) is
// refused with the whole number to write, never rounded silently (QA item
// 18: it was told "应为 0 到 100 之间的数", which 60.5 is).
func readPercent(s string) (percent, error) {
	s = strings.TrimSpace(s)
	var p percent
	for changed := true; changed; {
		changed = false
		for _, a := range percentPrefixes {
			if rest, ok := strings.CutPrefix(s, a.word); ok && rest != "" {
				s, changed = strings.TrimSpace(rest), true
				if a.approx && p.approx == "" {
					p.approx = a.word
				}
				break
			}
		}
	}
	for _, a := range percentSuffixes {
		if rest, ok := strings.CutSuffix(s, a.word); ok && rest != "" {
			s = strings.TrimSpace(rest)
			if a.approx && p.approx == "" {
				p.approx = a.word
			}
			break
		}
	}
	n, err := percentNumber(s)
	p.pct = n
	return p, err
}

// percentNumber reads the number of a completion, without the words
// around it.
func percentNumber(s string) (int, error) {
	if rest, ok := strings.CutPrefix(s, "百分之"); ok {
		if n, ok := chineseNumber(rest); ok && n <= 100 {
			return n, nil
		}
		if rest == "零" {
			return 0, nil
		}
		return 0, safetybot.Errorf(safetybot.EINVALID, "完成度「%s」应为 0 到 100 之间的整数，例如 完成度:60%%。", safetybot.Truncate(s, 20))
	}
	if tens, ones, ok := strings.Cut(s, "成"); ok {
		t, tok := chineseNumber(tens)
		o, ook := 0, true
		if ones != "" {
			o, ook = chineseNumber(ones)
		}
		if tok && ook && t >= 1 && t <= 10 && o >= 0 && o <= 9 && t*10+o <= 100 {
			return t*10 + o, nil
		}
		return 0, safetybot.Errorf(safetybot.EINVALID, "完成度「%s」读不懂，请写作 完成度:60%%。", safetybot.Truncate(s, 20))
	}
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), "%％"))
	n, err := strconv.Atoi(s)
	if err == nil && n >= 0 && n <= 100 {
		return n, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 && f <= 100 && !strings.ContainsAny(s, "eEnNxXpP_") {
		if f == math.Trunc(f) {
			// 60.0: the README's answer to a decimal, as 60.5 gets, not
			// taken without a word (QA17 #5).
			return 0, safetybot.Errorf(safetybot.EINVALID, "完成度只记整数：「%s%%」请写作 完成度:%d%%。", safetybot.Truncate(s, 20), int(f))
		}
		return 0, safetybot.Errorf(safetybot.EINVALID, "完成度只记整数：「%s%%」请写作 完成度:%d%%（四舍五入）。", safetybot.Truncate(s, 20), int(math.Floor(f+0.5)))
	}
	return 0, safetybot.Errorf(safetybot.EINVALID, "完成度「%s」应为 0 到 100 之间的整数，例如 完成度:60%%。", safetybot.Truncate(s, 20))
}

// parsePercent is readPercent's number, for the reader's fit of 完成度.
func parsePercent(s string) (int, error) {
	p, err := readPercent(s)
	return p.pct, err
}

// looksLikePercent reports whether a word of free text is written as a
// completion on its own (80%, 百分之八十, 八成), not a bare number, which
// may count anything.
func looksLikePercent(w string) bool {
	if !strings.ContainsAny(w, "%％") && !strings.Contains(w, "百分之") && !strings.Contains(w, "成") {
		return false
	}
	_, err := readPercent(w)
	return err == nil
}

// notNowWords, in the clause before a completion, say it is not the task's
// current one but a target, a plan or an earlier period's: 目标完成度100%,
// 去年完成度60%, 计划完成度90%, 预计年底完成80% (QA7a item 1). A clause
// wrongly taken as one is named in the reply, not stored, which is the
// safe side: the figure goes into the documents handed in.
var notNowWords = []string{"目标", "计划", "预计", "预期", "要求", "力争", "争取", "确保", "去年", "上年", "前年", "往年",
	"同期", "上月", "上季度", "上期", "上次", "原定", "明年", "下月", "年底", "年内"}

// notNowEnds say the same written just before the completion: 原完成度,
// 未完成, 应完成, 拟完成.
var notNowEnds = []string{"原", "未", "没", "应", "拟"}

// notCurrent reports whether the text before a completion, from its
// clause's start (the last space or separator), makes it not the current
// completion.
func notCurrent(before string) bool {
	clause := strings.TrimRight(before, " ")
	if k := strings.LastIndexFunc(clause, func(r rune) bool { return r == ' ' || isSeparator(r) }); k >= 0 {
		clause = clause[k:]
	}
	for _, w := range notNowWords {
		if strings.Contains(clause, w) {
			return true
		}
	}
	for _, w := range notNowEnds {
		if strings.HasSuffix(clause, w) {
			return true
		}
	}
	return false
}
