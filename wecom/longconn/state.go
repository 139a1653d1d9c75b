package longconn

import (
	"context"
	"errors"
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

// Run keeps the connection up until ctx ends, then returns nil after the
// callbacks in flight are handled. A failed or lost connection is retried
// with backoff MinBackoff → MaxBackoff; a displaced one (disconnected_event)
// after kickWait, with an ERROR log line and OnDisplaced once per episode.
func (c *Client) Run(ctx context.Context) error {
	defer c.wg.Wait()
	defer c.setState(StateStopped, time.Time{})
	backoff := c.cfg.MinBackoff
	for {
		c.setState(StateConnecting, time.Time{})
		subscribed, held, err := c.session(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if subscribed && held >= c.cfg.KickWaitMax {
			c.status.mu.Lock()
			c.status.episode = false // the other instance is gone: a new kick is news
			c.status.mu.Unlock()
		}
		if errors.Is(err, ErrDisplaced) {
			wait := c.kickWait()
			c.status.mu.Lock()
			first := !c.status.episode
			c.status.episode = true
			c.status.st.Displaced++
			c.status.mu.Unlock()
			c.setState(StateDisplaced, c.cfg.Now().Add(wait))
			c.log.Error("intelligent robot long connection replaced by another connection for the same bot (disconnected_event); "+
				"reconnecting after a long random wait so the two instances do not keep evicting each other. Stop the other instance",
				"url", c.cfg.URL, "reconnect_in", wait.Round(time.Second))
			if first && c.cfg.OnDisplaced != nil {
				c.cfg.OnDisplaced(ctx, wait)
			}
			if c.cfg.Sleep(ctx, wait) != nil {
				return nil
			}
			backoff = c.cfg.MinBackoff
			continue
		}
		if subscribed {
			backoff = c.cfg.MinBackoff
		}
		c.log.Warn("intelligent robot long connection down, reconnecting", "in", backoff, "err", err)
		if c.cfg.Sleep(ctx, backoff) != nil {
			return nil
		}
		backoff = min(backoff*2, c.cfg.MaxBackoff)
	}
}
