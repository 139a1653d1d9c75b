package bot

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"safetybot"
)

// readerSets are the field sets of the commands that take fields, by verb.
var readerSets = map[string]*fieldSet{
	"上报": hazardFields, "整改": fields("完成", "措施", "资金", "管控", "停产"), "确认": fields("等级", "依据", "督办"),
	"进展": fields("完成度"), "指派": fields("期限"), "查实": verifyFields, "提醒": fields("对象", "名称"), "奖励": fields("罚款"),
	"议题": fields("日期"),
}

// maxWorkPerByte bounds the reader's steps by the length of its input: the
// longest work is a colon after every letter (a label looked up against
// every name of the set), a closed-form value tried with up to maxFitWords
// words, and a value measured up to three times. A quadratic reader fails it.
const maxWorkPerByte = 256

// checkReading checks the invariants of one reading of rest with fs.
func checkReading(t *testing.T, rest string, fs *fieldSet, now time.Time) args {
	t.Helper()
	a := readArgs(rest, fs, now)
	valid := utf8.ValidString(rest)
	for k, v := range a.Fields {
		if !fs.has(k) {
			t.Fatalf("field %q is not a canonical key of the set", k)
		}
		if valid && !utf8.ValidString(v) {
			t.Fatalf("field %s = %q: invalid UTF-8 from valid input", k, v)
		}
		if v != trimValue(v) {
			t.Fatalf("field %s = %q keeps spaces or separators around it", k, v)
		}
	}
	if valid && !utf8.ValidString(a.Text) {
		t.Fatalf("text %q: invalid UTF-8 from valid input", a.Text)
	}
	for _, u := range a.Unknown {
		if u == "" || utf8.RuneCountInString(u) > maxLabelRunes || (valid && !utf8.ValidString(u)) {
			t.Fatalf("unknown name %q", u)
		}
	}
	for i, w := range a.Words {
		wordSep := func(r rune) bool { return r == ' ' || (isSeparator(r) && r != '?' && r != '!') }
		sep := strings.IndexFunc(w, wordSep)
		for sep >= 0 && digitComma(w, sep, ',') && w[sep] == ',' { // 1,15 and 8,000 are one word
			next := strings.IndexFunc(w[sep+1:], wordSep)
			if next < 0 {
				sep = -1
				break
			}
			sep += 1 + next
		}
		if w == "" || sep >= 0 {
			t.Fatalf("word %d %q is empty or holds a separator", i, w)
		}
		_ = a.rest(i)
	}
	if limit := maxWorkPerByte * (len(rest) + 1); a.work > limit {
		t.Fatalf("reader took %d steps for %d bytes (limit %d)", a.work, len(rest), limit)
	}
	return a
}

// checkDate checks that parseDate never accepts an impossible day nor one
// far from today.
func checkDate(t *testing.T, s string, now time.Time) {
	t.Helper()
	d, err := parseDate(s, now)
	if err != nil {
		if safetybot.ErrorCode(err) != safetybot.EINVALID {
			t.Fatalf("parseDate(%q): %v is not EINVALID", s, err)
		}
		return
	}
	tm, err := d.Time()
	if err != nil {
		t.Fatalf("parseDate(%q) accepted impossible %q", s, d)
	}
	if tm.Year() < 2000 || tm.Year() > 2101 {
		t.Fatalf("parseDate(%q) = %s, outside 2000–2101", s, d)
	}
}

// FuzzReadArgs drives normalize, splitVerb, readArgs (with every command's
// field set) and parseDate with arbitrary text: no panics, valid UTF-8 out
// of valid UTF-8 in, fields only under canonical declared keys, values
// trimmed, and work linear in the length.
func FuzzReadArgs(f *testing.F) {
	for _, e := range loadCorpus(f) {
		f.Add(e.msg)
	}
	for _, s := range []string{"", ":", "：：：", "a:b:c d：e", "期限:12月31日之前完成", "（单位：（（（", "）））领域:公路",
		"8,000,", "资金:1,2,3,4", "http://x:y", "10:30", "@安全助手\u2005上报 x@安全助手", "上报 x\u00ad\u200b\ufeff",
		strings.Repeat("领域:", 50), strings.Repeat("期限:1 ", 50), strings.Repeat("（", 50) + "单位:x"} {
		f.Add(s)
	}
	verbs := []string{"上报", "整改", "确认", "进展", "指派", "查实", "提醒", "奖励", "隐患", "report", "fix"}
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	f.Fuzz(func(t *testing.T, s string) {
		n := normalize(s, []string{DefaultBotName, "Safety Bot"})
		if utf8.ValidString(s) && !utf8.ValidString(n) {
			t.Fatalf("normalize(%q) = %q: invalid UTF-8", s, n)
		}
		verb, rest := splitVerb(n, verbs)
		if utf8.ValidString(n) && (!utf8.ValidString(verb) || !utf8.ValidString(rest)) {
			t.Fatalf("splitVerb(%q) = %q, %q: invalid UTF-8", n, verb, rest)
		}
		if fs := readerSets[verb]; fs != nil {
			a := checkReading(t, rest, fs, now)
			if v, ok := a.Fields["期限"]; ok {
				checkDate(t, v, now)
			}
		} else {
			checkReading(t, rest, hazardFields, now)
		}
		checkReading(t, n, readerSets["提醒"], now) // a list field: commas do not end it
		checkDate(t, s, now)
		checkDate(t, n, now)
	})
}

