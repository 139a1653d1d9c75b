package bot

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"safetybot"
)

// unitQuotes pairs each opening quote or bracket a unit name arrives
// wrapped in with its closing one.
var unitQuotes = map[rune]rune{
	'“': '”', '‘': '’', '「': '」', '『': '』', '《': '》', '(': ')', '（': '）',
	'【': '】', '[': ']', '"': '"', '\'': '\'',
}

// cleanUnitName reads a typed unit name the way it is compared with the
// known ones (qa5 #1, #4): a name pasted in quotes or brackets
// (“县公路段”, 『县公路段』, （通达危货）) was stored as a unit of its own
// and counted as an enterprise, and 县　公路段 or 通达\u200b危货 did not
// match 县公路段 or 通达危货. It folds the characters (safetybot.Fold:
// invisible characters go, full-width spaces become spaces), strips
// surrounding quotes and brackets of every kind, and drops a space between
// two non-ASCII characters (a Chinese name has none; "Tongda Logistics"
// keeps its). A trailing bracketed part (县公路段（养护站）) is returned
// apart as sub, with base the name before it: the caller matches base and
// asks, since 养护站 may be a sub-unit or a unit of its own.
func cleanUnitName(typed string) (name, base, sub string) {
	name = strings.TrimSpace(markupTag.ReplaceAllString(safetybot.Fold(typed), ""))
	for {
		open, n := utf8.DecodeRuneInString(name)
		last, m := utf8.DecodeLastRuneInString(name)
		if len(name) < n+m || unitQuotes[open] == 0 || !isCloser(last) || !balanced(name[n:len(name)-m]) {
			break // （县公路段）（养护站） is two brackets, not one around 县公路段）（养护站
		}
		name = strings.TrimSpace(name[n : len(name)-m])
	}
	name = dropCJKSpaces(name)
	if last, m := utf8.DecodeLastRuneInString(name); isCloser(last) {
		body := name[:len(name)-m]
		for i := len(body) - 1; i > 0; i-- {
			if body[i] == '(' || body[i] == '[' || strings.HasPrefix(body[i:], "（") || strings.HasPrefix(body[i:], "【") {
				if b := strings.TrimSpace(body[:i]); b != "" {
					_, size := utf8.DecodeRuneInString(body[i:])
					return name, b, strings.TrimSpace(body[i+size:])
				}
				break
			}
		}
	}
	return name, name, ""
}

// markupTag is an HTML or WeCom markdown tag (<font color="warning">,
// </font>, <br/>): pasted from a message or a web page around a name, it is
// no part of it (fix9-10 #2: <font color="warning">测试码头</font> became an
// enterprise next to the registered 测试码头). cleanUnitName drops it.
var markupTag = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>`)

// unitNameSymbols are characters no unit name holds: a formula's or a
// command line's (@SUM(1+1)*cmd|'/C calc').
const unitNameSymbols = "|=*<>{}\\^`$!?"

