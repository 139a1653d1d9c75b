package wecomtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Template cards in the fake (WeCom 90372 and 94888): message/send with
// msgtype template_card is checked against the button_interaction field
// limits and the task_id rules (unique per app, at most 128 bytes of
// [0-9a-zA-Z_-@]) and delivered with MsgType "template_card" and the
// template_card JSON as Content; each send answers a response_code.
// update_template_card consumes a response code (one use, 72 hours), either
// greys the buttons out (button.replace_name) or replaces the card
// (template_card, checked like a sent one), and is listed by CardUpdates. Click codes are made by NewClickCode.

// Errcodes the fake answers for cards. WeCom's own codes for these cases
// are not in the docs we follow; these are the fake's choice, so tests
// notice.
const (
	ErrCardInvalid         = 40058 // a card field over its limit, or a missing one
	ErrTaskIDInvalid       = 40099 // task_id malformed or already used by this app
	ErrResponseCodeInvalid = 40098 // response_code unknown, used or older than 72 h
)

type fakeCode struct {
	task string
	at   time.Time
}

type fakeCards struct {
	tasks   map[string][]string // task_id → recipients
	codes   map[string]fakeCode // response_code → its card
	seq     int
	updates []CardUpdate
}

// CardUpdate is one successful update_template_card call.
type CardUpdate struct {
	Users        []string // userids, or every recipient of the card for atall
	TaskID       string   // the card the response code belonged to
	ResponseCode string
	ReplaceName  string
	Card         *Card // the new card, for an update that replaces it (ReplaceName "")
	At           time.Time
}

// Card is a template card as the fake received it.
type Card struct {
	CardType  string `json:"card_type"`
	TaskID    string `json:"task_id"`
	MainTitle struct {
		Title string `json:"title"`
		Desc  string `json:"desc"`
	} `json:"main_title"`
	SubTitleText string `json:"sub_title_text"`
	Rows         []struct {
		KeyName string `json:"keyname"`
		Value   string `json:"value"`
	} `json:"horizontal_content_list"`
	CardAction *struct {
		Type int    `json:"type"`
		URL  string `json:"url"`
	} `json:"card_action"`
	Buttons []struct {
		Type  int    `json:"type"`
		Text  string `json:"text"`
		Style int    `json:"style"`
		Key   string `json:"key"`
		URL   string `json:"url"`
	} `json:"button_list"`
}

// ParseCard reads the Content of a template_card Delivery.
func ParseCard(d Delivery) (Card, error) {
	var c Card
	if d.MsgType != "template_card" {
		return c, fmt.Errorf("wecomtest: delivery is %s, not template_card", d.MsgType)
	}
	err := json.Unmarshal([]byte(d.Content), &c)
	return c, err
}

// Cards lists the template cards delivered, oldest first.
func (f *FakeAPI) Cards() []Delivery { return f.deliveredOf("template_card") }

// CardUpdates lists the update_template_card calls that succeeded.
func (f *FakeAPI) CardUpdates() []CardUpdate {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]CardUpdate(nil), f.cards.updates...)
}

func (f *FakeAPI) deliveredOf(msgType string) []Delivery {
	var out []Delivery
	for _, d := range f.Delivered() {
		if d.MsgType == msgType {
			out = append(out, d)
		}
	}
	return out
}

// NewClickCode returns the response_code WeCom would put in a click on the
// card taskID (valid 72 hours from the fake's now, one use); "" when the
// fake never sent that card.
func (f *FakeAPI) NewClickCode(taskID string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.cards.tasks[taskID]; !ok {
		return ""
	}
	return f.newCodeLocked(taskID, f.opts.Now())
}

func (f *FakeAPI) newCodeLocked(task string, now time.Time) string {
	f.cards.seq++
	code := fmt.Sprintf("rc-%d-%d", f.cards.seq, now.UnixNano()%1e6)
	f.cards.codes[code] = fakeCode{task, now}
	return code
}

func validTaskID(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-' || c == '@') {
			return false
		}
	}
	return true
}

// cardLimits are the field limits of a button_interaction card, in runes.
type cardLimits struct {
	title, desc, subTitle, keyName, value, button int
	links                                         bool // link buttons (type 1) allowed
}

var (
	// the app's (90372, 发送应用消息 · 模板卡片消息)
	appCardLimits = cardLimits{36, 44, 160, 5, 30, 10, true}
	// the intelligent robot's (101031, 模板卡片类型): stricter, and its
	// buttons only call back
	robotCardLimits = cardLimits{26, 30, 112, 5, 26, 10, false}
)

// cardProblem checks a button_interaction card against the app's limits.
func cardProblem(c Card) string { return c.problem(appCardLimits) }

