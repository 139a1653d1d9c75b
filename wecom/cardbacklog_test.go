package wecom_test

import (
	"strings"
	"testing"

	"safetybot"
	"safetybot/wecom/wecomtest"
)

// QA17 #6: a card that waited in the outbox (queued by chat before serve
// started, or during an outage) goes as its hazard is when it goes, of
// every kind, not only the leaders' coalesced 重大 cards: a hazard closed
// meanwhile gets a finished card (or its text) with no button to press.
func TestBacklogCardOfClosedHazard(t *testing.T) {
	for _, tc := range []struct {
		name  string
		title string // the card that waits
		to    string
		queue func(e *cardEnv, n string) // queues it, undelivered
		close string
	}{
		{"待验收", "【待验收】", "wang", func(e *cardEnv, n string) {
			must(t)(e.app.SendText("lisi", "20", "整改 "+n+" 已更换设备 完成:是"))
		}, "销号 %s 现场复核合格"},
		{"退回整改", "【退回整改】", "lisi", func(e *cardEnv, n string) {
			must(t)(e.app.SendText("lisi", "20", "整改 "+n+" 已更换设备 完成:是"))
			e.deliver()
			must(t)(e.app.SendText("wang", "21", "驳回 "+n+" 验收不通过，监控未联网"))
			must(t)(e.app.SendText("lisi", "22", "整改 "+n+" 监控已联网 完成:是"))
		}, "销号 %s 仍销号:是 复核已联网"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newCardEnv(t)
			n := number(e.majorCard())
			must(t)(e.app.SendText("admin", "9", "授权 wang 工作人员"))
			must(t)(e.app.SendText("admin", "10", "确认 "+n))
			must(t)(e.app.SendText("admin", "11", "指派 "+n+" lisi"))
			e.deliver()
			tc.queue(e, n)
			sent := len(e.api.Delivered())
			r := must(t)(e.app.SendText("admin", "30", strings.Replace(tc.close, "%s", n, 1)))
			if e.status(n) != safetybot.StatusClosed {
				t.Fatalf("not closed: %q", r.Content)
			}
			e.deliver()
			found := false
			for _, d := range e.api.Delivered()[sent:] {
				if d.To != tc.to || !strings.Contains(d.Content, tc.title) {
					continue
				}
				found = true
				if d.MsgType != "template_card" {
					if !strings.Contains(d.Content, "已处理 · 当前已销号") || strings.Contains(d.Content, "：回复「") || !strings.Contains(d.Content, "状态：已销号") {
						t.Errorf("card text: %q", d.Content)
					}
					continue
				}
				c, err := wecomtest.ParseCard(d)
				if err != nil {
					t.Fatal(err)
				}
				for _, b := range c.Buttons {
					if b.Text != "详情" {
						t.Errorf("button %q on the card of a closed hazard", b.Text)
					}
				}
				if c.MainTitle.Desc != "已处理 · 当前已销号" {
					t.Errorf("desc %q", c.MainTitle.Desc)
				}
			}
			if !found {
				t.Fatalf("no %s card to %s: %+v", tc.title, tc.to, e.api.Delivered()[sent:])
			}
		})
	}
}
