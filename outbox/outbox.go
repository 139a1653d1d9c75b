// Package outbox owns delivery of queued notifications: at least once, with
// exponential backoff, pacing on request, and a dead-letter state after a
// bounded number of attempts. What a delivery means (WeCom, the console) is a
// Sender's business.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"safetybot"
	"safetybot/store"
)

// Sender delivers one message. An error marked Permanent dead-letters the
// message at once; a *Postponed error retries later without counting as a
// failure; any other error is retried with backoff.
type Sender interface {
	Send(ctx context.Context, m store.OutboxMessage) error
}

type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent marks err as not worth retrying (no such recipient, a
// configuration error).
func Permanent(err error) error { return permanent{err} }

// IsPermanent reports whether err was marked Permanent.
func IsPermanent(err error) bool { return errors.As(err, new(permanent)) }

// Postponed asks the worker to try again at Until, e.g. to stay under a
// per-recipient rate limit; it is not a failure.
type Postponed struct{ Until time.Time }

func (p *Postponed) Error() string { return "postponed until " + p.Until.Format(time.RFC3339) }

// Worker delivers due outbox rows.
type Worker struct {
	Store       *store.Store
	Sender      Sender
	Log         *slog.Logger
	Now         safetybot.Clock
	MaxAttempts int           // dead-letter after this many failures (default 8)
	BaseDelay   time.Duration // first retry delay, doubled each time (default 30 s)
	MaxDelay    time.Duration // cap of the delay (default 30 min)
	Poll        time.Duration // how often to look for due rows (default 2 s)
	Batch       int           // rows per pass (default 50)
}

func (w *Worker) defaults() {
	if w.MaxAttempts == 0 {
		w.MaxAttempts = 8
	}
	if w.BaseDelay == 0 {
		w.BaseDelay = 30 * time.Second
	}
	if w.MaxDelay == 0 {
		w.MaxDelay = 30 * time.Minute
	}
	if w.Poll == 0 {
		w.Poll = 2 * time.Second
	}
	if w.Batch == 0 {
		w.Batch = 50
	}
	if w.Now == nil {
		w.Now = time.Now
	}
	if w.Log == nil {
		w.Log = slog.Default()
	}
}

// Run delivers until ctx is done.
func (w *Worker) Run(ctx context.Context) error {
	w.defaults()
	t := time.NewTicker(w.Poll)
	defer t.Stop()
	for {
		if _, err := w.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("outbox pass failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// DeliverDue makes one pass over due rows and returns how many were sent.
// Rows are marked after each send, so a crash between send and mark can
// only repeat a message (at least once), never lose one.
func (w *Worker) DeliverDue(ctx context.Context) (int, error) {
	w.defaults()
	due, err := w.Store.DueOutbox(ctx, w.Batch)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, m := range due {
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		err := w.Sender.Send(ctx, m)
		var post *Postponed
		switch {
		case err == nil:
			sent++
			err = w.Store.MarkSent(ctx, m.ID)
		case errors.As(err, &post):
			err = w.Store.Postpone(ctx, m.ID, post.Until)
		case IsPermanent(err) || m.Attempts+1 >= w.MaxAttempts:
			w.Log.Error("outbox message dead-lettered", "id", m.ID, "target_kind", m.TargetKind, "attempts", m.Attempts+1, "err", err)
			err = w.Store.MarkDead(ctx, m.ID, err.Error())
		default:
			next := w.Now().Add(w.backoff(m.Attempts))
			w.Log.Warn("outbox delivery failed, will retry", "id", m.ID, "attempt", m.Attempts+1, "next", next, "err", err)
			err = w.Store.MarkRetry(ctx, m.ID, next, err.Error())
		}
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// backoff is BaseDelay·2^attempts, capped at MaxDelay.
func (w *Worker) backoff(attempts int) time.Duration {
	d := w.BaseDelay
	for i := 0; i < attempts && d < w.MaxDelay; i++ {
		d *= 2
	}
	return min(d, w.MaxDelay)
}

// LogSender "delivers" to a writer: what serve uses when WeCom is not
// configured, so queued notifications are visible and never pile up.
type LogSender struct{ W io.Writer }

// Send prints the message.
func (s LogSender) Send(_ context.Context, m store.OutboxMessage) error {
	_, err := fmt.Fprintf(s.W, "【通知 → %s:%s】%s\n", m.TargetKind, m.Target, m.Body)
	return err
}
