package sender_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"safetybot"
	"safetybot/outbox"
	. "safetybot/wecom/sender"
	"safetybot/wecom/wecomtest"
)

// A card whose every field is too long goes out cut to WeCom's limits with
// an ellipsis (the fake refuses any card over them, errcode 40058), and the
// 详情 link button is kept within six buttons.
func TestCardFitsWeComLimits(t *testing.T) {
	s, f, _ := newSender(t, wecomtest.FakeAPIOptions{}, func(c *Config) { c.PublicURL = "https://safety.example.cn/" })
	long := strings.Repeat("护栏缺失", 100)
	h := &safetybot.Hazard{Number: "YH2026-0042", Description: long, Unit: strings.Repeat("沁水县通达危险货物运输有限公司", 3),
		Domain: "道路运输", Grade: safetybot.GradeMajor, Status: safetybot.StatusPending, Deadline: "2026-12-31", Assignee: "lisi"}
	c := safetybot.HazardCard(safetybot.CardMajor, h, "【重大隐患】很长很长的标题很长很长的标题很长很长的标题", strings.Repeat("说明", 40))
	for i := range 8 {
		c.Rows = append(c.Rows, safetybot.CardRow{Label: "很长的行标题" + string(rune('A'+i)), Value: long})
		c.Buttons = append(c.Buttons, safetybot.CardButton{Text: "一个过长的按钮文字" + string(rune('A'+i)), Key: "督办 YH2026-0042 " + string(rune('A'+i)), Done: "已督办"})
	}
	c.TaskID = "YH2026-0042_major_0123456789abcdef"
	err := s.Send(context.Background(), safetybot.OutboxMessage{TargetKind: safetybot.TargetUser, Target: "leader1|leader2",
		Format: safetybot.FormatCard, Card: c, Body: c.Text()})
	if err != nil {
		t.Fatal(err)
	}
	cards := f.Cards()
	if len(cards) != 1 || cards[0].To != "leader1|leader2" {
		t.Fatalf("cards: %+v", cards)
	}
	got, err := wecomtest.ParseCard(cards[0])
	if err != nil {
		t.Fatal(err)
	}
	runes := utf8.RuneCountInString
	if runes(got.MainTitle.Title) != safetybot.CardTitleRunes || !strings.HasSuffix(got.MainTitle.Title, "…") ||
		runes(got.MainTitle.Desc) != safetybot.CardDescRunes || runes(got.SubTitleText) != safetybot.CardSubTitleRunes {
		t.Errorf("title %q desc %q sub %q", got.MainTitle.Title, got.MainTitle.Desc, got.SubTitleText)
	}
	if len(got.Rows) != safetybot.CardRowsMax || runes(got.Rows[1].Value) != safetybot.CardValueRunes || !strings.HasSuffix(got.Rows[1].Value, "…") {
		t.Errorf("rows %+v", got.Rows)
	}
	last := got.Buttons[len(got.Buttons)-1]
	if len(got.Buttons) != safetybot.CardButtonsMax || last.Text != "详情" || last.URL != "https://safety.example.cn/hazards/YH2026-0042" ||
		runes(got.Buttons[3].Text) != safetybot.CardButtonRunes {
		t.Errorf("buttons %+v", got.Buttons)
	}
	// the full text is still there for the plugin and the console
	if !strings.Contains(c.Text(), long) || !strings.Contains(c.Text(), "回复「督办 YH2026-0042」") {
		t.Errorf("card text lost something")
	}
	// a task_id is used once: a second send of the same card is refused
	err = s.Send(context.Background(), safetybot.OutboxMessage{TargetKind: safetybot.TargetUser, Target: "leader1", Format: safetybot.FormatCard, Card: c})
	if code := wecomtest.ErrTaskIDInvalid; err == nil || !strings.Contains(err.Error(), "40099") {
		t.Errorf("second send of task %s: %v (want errcode %d)", c.TaskID, err, code)
	}
}

// update_template_card uses the click's code once; without the app a card
// cannot go at all.
func TestCardUpdate(t *testing.T) {
	s, f, _ := newSender(t, wecomtest.FakeAPIOptions{}, nil)
	c := safetybot.HazardCard(safetybot.CardOverdue, &safetybot.Hazard{Number: "YH2026-0001", Description: "x"}, "【重大隐患逾期】", "")
	c.TaskID = "t_1"
	ctx := context.Background()
	if err := s.Send(ctx, safetybot.OutboxMessage{TargetKind: "user", Target: "a|b", Format: safetybot.FormatCard, Card: c}); err != nil {
		t.Fatal(err)
	}
	code := f.NewClickCode("t_1")
	up := safetybot.OutboxMessage{TargetKind: "user", Target: "a|b", Format: safetybot.FormatCardUpdate,
		Update: &safetybot.CardUpdate{TaskID: "t_1", ResponseCode: code, ReplaceName: "已催办 · wang 11-30 09:12"}}
	if err := s.Send(ctx, up); err != nil {
		t.Fatal(err)
	}
	if ups := f.CardUpdates(); len(ups) != 1 || ups[0].ReplaceName != "已催办 · wang 11-30 09:12" || len(ups[0].Users) != 2 {
		t.Fatalf("updates %+v", ups)
	}
	if err := s.Send(ctx, up); err == nil || outbox.IsPermanent(err) {
		t.Fatalf("a used response_code: %v (want a retryable error)", err)
	}
	bare, err := New(Config{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if err := bare.Send(ctx, safetybot.OutboxMessage{TargetKind: "user", Target: "a", Format: safetybot.FormatCard, Card: c}); !outbox.IsPermanent(err) {
		t.Fatalf("card without the app: %v", err)
	}
}
