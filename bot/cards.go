package bot

import (
	"context"
	"fmt"
	"strings"

	"safetybot"
)

// Button cards (issue 13 §1): where a notice asks for a decision, it goes
// as a card whose buttons run chat commands. A click is handled here:
// the button's key is the command text, run through command (the same
// parser and the same permission check as typed text), and the card is
// then updated for everyone who received it (store.FinishCard queues
// update_template_card with the click's response_code). The answer to a
// click also carries the card as the click left it (Reply.Card), for the
// intelligent robot, which updates the card in its answer to the click.

// cardClick handles a template_card_event. An unknown task_id or a key the
// card never had is ignored with a log line (a forged click cannot get
// past the callback's signature; a stale or foreign card can). A click on
// a finished card, or on a card whose hazard has moved on, answers 已处理
// and the hazard's current state and changes nothing. Otherwise the
// button's command runs as the clicker: a refusal changes nothing and the
// card stays as it is (no Reply.Card); a success finishes the card for all
// its recipients.
func (e *Engine) cardClick(ctx context.Context, m Message) []Reply {
	rec, err := e.store.Card(ctx, m.TaskID)
	if safetybot.ErrorCode(err) == safetybot.ENOTFOUND {
		e.log.WarnContext(ctx, "card click for an unknown task_id ignored", "source", m.Source)
		return nil
	}
	if err != nil {
		e.log.ErrorContext(ctx, "card click failed", "source", m.Source, "err", err)
		return []Reply{{Text: safetybot.ErrorMessage(err)}}
	}
	btn, ok := rec.Card.Button(m.EventKey)
	if !ok {
		e.log.WarnContext(ctx, "card click with a key the card does not have ignored", "source", m.Source, "kind", rec.Card.Kind)
		return nil
	}
	upd := safetybot.CardUpdate{ResponseCode: m.ResponseCode}
	h, _, err := e.store.Hazard(ctx, rec.Card.Hazard)
	if !rec.DoneAt.IsZero() {
		replies := e.cardHandled(ctx, m, rec, upd, rec.DoneText)
		if err == nil {
			e.sayReturned(ctx, replies, rec, h)
		}
		return replies
	}
	if err != nil {
		return []Reply{{Text: safetybot.ErrorMessage(err)}}
	}
	if !safetybot.CardAsks(rec.Card.Kind, h) {
		return e.cardHandled(ctx, m, rec, upd, "已处理 · 当前"+string(h.Status))
	}
	if c, done := rec.Clicks[btn.Key]; done || !safetybot.ButtonAsks(rec.Card.Kind, btn, h) {
		// this button's step was taken (by a click, or typed): the others stay
		replies := e.buttonHandled(ctx, m, rec, h, upd, c.Text)
		e.sayReturned(ctx, replies, rec, h)
		return replies
	}
	msg := Message{Source: m.Source, ChatID: m.ChatID, ChatType: m.ChatType, UserID: m.UserID, MsgID: m.MsgID, Text: btn.Key}
	replies, err := e.command(ctx, msg)
	switch safetybot.ErrorCode(err) {
	case "":
	case safetybot.ECONFLICT:
		// the hazard moved on between the check and the command (another
		// leader's click, a typed command): nothing changed
		h, _, herr := e.store.Hazard(ctx, rec.Card.Hazard)
		if herr != nil {
			return replies
		}
		if !safetybot.CardAsks(rec.Card.Kind, h) {
			return e.cardHandled(ctx, m, rec, upd, "已处理 · 当前"+string(h.Status))
		}
		return e.buttonHandled(ctx, m, rec, h, upd, "")
	default:
		return replies // refused (no right, bad state…): nothing changes, the card stays
	}
	// Only this button is finished: the card's other buttons stay while they
	// still make sense for the hazard as the command left it (收到 leaves
	// 整改完成, 确认 leaves 督办).
	still := func(safetybot.CardButton) bool { return false }
	var status safetybot.Status
	if h, _, err := e.store.Hazard(ctx, rec.Card.Hazard); err == nil {
		still = func(b safetybot.CardButton) bool { return safetybot.ButtonAsks(rec.Card.Kind, b, h) }
		status = h.Status
	}
	done := fmt.Sprintf("%s · %s %s", btn.Done, e.name(ctx, m.UserID), e.now().In(safetybot.Shanghai).Format("01-02 15:04"))
	rec, first, err := e.store.FinishCard(ctx, m.TaskID, btn.Key, m.UserID, done, still, upd)
	if err != nil {
		e.log.ErrorContext(ctx, "card not updated after its command", "source", m.Source, "err", err)
		return replies
	}
	return withCard(replies, clickUpdate(m, rec, still, status, first, !first))
}

