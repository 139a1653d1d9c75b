package safetybot

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// CardKind is what a button card asks of its readers (issue 13 §1).
type CardKind string

const (
	CardMajor   CardKind = "major"   // a 重大 hazard, to the leaders: 确认, 督办, 详情
	CardAssign  CardKind = "assign"  // an assignment, to the responsible person: 收到, 整改完成
	CardVerify  CardKind = "verify"  // rectification reported done, to the field's staff: 验收通过, 退回
	CardOverdue CardKind = "overdue" // the overdue escalation: 催办, 详情
)

// Field limits of a button_interaction template card, in runes (WeCom 90372
// "发送应用消息", 模板卡片消息; the robot's 101032 gives the same structure).
// WeCom calls most of them "建议不超过": longer text is cut on the phone, so
// cards are cut here, with an ellipsis, and the full text stays in the
// card's plain text (Text).
const (
	CardTitleRunes     = 36  // main_title.title
	CardDescRunes      = 44  // main_title.desc
	CardSubTitleRunes  = 160 // sub_title_text
	CardKeyNameRunes   = 5   // horizontal_content_list[].keyname
	CardValueRunes     = 30  // horizontal_content_list[].value
	CardRowsMax        = 6   // horizontal_content_list entries
	CardButtonRunes    = 10  // button_list[].text
	CardButtonsMax     = 6   // button_list entries
	CardReplaceRunes   = 30  // update_template_card button.replace_name (not documented; kept short)
	CardKeyBytes       = 1024
	CardTaskIDMaxBytes = 128 // task_id: [0-9a-zA-Z_-@], unique per app
)

// CardRow is one line of a card's horizontal_content_list.
type CardRow struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// CardButton is one callback button. Key is the chat command the button
// runs (确认 YH2026-0001): a click runs exactly what typing it would, through
// the same permission check. Done is how the card says it happened (已确认).
type CardButton struct {
	Text  string `json:"text"`
	Key   string `json:"key"`
	Done  string `json:"done"`
	Style int    `json:"style,omitempty"` // button_list[].style, 1–4 (90372); 0: WeCom's default
}

// Card is a button card about one hazard, transport-neutral: the WeCom
// sender turns it into a template_card (button_interaction), every other
// surface shows Text. TaskID is given when the card is queued (the store
// keeps one row per card, see store.Card).
type Card struct {
	TaskID  string       `json:"task_id"`
	Kind    CardKind     `json:"kind"`
	Hazard  string       `json:"hazard"` // YH2026-0001
	Title   string       `json:"title"`
	Desc    string       `json:"desc,omitempty"`
	Summary string       `json:"summary,omitempty"` // sub_title_text: the hazard's description
	Rows    []CardRow    `json:"rows,omitempty"`
	Buttons []CardButton `json:"buttons"`
	// Detail adds a 详情 link button to the dashboard page of the hazard
	// (<SAFETYBOT_PUBLIC_URL>/hazards/<编号>) where a public URL is set.
	Detail bool `json:"detail,omitempty"`
}

// Text is the card as plain text: what the console, the WeChat plugin
// (微信插件, which shows a card's text only) and group robots show. It says
// what to type for each button, so the text alone is enough to act.
func (c *Card) Text() string {
	var b strings.Builder
	b.WriteString(c.Title)
	if c.Desc != "" {
		b.WriteString("（" + c.Desc + "）")
	}
	if c.Summary != "" {
		b.WriteString("\n" + c.Summary)
	}
	var rows []string
	for _, r := range c.Rows {
		rows = append(rows, r.Label+"："+r.Value)
	}
	if len(rows) > 0 {
		b.WriteString("\n" + strings.Join(rows, "｜"))
	}
	for _, bt := range c.Buttons {
		fmt.Fprintf(&b, "\n%s：回复「%s」", bt.Text, bt.Key)
	}
	fmt.Fprintf(&b, "\n详情：发送「隐患 %s」", c.Hazard)
	return b.String()
}

// Hint says what to type instead of pressing the buttons (可回复「确认
// YH2026-0001」「督办 YH2026-0001」): the sender puts it in the card's own
// text (sub_title_text), which is what the WeChat plugin shows of a card.
func (c *Card) Hint() string {
	var keys []string
	for _, b := range c.Buttons {
		keys = append(keys, "「"+b.Key+"」")
	}
	if len(keys) == 0 {
		return ""
	}
	return "可回复" + strings.Join(keys, "")
}

// Button returns the card's button whose Key is key.
func (c *Card) Button(key string) (CardButton, bool) {
	for _, b := range c.Buttons {
		if b.Key == key {
			return b, true
		}
	}
	return CardButton{}, false
}

// SetRow sets the value of the card's row label (责任人) where it has one:
// a name looked up before the transaction that builds the card replaces
// the userid HazardCard put there.
func (c *Card) SetRow(label, value string) {
	for i := range c.Rows {
		if c.Rows[i].Label == label && strings.TrimSpace(value) != "" {
			c.Rows[i].Value = value
		}
	}
}

