package wecom_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"safetybot/wecom/wecomtest"
)

// A 重大 notice to the leaders that waits out the outbox's one-minute
// coalescing still goes as a button card, and as the hazard is when it
// goes: confirmed meanwhile, it asks only 督办 and says who confirmed;
// rejected meanwhile, it goes finished, with no button left to press.
func TestDelayedMajorNoticeIsACurrentCard(t *testing.T) {
	e := newCardEnv(t)
	first := e.majorCard() // the leaders' first notice this minute goes at once
	report := func(id, what string) string {
		r := must(t)(e.app.SendText("zhangsan", id, "上报 "+what+" 单位:某运输公司 领域:道路运输 等级:重大 期限:2026-12-31"))
		n := hazardNumber.FindString(r.Content)
		if n == "" {
			t.Fatalf("report: %q", r.Content)
		}
		return n
	}
	n2 := report("r2", "危货车辆驾驶员疲劳驾驶监控缺失")
	n3 := report("r3", "客运站安检仪损坏")
	if _, err := e.worker.DeliverDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	if k := len(e.api.Cards()); k != 1 {
		t.Fatalf("%d cards sent within the minute, want only the first", k)
	}
	must(t)(e.app.SendText("admin", "c2", "确认 "+n2))
	must(t)(e.app.SendText("admin", "j3", "驳回 "+n3+" 重复上报"))

	e.later(5 * time.Minute) // the coalescing slots have come
	e.deliver()
	cards := map[string]wecomtest.Card{}
	for _, d := range e.api.Cards() {
		c, err := wecomtest.ParseCard(d)
		if err != nil {
			t.Fatal(err)
		}
		if d.To != "leader1|leader2" {
			t.Errorf("card %s went to %q", c.MainTitle.Title, d.To)
		}
		cards[number(c)] = c
	}
	if len(cards) != 3 || cards[number(first)].TaskID != first.TaskID {
		t.Fatalf("cards: %+v", cards)
	}
	for _, d := range e.api.Delivered() {
		if d.MsgType != "template_card" && strings.Contains(d.Content, "【重大隐患】") {
			t.Errorf("a 重大 notice went as text: %q", d.Content)
		}
	}
	keys := func(c wecomtest.Card) (out []string) {
		for _, b := range c.Buttons {
			out = append(out, b.Text)
		}
		return out
	}
	row := func(c wecomtest.Card, label string) string {
		for _, r := range c.Rows {
			if r.KeyName == label {
				return r.Value
			}
		}
		return ""
	}
	c2 := cards[n2]
	if !slices.Equal(keys(c2), []string{"督办", "详情"}) || !strings.HasPrefix(c2.MainTitle.Desc, "已确认 · admin ") || row(c2, "状态") != "整改中" {
		t.Errorf("card of the hazard confirmed meanwhile: %q, desc %q, 状态 %q", keys(c2), c2.MainTitle.Desc, row(c2, "状态"))
	}
	c3 := cards[n3]
	if !slices.Equal(keys(c3), []string{"详情"}) || c3.MainTitle.Desc != "已处理 · 当前已驳回" || row(c3, "状态") != "已驳回" {
		t.Errorf("card of the hazard rejected meanwhile: %q, desc %q, 状态 %q", keys(c3), c3.MainTitle.Desc, row(c3, "状态"))
	}
	// it is recorded finished: no button is left to press
	if rec, err := e.store.Card(t.Context(), c3.TaskID); err != nil || rec.DoneAt.IsZero() || rec.DoneText != "已处理 · 当前已驳回" {
		t.Errorf("record of the finished card: %+v, %v", rec, err)
	}
	// the confirmed one's 督办 works from the card
	r := must(t)(e.app.SendCardClick("leader2", c2.TaskID, "督办 "+n2, e.api.NewClickCode(c2.TaskID), 0))
	if !strings.Contains(r.Content, "已督办 "+n2) {
		t.Errorf("督办 on the delayed card: %q", r.Content)
	}
}
