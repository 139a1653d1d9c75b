package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"safetybot"
)

// TestSplitTipNumber: every tip command reads the number one way, with the
// separators handlers put after it (qa13 #3).
func TestSplitTipNumber(t *testing.T) {
	for _, tc := range []struct{ in, number, text string }{
		{"3937121，您好，已收到", "3937121", "您好，已收到"},
		{"3937121 您好", "3937121", "您好"},
		{"#3937121，经查该停车场已取缔", "#3937121", "经查该停车场已取缔"},
		{"＃３９３７１２１：您好", "＃３９３７１２１", "您好"},
		{"3937121、您好", "3937121", "您好"},
		{"3937121:您好", "3937121", "您好"},
		{"3937121；您好", "3937121", "您好"},
		{"3937121。", "3937121", ""},
		{"3937121", "3937121", ""},
		{"3937121号，您好", "3937121号", "您好"},
		{"", "", ""},
	} {
		number, text := splitTipNumber(tc.in)
		if number != tc.number || text != tc.text {
			t.Errorf("splitTipNumber(%q) = %q, %q; want %q, %q", tc.in, number, text, tc.number, tc.text)
		}
	}
}

// TestTipCommandsReadTheNumberAlike: 回复 and 不予受理 read a number
// followed by a comma, 顿号 or colon, with # and full-width digits, as 查实
// always did; 查实 and 奖励 read what follows a colon (qa13 #3).
func TestTipCommandsReadTheNumberAlike(t *testing.T) {
	f := newTipFixture(t)
	ctx := context.Background()
	f.say("admin", "授权 h1 受理人")
	for i := range 6 {
		f.report(fmt.Sprintf("w%d", i), fmt.Sprintf("第%d处停车场夜里有危化品车辆违规停放", i))
	}
	tips, err := f.store.Tips(ctx, safetybot.TipFilter{}, "test")
	if err != nil || len(tips) != 6 {
		t.Fatal(tips, err)
	}
	wide := func(id int64) string {
		return strings.Map(func(r rune) rune { return r - '0' + '０' }, fmt.Sprint(id))
	}
	for i, tc := range []struct {
		say  func(id int64) string
		want string
	}{
		{func(id int64) string { return fmt.Sprintf("回复 %d，您好，已收到", id) }, "已回复举报"},
		{func(id int64) string { return fmt.Sprintf("回复 #%d：您好", id) }, "已回复举报"},
		{func(id int64) string { return fmt.Sprintf("不予受理 %d，经查该停车场已取缔", id) }, "已不予受理"},
		{func(id int64) string {
			return fmt.Sprintf("不予受理 ＃%s、经查该停车场已取缔", wide(id))
		}, "已不予受理"},
		{func(id int64) string {
			return fmt.Sprintf("查实 %d：司机酒驾 单位：顺达客运 领域：道路运输", id)
		}, "已查实"},
		{func(id int64) string { return fmt.Sprintf("回复 %s 您好", wide(id)) }, "已回复举报"},
	} {
		id := tips[i].ID
		if got := f.say("h1", tc.say(id)); !strings.Contains(got, tc.want) {
			t.Errorf("%s:\n%s", tc.say(id), got)
		}
	}
	// what followed the number is what was stored
	verified, err := f.store.Tips(ctx, safetybot.TipFilter{Status: safetybot.TipVerified}, "test")
	if err != nil || len(verified) != 1 {
		t.Fatal(verified, err)
	}
	h, _, err := f.store.Hazard(ctx, verified[0].HazardNumber)
	if err != nil || h.Description != "司机酒驾" || h.Unit == "" {
		t.Errorf("查实 with a colon registered %+v, %v", h, err)
	}
	if got := f.say("h1", fmt.Sprintf("奖励 %d：3000 待审核", verified[0].ID)); !strings.Contains(got, "待审核 3,000 元") {
		t.Errorf("奖励 with a colon:\n%s", got)
	}
	declined, err := f.store.Tips(ctx, safetybot.TipFilter{Status: safetybot.TipDeclined}, "test")
	if err != nil || len(declined) != 2 {
		t.Fatal(declined, err)
	}
	for _, d := range declined {
		if d.DeclineReason != "经查该停车场已取缔" {
			t.Errorf("declined with reason %q", d.DeclineReason)
		}
	}
}
