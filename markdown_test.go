package safetybot

import "testing"

func TestPlainText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"**安全生产每日摘要** 2026-11-30 08:30", "安全生产每日摘要 2026-11-30 08:30"},
		{"🔴 **逾期未整改 2 条**（重大 1）\n> YH2026-0001 某港务公司：码头护栏缺失（重大，逾期3天）\n> …另 1 条",
			"🔴 逾期未整改 2 条（重大 1）\n· YH2026-0001 某港务公司：码头护栏缺失（重大，逾期3天）\n· …另 1 条"},
		{"# 标题\n## 小标题\n####### 七个井号不是标题", "标题\n小标题\n####### 七个井号不是标题"},
		{"#5号泊位", "#5号泊位"},
		{`<font color="warning">逾期</font> 详见[驾驶舱](https://safety.example.gov.cn/hazards)`, "逾期 详见驾驶舱（https://safety.example.gov.cn/hazards）"},
		{"发送 `隐患 逾期` 查看", "发送 隐患 逾期 查看"},
		{">没有空格的引用", "· 没有空格的引用"},
		{"已登记隐患 YH2026-0001。\n期限 2026-12-31 > 今天", "已登记隐患 YH2026-0001。\n期限 2026-12-31 > 今天"},
		{"", ""},
	} {
		if got := PlainText(tc.in); got != tc.want {
			t.Errorf("PlainText(%q)\n = %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestMarkdownText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"[通知](http://t.cn/a) 路灯不亮", "［通知］(http://t.cn/a) 路灯不亮"},
		{"**紧急** 护栏缺失", "＊＊紧急＊＊ 护栏缺失"},
		{`<font color="warning">速看</font>`, `＜font color="warning"＞速看＜/font＞`},
		{"`代码` 5号泊位（K9+200）", "｀代码｀ 5号泊位（K9+200）"},
		{"沁水县某运输有限公司：码头护栏缺失", "沁水县某运输有限公司：码头护栏缺失"},
	} {
		got := MarkdownText(tc.in)
		if got != tc.want {
			t.Errorf("MarkdownText(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if p := PlainText("> " + got); p != "· "+got {
			t.Errorf("PlainText of the escaped %q = %q: a mark survived", tc.in, p)
		}
	}
}
