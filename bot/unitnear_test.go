package bot

import (
	"context"
	"strings"
	"testing"

	"safetybot/export"
)

// TestQA17NearNames is the tester's repro through chat (QA17 #1, #2, #9):
// another trade word, traditional characters, a name without 有限 or the
// county are asked 是否指, and a principal's 否 keeps what he typed, his 是
// the registered name; 企业 and the annual summary then count the two
// registered enterprises, not four (表6: 1 of 2 inspected, 50.0%).
func TestQA17NearNames(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const tongda = "沁水县通达危险货物运输有限公司"
	f.say("admin", "企业 "+tongda+" zhaolb")
	f.say("admin", "企业 沁水县顺达客运有限公司 boss2")
	ask := "是否指「" + tongda + "」？"
	type step struct {
		user, text string
		want       []string
		unit       string // the hazard's unit after the step; "-" not checked
		number     string
	}
	steps := []step{
		{"wangke", "上报 罐体渗漏，单位:沁水县通达危险化学品运输有限公司", []string{ask, "单位：未填"}, "", "YH2026-0001"},
		{"wangke", "上报 罐体渗漏，单位：沁水县通達危險貨物運輸有限公司", []string{ask}, "", "YH2026-0002"},
		{"wangke", "是 YH2026-0002", []string{tongda}, tongda, "YH2026-0002"},
		{"zhaolb", "上报 厂区消防栓被圈占，单位：通达危险品运输公司", []string{ask, "单位：未填"}, "", "YH2026-0003"},
		{"zhaolb", "上报 厂区消防栓被圈占，单位：通达危险品运输公司", []string{ask}, "", "YH2026-0004"},
		{"zhaolb", "是 YH2026-0004", []string{tongda}, tongda, "YH2026-0004"},
		{"admin", "上报 罐车标志不清 单位:沁水县通达危险货物运输公司", []string{ask}, "", "YH2026-0005"},
		{"admin", "是", []string{tongda}, tongda, "YH2026-0005"},
		{"admin", "上报 罐车标志不清 单位:沁水通达危险货物运输有限公司", []string{ask}, "", "YH2026-0006"},
		{"admin", "是", []string{tongda}, tongda, "YH2026-0006"},
		{"zhaolb", "检查 " + tongda + " 总经理带队检查停车场", []string{"已记录 " + tongda}, "-", ""},
	}
	check := func(steps []step) {
		for _, s := range steps {
			reply := f.say(s.user, s.text)
			for _, w := range s.want {
				if !strings.Contains(reply, w) {
					t.Errorf("%s: %s\nreply lacks %q:\n%s", s.user, s.text, w, reply)
				}
			}
			if strings.Contains(reply, "您登记的企业") || strings.Contains(reply, "未按这次回答更改") {
				t.Errorf("%s: %s\nreply fills in or keeps the principal's own enterprise:\n%s", s.user, s.text, reply)
			}
			if s.unit != "-" {
				if h := f.hazard(s.number); h.Unit != s.unit {
					t.Errorf("%s: %s\n%s unit %q, want %q", s.user, s.text, s.number, h.Unit, s.unit)
				}
			}
		}
	}
	check(steps)
	// The questions still open (YH2026-0001, YH2026-0003) leave their
	// units empty: the registry's two enterprises are what is counted.
	if reply := f.say("admin", "企业"); !strings.Contains(reply, "已登记 1 家，未登记 1 家（共 2 家）") {
		t.Errorf("企业:\n%s", reply)
	}
	a, err := export.LoadAnnual(ctx, f.store, 2026, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	text := a.Document().Text()
	for _, want := range []string{"系统已知企业2家", "覆盖50.0%"} {
		if !strings.Contains(text, want) {
			t.Errorf("annual summary lacks %q:\n%s", want, text)
		}
	}
	// 否 keeps what was typed, the principal's too: a unit of its own,
	// confirmed by whoever typed it.
	check([]step{
		{"wangke", "否", []string{"「沁水县通达危险化学品运输有限公司」"}, "沁水县通达危险化学品运输有限公司", "YH2026-0001"},
		{"zhaolb", "否 YH2026-0003", []string{"「通达危险品运输公司」"}, "通达危险品运输公司", "YH2026-0003"},
	})
}