// TestReaderWorkIsLinear feeds the reader the shapes that could make it
// quadratic: keys after keys, colons after every letter, long closed-form
// values, unclosed brackets, separators, words without end.
func TestReaderWorkIsLinear(t *testing.T) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	for name, c := range map[string]struct{ prefix, unit string }{
		"keys":       {"", "领域:"},
		"glued":      {"", "县公路段领域:公路运营"},
		"colons":     {"", "字:"},
		"date":       {"期限:", "1 "},
		"amount":     {"资金:", "万 "},
		"words":      {"", "桥 "},
		"brackets":   {"", "（单位:"},
		"closers":    {"", "）"},
		"seps":       {"", "，、；"},
		"commas":     {"资金:", "8,0"},
		"unknown":    {"", "时间:x "},
		"prose":      {"措施:", "更换，"},
		"list":       {"对象:", "群:安全群,"},
		"fullwidth":  {"", "期限：１２月３１日之前完成整改到位，"},
		"datenames":  {"", "会议日期"},
		"datelabels": {"", "检查日期 11月5日 "},
		"barekeys":   {"", "期限"},
		"barevalues": {"", "，期限下周三前等级重大"},
	} {
		for _, fs := range readerSets {
			small := readArgs(c.prefix+strings.Repeat(c.unit, 10), fs, now).work
			big := checkReading(t, c.prefix+strings.Repeat(c.unit, 400), fs, now).work
			if big > 60*small { // 40 times the text: at most 60 times the work
				t.Errorf("%s: %d steps for 10 repeats, %d for 400: not linear", name, small, big)
			}
		}
	}
}

// TestReadArgsCases pins the reader's harder cases directly (the corpus
// goes through the whole engine).
func TestReadArgsCases(t *testing.T) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	for _, tc := range []struct {
		in      string
		fields  map[string]string
		text    string
		unknown string
	}{
		{"边坡落石，领域:公路运营，等级:重大", map[string]string{"领域": "公路运营", "等级": "重大"}, "边坡落石", ""},
		{"单位:县公路段领域:公路运营", map[string]string{"单位": "县公路段", "领域": "公路运营"}, "", ""},
		{"护栏缺失领域:公路运营", map[string]string{"领域": "公路运营"}, "护栏缺失", ""},
		{"护栏缺失单位:县公路段", map[string]string{}, "护栏缺失单位:县公路段", "护栏缺失单位"},
		{"现场情况:已设锥桶", map[string]string{}, "现场情况:已设锥桶", "现场情况"},
		{"损坏（单位:县公路段）", map[string]string{"单位": "县公路段"}, "损坏", ""},
		{"单位:某建设（集团）有限公司 领域:工程建设", map[string]string{"单位": "某建设（集团）有限公司", "领域": "工程建设"}, "", ""},
		{"资金:8,000元，措施:换", map[string]string{"资金": "8,000元", "措施": "换"}, "", ""},
		{"措施:更换，增设，资金:1万", map[string]string{"措施": "更换，增设", "资金": "1万"}, "", ""},
		{"会议 10:30 详见http://a.b/c", map[string]string{}, "会议 10:30 详见http://a.b/c", ""},
		{"subgrade:x grade:major", map[string]string{"等级": "major"}, "subgrade:x", "subgrade"},
		{"单位:领域:公路运营", map[string]string{"单位": "", "领域": "公路运营"}, "", ""},
		{"期限:12月5日 李站长负责", map[string]string{"期限": "12月5日"}, "李站长负责", ""},
		// qa6b #1: the ledger's headers, a name of several or with a remark.
		{"测试，位置/路段/船名:K9+200，领域:公路运营", map[string]string{"地点": "K9+200", "领域": "公路运营"}, "测试", ""},
		{"测试 整改资金（万元）:若干", map[string]string{"资金": "若干"}, "测试", ""},
		{"测试 挂牌督办（级别、督办单位、文号）:市级", map[string]string{}, "测试 挂牌督办（级别、督办单位、文号）:市级", "挂牌督办"},
		{"测试 联系人/电话:张三", map[string]string{}, "测试 联系人/电话:张三", "联系人/电话"},
		{"测试K9/位置:x", map[string]string{}, "测试K9/位置:x", ""}, // glued to text: not a header
		{"期限:12月5日（周六）:x", map[string]string{"期限": "12月5日"}, "（周六）:x", ""},
	} {
		a := readArgs(tc.in, hazardFields, now)
		if len(a.Fields) != len(tc.fields) {
			t.Errorf("readArgs(%q) fields %v, want %v", tc.in, a.Fields, tc.fields)
		}
		for k, v := range tc.fields {
			if a.Fields[k] != v {
				t.Errorf("readArgs(%q) %s = %q, want %q", tc.in, k, a.Fields[k], v)
			}
		}
		if a.Text != tc.text {
			t.Errorf("readArgs(%q) text %q, want %q", tc.in, a.Text, tc.text)
		}
		if got := strings.Join(a.Unknown, ","); got != tc.unknown {
			t.Errorf("readArgs(%q) unknown %q, want %q", tc.in, got, tc.unknown)
		}
	}
}
