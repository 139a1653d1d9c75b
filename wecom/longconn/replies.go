package longconn

import (
	"context"
	"encoding/json"

	"safetybot/outbox"
	"safetybot/wecom"
	"safetybot/wecom/robotcard"
	"safetybot/wecom/wecomapi"
)

// stream is an answer to a callback: one frame of a stream, the last with
// finish, its content cut to robotcard.MaxStreamBytes (as the webhook's).
func stream(id string, finish bool, content string) robotcard.StreamBody {
	return robotcard.Stream(id, finish, wecom.CapBytes(content, robotcard.MaxStreamBytes))
}

type reqLock struct {
	ch   chan struct{} // a one-slot semaphore
	refs int
}

// respond sends one frame on an inbound req_id after every earlier frame on
// that req_id was acked, and waits for its own ack.
func (s *session) respond(cmd, reqID string, body any) error {
	s.mu.Lock()
	l := s.serial[reqID]
	if l == nil {
		l = &reqLock{ch: make(chan struct{}, 1)}
		s.serial[reqID] = l
	}
	l.refs++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if l.refs--; l.refs == 0 {
			delete(s.serial, reqID)
		}
		s.mu.Unlock()
	}()
	select {
	case l.ch <- struct{}{}:
	case <-s.ctx.Done():
		return context.Cause(s.ctx)
	}
	defer func() { <-l.ch }()
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	ack, err := s.request(s.ctx, cmd, reqID, raw)
	if err != nil {
		return err
	}
	return ackError(cmd, ack)
}

// ackError is the error of a non-zero errcode in f, an ack of cmd: a
// *wecomapi.Error, which wecom/sender classifies like an API's.
func ackError(cmd string, f Frame) error {
	if f.Code() == 0 {
		return nil
	}
	return &wecomapi.Error{API: cmd, Code: int64(f.Code()), Msg: f.ErrMsg}
}

// Push sends a proactive markdown message (aibot_send_msg) to a chat: a
// group's chatid, or a userid for a single chat. Without a live connection
// it fails with an outbox.Unavailable error, so the outbox retries later.
func (c *Client) Push(ctx context.Context, chatID, markdown string) error {
	c.mu.Lock()
	s := c.cur
	c.mu.Unlock()
	if s == nil {
		return outbox.Unavailable(ErrNotConnected)
	}
	body, err := json.Marshal(map[string]any{"chatid": chatID, "msgtype": "markdown",
		"markdown": map[string]string{"content": markdown}})
	if err != nil {
		return err
	}
	ack, err := s.request(ctx, CmdSendMsg, c.newReqID(CmdSendMsg), body)
	if err != nil {
		return outbox.Unavailable(err)
	}
	return ackError(CmdSendMsg, ack)
}
