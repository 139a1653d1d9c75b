package safetybot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFit(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"护栏缺失", 4, "护栏缺失"},
		{"护栏缺失严重", 4, "护栏缺…"},
		{"abc", 1, "…"},
		{"abc", 0, ""},
	} {
		if got := Fit(tc.s, tc.n); got != tc.want || utf8.RuneCountInString(got) > max(tc.n, 0) {
			t.Errorf("Fit(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

// A card's text alone says what each button does and what to type.
func TestCardText(t *testing.T) {
	h := &Hazard{Number: "YH2026-0007", Description: "渡口护栏锈蚀", Grade: GradeMajor, Status: StatusVerifying, Assignee: "lisi", Domain: "水上交通"}
	c := HazardCard(CardVerify, h, "【待验收】", "整改完成，请现场验收")
	text := c.Text()
	for _, want := range []string{"【待验收】YH2026-0007（整改完成，请现场验收）", "渡口护栏锈蚀", "责任人：lisi",
		"验收通过：回复「销号 YH2026-0007 验收通过」", "退回：回复「驳回 YH2026-0007 验收不通过，退回整改」", "详情：发送「隐患 YH2026-0007」"} {
		if !strings.Contains(text, want) {
			t.Errorf("card text lacks %q:\n%s", want, text)
		}
	}
	if b, ok := c.Button("销号 YH2026-0007 验收通过"); !ok || b.Done != "已验收销号" {
		t.Errorf("Button: %+v %v", b, ok)
	}
	if _, ok := c.Button("销号 YH2026-0008 验收通过"); ok {
		t.Error("a key the card does not have was found")
	}
	// a confirmed major hazard's card asks only for 督办
	h.Confirmed, h.Status = true, StatusRectifying
	if m := HazardCard(CardMajor, h, "【重大隐患】", ""); len(m.Buttons) != 1 || m.Buttons[0].Text != "督办" || !m.Detail {
		t.Errorf("major card of a confirmed hazard: %+v", m.Buttons)
	}
}
