package longconn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"safetybot"
)

// Commands of the intelligent robot's long connection (developer doc 101463).
const (
	CmdSubscribe      = "aibot_subscribe"
	CmdPing           = "ping"
	CmdMsgCallback    = "aibot_msg_callback"
	CmdEventCallback  = "aibot_event_callback"
	CmdRespondMsg     = "aibot_respond_msg"
	CmdRespondWelcome = "aibot_respond_welcome_msg"
	CmdRespondUpdate  = "aibot_respond_update_msg"
	CmdSendMsg        = "aibot_send_msg"
)

// MaxFrame is the largest frame read (a stream reply is at most 20 KiB of
// content; callbacks are small).
const MaxFrame = 1 << 20

// Headers are a frame's headers.
type Headers struct {
	ReqID string `json:"req_id"`
}

// Frame is one JSON message of the long connection:
// {cmd, headers:{req_id}, body, errcode?, errmsg?}. Acks have no cmd and
// echo the req_id of the frame they answer.
type Frame struct {
	Cmd     string          `json:"cmd,omitempty"`
	Headers Headers         `json:"headers"`
	Body    json.RawMessage `json:"body,omitempty"`
	ErrCode *int            `json:"errcode,omitempty"`
	ErrMsg  string          `json:"errmsg,omitempty"`
}

// Code is the ack's errcode (0 when absent).
func (f *Frame) Code() int {
	if f.ErrCode == nil {
		return 0
	}
	return *f.ErrCode
}

// ParseFrame reads one frame. Raw control characters that would make the
// JSON invalid (text pasted from WPS or Word) are cleaned out first
// (safetybot.CleanJSON). It refuses what is not a single JSON object
// within MaxFrame, a body that is not an object, and a frame with no
// req_id; it never panics.
func ParseFrame(data []byte) (Frame, error) {
	var f Frame
	data = safetybot.CleanJSON(bytes.TrimSpace(data))
	switch {
	case len(data) == 0:
		return f, errors.New("longconn: empty frame")
	case len(data) > MaxFrame:
		return f, fmt.Errorf("longconn: frame of %d bytes over the %d limit", len(data), MaxFrame)
	case data[0] != '{':
		return f, errors.New("longconn: frame is not a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&f); err != nil {
		return Frame{}, fmt.Errorf("longconn: bad frame: %w", err)
	}
	if dec.More() {
		return Frame{}, errors.New("longconn: trailing data after the frame")
	}
	if b := bytes.TrimSpace(f.Body); len(b) > 0 && !bytes.Equal(b, []byte("null")) && b[0] != '{' {
		return Frame{}, errors.New("longconn: frame body is not an object")
	}
	if f.Headers.ReqID == "" {
		return Frame{}, errors.New("longconn: frame without req_id")
	}
	return f, nil
}
