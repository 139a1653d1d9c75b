package longconn

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"safetybot/wecom"
)

// session is one WebSocket connection.
type session struct {
	c    *Client
	ws   *websocket.Conn
	ctx  context.Context // ends with the connection
	stop context.CancelCauseFunc

	mu      sync.Mutex
	pending map[string]chan Frame
	serial  map[string]*reqLock
}

func (c *Client) newReqID(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + "_" + strconv.FormatUint(c.seq.Add(1), 10) + "_" + hex.EncodeToString(b)
}

// session dials, subscribes, and serves one connection (heartbeat and
// frames) until it ends; held is how long it stayed subscribed.
func (c *Client) session(ctx context.Context) (subscribed bool, held time.Duration, err error) {
	ws, err := c.dial(ctx)
	if err != nil {
		return false, 0, err
	}
	sctx, stop := context.WithCancelCause(ctx)
	s := &session{c: c, ws: ws, ctx: sctx, stop: stop, pending: map[string]chan Frame{}, serial: map[string]*reqLock{}}
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		s.read()
	}()
	defer func() {
		c.mu.Lock()
		if c.cur == s {
			c.cur = nil
		}
		c.mu.Unlock()
		stop(err)
		ws.CloseNow()
		<-readDone
	}()

	body, _ := json.Marshal(map[string]string{"bot_id": c.cfg.BotID, "secret": c.cfg.Secret})
	ack, err := s.request(s.ctx, CmdSubscribe, c.newReqID(CmdSubscribe), body)
	if err != nil {
		return false, 0, fmt.Errorf("subscribe: %w", err)
	}
	if err := ackError(CmdSubscribe, ack); err != nil {
		return false, 0, fmt.Errorf("subscribe refused: %w", err)
	}
	// held counts from the subscription, taken before the state says so:
	// taken after, a reader of StateConnected could see time pass before it.
	start := c.cfg.Now()
	c.mu.Lock()
	c.cur = s
	c.mu.Unlock()
	c.setState(StateConnected, time.Time{})
	c.log.Info("intelligent robot long connection subscribed", "url", c.cfg.URL)
	err = s.keepAlive()
	return true, c.cfg.Now().Sub(start), err
}

// keepAlive pings until the connection ends; two pings in a row without an
// ack end it.
func (s *session) keepAlive() error {
	t := time.NewTicker(s.c.cfg.PingInterval)
	defer t.Stop()
	var acked atomic.Bool
	acked.Store(true)
	missed := 0
	for {
		select {
		case <-s.ctx.Done():
			return context.Cause(s.ctx)
		case <-t.C:
		}
		if acked.Load() {
			missed = 0
		} else if missed++; missed >= 2 {
			err := errors.New("two pings without an ack: connection dead")
			s.stop(err)
			return err
		}
		acked.Store(false)
		id := s.c.newReqID(CmdPing)
		ch := s.expect(id)
		go func() {
			select {
			case <-ch:
				acked.Store(true)
			case <-s.ctx.Done():
			}
		}()
		if err := s.write(Frame{Cmd: CmdPing, Headers: Headers{ReqID: id}}); err != nil {
			s.stop(err)
			return err
		}
	}
}

// read dispatches frames until the connection ends.
func (s *session) read() {
	for {
		_, data, err := s.ws.Read(s.ctx)
		if err != nil {
			s.stop(fmt.Errorf("read: %w", err))
			return
		}
		f, err := ParseFrame(data)
		if err != nil {
			s.c.log.Warn("unreadable frame ignored", "err", err, "bytes", len(data))
			continue
		}
		switch f.Cmd {
		case "":
			s.mu.Lock()
			ch := s.pending[f.Headers.ReqID]
			delete(s.pending, f.Headers.ReqID)
			s.mu.Unlock()
			if ch != nil {
				ch <- f
			}
		case CmdMsgCallback, CmdEventCallback:
			var cb wecom.AIBotMessage
			if err := json.Unmarshal(f.Body, &cb); err != nil {
				s.c.log.Warn("unreadable callback body ignored", "cmd", f.Cmd, "err", err)
				continue
			}
			if f.Cmd == CmdEventCallback && cb.Event != nil && cb.Event.EventType == "disconnected_event" {
				s.stop(ErrDisplaced)
				return
			}
			select {
			case s.c.sem <- struct{}{}:
			case <-s.ctx.Done():
				return
			}
			s.c.wg.Add(1)
			go func() {
				defer func() { <-s.c.sem; s.c.wg.Done() }()
				s.c.callback(s, f.Cmd, f.Headers.ReqID, &cb)
			}()
		default:
			s.c.log.Debug("frame ignored", "cmd", f.Cmd)
		}
	}
}

func (s *session) expect(reqID string) chan Frame {
	ch := make(chan Frame, 1)
	s.mu.Lock()
	s.pending[reqID] = ch
	s.mu.Unlock()
	return ch
}

func (s *session) write(f Frame) error {
	data, err := json.Marshal(f)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(s.ctx, s.c.cfg.AckTimeout)
	defer cancel()
	return s.ws.Write(ctx, websocket.MessageText, data)
}

// request sends a frame and waits for its ack, up to AckTimeout, the end
// of the connection or of ctx (then with ctx's error as is). The write
// itself is bounded by the connection, not by ctx: a write cut short
// would close the WebSocket.
func (s *session) request(ctx context.Context, cmd, reqID string, body json.RawMessage) (Frame, error) {
	ch := s.expect(reqID)
	if err := s.write(Frame{Cmd: cmd, Headers: Headers{ReqID: reqID}, Body: body}); err != nil {
		s.forget(reqID)
		return Frame{}, err
	}
	t := time.NewTimer(s.c.cfg.AckTimeout)
	defer t.Stop()
	select {
	case f := <-ch:
		return f, nil
	case <-t.C:
		s.forget(reqID)
		return Frame{}, fmt.Errorf("%s: no ack within %v", cmd, s.c.cfg.AckTimeout)
	case <-s.ctx.Done():
		s.forget(reqID)
		return Frame{}, fmt.Errorf("%s: connection closed: %w", cmd, context.Cause(s.ctx))
	case <-ctx.Done():
		s.forget(reqID)
		return Frame{}, ctx.Err()
	}
}

func (s *session) forget(reqID string) {
	s.mu.Lock()
	delete(s.pending, reqID)
	s.mu.Unlock()
}
