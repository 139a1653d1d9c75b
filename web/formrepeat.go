package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sort"
	"sync"
	"time"

	"safetybot"
)

// A report form answers a plain post with a redirect to its result
// (POST-redirect-GET), so a refresh shows the result again instead of
// posting again; and a repeat of the same submission within
// FormRepeatWindow (a double tap, a refresh of a page that answered the
// post, a resend after a lost answer) gets the first answer instead of
// registering a second hazard. A submission is the user, the form's
// one-time submission id (a hidden field each rendering of the form gets)
// and everything posted: the same id with other values is a new report.
// Recent submissions are kept in memory, per process.

// FormRepeatWindow is how long a submission is remembered.
const FormRepeatWindow = 10 * time.Minute

// maxRecentForms bounds the submissions remembered.
const maxRecentForms = 10000

type formSubmission struct {
	at     time.Time
	user   string
	done   chan struct{} // closed once res (or failed) is set
	res    *formResult
	failed bool // refused: a repeat is tried again
}

type recentForms struct {
	mu sync.Mutex
	m  map[string]*formSubmission
}

// submissionKey is the key of r's submission by user (r's multipart form
// parsed).
func submissionKey(r *http.Request, user string) string {
	h := sha256.New()
	put := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	put(user)
	put(r.PostFormValue("submission"))
	keys := make([]string, 0, len(r.MultipartForm.Value))
	for k := range r.MultipartForm.Value {
		if k != "csrf" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		put(k)
		for _, v := range r.MultipartForm.Value[k] {
			put(v)
		}
	}
	for _, fh := range r.MultipartForm.File["photo"] {
		put(fh.Filename)
		put(time.Duration(fh.Size).String())
	}
	return hex.EncodeToString(h.Sum(nil))
}

// claim returns the earlier submission under key, waiting for it to finish,
// or registers a new one (first true) that the caller must finish.
func (f *recentForms) claim(key, user string, now time.Time) (s *formSubmission, first bool) {
	f.mu.Lock()
	if f.m == nil {
		f.m = map[string]*formSubmission{}
	}
	if s, ok := f.m[key]; ok && now.Sub(s.at) < FormRepeatWindow {
		f.mu.Unlock()
		<-s.done
		if !s.failed {
			return s, false
		}
		f.mu.Lock()
		if f.m[key] != s { // another repeat took it over
			f.mu.Unlock()
			return f.claim(key, user, now)
		}
	}
	if len(f.m) >= maxRecentForms {
		for k, old := range f.m {
			if now.Sub(old.at) >= FormRepeatWindow || len(f.m) >= maxRecentForms {
				select {
				case <-old.done:
					delete(f.m, k)
				default:
				}
			}
		}
	}
	s = &formSubmission{at: now, user: user, done: make(chan struct{})}
	f.m[key] = s
	f.mu.Unlock()
	return s, true
}

// finish records the answer of a submission (nil: refused) and releases
// any repeat waiting on it.
func (s *formSubmission) finish(res *formResult) {
	s.res, s.failed = res, res == nil
	close(s.done)
}

// result returns the answer user got for hazard number within the window
// (nil when there is none): the page a redirect after a post shows.
func (f *recentForms) result(user, number string, now time.Time) *formResult {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range f.m {
		select {
		case <-s.done:
		default:
			continue
		}
		if s.res != nil && s.user == user && s.res.Number == number && now.Sub(s.at) < FormRepeatWindow {
			return s.res
		}
	}
	return nil
}

// newSubmissionID is the form's one-time submission id.
func newSubmissionID() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// doneResult is the result page of user's report number after the
// redirect: the answer the post got while it is remembered, else what the
// ledger says (for the reporter only).
func (d *Dashboard) doneResult(r *http.Request, u *safetybot.User, number string) *formResult {
	if res := d.recent.result(u.ID, number, d.now()); res != nil {
		return res
	}
	h, _, err := d.store.Hazard(r.Context(), number)
	if err != nil || h.Reporter != u.ID {
		return nil
	}
	return newFormResult(u, h.Number, "已登记隐患 "+h.Number+"（"+string(h.Status)+"）。")
}
