// Package robotcard owns the intelligent robot's reply bodies, the same
// JSON for the webhook's passive reply (before encryption) and for the
// long connection's frame bodies: a stream (101031 被动回复消息 · 流式消息;
// 101463 aibot_respond_msg), a text (the welcome) and the answer to a card
// click: update_template_card with a whole button_interaction card, cut to
// the robot's field limits, sent as the passive reply to the
// template_card_event (101031, 回复消息更新模板卡片) or as the body of
// aibot_respond_update_msg on the click's req_id (101463). Neither takes a
// stream on a click (errcode 846605): the text answer goes apart
// (response_url, aibot_send_msg).
package robotcard

import (
	"strings"

	"safetybot"
	"safetybot/bot"
	"safetybot/wecom/wecomapi"
)

// MaxStreamBytes is WeCom's limit on a stream's markdown content.
const MaxStreamBytes = 20480

// StreamBody is one frame of a stream: msgtype "stream", its id, whether
// it is the last (finish) and the markdown so far. Content is the
// caller's, already cut to MaxStreamBytes.
type StreamBody struct {
	MsgType string `json:"msgtype"`
	Stream  struct {
		ID      string `json:"id"`
		Finish  bool   `json:"finish"`
		Content string `json:"content"`
	} `json:"stream"`
}

// Stream is the frame of stream id with content.
func Stream(id string, finish bool, content string) StreamBody {
	b := StreamBody{MsgType: "stream"}
	b.Stream.ID, b.Stream.Finish, b.Stream.Content = id, finish, content
	return b
}

// TextBody is a plain text reply: {"msgtype":"text","text":{"content":…}}.
type TextBody struct {
	MsgType string `json:"msgtype"`
	Text    struct {
		Content string `json:"content"`
	} `json:"text"`
}

// Text is the text reply of content.
func Text(content string) TextBody {
	b := TextBody{MsgType: "text"}
	b.Text.Content = content
	return b
}

// ResponseType is the response_type of a card update.
const ResponseType = "update_template_card"

// Limits are the robot's button_interaction card limits (101031, 模板卡片类型:
// "建议不超过", in characters; stricter than the app's 90372), counted in
// runes, and its list lengths. Its buttons call back only: no 详情 button.
var Limits = wecomapi.CardLimits{Title: 26, Desc: 30, SubTitle: 112, KeyName: 5, Value: 26, Button: 10,
	Rows: 6, Buttons: 6, KeyBytes: 1024}

// DoneStyle is the style (1–4) of the one button a finished card keeps.
const DoneStyle = 2

// Body is the update: the JSON of the passive reply (before encryption) or
// of the aibot_respond_update_msg frame's body. UserIDs nil updates every
// user the card went to.
type Body struct {
	ResponseType string                `json:"response_type"`
	UserIDs      []string              `json:"userids,omitempty"`
	TemplateCard wecomapi.TemplateCard `json:"template_card"`
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
	desc := c.Desc
	if u.Update.Card != nil {
		c, desc = *u.Update.Card, u.Update.Card.Desc
	} else {
		desc, c.Buttons = u.Update.ReplaceName, nil
	}
	if u.Handled && !strings.HasPrefix(desc, "已处理") {
		desc = "已处理：" + desc
	}
	t := wecomapi.NewTemplateCard(&c, Limits, publicURL)
	t.TaskID = u.Update.TaskID
	t.MainTitle.Desc = safetybot.Fit(strings.TrimSuffix(desc, "："), Limits.Desc)
	if len(t.ButtonList) == 0 {
		key := "已处理"
		for _, b := range u.Sent.Buttons {
			if len(b.Key) <= Limits.KeyBytes {
				key = b.Key
				break
			}
		}
		t.ButtonList = []wecomapi.CardButton{{Text: safetybot.Fit(orText(u.Update.ReplaceName, "已处理"), Limits.Button), Style: DoneStyle, Key: key}}
	}
	return Body{ResponseType: ResponseType, UserIDs: u.Users, TemplateCard: t}
}

func orText(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}
