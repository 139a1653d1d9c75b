package bot

import (
	"regexp"
	"strings"
)

// unitLabel matches an amount field whose name carries its unit in brackets,
// as the exported ledger's header does (整改资金（万元）：3), with the number
// after it: the names are those of 资金 and 罚款 in fieldTable.
var unitLabel = func() *regexp.Regexp {
	var names []string
	for _, f := range fieldTable {
		if f.key == "资金" || f.key == "罚款" {
			names = append(names, regexp.QuoteMeta(f.key))
			for _, n := range f.names {
				names = append(names, regexp.QuoteMeta(n))
			}
		}
	}
	return regexp.MustCompile(`(` + strings.Join(names, "|") + `) ?[（(] ?(万元|元) ?[)）] ?: ?([0-9][0-9.,]*|[` + numeralRunes + `]+)`)
}()

// numeralRunes are the Chinese numerals an amount is written with below
// 万 (三, 十五, 一千五百, 伍仟): under a column in 万元 they are in 万元 as
// digits are (QA10 #3: 整改资金（万元）：三 was stored as 3元).
const numeralRunes = "零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟"

// unitLabels reads the unit of a label into its value: 「整改资金（万元）：3」
// becomes 「整改资金:3万元」, so a row pasted from the ledger (qa2 #1 puts
// 万元 in the header) is not read as 3 元, nor folded into the field
// before it; 「（万元）：三」 is 三万元 the same way. A value that names its
// own unit (「（万元）：3万元」, 3千, 三千 as 5千元 is read) keeps it.
// Runs after normalize's folding (： is then :).
func unitLabels(s string) string {
	if !strings.Contains(s, "元") {
		return s
	}
	m := unitLabel.FindAllStringSubmatchIndex(s, -1)
	if m == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, g := range m {
		name, unit, num := s[g[2]:g[3]], s[g[4]:g[5]], s[g[6]:g[7]]
		b.WriteString(s[last:g[0]])
		b.WriteString(name + ":" + num)
		if rest := s[g[1]:]; !startsWithUnit(rest) && !strings.HasSuffix(num, "千") && !strings.HasSuffix(num, "仟") {
			b.WriteString(unit)
		}
		last = g[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

func startsWithUnit(s string) bool {
	for _, u := range []string{"元", "万", "千", "亿", " 元", " 万"} {
		if strings.HasPrefix(s, u) {
			return true
		}
	}
	return false
}
