package wecom

import (
	"context"
	"sync"
)

// inflight counts a receiver's messages still being handled after their
// callback was answered (the slow path runs detached from the request), so
// that a shutdown can wait for them before closing the store: a message
// already recorded as handled in the dedup table would otherwise be lost.
// Unlike a sync.WaitGroup, adding while someone waits is allowed (a request
// that outlived the HTTP server's shutdown deadline).
type inflight struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0; nil while n == 0
}

func (f *inflight) add() {
	f.mu.Lock()
	if f.n == 0 {
		f.idle = make(chan struct{})
	}
	f.n++
	f.mu.Unlock()
}

func (f *inflight) done() {
	f.mu.Lock()
	if f.n--; f.n == 0 {
		close(f.idle)
		f.idle = nil
	}
	f.mu.Unlock()
}

// wait returns nil once nothing is in flight, or ctx's error first.
func (f *inflight) wait(ctx context.Context) error {
	f.mu.Lock()
	idle := f.idle
	f.mu.Unlock()
	if idle == nil {
		return nil
	}
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Wait blocks until every message this handler took is handled and its
// reply delivered or queued, or ctx ends (then it returns ctx's error).
// serve calls it after the HTTP server's shutdown and before closing the
// store. Each message's work is itself bounded (two minutes).
func (h *AppHandler) Wait(ctx context.Context) error { return h.in.work.wait(ctx) }

// Wait is AppHandler.Wait for the robot's webhook.
func (h *AIBotHandler) Wait(ctx context.Context) error { return h.in.work.wait(ctx) }

// LostReplies is how many slow replies to anonymous-report commands
// (receipt codes among them) reached nobody since the start: they leave no
// log line, so /metrics is where an operator sees them.
func (h *AppHandler) LostReplies() int64 { return h.in.lost.Load() }

// LostReplies is AppHandler.LostReplies for the robot's webhook.
func (h *AIBotHandler) LostReplies() int64 { return h.in.lost.Load() }
