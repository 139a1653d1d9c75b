package bot

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"safetybot"
)

func TestSplitVerb(t *testing.T) {
	verbs := []string{"失败投递", "上报", "隐患", "report", "help"}
	for _, tc := range []struct{ in, verb, rest string }{
		{"上报 桥梁破损", "上报", "桥梁破损"},
		{"@安全助手 上报 桥梁破损", "上报", "桥梁破损"},
		{"@安全助手　上报　桥梁破损", "上报", "桥梁破损"}, // full-width spaces
		{"＠安全助手 @张三 隐患", "隐患", ""},
		{"隐患YH2026-0001", "隐患", "YH2026-0001"},
		{"REPORT x", "report", "x"},
		{"Help", "help", ""},
		{"reports x", "reports", "x"}, // English needs a word boundary
		{"失败投递", "失败投递", ""},
		{"@bot", "", ""},
		{"  ", "", ""},
		{"吃饭", "吃饭", ""},
		{"上报:桥面坑槽", "上报", "桥面坑槽"},
		{"上报：桥面坑槽", "上报", "桥面坑槽"},
		{"隐患 : YH2026-0001", "隐患", "YH2026-0001"},
		{"report: x", "report", "x"},
		{"【上报】桥面坑槽", "上报", "桥面坑槽"},
		{"[report] x", "report", "x"},
		{"【通知】上报 x", "【通知】上报", "x"},
		{"【", "【", ""},
	} {
		verb, rest := splitVerb(tc.in, verbs)
		if verb != tc.verb || rest != tc.rest {
			t.Errorf("splitVerb(%q) = %q, %q; want %q, %q", tc.in, verb, rest, tc.verb, tc.rest)
		}
	}
}

