// Package robotcard owns the intelligent robot's answer to a card click:
// update_template_card with a whole button_interaction card, cut to the
// robot's field limits. The webhook sends it as the passive reply to the
// template_card_event (WeCom 101031, 被动回复消息 · 回复消息更新模板卡片),
// the long connection as the body of aibot_respond_update_msg on the
// click's req_id (101463). Neither takes a stream on a click (errcode
// 846605): the text answer goes apart (response_url, aibot_send_msg).
package robotcard

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"safetybot"
	"safetybot/bot"
)

// ResponseType is the response_type of a card update.
const ResponseType = "update_template_card"

// Field limits of the robot's button_interaction card (101031, 模板卡片类型:
// "建议不超过", in characters; stricter than the app's 90372), counted in
// runes, and its list lengths.
const (
	TitleRunes    = 26 // main_title.title
	DescRunes     = 30 // main_title.desc
	SubTitleRunes = 112
	KeyNameRunes  = 5  // horizontal_content_list[].keyname
	ValueRunes    = 26 // horizontal_content_list[].value
	ButtonRunes   = 10 // button_list[].text
	RowsMax       = 6
	ButtonsMax    = 6
	KeyBytes      = 1024 // button_list[].key
)

// DoneStyle is the style (1–4) of the one button a finished card keeps.
const DoneStyle = 2

// Body is the update: the JSON of the passive reply (before encryption) or
// of the aibot_respond_update_msg frame's body. UserIDs nil updates every
// user the card went to.
type Body struct {
	ResponseType string   `json:"response_type"`
	UserIDs      []string `json:"userids,omitempty"`
	TemplateCard Card     `json:"template_card"`
}

// Card is a button_interaction template card as the robot takes it.
type Card struct {
	CardType string `json:"card_type"`
	Source   struct {
		Desc string `json:"desc"`
	} `json:"source"`
	MainTitle struct {
		Title string `json:"title"`
		Desc  string `json:"desc,omitempty"`
	} `json:"main_title"`
	SubTitleText          string   `json:"sub_title_text,omitempty"`
	HorizontalContentList []KV     `json:"horizontal_content_list,omitempty"`
	CardAction            *Action  `json:"card_action,omitempty"`
	TaskID                string   `json:"task_id"`
	ButtonList            []Button `json:"button_list"`
}

// KV is one horizontal_content_list entry.
type KV struct {
	KeyName string `json:"keyname"`
	Value   string `json:"value"`
}

// Action is the card_action: a click on the card body opens URL.
type Action struct {
	Type int    `json:"type"` // 1: open URL
	URL  string `json:"url"`
}

// Button is a button_list entry (the robot's buttons call back only).
type Button struct {
	Text  string `json:"text"`
	Style int    `json:"style,omitempty"`
	Key   string `json:"key"`
}

// Update is the robot's update for u, to every recipient or to u.Users.
// A card with buttons left shows them, with what clicks did so far in its
// desc; a card with none left keeps one button (the robot's card needs
// one) saying what happened and who did it (已确认 · 王局长…), the whole of
// it (with the time) in its desc, and a further click on it answers
// 已处理. The clicker of a step already taken (u.Handled) sees 已处理 in
// the desc. publicURL is SAFETYBOT_PUBLIC_URL: when set, a card with a
// 详情 link opens the hazard's page on a click on its body.
func Update(u *bot.CardUpdate, publicURL string) Body {
	c := u.Sent
	if u.Update.Card != nil {
		c = *u.Update.Card
	}
	t := Card{CardType: "button_interaction", TaskID: u.Update.TaskID}
	t.Source.Desc = "安全生产助手"
	t.MainTitle.Title = safetybot.Fit(c.Title, TitleRunes)
	desc := c.Desc
	if u.Update.Card == nil {
		desc = u.Update.ReplaceName
		c.Buttons = nil
	}
	if u.Handled && !strings.HasPrefix(desc, "已处理") {
		desc = "已处理：" + desc
	}
	t.MainTitle.Desc = safetybot.Fit(strings.TrimSuffix(desc, "："), DescRunes)
	t.SubTitleText = safetybot.Fit(c.Summary, SubTitleRunes)
	if hint := c.Hint(); hint != "" {
		room := SubTitleRunes - utf8.RuneCountInString(hint) - 1
		t.SubTitleText = safetybot.Fit(safetybot.JoinNonEmpty("\n", safetybot.Fit(c.Summary, max(room, 0)), hint), SubTitleRunes)
	}
	for _, r := range c.Rows {
		if len(t.HorizontalContentList) == RowsMax {
			break
		}
		t.HorizontalContentList = append(t.HorizontalContentList, KV{safetybot.Fit(r.Label, KeyNameRunes), safetybot.Fit(r.Value, ValueRunes)})
	}
	if c.Detail && publicURL != "" {
		t.CardAction = &Action{Type: 1, URL: strings.TrimRight(publicURL, "/") + "/hazards/" + url.PathEscape(c.Hazard)}
	}
	for _, b := range c.Buttons {
		if len(t.ButtonList) == ButtonsMax || len(b.Key) > KeyBytes {
			continue
		}
		t.ButtonList = append(t.ButtonList, Button{Text: safetybot.Fit(b.Text, ButtonRunes), Style: b.Style, Key: b.Key})
	}
	if len(t.ButtonList) == 0 {
		key := "已处理"
		for _, b := range u.Sent.Buttons {
			if len(b.Key) <= KeyBytes {
				key = b.Key
				break
			}
		}
		t.ButtonList = []Button{{Text: safetybot.Fit(orText(u.Update.ReplaceName, "已处理"), ButtonRunes), Style: DoneStyle, Key: key}}
	}
	return Body{ResponseType: ResponseType, UserIDs: u.Users, TemplateCard: t}
}

func orText(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}
