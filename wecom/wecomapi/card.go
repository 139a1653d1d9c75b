package wecomapi

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"safetybot"
)

// TemplateCard is a button_interaction template card as WeCom takes it:
// message/send's and update_template_card's template_card for the app
// (90372, 94888) and the intelligent robot's card update (101031, 101463).
type TemplateCard struct {
	CardType string `json:"card_type"`
	Source   struct {
		Desc string `json:"desc"`
	} `json:"source"`
	MainTitle struct {
		Title string `json:"title"`
		Desc  string `json:"desc,omitempty"`
	} `json:"main_title"`
	SubTitleText          string       `json:"sub_title_text,omitempty"`
	HorizontalContentList []CardKV     `json:"horizontal_content_list,omitempty"`
	CardAction            *CardAction  `json:"card_action,omitempty"`
	TaskID                string       `json:"task_id"`
	ButtonList            []CardButton `json:"button_list"`
}

// CardKV is one horizontal_content_list entry.
type CardKV struct {
	KeyName string `json:"keyname"`
	Value   string `json:"value"`
}

// CardAction is the card_action: a click on the card body opens URL.
type CardAction struct {
	Type int    `json:"type"` // 1: open URL
	URL  string `json:"url"`
}

// CardButton is a button_list entry: a callback button (Key) or, for the
// app only, a link (Type 1, URL).
type CardButton struct {
	Type  int    `json:"type,omitempty"` // 0: callback (key), 1: open URL
	Text  string `json:"text"`
	Style int    `json:"style,omitempty"` // 1–4
	Key   string `json:"key,omitempty"`   // the chat command the click runs
	URL   string `json:"url,omitempty"`
}

// CardLimits are a receiver's card field limits: text in runes (cut with
// an ellipsis, safetybot.Fit), list lengths, and a button key's bytes.
type CardLimits struct {
	Title, Desc, SubTitle, KeyName, Value, Button int // runes
	Rows, Buttons                                 int // list entries
	KeyBytes                                      int // a longer key drops its button
	// DetailButton: a card with a 详情 link ends its buttons with a link
	// button to it (the app; the robot's buttons call back only).
	DetailButton bool
}

// AppCardLimits are the app's (90372; safetybot.Card* constants).
var AppCardLimits = CardLimits{Title: safetybot.CardTitleRunes, Desc: safetybot.CardDescRunes,
	SubTitle: safetybot.CardSubTitleRunes, KeyName: safetybot.CardKeyNameRunes, Value: safetybot.CardValueRunes,
	Button: safetybot.CardButtonRunes, Rows: safetybot.CardRowsMax, Buttons: safetybot.CardButtonsMax,
	KeyBytes: safetybot.CardKeyBytes, DetailButton: true}

// NewTemplateCard builds the button_interaction card of c within lim.
// publicURL is SAFETYBOT_PUBLIC_URL: when set, a card with Detail opens
// <publicURL>/hazards/<编号> on a click on its body (and, with
// lim.DetailButton, on a 详情 button). Buttons over lim.Buttons or with a
// key over lim.KeyBytes are left out; ButtonList may be empty.
func NewTemplateCard(c *safetybot.Card, lim CardLimits, publicURL string) TemplateCard {
	t := TemplateCard{CardType: "button_interaction", TaskID: c.TaskID}
	t.Source.Desc = "安全生产助手"
	t.MainTitle.Title = safetybot.Fit(c.Title, lim.Title)
	t.MainTitle.Desc = safetybot.Fit(c.Desc, lim.Desc)
	// the card's own text says what to type: the WeChat plugin shows no buttons
	t.SubTitleText = safetybot.Fit(c.Summary, lim.SubTitle)
	if hint := c.Hint(); hint != "" {
		room := lim.SubTitle - utf8.RuneCountInString(hint) - 1
		t.SubTitleText = safetybot.Fit(safetybot.JoinNonEmpty("\n", safetybot.Fit(c.Summary, max(room, 0)), hint), lim.SubTitle)
	}
	for _, r := range c.Rows {
		if len(t.HorizontalContentList) == lim.Rows {
			break
		}
		t.HorizontalContentList = append(t.HorizontalContentList, CardKV{safetybot.Fit(r.Label, lim.KeyName), safetybot.Fit(r.Value, lim.Value)})
	}
	room, link := lim.Buttons, ""
	if c.Detail && publicURL != "" {
		link = strings.TrimRight(publicURL, "/") + "/hazards/" + url.PathEscape(c.Hazard)
		t.CardAction = &CardAction{Type: 1, URL: link}
		if lim.DetailButton {
			room--
		}
	}
	for _, b := range c.Buttons {
		if len(t.ButtonList) == room || len(b.Key) > lim.KeyBytes {
			continue
		}
		t.ButtonList = append(t.ButtonList, CardButton{Text: safetybot.Fit(b.Text, lim.Button), Style: b.Style, Key: b.Key})
	}
	if link != "" && lim.DetailButton {
		t.ButtonList = append(t.ButtonList, CardButton{Type: 1, Text: "详情", Style: 2, URL: link})
	}
	return t
}
