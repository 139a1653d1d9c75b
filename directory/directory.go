// Package directory implements safetybot.Directory: people's display names
// from a name an administrator set (姓名), else the WeCom address book
// (user/get, document 90196) cached in the store, else the userid.
//
// The cache is read first. A member never looked up is fetched from WeCom
// on the spot, but Name waits for the answer only briefly (Config.Wait): a
// slow WeCom never holds a chat reply back, the answer is stored when it
// comes and shows next time. An entry older than Config.Refresh is shown
// as it is and fetched again in the background; Refresh (run daily by
// RunDaily) does the same for every stale entry. Failed look-ups (WeCom
// down, bad credentials) are not stored and are not retried for a minute.
//
// Only cmd/safetybot builds one: it joins the store and the WeCom sender.
package directory

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"safetybot"
)

// Store is what the directory keeps in the database: the names service.
type Store = safetybot.NameService

// Book reads the address book (sender.Sender.UserName): a name with
// safetybot.BookOK, or "" with BookDenied / BookMissing, or an error when
// nothing is known.
type Book interface {
	UserName(ctx context.Context, userID string) (name, status string, err error)
}

// Config configures a Directory.
type Config struct {
	Store Store
	Book  Book // nil: no address book; names come from 姓名 only
	// Wait is how long Name waits for a first look-up before it answers
	// with the userid (default 1.5 s).
	Wait time.Duration
	// Timeout bounds one look-up, which goes on after Name stopped waiting
	// (default 10 s).
	Timeout time.Duration
	// Refresh is the age after which an address-book entry is fetched
	// again (default 24 h).
	Refresh time.Duration
	// Backoff is how long a userid is not looked up again after a failed
	// look-up (default 1 min).
	Backoff time.Duration
	Now     safetybot.Clock
	Log     *slog.Logger
}

// Directory is safetybot.Directory over a Store and a Book. Safe for
// concurrent use.
type Directory struct {
	cfg Config
	wg  sync.WaitGroup

	mu       sync.Mutex
	inflight map[string]chan struct{} // closed when the look-up of a userid ends
	failed   map[string]time.Time     // userid → when its last look-up failed
}

// New builds a Directory.
func New(cfg Config) *Directory {
	if cfg.Wait <= 0 {
		cfg.Wait = 1500 * time.Millisecond
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Refresh <= 0 {
		cfg.Refresh = 24 * time.Hour
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Directory{cfg: cfg, inflight: map[string]chan struct{}{}, failed: map[string]time.Time{}}
}

// Name implements safetybot.Directory.
func (d *Directory) Name(ctx context.Context, userID string) string {
	if userID == "" {
		return ""
	}
	p, ok, err := d.cfg.Store.PersonName(ctx, userID)
	if err != nil {
		d.cfg.Log.WarnContext(ctx, "directory: reading a name failed", "err", err)
		return userID
	}
	if p.Set != "" || d.cfg.Book == nil {
		return p.Display()
	}
	if ok && !p.CheckedAt.IsZero() {
		if d.cfg.Now().Sub(p.CheckedAt) >= d.cfg.Refresh {
			d.lookup(userID) // shown as cached; the new answer shows next time
		}
		return p.Display()
	}
	done := d.lookup(userID)
	if done == nil {
		return p.Display()
	}
	t := time.NewTimer(d.cfg.Wait)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		return p.Display()
	case <-ctx.Done():
		return p.Display()
	}
	if p, _, err = d.cfg.Store.PersonName(ctx, userID); err != nil {
		return userID
	}
	return p.Display()
}

// lookup starts a look-up of userID in the background unless one is under
// way (whose channel it returns) or the last one failed within Backoff
// (nil).
func (d *Directory) lookup(userID string) <-chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	if ch, ok := d.inflight[userID]; ok {
		return ch
	}
	if at, ok := d.failed[userID]; ok {
		if d.cfg.Now().Sub(at) < d.cfg.Backoff {
			return nil
		}
		delete(d.failed, userID)
	}
	ch := make(chan struct{})
	d.inflight[userID] = ch
	d.wg.Go(func() {
		ok := d.fetch(userID)
		d.mu.Lock()
		defer d.mu.Unlock()
		delete(d.inflight, userID)
		if !ok {
			d.failed[userID] = d.cfg.Now()
		}
		close(ch)
	})
	return ch
}

// fetch asks the address book and stores its answer; it reports success.
func (d *Directory) fetch(userID string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), d.cfg.Timeout)
	defer cancel()
	name, status, err := d.cfg.Book.UserName(ctx, userID)
	if err != nil {
		d.cfg.Log.Warn("directory: user/get failed, showing the userid", "err", err)
		return false
	}
	if err := d.cfg.Store.SaveBookName(ctx, userID, name, status, d.cfg.Now()); err != nil {
		d.cfg.Log.Warn("directory: storing a name failed", "err", err)
		return false
	}
	return true
}

// Refresh fetches again, one after another, every address-book entry
// older than Config.Refresh (at most 1000 a run), and waits for them. It
// returns how many it asked for.
func (d *Directory) Refresh(ctx context.Context) (int, error) {
	if d.cfg.Book == nil {
		return 0, nil
	}
	ids, err := d.cfg.Store.StaleBookNames(ctx, d.cfg.Now().Add(-d.cfg.Refresh), 1000)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if done := d.lookup(id); done != nil {
			select {
			case <-done:
			case <-ctx.Done():
				return 0, ctx.Err()
			}
		}
	}
	return len(ids), nil
}

// RunDaily refreshes stale entries once a day until ctx ends, then waits
// for look-ups still under way.
func (d *Directory) RunDaily(ctx context.Context) {
	defer d.Wait()
	tick := time.NewTicker(24 * time.Hour)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if n, err := d.Refresh(ctx); err != nil && ctx.Err() == nil {
				d.cfg.Log.Warn("directory: daily refresh failed", "err", err)
			} else if n > 0 {
				d.cfg.Log.Info("directory: address-book names refreshed", "asked", n)
			}
		}
	}
}

// Wait blocks until every look-up under way has ended (each is bounded by
// Config.Timeout).
func (d *Directory) Wait() { d.wg.Wait() }
