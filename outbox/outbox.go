// Package outbox owns delivery of queued notifications: at least once, with
// exponential backoff, pacing on request, and a dead-letter state after a
// bounded number of attempts. What a delivery means (WeCom, the console) is a
// Sender's business.
//
// The guarantees, and where each comes from:
//   - Nothing is lost: a row leaves "pending" only when the Sender said it was
//     delivered, or it is dead-lettered (listed by 失败投递). A channel that is
//     down (Unavailable errors: network, timeouts, WeCom busy or throttling)
//     never dead-letters a row before MaxAge (a day by default), however many
//     probes failed, so an outage of hours loses nothing.
//   - Nothing is sent twice by two workers: rows are claimed with a lease in
//     one transaction before sending (two serve processes on one database
//     each get different rows), and a row's outcome is recorded only by the
//     lease holder.
//   - A crash between a send and its record repeats that one message when the
//     lease runs out (at least once); the WeCom sender sets
//     enable_duplicate_check so the repeat is not shown twice. Long messages
//     sent in parts record the parts done, so a retry sends only the rest.
//   - During an outage the worker does not hammer WeCom: after an Unavailable
//     error the rest of that channel's rows wait (a circuit breaker with its
//     own backoff, up to MaxPause); when a probe succeeds again, rows waiting
//     out a long backoff are made due at once.
//   - Messages to one recipient go out in order (see store.ClaimOutbox).
package outbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"safetybot"
)

// Sender delivers one message. An error marked Permanent dead-letters the
// message at once; a *Postponed error retries later without counting as a
// failure; an error marked Unavailable pauses the channel; any other error is
// retried with backoff. Wrap with Partial when some parts were delivered.
type Sender interface {
	Send(ctx context.Context, m safetybot.OutboxMessage) error
}