// RobotCardProblem checks a button_interaction card against the
// intelligent robot's limits (101031): "" when it is valid.
func RobotCardProblem(c Card) string { return c.problem(robotCardLimits) }

func (c Card) problem(l cardLimits) string {
	over := func(s string, n int) bool { return utf8.RuneCountInString(s) > n }
	switch {
	case c.CardType != "button_interaction":
		return "card_type is not button_interaction"
	case c.MainTitle.Title == "" && c.SubTitleText == "":
		return "main_title.title and sub_title_text both empty"
	case over(c.MainTitle.Title, l.title), over(c.MainTitle.Desc, l.desc), over(c.SubTitleText, l.subTitle):
		return "title, desc or sub_title_text too long"
	case len(c.Rows) > 6, len(c.Buttons) == 0, len(c.Buttons) > 6:
		return "too many rows, or no or too many buttons"
	}
	for _, r := range c.Rows {
		if over(r.KeyName, l.keyName) || over(r.Value, l.value) {
			return "horizontal_content_list entry too long"
		}
	}
	keys := map[string]bool{}
	for _, b := range c.Buttons {
		switch {
		case over(b.Text, l.button) || b.Text == "":
			return "button text empty or too long"
		case b.Type == 0 && (b.Key == "" || len(b.Key) > 1024 || keys[b.Key]):
			return "button key missing, too long or repeated"
		case b.Type == 1 && (b.URL == "" || !l.links):
			return "link button without url, or where only callback buttons are allowed"
		case b.Type != 0 && b.Type != 1:
			return "unknown button type"
		}
		keys[b.Key] = true
	}
	return ""
}

func (f *FakeAPI) sendCardLocked(toUser string, body []byte, now time.Time) map[string]any {
	var m struct {
		TemplateCard json.RawMessage `json:"template_card"`
	}
	var c Card
	if json.Unmarshal(body, &m) != nil || json.Unmarshal(m.TemplateCard, &c) != nil {
		return answer(40005)
	}
	if p := cardProblem(c); p != "" {
		res := answer(ErrCardInvalid)
		res["errmsg"] = "invalid template_card: " + p
		return res
	}
	if !validTaskID(c.TaskID) {
		return answer(ErrTaskIDInvalid)
	}
	if _, dup := f.cards.tasks[c.TaskID]; dup {
		res := answer(ErrTaskIDInvalid)
		res["errmsg"] = "task_id already used"
		return res
	}
	var to []string
	for _, u := range strings.Split(toUser, "|") {
		if u != "" && (f.opts.Users == nil || contains(f.opts.Users, u)) {
			to = append(to, u)
		}
	}
	if len(to) == 0 {
		return answer(ErrNoValidRecipient)
	}
	f.cards.tasks[c.TaskID] = to
	f.delivered = append(f.delivered, Delivery{EndpointMessage, strings.Join(to, "|"), "template_card", string(m.TemplateCard), now})
	res := answer(0)
	res["msgid"] = fmt.Sprintf("msg%d", len(f.delivered))
	res["response_code"] = f.newCodeLocked(c.TaskID, now)
	return res
}

func (f *FakeAPI) updateCardLocked(body []byte, now time.Time) map[string]any {
	var u struct {
		UserIDs      []string `json:"userids"`
		AtAll        int      `json:"atall"`
		ResponseCode string   `json:"response_code"`
		Button       struct {
			ReplaceName string `json:"replace_name"`
		} `json:"button"`
		TemplateCard *Card `json:"template_card"`
	}
	if json.Unmarshal(body, &u) != nil {
		return answer(40005)
	}
	if u.TemplateCard != nil {
		if p := cardProblem(*u.TemplateCard); p != "" {
			res := answer(ErrCardInvalid)
			res["errmsg"] = "invalid template_card: " + p
			return res
		}
	}
	code, ok := f.cards.codes[u.ResponseCode]
	if !ok || now.Sub(code.at) > 72*time.Hour {
		return answer(ErrResponseCodeInvalid)
	}
	if (u.Button.ReplaceName == "") == (u.TemplateCard == nil) || (len(u.UserIDs) == 0 && u.AtAll == 0) {
		return answer(40005)
	}
	delete(f.cards.codes, u.ResponseCode) // one use
	to := u.UserIDs
	if u.AtAll == 1 {
		to = f.cards.tasks[code.task]
	}
	f.cards.updates = append(f.cards.updates, CardUpdate{append([]string(nil), to...), code.task, u.ResponseCode, u.Button.ReplaceName, u.TemplateCard, now})
	return answer(0)
}
