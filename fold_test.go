package safetybot

import "testing"

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"２０２６－１２－３１":             "2026-12-31",
		"１００％":                   "100%",
		"县\u200b公路段":             "县公路段",
		"\ufeff通达\u2060危货\u00ad": "通达危货",
		"龙港隧道\u3000\t２号洞口":       "龙港隧道 2号洞口",
		"护栏缺失，存在风险（临时）":          "护栏缺失，存在风险（临时）",
		"整改资金：８，０００元":            "整改资金:8,000元",
		"第一行\r\n第二行\x1d":         "第一行\n第二行",
		"ＹＨ２０２６－０００６":            "YH2026-0006",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
