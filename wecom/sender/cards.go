package sender

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"safetybot"
	"safetybot/outbox"
	"safetybot/wecom/wecomapi"
)

// Button cards through the app (issue 13 §1): message/send with msgtype
// template_card, card_type button_interaction (WeCom 90372, 发送应用消息 ·
// 模板卡片消息), and message/update_template_card (94888, 更新模版卡片消息)
// after a click.

// updateCardReq is update_template_card's "grey the buttons out" form
// (Button), or its "更新为新的卡片" form (TemplateCard): the card again with
// the buttons still to press.
type updateCardReq struct {
	UserIDs      []string `json:"userids"`
	AgentID      int      `json:"agentid"`
	ResponseCode string   `json:"response_code"`
	Button       *struct {
		ReplaceName string `json:"replace_name"`
	} `json:"button,omitempty"`
	TemplateCard *wecomapi.TemplateCard `json:"template_card,omitempty"`
}

// sendCardRow delivers a "card" or "card_update" outbox row through the
// app. A card is paced for each of its recipients; an update is not a
// message and is not paced.
func (s *Sender) sendCardRow(ctx context.Context, m safetybot.OutboxMessage) error {
	if !s.appConfigured() {
		return outbox.Permanent(errors.New("企业微信应用未配置：请设置 WECOM_CORP_ID、WECOM_AGENT_ID、WECOM_SECRET / WeCom app not configured: template cards need WECOM_CORP_ID, WECOM_AGENT_ID and WECOM_SECRET"))
	}
	users := strings.Split(m.Target, "|")
	if m.Update != nil {
		return s.updateCard(ctx, users, *m.Update)
	}
	if m.Card == nil {
		return outbox.Permanent(fmt.Errorf("outbox row %d: format %q without a card", m.ID, m.Format))
	}
	card := wecomapi.NewTemplateCard(m.Card, wecomapi.AppCardLimits, s.cfg.PublicURL)
	if len(card.ButtonList) == 0 {
		// finished before it went (store.FreshenCard) and no 详情 link: a
		// card needs a button, so its text goes instead
		m.Format, m.Card = "text", nil
		return s.Send(ctx, m)
	}
	for _, u := range users {
		if ok, until := s.pacer.Reserve(safetybot.TargetUser, u); !ok {
			return &outbox.Postponed{Until: until}
		}
	}
	req := s.toUsers(m.Target)
	req.MsgType, req.TemplateCard = "template_card", &card
	var res sendAnswer
	if err := s.call(ctx, "message/send", nil, req, &res); err != nil {
		return err
	}
	if res.InvalidUser != "" || res.UnlicensedUser != "" {
		// the others got it: only a card nobody could receive is a failure
		s.log.Warn("wecom template card: some recipients rejected", "recipients", len(users))
	}
	return nil
}

// updateCard greys out a card's buttons for users with u's text, or
// replaces the card with u.Card, using the click's response_code (94888;
// one use, 72 hours).
func (s *Sender) updateCard(ctx context.Context, users []string, u safetybot.CardUpdate) error {
	req := updateCardReq{UserIDs: users, AgentID: s.agentID, ResponseCode: u.ResponseCode}
	if u.Card != nil {
		t := wecomapi.NewTemplateCard(u.Card, wecomapi.AppCardLimits, s.cfg.PublicURL)
		req.TemplateCard = &t
	} else {
		req.Button = &struct {
			ReplaceName string `json:"replace_name"`
		}{safetybot.Fit(u.ReplaceName, safetybot.CardReplaceRunes)}
	}
	return s.call(ctx, "message/update_template_card", nil, req, nil)
}