// unitNameProblem is why a cleaned unit name is no plausible unit, "" when
// it may be one (fix9-10 #2: 「@SUM(1+1)*cmd|'/C calc'」 was stored as a unit
// and counted as an enterprise in 企业 and the annual summary). A name
// that starts like a spreadsheet formula, holds a formula's or a shell's
// symbols, or has no letter at all (符号、数字) is refused with the reason;
// anything else is a name the office may use, matched as before.
func unitNameProblem(name string) string {
	if name == "" {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(name); strings.ContainsRune("=+-@", r) {
		return "以「" + string(r) + "」开头，像表格公式，不是单位名称"
	}
	if i := strings.IndexAny(name, unitNameSymbols); i >= 0 {
		r, _ := utf8.DecodeRuneInString(name[i:])
		return "含有「" + string(r) + "」，像公式或命令，不是单位名称"
	}
	if !strings.ContainsFunc(name, unicode.IsLetter) {
		return "没有文字，不是单位名称"
	}
	return ""
}

// unitEnds are how the units a county transport bureau deals with end
// their names: companies, bodies and their parts (公司, 段, 站, 中心…), and
// the trades that end the short forms staff type (通达危货, 顺达客运).
// A single character that also ends everyday words (处, 部, 行) is not
// among them; notUnitEnds lists such words for those that are.
var unitEnds = []string{"公司", "集团", "厂", "合作社", "项目部", "指挥部", "经理部", "工程部", "营业部", "商行", "银行", "车行",
	"车队", "站", "场", "码头", "港", "渡口", "驾校", "校", "局", "委", "委员会", "政府", "办", "办公室", "段", "公路段", "所",
	"管理处", "办事处", "队", "中心", "院", "社", "店", "馆", "协会", "商会",
	"客运", "货运", "运输", "物流", "危货", "公交", "出租", "汽修", "驾培", "路桥", "航运", "港航", "汽运", "运业", "快递"}

// notUnitEnds are everyday words ending like a unit (现场 like 货运场,
// 路段 like 县养护段, 督办 like 安委办): a value whose longest ending among
// both lists is one of these is no name (县公路段 ends in 公路段).
var notUnitEnds = []string{"现场", "到场", "在场", "进场", "离场", "场所", "住所", "厕所", "处所", "路段", "时段", "阶段",
	"手段", "地段", "区段", "排队", "布局", "格局", "结局", "大局", "督办", "交办", "查办", "照办", "承办", "催办", "怎么办"}

// clauseMarks are words a clause has and a unit name does not: that
// something has or has not happened, is under way, or must (领导已到场查看,
// 护栏仍未修复).
var clauseMarks = []string{"已", "未", "没", "了", "正在", "尚", "仍", "无法", "不能", "不得", "要求", "需要"}

// looksLikeUnitName reports whether typed reads as a unit's name rather
// than a clause about one (fix10 #3: 上报 …，单位 领导已到场查看 stored
// 领导已到场查看 as the unit, listed in 企业 as an enterprise). It is asked
// where a name is only guessed to be a label (单位 followed by a space):
// the name, cleaned, is no refused one (unitNameProblem), ends like a unit
// (unitEnds, not notUnitEnds) and holds no clauseMarks. A unit it misses
// stays in the description and is named as not read, which 修改 fixes; a
// clause taken for a unit would be counted as an enterprise unsaid.
func looksLikeUnitName(typed string) bool {
	name, base, _ := cleanUnitName(typed)
	if name == "" || unitNameProblem(name) != "" || slices.ContainsFunc(clauseMarks, func(w string) bool { return strings.Contains(name, w) }) {
		return false
	}
	longest := func(ends []string) int {
		n := 0
		for _, e := range ends {
			if strings.HasSuffix(base, e) {
				n = max(n, len(e))
			}
		}
		return n
	}
	unit := longest(unitEnds)
	return unit > 0 && unit >= longest(notUnitEnds)
}

// isCloser reports a closing quote or bracket of unitQuotes.
func isCloser(r rune) bool {
	for _, c := range unitQuotes {
		if c == r {
			return true
		}
	}
	return false
}

// balanced reports whether the brackets in s pair up (a closer never
// comes before its opener), quotes that open and close alike aside.
func balanced(s string) bool {
	depth := 0
	for _, r := range s {
		switch closer, opens := unitQuotes[r]; {
		case opens && closer != r:
			depth++
		case !opens && isCloser(r):
			if depth--; depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// dropCJKSpaces removes each space that stands between two non-ASCII
// characters.
func dropCJKSpaces(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' && i > 0 && s[i-1] >= utf8.RuneSelf {
			j := i
			for j < len(s) && s[j] == ' ' {
				j++
			}
			if j < len(s) && s[j] >= utf8.RuneSelf {
				i = j - 1
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// sameUnitName reports whether two unit names are the same once folded and
// cleaned: a stored 「通达\u200b危货」 is the name 通达危货.
func sameUnitName(a, b string) bool {
	x, _, _ := cleanUnitName(a)
	y, _, _ := cleanUnitName(b)
	return x == y
}

// sentenceMarks end a value in readArgs (isSeparator) but are not among the
// marks its spilled names text after: ！ glued to a unit is no list and no
// clause, so what follows it was not told of.
const sentenceMarks = "！!？?。"

// sentenceSpills names in a.Spilled, as readArgs names text after 、 or a
// comma, the text a unit or place value gave to the description at a
// sentence mark glued to it (fix9-10 #1: 上报 隧道照明损坏 单位:县公路段！养护站
// stored 县公路段 and 「隧道照明损坏！养护站」, and the reply said only
// 单位：县公路段, so 养护站 — plausibly a sub-unit — left the unit unseen).
// As for a comma, only text after the description has begun: in
// 「单位:县公路段！隧道照明损坏」 what follows is the description. s is the
// text readArgs read.
func sentenceSpills(s string, a *args) {
	for _, key := range []string{"单位", "地点"} {
		v := a.Fields[key]
		if v == "" || slices.ContainsFunc(a.Spilled, func(sp spill) bool { return sp.key == key }) {
			continue
		}
		for off := 0; off < len(s); {
			i := strings.Index(s[off:], v)
			if i < 0 {
				break
			}
			i += off
			off = i + len(v)
			before := strings.TrimRight(s[:i], " ")
			mark, n := utf8.DecodeRuneInString(s[off:])
			if !strings.HasSuffix(before, ":") && !strings.HasSuffix(before, "：") || !strings.ContainsRune(sentenceMarks, mark) {
				continue
			}
			tail := s[off+n:]
			end := strings.IndexFunc(tail, func(r rune) bool { return r == ' ' || r == '\t' || isSeparator(r) })
			if end < 0 {
				end = len(tail)
			}
			text := tail[:end]
			if text == "" || strings.ContainsAny(text, ":：") || !strings.Contains(a.Text, text) || strings.HasPrefix(a.Text, text) {
				continue
			}
			a.Spilled = append(a.Spilled, spill{key: key, value: v, text: text})
			break
		}
	}
}
