package sender

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"safetybot"
	"safetybot/outbox"
)

// Button cards through the app (issue 13 §1): message/send with msgtype
// template_card, card_type button_interaction (WeCom 90372, 发送应用消息 ·
// 模板卡片消息), and message/update_template_card (94888, 更新模版卡片消息)
// after a click.

// templateCard is a button_interaction card as message/send takes it.
type templateCard struct {
	CardType string `json:"card_type"`
	Source   *struct {
		Desc string `json:"desc"`
	} `json:"source,omitempty"`
	MainTitle struct {
		Title string `json:"title"`
		Desc  string `json:"desc,omitempty"`
	} `json:"main_title"`
	SubTitleText          string          `json:"sub_title_text,omitempty"`
	HorizontalContentList []cardKV        `json:"horizontal_content_list,omitempty"`
	CardAction            *cardAction     `json:"card_action,omitempty"`
	TaskID                string          `json:"task_id"`
	ButtonList            []cardButtonReq `json:"button_list"`
}

type cardKV struct {
	KeyName string `json:"keyname"`
	Value   string `json:"value"`
}

type cardAction struct {
	Type int    `json:"type"` // 1: open URL
	URL  string `json:"url"`
}

type cardButtonReq struct {
	Type  int    `json:"type,omitempty"` // 0: callback (key), 1: open URL
	Text  string `json:"text"`
	Style int    `json:"style,omitempty"`
	Key   string `json:"key,omitempty"`
	URL   string `json:"url,omitempty"`
}

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
	TemplateCard *templateCard `json:"template_card,omitempty"`
}

// templateCardOf builds the button_interaction card of c, every field cut to
// WeCom's limits (safetybot.Card* constants) with an ellipsis. base is
// SAFETYBOT_PUBLIC_URL: when set, a card with Detail gets a 详情 link
// button to <base>/hazards/<编号>, and a click on the card body opens it.
func templateCardOf(c *safetybot.Card, base string) templateCard {
	t := templateCard{CardType: "button_interaction", TaskID: c.TaskID}
	t.Source = &struct {
		Desc string `json:"desc"`
	}{"安全生产助手"}
	t.MainTitle.Title = safetybot.Fit(c.Title, safetybot.CardTitleRunes)
	t.MainTitle.Desc = safetybot.Fit(c.Desc, safetybot.CardDescRunes)
	// the card's own text says what to type: the WeChat plugin shows no buttons
	t.SubTitleText = safetybot.Fit(c.Summary, safetybot.CardSubTitleRunes)
	if hint := c.Hint(); hint != "" {
		room := safetybot.CardSubTitleRunes - utf8.RuneCountInString(hint) - 1
		t.SubTitleText = safetybot.Fit(safetybot.JoinNonEmpty("\n", safetybot.Fit(c.Summary, max(room, 0)), hint), safetybot.CardSubTitleRunes)
	}
	for _, r := range c.Rows {
		if len(t.HorizontalContentList) == safetybot.CardRowsMax {
			break
		}
		t.HorizontalContentList = append(t.HorizontalContentList, cardKV{
			safetybot.Fit(r.Label, safetybot.CardKeyNameRunes), safetybot.Fit(r.Value, safetybot.CardValueRunes)})
	}
	room := safetybot.CardButtonsMax
	link := ""
	if c.Detail && base != "" {
		link = strings.TrimRight(base, "/") + "/hazards/" + url.PathEscape(c.Hazard)
		room--
		t.CardAction = &cardAction{Type: 1, URL: link}
	}
	for _, b := range c.Buttons {
		if len(t.ButtonList) == room || len(b.Key) > safetybot.CardKeyBytes {
			continue
		}
		t.ButtonList = append(t.ButtonList, cardButtonReq{Text: safetybot.Fit(b.Text, safetybot.CardButtonRunes), Style: b.Style, Key: b.Key})
	}
	if link != "" {
		t.ButtonList = append(t.ButtonList, cardButtonReq{Type: 1, Text: "详情", Style: 2, URL: link})
	}
	return t
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
	card := templateCardOf(m.Card, s.cfg.PublicURL)
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
		t := templateCardOf(u.Card, s.cfg.PublicURL)
		req.TemplateCard = &t
	} else {
		req.Button = &struct {
			ReplaceName string `json:"replace_name"`
		}{safetybot.Fit(u.ReplaceName, safetybot.CardReplaceRunes)}
	}
	return s.call(ctx, "message/update_template_card", nil, req, nil)
}
