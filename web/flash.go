package web

import (
	"net/http"
	"sync"
	"time"
)

// flashes are the one-time banners of a post/redirect/get: a 督办 or 催办
// posted leaves what was done, for the session that posted it, and the
// hazard page it redirects to shows it once. Nothing in the URL says that
// anything was done, so a shared or bookmarked link, or another user,
// never sees a banner for a supervision that did not happen. They live in
// memory: a banner lost to a restart between the post and its redirect
// costs nothing, the history on the page still shows the 督办.
type flashes struct {
	mu sync.Mutex
	m  map[string]flash // by the session's form token (one per session)
}

type flash struct {
	path string // the page that shows it
	text string
	at   time.Time
}

// flashTTL is how long a banner waits for its page.
const flashTTL = 5 * time.Minute

// put leaves text for r's session to show on path; stale banners of other
// sessions are dropped meanwhile, so the map holds only recent posts.
func (f *flashes) put(r *http.Request, path, text string, now time.Time) {
	key, _ := r.Context().Value(csrfKey{}).(string)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[string]flash{}
	}
	for k, v := range f.m {
		if now.Sub(v.at) > flashTTL {
			delete(f.m, k)
		}
	}
	f.m[key] = flash{path: path, text: text, at: now}
}

// take returns the banner r's session left for path, once; "" when none.
func (f *flashes) take(r *http.Request, path string, now time.Time) string {
	key, _ := r.Context().Value(csrfKey{}).(string)
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.m[key]
	if !ok || v.path != path {
		return ""
	}
	delete(f.m, key)
	if now.Sub(v.at) > flashTTL {
		return ""
	}
	return v.text
}