// buttonHandled answers a click on a button whose step was already taken
// while the card still asks something: 已处理, what was done (text, when a
// click did it) and the hazard's state; the clicker's copy of the card is
// updated to the buttons left.
func (e *Engine) buttonHandled(ctx context.Context, m Message, rec safetybot.CardRecord, h *safetybot.Hazard, upd safetybot.CardUpdate, text string) []Reply {
	still := func(b safetybot.CardButton) bool { return safetybot.ButtonAsks(rec.Card.Kind, b, h) }
	replies := []Reply{{Text: handledText(orText(text, "此步已完成"), e.hazardState(ctx, h), h.Number)}}
	if err := e.store.RefreshCard(ctx, m.TaskID, m.UserID, still, upd); err != nil {
		e.log.ErrorContext(ctx, "card not updated", "source", m.Source, "err", err)
		return replies
	}
	if now, err := e.store.Card(ctx, m.TaskID); err == nil {
		replies[0].Card = clickUpdate(m, now, still, h.Status, false, true)
	}
	return replies
}

// handledText answers a click with nothing left to do: 已处理, what was
// done (done) and the hazard's state (state, 隐患 … 当前状态：…). A card
// finished because its hazard moved on says 已处理 · 当前<状态> on its
// button; the answer then says the state once, after 已处理.
func handledText(done, state, number string) string {
	if strings.HasPrefix(done, "已处理") && state != "" {
		return fmt.Sprintf("已处理。%s发送「隐患 %s」查看全程记录。", state, number)
	}
	return fmt.Sprintf("已处理：%s。%s发送「隐患 %s」查看全程记录。", done, state, number)
}

// hazardState is 隐患 … 当前状态：…，责任人：…。
func (e *Engine) hazardState(ctx context.Context, h *safetybot.Hazard) string {
	state := fmt.Sprintf("隐患 %s 当前状态：%s", h.Number, h.Status)
	if h.Assignee != "" && h.Status.Open() {
		state += "，责任人：" + e.name(ctx, h.Assignee)
	}
	return state + "。"
}

// cardHandled answers a click that has nothing left to do: 已处理, what was
// done and the hazard's current state; the clicker's copy of the card is
// updated too (finishing the card with text when no click had yet).
func (e *Engine) cardHandled(ctx context.Context, m Message, rec safetybot.CardRecord, upd safetybot.CardUpdate, text string) []Reply {
	rec, first, err := e.store.FinishCard(ctx, m.TaskID, "", m.UserID, text, nil, upd)
	if err != nil {
		e.log.ErrorContext(ctx, "card not updated", "source", m.Source, "err", err)
	}
	state := ""
	if h, _, err := e.store.Hazard(ctx, rec.Card.Hazard); err == nil {
		state = e.hazardState(ctx, h)
	}
	r := Reply{Text: handledText(orText(rec.DoneText, text), state, rec.Card.Hazard)}
	if err == nil {
		r.Card = clickUpdate(m, rec, nil, "", first, true)
	}
	return []Reply{r}
}

// CardUpdate is how a click left the clicked card, for a transport that
// updates the card in its answer to the click (the intelligent robot's
// update_template_card, WeCom 101031 / 101463) rather than through the
// outbox with a response_code (the app).
type CardUpdate struct {
	// Update is the update the app path queues for the same click, without
	// a response code: Card with the buttons still to press and what clicks
	// did in its Desc, or, when no button is left, ReplaceName (what the
	// buttons now say: 已确认 · 王局长 11-30 09:12, not yet cut to a length).
	Update safetybot.CardUpdate
	// Sent is the card as it was sent: what a ReplaceName update greys out.
	Sent safetybot.Card
	// Users are whose copy changes: nil for every recipient (this click
	// took the step), the clicker alone otherwise.
	Users []string
	// Handled: the click found its step already taken; the clicker's copy
	// says 已处理.
	Handled bool
}

// clickUpdate is the CardUpdate of click m on card rec as it now is. It
// follows store.queueCardState, which builds the app's update from the same
// record: a finished card says its DoneText; a card with buttons left is
// the card again with those buttons and its Progress; a card with none
// left but not finished (the hazard moved on) says its Progress. status
// ("": as sent) is the hazard's status now, for the 状态 row. still
// (nil: no button holds) is whether a button still asks something of the
// hazard; all sends it to every recipient.
func clickUpdate(m Message, rec safetybot.CardRecord, still func(safetybot.CardButton) bool, status safetybot.Status, all, handled bool) *CardUpdate {
	u := rec.State(still, status)
	u.TaskID = m.TaskID
	cu := &CardUpdate{Update: u, Sent: rec.Card, Handled: handled}
	cu.Sent.TaskID = m.TaskID
	if !all {
		cu.Users = []string{m.UserID}
	}
	return cu
}

// withCard puts u on the first of replies (a Reply of its own when there
// is none), where transports look for it.
func withCard(replies []Reply, u *CardUpdate) []Reply {
	if len(replies) == 0 {
		return []Reply{{Card: u}}
	}
	replies[0].Card = u
	return replies
}

