package longconn

import (
	"context"
	"encoding/json"
	"unicode/utf8"

	"safetybot/outbox"
	"safetybot/wecom/wecomapi"
)

// streamBody is an answer to a callback: one frame of a stream, the last
// with Finish.
type streamBody struct {
	MsgType string `json:"msgtype"`
	Stream  struct {
		ID      string `json:"id"`
		Finish  bool   `json:"finish"`
		Content string `json:"content"`
	} `json:"stream"`
}

func stream(id string, finish bool, content string) streamBody {
	b := streamBody{MsgType: "stream"}
	b.Stream.ID, b.Stream.Finish, b.Stream.Content = id, finish, truncate(content, MaxStreamBytes)
	return b
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
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
	ack, err := s.request(cmd, reqID, raw)
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
	type result struct {
		f   Frame
		err error
	}
	done := make(chan result, 1)
	go func() {
		f, err := s.request(CmdSendMsg, c.newReqID(CmdSendMsg), body)
		done <- result{f, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		return outbox.Unavailable(ctx.Err())
	}
	if r.err != nil {
		return outbox.Unavailable(r.err)
	}
	return ackError(CmdSendMsg, r.f)
}
