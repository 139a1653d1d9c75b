package wecomtest

import (
	"encoding/json"
	"time"
)

// Card clicks on the fake long connection (WeCom 101463): the req_id of a
// template_card_event takes aibot_respond_update_msg only, within 5 s, with
// {"response_type":"update_template_card", "userids"?, "template_card"}
// whose task_id is the clicked card's; a stream (aibot_respond_msg) there
// is answered errcode 846605, as WeCom does. The card is checked against
// the robot's field limits (RobotCardProblem).

// Errcodes of the fake long connection for card clicks.
const (
	ErrStreamOnClick = 846605 // WeCom's: aibot_respond_msg on a card click's req_id
	// ErrUpdateNotClick is the fake's choice (WeCom's code is not in the
	// docs we follow): aibot_respond_update_msg on a req_id that is not a
	// card click's, or more than 5 s after the click.
	ErrUpdateNotClick = 846606
)

type wsClick struct {
	task string
	at   time.Time
}

// WSCardUpdate is an aibot_respond_update_msg the fake accepted.
type WSCardUpdate struct {
	ReqID   string   // the click's
	UserIDs []string // nil: every user the card went to
	Card    Card
	At      time.Time
}

// RobotCardUpdate is the body of a robot's card update, on the long
// connection or as the webhook's passive reply to a click.
type RobotCardUpdate struct {
	ResponseType string   `json:"response_type"`
	UserIDs      []string `json:"userids"`
	TemplateCard *Card    `json:"template_card"`
}

// CardUpdates lists the aibot_respond_update_msg frames accepted.
func (f *FakeWS) CardUpdates() []WSCardUpdate {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]WSCardUpdate(nil), f.updates...)
}

// checkRespondLocked is the errcode for a frame the client sent: 0 unless
// it breaks the rules of a card click's req_id.
func (f *FakeWS) checkRespondLocked(fr WSFrame) int {
	click, isClick := f.clicks[fr.ReqID]
	switch fr.Cmd {
	case "aibot_respond_msg":
		if isClick {
			return ErrStreamOnClick
		}
	case "aibot_respond_update_msg":
		if !isClick || fr.At.Sub(click.at) > 5*time.Second {
			return ErrUpdateNotClick
		}
		var u RobotCardUpdate
		if json.Unmarshal(fr.Body, &u) != nil || u.TemplateCard == nil {
			return 40005
		}
		if code := u.check(click.task); code != 0 {
			return code
		}
		f.updates = append(f.updates, WSCardUpdate{fr.ReqID, u.UserIDs, *u.TemplateCard, fr.At})
	}
	return 0
}

// check is the errcode for u as the update of card taskID: 0 when valid.
func (u RobotCardUpdate) check(taskID string) int {
	switch {
	case u.ResponseType != "update_template_card" || u.TemplateCard == nil:
		return 40005
	case u.TemplateCard.TaskID != taskID:
		return ErrTaskIDInvalid
	case RobotCardProblem(*u.TemplateCard) != "":
		return ErrCardInvalid
	}
	return 0
}