// Fit keeps s within n runes, ending a cut with "…" (the ellipsis counts).
func Fit(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// HazardCard builds the card of kind about h: title, the hazard's
// description, its unit, domain, deadline and people, and the buttons of
// that kind. title leads the card (【重大隐患】, 【隐患逾期】…); desc is an
// optional line beside it.
func HazardCard(kind CardKind, h *Hazard, title, desc string) *Card {
	c := &Card{Kind: kind, Hazard: h.Number, Title: title + h.Number, Desc: desc, Summary: OneLine(h.Description, 200)}
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			c.Rows = append(c.Rows, CardRow{label, value})
		}
	}
	add("等级", string(h.Grade))
	add("单位", h.Unit)
	add("领域", h.Domain)
	add("期限", string(h.Deadline))
	add("责任人", h.Assignee)
	add("状态", string(h.Status))
	n := h.Number
	switch kind {
	case CardMajor:
		if !h.Confirmed {
			c.Buttons = append(c.Buttons, CardButton{"确认", "确认 " + n, "已确认", 1})
		}
		c.Buttons = append(c.Buttons, CardButton{"督办", "督办 " + n, "已督办", 3})
		c.Detail = true
	case CardAssign:
		c.Buttons = []CardButton{{"收到", "整改 " + n + " 已收到，开始整改", "已收到", 1}, {"整改完成", "整改 " + n + " 整改完成 完成:是", "已报整改完成", 2}}
	case CardVerify:
		c.Buttons = []CardButton{{"验收通过", "销号 " + n + " " + CardPassNote, "已验收销号", 1}, {"退回", "驳回 " + n + " " + CardReturnNote, "已退回整改", 3}}
	case CardOverdue:
		c.Buttons = []CardButton{{"催办", "催办 " + n, "已催办", 3}}
		c.Detail = true
	}
	return c
}

// hazardRows are the rows HazardCard takes from the hazard itself.
var hazardRows = map[string]bool{"等级": true, "单位": true, "领域": true, "期限": true, "责任人": true, "状态": true}

// Refresh brings the card's description and the rows it takes from the
// hazard (等级, 单位, 领域, 期限, 责任人, 状态) to h as it is now, keeping its
// other rows (依据, 上报人) after them: a card that waited to be sent (the
// coalescing of the leaders' notices) must not show a deadline, grade or
// person that a 修改 or a re-assignment changed meanwhile. assignee is how
// the 责任人 row shows h.Assignee (a name; "" shows the userid). A row
// whose value is now empty is dropped, as HazardCard leaves it out.
func (c *Card) Refresh(h *Hazard, assignee string) {
	fresh := HazardCard(c.Kind, h, "", "")
	fresh.SetRow("责任人", assignee)
	rows := fresh.Rows
	for _, r := range c.Rows {
		if !hazardRows[r.Label] {
			rows = append(rows, r)
		}
	}
	c.Rows, c.Summary = rows, fresh.Summary
}

// NotifyCard is a card notification to users (TargetUser: one userid, or
// several joined by '|') or every holder of a role (TargetRole). A card
// goes to all its recipients as one message (one task_id), so a click can
// update everyone's copy at once.
func NotifyCard(kind, target string, c *Card) Notification {
	return Notification{TargetKind: kind, Target: target, Body: c.Text(), Card: c}
}

// CardUpdate is an update_template_card call (WeCom 94888, 更新模版卡片消息):
// the click's ResponseCode (one use, valid 72 hours) and the text that
// replaces the card's buttons, greyed out (button.replace_name), for the
// recipients of the outbox row that carries it.
//
// Card, when set, replaces the card instead (94888's 更新为新的卡片): the
// same card with only the buttons still to press, and what clicks did so
// far in its desc; ReplaceName is then empty.
type CardUpdate struct {
	TaskID       string `json:"task_id"`
	ResponseCode string `json:"response_code"`
	ReplaceName  string `json:"replace_name,omitempty"`
	Card         *Card  `json:"card,omitempty"`
}

// Outbox formats of button cards.
const (
	FormatCard       = "card"        // body: a Card as JSON; target: userids joined by '|'
	FormatCardUpdate = "card_update" // body: a CardUpdate as JSON; target: as above
)

// CardRecord is a card as sent: the card, to whom, and whether a click
// already finished it.
type CardRecord struct {
	Card       Card
	Recipients []string
	CreatedAt  time.Time
	DoneAt     time.Time // zero while no click has acted on it
	DoneBy     string
	DoneText   string // what the card's buttons now say (已确认 · wang 11-30 09:12)
	// Clicks are the buttons a click finished while others stayed usable,
	// by button key, oldest first in ClickOrder.
	Clicks     map[string]CardClick
	ClickOrder []string
}

// CardClick is one button of a card that a click finished.
type CardClick struct {
	By   string
	Text string // 已收到 · 吴杨虎 11-30 07:25
	At   time.Time
}