func TestParseDate(t *testing.T) {
	today := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	for _, tc := range []struct {
		in   string
		want safetybot.Date
		ok   bool
	}{
		{"2026-12-31", "2026-12-31", true},
		{"2026/12/31", "2026-12-31", true},
		{"2026年12月31日", "2026-12-31", true},
		{"12月31日", "2026-12-31", true},
		{"12月31号", "2026-12-31", true},
		{"12-31", "2026-12-31", true},
		{"11-28", "2026-11-28", true}, // today still counts as this year
		{"1-15", "2027-01-15", true},  // already past: next year
		{"2-29", "", false},           // 2027 has none
		{"2028-02-29", "2028-02-29", true},
		{"2026-02-30", "", false},
		{"2026-13-01", "", false},
		{"明天", "2026-11-29", true},
		{"11-25", "2026-11-25", true}, // a few days ago: this year, so the hazard shows overdue
		{"２０２６－１２－３１", "", false},     // folded by normalize before the reader, not here
		{"2026.12.31", "2026-12-31", true},
		{"12.5", "2026-12-05", true},
		{"12月15日前", "2026-12-15", true},
		{"今天", "2026-11-28", true},
		{"今天下班前", "2026-11-28", true}, // qa5 #8: the day itself
		{"明天下班之前", "2026-11-29", true},
		{"明年1月10日", "2027-01-10", true},
		{"明年11月1日", "2027-11-01", true}, // next year, though 2026-11-01 is nearer
		{"明年3月底", "2027-03-31", true},
		{"明年底", "2027-12-31", true},
		{"今年12月20日前", "2026-12-20", true},
		{"明年2月30日", "", false},
		{"下班前", "", false}, // which day is not said
		{"即日", "2026-11-28", true},
		{"立即", "2026-11-28", true},
		{"后天", "2026-11-30", true},
		{"本周五", "2026-11-27", true}, // 2026-11-28 is a Saturday: this week's Friday is past
		{"周五", "2026-12-04", true},  // a bare weekday is the coming one
		{"周五前", "2026-12-04", true},
		{"下周一", "2026-11-30", true},
		{"下星期三", "2026-12-02", true},
		{"本周内", "2026-11-29", true},
		{"本月底", "2026-11-30", true},
		{"月底前", "2026-11-30", true},
		{"下月底", "2026-12-31", true},
		{"12月底", "2026-12-31", true},
		{"十二月底", "2026-12-31", true}, // QA10 #9
		{"十二月底前", "2026-12-31", true},
		{"2026年十二月底", "2026-12-31", true},
		{"二月底", "2027-02-28", true},
		{"十三月底", "", false},
		{"零月底", "", false},
		{"2月底", "2027-02-28", true},
		{"年底", "2026-12-31", true},
		{"年底前", "2026-12-31", true},
		{"年内", "2026-12-31", true},
		{"15天内", "2026-12-13", true},
		{"三日内", "2026-12-01", true},
		{"十五天内", "2026-12-13", true},
		{"两周内", "2026-12-12", true},
		{"一周内", "2026-12-05", true},
		{"一个月内", "2026-12-28", true},
		{"半个月内", "2026-12-13", true},
		{"3个工作日内", "", false}, // working days need the holiday calendar: said, not guessed
		{"12月31日之前完成", "2026-12-31", true},
		{"2026年12月31日前完成整改", "2026-12-31", true},
		{"年底前整改到位", "2026-12-31", true},
		{"立即整改", "2026-11-28", true},
		{"即日整改到位", "2026-11-28", true},
		{"于12月20日前", "2026-12-20", true},
		{"截至12月20日", "2026-12-20", true},
		{"12月20日截止", "2026-12-20", true},
		{"限期一个月", "2026-12-28", true},
		{"7天", "2026-12-05", true},
		{"两周", "2026-12-12", true},
		{"12日", "", false}, // the 12th of which month? not a span
		{"3月", "", false},  // March, not three months
		{"5个工作日", "", false},
		{"下月15日", "2026-12-15", true},
		{"下个月5号", "2026-12-05", true},
		{"本月30日", "2026-11-30", true},
		{"本月31日", "", false}, // November has 30 days
		{"2026年12月底", "2026-12-31", true},
		{"2027年2月底", "2027-02-28", true},
		{"1999年2月底", "", false},
		{"完成", "", false},
		{"26年12月20日", "2026-12-20", true},
		{"十二月二十日", "2026-12-20", true},
		{"12月三十一日前", "2026-12-31", true},
		{"十三月一日", "", false},
		{"26-12-20", "", false}, // a two-digit year only with 年
		{"一-二", "", false},
		{"整改完成", "", false},
		{"明年春天", "", false},
		{"前", "", false},
		{"零天内", "", false},
		// one reader of numbers in words (safetybot.ParseNumeral)
		{"二十五天内", "2026-12-23", true},
		{"一百零五天内", "2027-03-13", true},
		{"下月三十一日", "2026-12-31", true},
		{"十二月二十五日", "2026-12-25", true},
		{"一百五天内", "", false}, // spoken 150, literally 105: was 105 days
		{"十十天内", "", false},  // was 20 days
		{"下月十十日", "", false}, // was 2026-12-20
		{"+3天内", "", false},
		{"", "", false},
		{"12", "", false},
		{"1999-01-01", "", false},
		{"-1-2", "", false},
	} {
		got, err := parseDate(tc.in, today)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseDate(%q) = %q, %v; want %q ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && safetybot.ErrorCode(err) != safetybot.EINVALID {
			t.Errorf("parseDate(%q) error %v is not EINVALID", tc.in, err)
		}
	}
}

// TestParseDateIncomplete: a date without its day is named incomplete, not
// nonexistent (qa6b #11), and a date that does not exist still says so.
func TestParseDateIncomplete(t *testing.T) {
	today := time.Date(2026, 12, 7, 10, 0, 0, 0, safetybot.Shanghai)
	for _, tc := range []struct{ in, want string }{
		{"2026年12月", "日期「2026年12月」不完整：没有写哪一天"},
		{"2026 年 12 月", "不完整：没有写哪一天"},
		{"2027年1月前", "日期「2027年1月前」不完整"},
		{"2026-12", "日期「2026-12」不完整"},
		{"2026.12", "不完整"},
		{"12月", "日期「12月」不完整"},
		{"十二月", "不完整"},
		{"2026年2月30日", "日期「2026年2月30日」不存在"},
		{"13月5日", "不存在"},
		{"12", "无法识别"},
	} {
		_, err := parseDate(tc.in, today)
		if err == nil || !strings.Contains(safetybot.ErrorMessage(err), tc.want) {
			t.Errorf("parseDate(%q) error %v; want it to say %q", tc.in, err, tc.want)
		}
	}
}

