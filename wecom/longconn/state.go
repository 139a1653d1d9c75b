package longconn

import (
	"sync"
	"time"
)

// States of a Client, as /healthz and /metrics report them.
const (
	StateConnecting = "connecting" // dialling or subscribing, or backing off after a failure
	StateConnected  = "connected"  // subscribed: messages flow
	StateDisplaced  = "displaced"  // another connection for the same bot took over; waiting to reconnect
	StateStopped    = "stopped"    // Run returned (or never ran)
)

// Status is a Client's state for health reports.
type Status struct {
	State string
	Since time.Time // when State began
	// ReconnectAt is when a displaced client will try again (zero otherwise).
	ReconnectAt time.Time
	// Displaced counts disconnected_event since the process started.
	Displaced int64
}

// status is the Client's mutable Status, guarded by its own lock (the
// session lock is held across network waits).
type status struct {
	mu sync.Mutex
	st Status
	// episode is true from a displacement until a connection holds for
	// KickWaitMax: OnDisplaced runs once per episode.
	episode bool
}

func (c *Client) setState(state string, reconnectAt time.Time) {
	c.status.mu.Lock()
	defer c.status.mu.Unlock()
	if c.status.st.State != state {
		c.status.st.State, c.status.st.Since = state, c.cfg.Now()
	}
	c.status.st.ReconnectAt = reconnectAt
}

// Status reports the connection's state; it is safe to call at any time.
func (c *Client) Status() Status {
	c.status.mu.Lock()
	defer c.status.mu.Unlock()
	st := c.status.st
	if st.State == "" {
		st.State = StateStopped
	}
	return st
}

// kickWait picks the wait before reconnecting after disconnected_event:
// uniform in [KickWaitMin, KickWaitMax].
func (c *Client) kickWait() time.Duration {
	span := c.cfg.KickWaitMax - c.cfg.KickWaitMin
	return c.cfg.KickWaitMin + time.Duration(c.cfg.Rand()*float64(span))
}