// Remaining returns the card's buttons no click has finished yet and for
// which still (the hazard's current state) holds.
func (r CardRecord) Remaining(still func(CardButton) bool) []CardButton {
	var out []CardButton
	for _, b := range r.Card.Buttons {
		if _, done := r.Clicks[b.Key]; !done && still(b) {
			out = append(out, b)
		}
	}
	return out
}

// Progress is what clicks did so far, oldest first (已收到 · 吴杨虎 11-30 07:25).
func (r CardRecord) Progress() string {
	var parts []string
	for _, k := range r.ClickOrder {
		parts = append(parts, r.Clicks[k].Text)
	}
	return strings.Join(parts, "；")
}

// State is the card as clicks have left it, as the update its recipients
// get (without a response code): once finished, its buttons greyed out
// with DoneText; with no button left that still holds for the hazard
// (still; nil holds for none), greyed out with what was done (or 已处理);
// otherwise the card again with the buttons left, what was done in its
// desc and, when status is set, its 状态 row saying the status now.
func (r CardRecord) State(still func(CardButton) bool, status Status) CardUpdate {
	if still == nil {
		still = func(CardButton) bool { return false }
	}
	u := CardUpdate{TaskID: r.Card.TaskID}
	left := r.Remaining(still)
	switch {
	case !r.DoneAt.IsZero():
		u.ReplaceName = Fit(r.DoneText, CardReplaceRunes)
	case len(left) == 0:
		done := r.Progress()
		if done == "" {
			done = "已处理"
		}
		u.ReplaceName = Fit(done, CardReplaceRunes)
	default:
		c := r.Card
		c.Buttons = left
		if p := r.Progress(); p != "" {
			c.Desc = p
		}
		if status != "" {
			c.Rows = append([]CardRow(nil), c.Rows...)
			c.SetRow("状态", string(status))
		}
		u.Card = &c
	}
	return u
}

// CardService is the interactive template cards sent to WeCom and the
// clicks on their buttons: the first click to finish a card or a button
// wins, and the update every recipient sees is queued with it.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type CardService interface {
	// Card returns the card sent with taskID; an ENOTFOUND error when there is
	// none (a forged or foreign task_id).
	Card(ctx context.Context, taskID string) (CardRecord, error)

	// FinishCard records by's click on card taskID and queues u (the click's
	// response_code) in the same transaction; it is the one path by which a
	// click finishes anything on a card. With a button key, the click took
	// that button's step (text says what was done: 已收到 · 吴杨虎 11-30
	// 07:25), unless a click finished that button or the whole card already;
	// when no button is left (not finished, and still holding for the
	// hazard's state by still), the card is finished with text. With key "",
	// the click finishes the whole card with text, unless it is finished
	// already. When this call took the step, the update goes to all
	// recipients; otherwise to by alone, with the card as it now is. still
	// nil holds for no button. It returns the card as it is now and whether
	// this call took the step. An unknown taskID is ENOTFOUND.
	FinishCard(ctx context.Context, taskID, key, by, text string, still func(CardButton) bool, u CardUpdate) (CardRecord, bool, error)

	// RefreshCard queues u for by alone with card taskID as it now is: after a
	// click that did nothing (the step was already taken), the clicker's copy
	// loses the buttons that no longer hold. An unknown taskID is ENOTFOUND.
	RefreshCard(ctx context.Context, taskID, by string, still func(CardButton) bool, u CardUpdate) error
}

// CardAsks reports whether a card of kind still asks something of h: a
// card sent for a step the hazard has left (a verification card after
// 销号, any card after 驳回) asks nothing, and a click on it gets 已处理.
func CardAsks(kind CardKind, h *Hazard) bool {
	switch kind {
	case CardVerify:
		return h.Status == StatusVerifying
	case CardAssign:
		return h.Status.Open() && h.Status != StatusVerifying
	}
	return h.Status.Open()
}

// ButtonAsks reports whether button b of a card of kind still asks
// something of h: the card does (CardAsks), and a 确认 button only while h
// is not confirmed.
func ButtonAsks(kind CardKind, b CardButton, h *Hazard) bool {
	if !CardAsks(kind, h) {
		return false
	}
	if strings.HasPrefix(b.Key, "确认 ") {
		return !h.Confirmed
	}
	return true
}

// The notes a verification card's buttons send with 销号 and 驳回. A button
// cannot ask for a reason, so each note only restates its verdict; what
// shows the verdict beside a note (the ledger's 部门复核) leaves them out
// rather than say it twice (QA17 #10: 「不通过，退回整改，验收不通过，退回整改」).
const (
	CardPassNote   = "验收通过"
	CardReturnNote = "验收不通过，退回整改"
)

// VerdictNote is note as a reason beside its verdict: empty when it is a
// verification card's stock note (CardPassNote, CardReturnNote), which
// says nothing the verdict does not.
func VerdictNote(note string) string {
	switch strings.TrimRight(strings.TrimSpace(note), "。.") {
	case CardPassNote, CardReturnNote:
		return ""
	}
	return note
}