// majorCard is the 重大 notice to the leaders as a card (确认, 督办, 详情),
// coalescing like every leaders' notice: within a minute of another one,
// the card goes as its text, joined to the waiting notice.
//
// reporter is how the reporter is shown (a name looked up before the
// transaction; "" shows the userid).
func majorCard(h *safetybot.Hazard, desc, reporter string) safetybot.Notification {
	c := safetybot.HazardCard(safetybot.CardMajor, h, "【重大隐患】", desc)
	if h.Basis != "" {
		c.Rows = append(c.Rows, safetybot.CardRow{Label: "依据", Value: h.Basis})
	}
	if h.Reporter != "" {
		c.Rows = append(c.Rows, safetybot.CardRow{Label: "上报人", Value: orText(reporter, h.Reporter)})
	}
	n := safetybot.NotifyCard(safetybot.TargetRole, string(safetybot.RoleLeader), c)
	n.Coalesce = "leaders"
	return n
}

// assignCard is the assignment to the responsible person (收到, 整改完成).
// who is how the assignee is shown in the 责任人 row (a name looked up
// before the transaction; "" shows the userid).
func assignCard(h *safetybot.Hazard, assignee, who string, today safetybot.Date) safetybot.Notification {
	desc := "您被指派整改"
	if h.Overdue(today) { // QA9 #4: a deadline already past reads as one
		desc = "您被指派整改，期限已过，已逾期"
	}
	c := safetybot.HazardCard(safetybot.CardAssign, h, "【整改指派】", desc)
	c.SetRow("责任人", who)
	return safetybot.NotifyCard(safetybot.TargetUser, assignee, c)
}

// sayReturned rewrites the answer (replies[0]) to a click on an assignment
// card whose 整改完成 was pressed while the hazard h has since come back to
// 整改中 (验收未通过, or the 整改完成 undone): 已处理：已报整改完成 would read
// as if the work were done, so it says the hazard came back and how to
// report it done again. Other clicks keep their answer.
func (e *Engine) sayReturned(ctx context.Context, replies []Reply, rec safetybot.CardRecord, h *safetybot.Hazard) {
	if rec.Card.Kind != safetybot.CardAssign || h.Status != safetybot.StatusRectifying || len(replies) == 0 {
		return
	}
	for _, b := range rec.Card.Buttons {
		if c, done := rec.Clicks[b.Key]; done && strings.HasSuffix(b.Key, "完成:是") {
			replies[0].Text = fmt.Sprintf("这张卡片的「%s」已点过（%s）；此后隐患 %s 回到整改中（验收未通过退回，或撤销了整改完成），本卡片不再用于报完成。"+
				"整改完成后请点新发来的【退回整改】卡片，或发送「整改 %s <说明> 完成:是」。%s", b.Text, c.Text, h.Number, h.Number, e.hazardState(ctx, h))
			return
		}
	}
}

// returnCard is the assignment card again, for a hazard whose verification
// failed (退回整改): the responsible person's first card has its 整改完成
// pressed, so a fresh one (收到, 整改完成) says why it came back and lets
// him report it done again. who is how he is shown ("" shows the userid).
func returnCard(h *safetybot.Hazard, who, reason string) safetybot.Notification {
	c := safetybot.HazardCard(safetybot.CardAssign, h, "【退回整改】", "验收未通过，请继续整改："+reason)
	c.SetRow("责任人", who)
	return safetybot.NotifyCard(safetybot.TargetUser, h.Assignee, c)
}

// verifyCard asks the field's staff to verify a rectification reported
// done (验收通过, 退回): one card to staff (see safetybot.Verifiers: the
// staff of the domain's working group, else the bureau-wide staff), or to
// the leaders while there are none, never to staff limited to another
// group, who would be refused the 销号.
//
// names shows people by name (looked up before the transaction): the
// 责任人 row shows names[h.Assignee] where it has one.
func verifyCard(h *safetybot.Hazard, staff []string, names map[string]string) safetybot.Notification {
	c := safetybot.HazardCard(safetybot.CardVerify, h, "【待验收】", "整改完成，请现场验收")
	c.SetRow("责任人", names[h.Assignee])
	if len(staff) == 0 {
		return safetybot.NotifyCard(safetybot.TargetRole, string(safetybot.RoleLeader), c)
	}
	return safetybot.NotifyCard(safetybot.TargetUser, strings.Join(staff, "|"), c)
}

// verifiers are who get the 待验收 card of hazard number
// (safetybot.Verifiers for its domain), read before the change that
// reports it done, and the name of its responsible person by userid, for
// the card.
func (e *Engine) verifiers(ctx context.Context, number string) ([]string, map[string]string, error) {
	h, _, err := e.store.Hazard(ctx, number)
	if err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	if h.Assignee != "" {
		names[h.Assignee] = e.name(ctx, h.Assignee)
	}
	staff, err := safetybot.Verifiers(ctx, e.store, e.plan.DomainGroup(h.Domain))
	return staff, names, err
}