func TestParseHazardNumber(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"YH2026-0001", "YH2026-0001", true},
		{"yh2026-0001", "YH2026-0001", true},
		{"YH2026-1", "YH2026-0001", true},
		{"YH2026-12345", "YH2026-12345", true},
		{"YH2026-003", "YH2026-0003", true},          // qa6b #10: three digits, as 隐患 reads yh2026-3
		{"yh2026-03", "YH2026-0003", true},           // two
		{"YH2026-00015", "YH2026-0015", true},        // one zero too many
		{"YH2026-000000000001", "YH2026-0001", true}, // zeros only pad
		{"YH2026-", "", false},
		{"YH2026-00", "", false},
		{"YH2026-1234567890", "", false}, // past any ledger
		{"YH2026-0001-2", "", false},
		{"YH2026 -0001", "", false},
		{"YH１２３４-1", "", false},
		{"YH2026-0000", "", false},
		{"YH2026-01x", "", false},
		{"YH26-1", "", false},
		{"2026-0001", "YH2026-0001", true},    // QA16 #8: as the ledger writes it, without YH
		{"YH 2026-0002", "YH2026-0002", true}, // YH written apart
		{"yh 2026-2", "YH2026-0002", true},
		{"2026-12", "", false}, // a month: without YH only four digits
		{"2026-00012", "", false},
		{"0002", "", false},
		{"YH2026-+1", "", false},
	} {
		got, ok := parseHazardNumber(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseHazardNumber(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestLeadNumber: the words a command's hazard number is read from, with
// YH written apart (QA16 #8), and the full number a short one stands for.
func TestLeadNumber(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		used     int
		full     string
	}{
		{"YH2026-0002 已联系厂家", "YH2026-0002", 1, ""},
		{"YH 2026-0002 已联系厂家", "YH2026-0002", 2, ""},
		{"yh 2026-2", "YH2026-0002", 2, ""},
		{"2026-0002", "YH2026-0002", 1, ""},
		{"0002 已联系厂家", "", 0, "YH2026-0002"},
		{"2 已联系厂家", "", 0, "YH2026-0002"},
		{"YH 0002", "", 0, "YH2026-0002"},
		{"yh0002", "", 0, "YH2026-0002"},
		{"2025-2", "", 0, "YH2025-0002"},
		{"YH 已联系厂家", "", 0, ""},
		{"2026 已联系厂家", "", 0, ""}, // a year
		{"0 已联系厂家", "", 0, ""},
		{"收费站 护栏", "", 0, ""},
		{"", "", 0, ""},
	} {
		words := strings.Fields(tc.in)
		got, used := leadNumber(words)
		full, _ := fullNumber(words, 2026)
		if got != tc.want || used != tc.used || used == 0 && full != tc.full {
			t.Errorf("leadNumber(%q) = %q, %d, full %q; want %q, %d, full %q", tc.in, got, used, full, tc.want, tc.used, tc.full)
		}
	}
}

// TestFindHazardNumber: the one scan of running text for a hazard number,
// shared by 查询's hint and a pasted ledger row's 编号 (fix9 #3).
func TestFindHazardNumber(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"YH2026-0013", "YH2026-0013"},
		{"查询隐患 yh 2026—13 的进展", "YH2026-0013"}, // speech input: spaces, an em dash
		{"YH2026 – 0007\t渡船消防器材过期", "YH2026-0007"},
		{"编号YH2026-0012，YH2026-0013", "YH2026-0012"}, // the first one
		{"YH2026-0000", ""},
		{"2026-0013", ""},
		{"无编号", ""},
	} {
		got, ok := findHazardNumber(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("findHazardNumber(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

// FuzzParse checks the grammar on arbitrary input: no panics, fields only
// for declared keys, no word lost or invented, dates always valid.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		majorReport, "@安全助手 上报 x 期限：12月31日", "隐患YH2026-0001", "进展 20 x 完成度:60%",
		"期限: ", "：：：", "@", "上报 期限:2-29", "\xff", "a:b:c d：e",
	} {
		f.Add(s)
	}
	keys := hazardFields
	today := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	f.Fuzz(func(t *testing.T, s string) {
		verb, rest := splitVerb(s, []string{"上报", "隐患", "report"})
		if utf8.ValidString(s) && (!utf8.ValidString(verb) || !utf8.ValidString(rest)) {
			t.Fatalf("split of valid UTF-8 %q produced invalid %q %q", s, verb, rest)
		}
		a := readArgs(rest, keys, today)
		for k := range a.Fields {
			if !keys.has(k) {
				t.Fatalf("field %q is not a canonical declared key", k)
			}
		}
		if v, ok := a.Fields["期限"]; ok {
			if d, err := parseDate(v, today); err == nil {
				if _, err := d.Time(); err != nil {
					t.Fatalf("parseDate(%q) accepted impossible %q", v, d)
				}
			}
		}
		parsePercent(s)
		parseHazardNumber(s)
	})
}

// FuzzHandle drives the whole engine with arbitrary text: it always answers
// and never panics.
func FuzzHandle(f *testing.F) {
	fx := newFixture(f)
	for _, s := range []string{majorReport, "隐患", "帮助", "指派 YH2026-0001 lisi 期限:1-1", "任务 20", "进展 1 x 完成度:5",
		"确认 YH2026-0001 等级:重大 依据:第5条 督办:县级", "整改 YH2026-0001 措施:换 资金: 停产:是 完成:是"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		replies := fx.engine.Handle(context.Background(), Message{Source: "fuzz", ChatType: ChatSingle, UserID: "admin", Text: s})
		if len(replies) == 0 || replies[0].Text == "" {
			t.Fatalf("no answer to %q", s)
		}
	})
}

// TestMentionNames: the bot is @mentioned by its configured names and by
// what it calls itself, 安全生产助手 (QA16 #9a), wherever the mention stands;
// a short configured name never takes part of a longer one.
func TestMentionNames(t *testing.T) {
	for _, tc := range []struct {
		names   []string
		in, out string
	}{
		{nil, "上报@安全生产助手 铁路护网缺口", "上报 铁路护网缺口"},
		{nil, "上报 铁路护网缺口@安全生产助手", "上报 铁路护网缺口"},
		{nil, "@安全生产助手 上报 铁路护网缺口", "上报 铁路护网缺口"},
		{nil, "上报 ＠安全生产助手 铁路护网缺口", "上报 铁路护网缺口"},
		{[]string{"Safety Bot"}, "上报@安全助手 铁路护网缺口 @Safety Bot", "上报 铁路护网缺口"},
		{[]string{"安全"}, "上报@安全助手 铁路护网缺口", "上报 铁路护网缺口"},
		{[]string{"安全"}, "上报@安全 铁路护网缺口", "上报 铁路护网缺口"},
	} {
		got := strings.Join(strings.Fields(normalize(tc.in, mentionNames(tc.names))), " ")
		if got != tc.out {
			t.Errorf("normalize(%q) with %q = %q, want %q", tc.in, tc.names, got, tc.out)
		}
	}
}

func TestNormalize(t *testing.T) {
	names := []string{"安全助手", "Safety Bot"}
	for _, tc := range []struct{ in, want string }{
		{"上报 桥面坑槽 领域:公路运营 @安全助手", "上报 桥面坑槽 领域:公路运营  "},
		{"@Safety Bot 上报 x", "  上报 x"},
		{"@safety bot 上报 x", "  上报 x"},
		{"上报 x @张三 y", "上报 x @张三 y"}, // another person's mention stays (指派 … @lisi)
		{"@张三 @安全助手 上报 y", "    上报 y"},
		{"资金：８，０００元，数量３，４处", "资金:8,000元，数量3，4处"},
		{"指派 YH2026-0001 wang@corp", "指派 YH2026-0001 wang@corp"},
		{"期限:２０２６－１２－３１", "期限:2026-12-31"},
		{"完成度：６０％", "完成度:60%"},
		{"隐患 ＹＨ２０２６－０００１", "隐患 YH2026-0001"},
		{"护栏缺失，存在风险；（急）", "护栏缺失，存在风险；（急）"},
		{"码头护栏\x1d缺失\u200b 领域\ufeff:水上", "码头护栏缺失 领域:水上"},
		{"a\r\nb\u3000c", "a\nb c"},
		{"提醒 添加 @daily 晨检", "提醒 添加 @daily 晨检"},
		// Cells pasted from a WPS table (QA item 14).
		{"上报 护栏缺失\t需尽快处理", "上报 护栏缺失 需尽快处理"},
		{"上报 边沟堵塞\t领域\t公路运营\t期限\t12月25日", "上报 边沟堵塞\n领域:公路运营\n期限:12月25日"},
		{"上报 边沟堵塞\t领域\t期限\t12月25日", "上报 边沟堵塞\n领域:\n期限:12月25日"},
		{"上报\n隐患名称/描述\t所属单位\t编号\n路面塌陷\t县公路段\tYH2026-0001", "上报\n隐患名称:路面塌陷\n所属单位:县公路段\n编号:YH2026-0001"},
		{"上报 a\t领域\n公路运营\tb", "上报 a 领域\n公路运营 b"},
	} {
		if got := normalize(tc.in, names); got != tc.want {
			t.Errorf("normalize(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestReadArgs(t *testing.T) {
	keys := fields("描述", "单位", "领域", "等级", "期限", "地点", "资金", "措施")
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	for _, tc := range []struct {
		in      string
		text    string
		fields  map[string]string
		unknown []string
	}{
		{"S331线K52+100处边坡落石，领域:公路运营，等级:重大，期限:12月5日，单位:县公路段", "S331线K52+100处边坡落石",
			map[string]string{"领域": "公路运营", "等级": "重大", "期限": "12月5日", "单位": "县公路段"}, nil},
		{"客运站安检仪故障仍在运营 级别:重大 整改期限:12月8日", "客运站安检仪故障仍在运营",
			map[string]string{"等级": "重大", "期限": "12月8日"}, nil},
		{"存在重大安全风险。单位:某危险货物运输有限公司 领域:道路运输", "存在重大安全风险",
			map[string]string{"单位": "某危险货物运输有限公司", "领域": "道路运输"}, nil},
		{"护栏缺失 地点:G207 K12+300 期限 : 两周内", "护栏缺失", map[string]string{"地点": "G207 K12+300", "期限": "两周内"}, nil},
		{"资金:3.6 万元 已到位", "已到位", map[string]string{"资金": "3.6 万元"}, nil},
		{"等级:重大 护栏缺失", "护栏缺失", map[string]string{"等级": "重大"}, nil},
		{"领域:公路运营 护栏缺失", "护栏缺失", map[string]string{"领域": "公路运营"}, nil},
		{"地点:龙港隧道 2号洞口", "", map[string]string{"地点": "龙港隧道 2号洞口"}, nil},
		{"措施:更换护栏，增设警示标志，单位:县公路段", "", map[string]string{"措施": "更换护栏，增设警示标志", "单位": "县公路段"}, nil},
		{"会议 10:30 http://a.b/c", "会议 10:30 http://a.b/c", map[string]string{}, nil},
		{"照明失效 时间:夜间 单位:养护站", "照明失效 时间:夜间", map[string]string{"单位": "养护站"}, []string{"时间"}},
		{"UNIT:x", "", map[string]string{"单位": "x"}, nil},
		{"单位:", "", map[string]string{"单位": ""}, nil},
		{"隐患描述:桥面坑槽\n所属单位:公路段", "", map[string]string{"描述": "桥面坑槽", "单位": "公路段"}, nil},
		{"期限:明年春天 护栏", "护栏", map[string]string{"期限": "明年春天"}, nil},
	} {
		a := readArgs(tc.in, keys, now)
		if a.Text != tc.text || !maps.Equal(a.Fields, tc.fields) || !slices.Equal(a.Unknown, tc.unknown) {
			t.Errorf("readArgs(%q)\n got text %q fields %v unknown %q\nwant text %q fields %v unknown %q",
				tc.in, a.Text, a.Fields, a.Unknown, tc.text, tc.fields, tc.unknown)
		}
	}
}

func TestArgsRest(t *testing.T) {
	a := readArgs("YH2026-0001 车载终端已更换，平台显示在线，完成:是", fields("完成"), time.Now())
	if a.Words[0] != "YH2026-0001" || a.rest(1) != "车载终端已更换，平台显示在线" || a.Fields["完成"] != "是" {
		t.Errorf("words %q rest %q fields %v", a.Words, a.rest(1), a.Fields)
	}
}
