package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"safetybot"
	"safetybot/internal/storetest"
)

// TestTipTooLong: an over-long message is told a way to send more that the
// sender may use: a whistleblower 补充 <回执码>, not the staff commands 整改
// and 进展 (qa2 #8); someone without a role sending 上报, or a 受理人 a
// 回复, not them either (qa3 #7). 举报 is still a sensitive message, so no
// transport logs its text.
func TestTipTooLong(t *testing.T) {
	f := newTipFixture(t)
	f.say("admin", "授权 h1 受理人")
	f.say("admin", "授权 staff9 工作人员")
	long := strings.Repeat("某客运站长期安排无从业资格证的驾驶员驾驶班线客车，", 90) // over 2000 字
	for _, c := range []struct {
		name, who, text string
		sensitive       bool
		want, wantNot   string
	}{
		{"举报", "lisi", "举报 " + long, true, "「补充 <回执码> <内容>」", "整改"},
		{"举报 with the bot named", "lisi", "@安全生产机器人 举报 " + long, true, "「补充 <回执码> <内容>」", "整改"},
		{"补充", "lisi", "补充 1234 5678 9012 3456 " + long, true, "「补充 <回执码> <内容>」", "整改"},
		{"查询", "lisi", "查询 " + long, true, "「查询 <回执码>」", "整改"},
		{"整改", "lisi", "整改 YH2026-0001 " + long, false, "「整改 <编号> <进展说明>」", "「整改」或「进展」"},
		{"上报 without a role", "lisi", "上报 " + long, false, "「修改 <编号> 原因:… 措施:…」", "整改"},
		{"上报 by staff", "staff9", "上报 " + long, false, "「整改」或「进展」", "修改"},
		{"回复 by a handler", "h1", "回复 12345678 " + long, false, "「回复 <编号> <文本>」", "整改"},
		{"no command, without a role", "lisi", long, false, "请精简后重发。", "整改"},
		{"no command, staff", "staff9", long, false, "「整改」或「进展」", "回执码"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := Message{Kind: KindText, UserID: c.who, Text: c.text}
			if got := f.engine.Sensitive(m); got != c.sensitive {
				t.Errorf("Sensitive = %v, want %v", got, c.sensitive)
			}
			reply := f.say(c.who, c.text)
			if !strings.Contains(reply, "消息过长") || !strings.Contains(reply, c.want) || strings.Contains(reply, c.wantNot) {
				t.Errorf("reply %q, want %q and not %q", reply, c.want, c.wantNot)
			}
		})
	}
	if n, err := f.store.TipCounts(context.Background()); err != nil || n.Total() != 0 {
		t.Errorf("an over-long 举报 was stored: %+v", n)
	}
}

