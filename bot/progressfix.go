package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"safetybot"
)

// pctToken is a completion as a 更正 writes it after its lead word:
// 90%, 约90%, 百分之九十, 九成, and a fraction (90.5%), for readPercent to
// refuse with the whole number to write.
const pctToken = `(?:约|大约)?(?:百分之[零一二三四五六七八九十百]+|[一二三四五六七八九十]成[一二三四五六七八九]?|\d+(?:\.\d+)?\s*[%％])`

// correctedFigure is the corrected completion in a 更正, led by 改为, 应为,
// 实际 or 为, with the figure it replaces before it when written
// (由95%改为90%, 95% 改为 90%): group 1 the old figure, 2 the new one.
var correctedFigure = regexp.MustCompile(`(?:由?\s*(` + pctToken + `)\s*)?(?:改为|改成|更正为|调整为|应该是|应该为|应当是|应当为|应为|应是|实际为|实际是|实际|为)\s*(` + pctToken + `)`)

// correctedCompletion reads a 更正's completion from the words that say
// which figure is the right one (QA17 #5: 完成度由95%改为90%, 完成度应为85%,
// 上月完成度填错 实际70% were refused with 「请写明更正后的完成度」; the
// general reader takes 由95% or 应为85% for no completion, and a reason's
// 上月 for a figure of an earlier period). A correction's words are about
// the completion, so the figure after 改为/应为/实际/为 is the corrected
// one and the one after 由 is what it replaces. Other percentages in the
// note are named as not taken (others), never stored silently, and two
// different corrected figures, or a 完成度: field that is neither, are
// refused. Without such words the general reading (c, note, err) stands.
// The note is kept as written: a correction's words are its reason in the
// trail, never evidence.
func correctedCompletion(r *request, written string, c completion, note string, err error) (completion, string, error) {
	marks := correctedFigure.FindAllStringSubmatch(written, -1)
	if len(marks) == 0 {
		return c, note, err
	}
	out := completion{pct: -1, notYes: c.notYes}
	for _, m := range marks {
		p, err := readPercent(m[2])
		if err != nil {
			return c, note, err
		}
		if out.pct >= 0 && p.pct != out.pct {
			return c, note, safetybot.Errorf(safetybot.EINVALID, "完成度写了两次（%d%% 和 %d%%），未作记录。请只写一个完成度重新发送。", out.pct, p.pct)
		}
		out.pct, out.typed, out.approx = p.pct, strings.TrimSpace(m[0]), p.approx
	}
	if v, ok := r.args.Fields["完成度"]; ok {
		if p, err := readPercent(v); err == nil && p.pct != out.pct {
			return c, note, safetybot.Errorf(safetybot.EINVALID, "完成度写了两次（%d%% 和 %d%%），未作记录。请只写一个完成度重新发送。", p.pct, out.pct)
		}
	}
	for _, w := range percentsIn(written) {
		if !coveredByMark(w, marks) {
			out.others = append(out.others, w)
		}
	}
	return out, written, nil
}

// coveredByMark reports whether word w of a note holds, or is held by, one
// of the corrected figures read.
func coveredByMark(w string, marks [][]string) bool {
	for _, m := range marks {
		t := strings.TrimSpace(m[0])
		if strings.Contains(w, t) || strings.Contains(t, w) || m[1] != "" && strings.Contains(w, m[1]) {
			return true
		}
	}
	return false
}

// othersLine is the reply's word on the percentages a correction's note
// holds besides its corrected figure: kept in the note, not taken.
func (c completion) othersLine(raw string) string {
	if len(c.others) == 0 {
		return ""
	}
	quoted := make([]string, len(c.others))
	for i, w := range c.others {
		quoted[i] = typedAs(raw, w)
	}
	return fmt.Sprintf("\n「%s」未作为更正后的完成度（保留在更正说明中）。", strings.Join(quoted, "」「"))
}

// shareInWords is a share written in words: 八成, 过半, 一半, 三分之二.
var shareInWords = regexp.MustCompile(`[一二三四五六七八九十两]成|过半|一半|分之`)

// percentsIn are the words of a note that hold a percentage, a share in
// words (八成, 过半, 一半, 三分之二) or start with a name of 完成度
// (完成度过半), to name them when no completion was read (QA8 #6: 完成一半
// and 已完成三分之二 were kept as text without a word).
func percentsIn(note string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(note, func(r rune) bool { return r == ' ' || isSeparator(r) }) {
		named := strings.HasPrefix(w, "完成度") || strings.HasPrefix(w, "完成率") || strings.HasPrefix(w, "完成比例")
		if named || strings.ContainsAny(w, "%％") || strings.Contains(w, "百分之") || shareInWords.MatchString(w) {
			out = append(out, safetybot.Truncate(w, 20))
		}
	}
	return out
}

// spacedName reports whether a name of 完成度 at byte i of s is written as
// a label, with a space before and after it (登记错了 完成度 90%), after a
// word that does not end with a target's or an earlier period's word: it is
// read as 完成度:90% is. QA17 #5: in 上次登记错了 完成度 90% the reason's
// 上次 named the figure as not current while the lone 90% was read and
// stored, one reply saying both. 目标 完成度 100%, 上月 完成度 60% stay
// not current: the word before names the figure.
func spacedName(s string, i int) bool {
	if i == 0 || s[i-1] != ' ' {
		return false
	}
	prev := strings.TrimRight(s[:i], " ")
	for _, w := range append(slices.Clip(notNowWords), notNowEnds...) {
		if strings.HasSuffix(prev, w) {
			return false
		}
	}
	for _, pn := range progressNames {
		if !pn.lead && strings.HasPrefix(s[i:], pn.name+" ") {
			return true
		}
	}
	return false
}

// anyCovered reports whether one of the completions found is among those
// named as not current.
func anyCovered(fs []found, named []string) bool {
	for _, f := range fs {
		if coveredBy(f.typed, named) {
			return true
		}
	}
	return false
}