type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent marks err as not worth retrying (no such recipient, a
// configuration error).
func Permanent(err error) error { return permanent{err} }

// IsPermanent reports whether err was marked Permanent.
func IsPermanent(err error) bool { return errors.As(err, new(permanent)) }

type unavailable struct{ err error }

func (u unavailable) Error() string { return u.err.Error() }
func (u unavailable) Unwrap() error { return u.err }

// Unavailable marks err as the channel being down, busy or throttling (a
// network error, a timeout, WeCom's -1, 45009 or 45033): the row is retried
// with backoff, the channel's other rows wait, and the row is never
// dead-lettered before MaxAge.
func Unavailable(err error) error { return unavailable{err} }

// IsUnavailable reports whether err was marked Unavailable.
func IsUnavailable(err error) bool { return errors.As(err, new(unavailable)) }

// Postponed asks the worker to try again at Until, e.g. to stay under a
// per-recipient rate limit; it is not a failure.
type Postponed struct{ Until time.Time }

func (p *Postponed) Error() string { return "postponed until " + p.Until.Format(time.RFC3339) }

// PartialError says the first Parts parts of a message split under the
// byte limits are delivered (counting from the start of the body, including
// those of earlier attempts); Err says why the rest was not.
type PartialError struct {
	Parts int
	Err   error
}

func (p *PartialError) Error() string { return fmt.Sprintf("%d parts sent: %v", p.Parts, p.Err) }
func (p *PartialError) Unwrap() error { return p.Err }

// Partial wraps err with the number of parts delivered so far.
func Partial(parts int, err error) error { return &PartialError{Parts: parts, Err: err} }

// Worker delivers due outbox rows.
type Worker struct {
	Store       safetybot.OutboxService
	Sender      Sender
	Log         *slog.Logger
	Now         safetybot.Clock
	MaxAttempts int           // dead-letter after this many failures (default 8)…
	MaxAge      time.Duration // …but an Unavailable channel only after this age (default 24 h)
	BaseDelay   time.Duration // first retry delay, doubled each time (default 30 s)
	MaxDelay    time.Duration // cap of the delay (default 30 min)
	MaxPause    time.Duration // cap of a channel's pause after Unavailable errors (default 2 min)
	Poll        time.Duration // how often to look for due rows (default 2 s)
	Batch       int           // rows per pass (default 50)
	SendTimeout time.Duration // longest one Send may take (default 30 s)
	// Lease is how long a claim holds rows (default 2 min); a pass extends it
	// before each send as needed, so it never runs out mid-send, and rows of
	// a crashed process are free again this long after its last send.
	Lease time.Duration
	ID    string // lease owner (default random)
	// KeepSent is how long delivered rows stay for inspection before an
	// hourly purge deletes them (default 30 days), so the table stays small.
	KeepSent time.Duration

	paused map[string]time.Time // target kind → paused until
	streak map[string]int       // target kind → consecutive Unavailable errors
}

func (w *Worker) defaults() {
	if w.MaxAttempts == 0 {
		w.MaxAttempts = 8
	}
	if w.MaxAge == 0 {
		w.MaxAge = 24 * time.Hour
	}
	if w.BaseDelay == 0 {
		w.BaseDelay = 30 * time.Second
	}
	if w.MaxDelay == 0 {
		w.MaxDelay = 30 * time.Minute
	}
	if w.MaxPause == 0 {
		w.MaxPause = 2 * time.Minute
	}
	if w.Poll == 0 {
		w.Poll = 2 * time.Second
	}
	if w.Batch == 0 {
		w.Batch = 50
	}
	if w.SendTimeout == 0 {
		w.SendTimeout = 30 * time.Second
	}
	if w.Lease == 0 {
		w.Lease = 2 * time.Minute
	}
	w.Lease = max(w.Lease, w.SendTimeout+time.Minute)
	if w.KeepSent == 0 {
		w.KeepSent = 30 * 24 * time.Hour
	}
	if w.Now == nil {
		w.Now = time.Now
	}
	if w.Log == nil {
		w.Log = slog.Default()
	}
	if w.ID == "" {
		b := make([]byte, 8)
		rand.Read(b)
		w.ID = hex.EncodeToString(b)
	}
	if w.paused == nil {
		w.paused, w.streak = map[string]time.Time{}, map[string]int{}
	}
}

// Run delivers until ctx is done.
func (w *Worker) Run(ctx context.Context) error {
	w.defaults()
	t := time.NewTicker(w.Poll)
	defer t.Stop()
	var purged time.Time
	for {
		if now := w.Now(); now.Sub(purged) >= time.Hour {
			purged = now
			if n, err := w.Store.PurgeSentOutbox(ctx, now.Add(-w.KeepSent)); err != nil && ctx.Err() == nil {
				w.Log.Error("outbox purge failed", "err", err)
			} else if n > 0 {
				w.Log.Info("outbox purged delivered rows", "rows", n, "older_than", w.KeepSent)
			}
		}
		for {
			n, err := w.DeliverDue(ctx)
			if err != nil && ctx.Err() == nil {
				w.Log.Error("outbox pass failed", "err", err)
			}
			// a full batch means more may be due: go on without waiting
			if err != nil || n < w.Batch || ctx.Err() != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// DeliverDue makes one pass over due rows and returns how many rows it
// handled (sent, retried, postponed or dead-lettered). Rows are marked after
// each send, so a crash between send and mark can only repeat a message (at
// least once), never lose one. A Worker is not safe for concurrent passes;
// run one Worker per process (several processes may share a database).
func (w *Worker) DeliverDue(ctx context.Context) (int, error) {
	w.defaults()
	leaseUntil := w.Now().Add(w.Lease)
	due, err := w.Store.ClaimOutbox(ctx, w.ID, w.Batch, leaseUntil)
	if err != nil {
		return 0, err
	}
	handled := 0
	// blocked holds, per recipient, when an earlier row of this pass will be
	// tried again: later rows to them wait as long, to keep their order.
	blocked := map[string]time.Time{}
	var skipped []int64
	defer func() {
		if len(skipped) > 0 {
			// a fresh context: the rows must go back even when ctx is done
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			if err := w.Store.ReleaseOutbox(rctx, w.ID, skipped...); err != nil {
				w.Log.Error("outbox release failed", "err", err)
			}
		}
	}()
	for i, m := range due {
		now := w.Now()
		if ctx.Err() != nil || now.Before(w.paused[m.TargetKind]) {
			skipped = append(skipped, m.ID)
			continue
		}
		key := m.TargetKind + "\x00" + m.Target
		if until, ok := blocked[key]; ok {
			if err := w.finish(ctx, m, safetybot.OutboxOutcome{Status: safetybot.OutboxPending, NextAttempt: until,
				LastError: m.LastError, PartsSent: m.PartsSent}); err != nil {
				return handled, err
			}
			handled++
			continue
		}
		if leaseUntil.Sub(now) < w.SendTimeout+10*time.Second {
			// a slow pass: keep the lease ahead of the sends
			leaseUntil = now.Add(w.Lease)
			var ids []int64
			for _, r := range due[i:] {
				ids = append(ids, r.ID)
			}
			if err := w.Store.ExtendLease(ctx, w.ID, leaseUntil, ids...); err != nil {
				return handled, err
			}
		}
		if m.Format == safetybot.FormatCard {
			// every card goes as its hazard is now, however long it waited
			if err := w.Store.FreshenCard(ctx, &m); err != nil {
				w.Log.Warn("outbox: card not brought up to date, sending it as queued", "id", m.ID, "err", err)
			}
		}
		sctx, cancel := context.WithTimeout(ctx, w.SendTimeout)
		err := w.Sender.Send(sctx, m)
		cancel()
		if err != nil && ctx.Err() != nil && !IsPermanent(err) {
			// shutting down: the attempt was cut short, not refused; the
			// lease runs out and the row is tried again after the restart
			skipped = append(skipped, m.ID)
			continue
		}
		out := w.outcome(m, err, now)
		if out.Status == safetybot.OutboxPending {
			blocked[key] = out.NextAttempt
		}
		if err := w.finish(ctx, m, out); err != nil {
			return handled, err
		}
		handled++
	}
	return handled, nil
}

// outcome decides what an attempt's result means for the row.
func (w *Worker) outcome(m safetybot.OutboxMessage, err error, now time.Time) safetybot.OutboxOutcome {
	out := safetybot.OutboxOutcome{PartsSent: m.PartsSent, LastError: m.LastError}
	var part *PartialError
	if errors.As(err, &part) {
		out.PartsSent = part.Parts
	}
	var post *Postponed
	switch {
	case err == nil:
		out.Status, out.Attempted, out.LastError = safetybot.OutboxSent, true, ""
		if w.streak[m.TargetKind] > 0 {
			// the channel is back: nothing should wait out a long backoff
			delete(w.streak, m.TargetKind)
			delete(w.paused, m.TargetKind)
			if n, err := w.Store.RetryOutboxNow(context.Background(), m.TargetKind); err != nil {
				w.Log.Error("outbox: could not reschedule after recovery", "err", err)
			} else {
				w.Log.Info("outbox channel recovered", "target_kind", m.TargetKind, "rescheduled", n)
			}
		}
	case errors.As(err, &post):
		out.Status, out.NextAttempt = safetybot.OutboxPending, post.Until
	case IsPermanent(err),
		!IsUnavailable(err) && m.Attempts+1 >= w.MaxAttempts,
		IsUnavailable(err) && now.Sub(m.CreatedAt) >= w.MaxAge:
		out.Status, out.Attempted, out.LastError = safetybot.OutboxDead, true, err.Error()
		w.Log.Error("outbox message dead-lettered", "id", m.ID, "target_kind", m.TargetKind,
			"attempts", m.Attempts+1, "err", err)
	default:
		out.Status, out.Attempted, out.LastError = safetybot.OutboxPending, true, err.Error()
		out.NextAttempt = now.Add(w.backoff(m.Attempts))
		if IsUnavailable(err) {
			w.streak[m.TargetKind]++
			pause := min(w.backoff(w.streak[m.TargetKind]-1), w.MaxPause)
			w.paused[m.TargetKind] = now.Add(pause)
			w.Log.Warn("outbox channel unavailable, pausing it", "target_kind", m.TargetKind,
				"pause", pause, "id", m.ID, "attempt", m.Attempts+1, "err", err)
		} else {
			w.Log.Warn("outbox delivery failed, will retry", "id", m.ID, "attempt", m.Attempts+1,
				"next", out.NextAttempt, "err", err)
		}
	}
	return out
}

func (w *Worker) finish(ctx context.Context, m safetybot.OutboxMessage, o safetybot.OutboxOutcome) error {
	// the outcome must be recorded even if ctx ends now: the send happened
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	held, err := w.Store.FinishOutbox(fctx, w.ID, m.ID, o)
	if err == nil && !held {
		w.Log.Error("outbox lease lost before the outcome was recorded", "id", m.ID, "status", o.Status)
	}
	return err
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

// Send prints the message: for a card its text, which says what to type
// for each button (safetybot.OutboxMessage.Body).
func (s LogSender) Send(_ context.Context, m safetybot.OutboxMessage) error {
	label := "通知"
	switch m.Format {
	case safetybot.FormatCard:
		label = "卡片"
	case safetybot.FormatCardUpdate:
		label = "卡片更新"
	}
	_, err := fmt.Fprintf(s.W, "【%s → %s:%s】%s\n", label, m.TargetKind, m.Target, m.Body)
	return err
}