// TestTipRewardSaysHowItWasSet: a reward computed from a fine says how (15%,
// or the minimum or maximum it was raised or cut to), and a reward that
// replaces one already recorded says what it replaced (qa2 #13: 罚款:1万
// gave 「待审核 3,000 元」 unexplained, and an 已批准 150,000 元 reward went
// back to 待审核 3,000 元 without a word).
func TestTipRewardSaysHowItWasSet(t *testing.T) {
	f := newTipFixture(t)
	f.say("admin", "授权 h1 受理人")
	f.report("whistle_r", "客运站安检仪长期关闭，旅客行李不过检")
	tips, err := f.store.Tips(context.Background(), safetybot.TipFilter{}, "test")
	if err != nil || len(tips) != 1 {
		t.Fatal(tips, err)
	}
	id := fmt.Sprint(tips[0].ID)
	f.say("h1", "查实 "+id+" 客运站安检仪关闭 单位:某客运站 领域:道路运输")
	for _, c := range []struct {
		msg          string
		want, absent []string
	}{
		{"奖励 " + id + " 罚款:100000 待审核", []string{"待审核 15,000 元", "罚款 100,000 元的 15% 为 15,000 元"}, []string{"最低", "原记录"}},
		{"奖励 " + id + " 罚款:1万 待审核", []string{"待审核 3,000 元", "罚款 10,000 元的 15% 为 1,500 元，低于最低 3,000 元，按最低额记录", "原记录为待审核 15,000 元"}, nil},
		{"奖励 " + id + " 罚款:300万元 已批准", []string{"已批准 300,000 元", "为 450,000 元，高于最高 300,000 元，按最高额记录", "原记录为待审核 3,000 元"}, nil},
		{"奖励 " + id + " 已批准", []string{"已批准 300,000 元"}, []string{"原记录", "罚款"}},
		{"奖励 " + id + " 待审核", []string{"待审核 300,000 元", "原记录为已批准 300,000 元，已更改"}, nil},
		{"奖励 " + id + " 1.5万 已批准", []string{"已批准 15,000 元", "原记录为待审核 300,000 元"}, []string{"罚款"}},
		{"奖励 " + id + " 罚款:1.2万 待审核", []string{"待审核 3,000 元", "为 1,800 元，低于最低", "原记录为已批准 15,000 元，已更改"}, nil},
		// QA10 #9: 十万 without a numeral digit before 十 was refused.
		{"奖励 " + id + " 罚款:十万元 待审核", []string{"待审核 15,000 元", "罚款 100,000 元的 15% 为 15,000 元"}, nil},
	} {
		got := f.say("h1", c.msg)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q, want %q", c.msg, got, w)
			}
		}
		for _, a := range c.absent {
			if strings.Contains(got, a) {
				t.Errorf("%s: %q, should not say %q", c.msg, got, a)
			}
		}
	}
}

// TestTipVerifiedMajorSendsTheCard: a report verified as 重大 reaches the
// leaders as the 【重大隐患】 card with 确认 and 督办, as a 上报 … 等级:重大
// does (qa2 #7: they got a text asking them to reply instead), carrying the
// handler's words and no reporter; a 一般 one sends no card.
func TestTipVerifiedMajorSendsTheCard(t *testing.T) {
	for _, c := range []struct {
		grade string
		card  bool
	}{{"重大", true}, {"一般", false}} {
		t.Run(c.grade, func(t *testing.T) {
			f := newTipFixture(t)
			f.say("admin", "授权 h1 受理人")
			f.say("admin", "授权 leader1 领导")
			f.report("whistle_m", "我是二车队司机老李，站里的危货车辆罐体泄漏还在跑线路")
			tips, err := f.store.Tips(context.Background(), safetybot.TipFilter{}, "test")
			if err != nil || len(tips) != 1 {
				t.Fatal(tips, err)
			}
			reply := f.say("h1", fmt.Sprintf("查实 %d 危货车辆罐体泄漏仍在营运 单位:某危货运输公司 领域:道路运输 等级：%s", tips[0].ID, c.grade))
			if !strings.Contains(reply, "已查实") {
				t.Fatalf("查实: %s", reply)
			}
			due, err := storetest.PendingOutbox(context.Background(), f.store, 100)
			if err != nil {
				t.Fatal(err)
			}
			var card *safetybot.Card
			for _, m := range due {
				if strings.Contains("|"+m.Target+"|", "|leader1|") {
					if m.Card == nil {
						t.Errorf("leaders got text, not the card: %q", m.Body)
					} else if m.Card.Kind == safetybot.CardMajor {
						card = m.Card
					}
				}
			}
			if (card != nil) != c.card {
				t.Fatalf("major card: %v, want %v", card != nil, c.card)
			}
			if card == nil {
				return
			}
			var buttons []string
			for _, b := range card.Buttons {
				buttons = append(buttons, b.Text)
			}
			text := card.Text()
			if strings.Join(buttons, " ") != "确认 督办" || !strings.Contains(text, "举报查实") || !strings.Contains(text, "危货车辆罐体泄漏仍在营运") {
				t.Errorf("card buttons %v, text %q", buttons, text)
			}
			if strings.Contains(text, "老李") || strings.Contains(text, "上报人") {
				t.Errorf("the card tells who reported: %q", text)
			}
		})
	}
}
