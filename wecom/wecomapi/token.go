package wecomapi

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"time"
)

// tokenCache holds the app's one access token. A fetch is single-flight:
// callers arriving while one runs wait for it (or for their own ctx)
// instead of asking WeCom again, so a burst after expiry costs one
// gettoken. The token is used until shortly before WeCom's expires_in, and
// dropped early when an API rejects it.
type tokenCache struct {
	now   func() time.Time
	fetch func(ctx context.Context) (tok string, ttl time.Duration, err error)

	mu       sync.Mutex
	tok      string
	exp      time.Time
	inflight chan struct{} // closed when the running fetch ends; nil when none runs
	lastErr  error         // the last fetch's error, for the callers that waited on it
}

// get returns a valid token, fetching one when there is none.
func (t *tokenCache) get(ctx context.Context) (string, error) {
	for {
		t.mu.Lock()
		if t.tok != "" && t.now().Before(t.exp) {
			tok := t.tok
			t.mu.Unlock()
			return tok, nil
		}
		if wait := t.inflight; wait != nil {
			t.mu.Unlock()
			select {
			case <-wait:
			case <-ctx.Done():
				return "", ctx.Err()
			}
			t.mu.Lock()
			tok, err := t.tok, t.lastErr
			t.mu.Unlock()
			switch {
			case err == nil && tok != "":
				return tok, nil
			case err != nil && !isContextErr(err):
				return "", err
			}
			continue // the fetch gave up for its caller's ctx, not ours: try again
		}
		done := make(chan struct{})
		t.inflight = done
		t.mu.Unlock()

		tok, ttl, err := t.fetch(ctx)
		t.mu.Lock()
		t.inflight, t.lastErr = nil, err
		if err == nil {
			t.tok, t.exp = tok, t.now().Add(ttl-early(ttl))
		}
		close(done)
		t.mu.Unlock()
		return tok, err
	}
}

// early is how long before WeCom's expiry a token is renewed: 5 minutes, or
// a fifth of a short lifetime, so a call never carries a token that expires
// on the way.
func early(ttl time.Duration) time.Duration { return min(5*time.Minute, ttl/5) }

// drop forgets tok if it is still the cached token (a concurrent call may
// have replaced it already).
func (t *tokenCache) drop(tok string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok == tok {
		t.tok = ""
	}
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// tokenAnswer is gettoken's answer.
type tokenAnswer struct {
	Status
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"` // seconds
}

// fetchToken calls gettoken with the corp ID and secret.
func (c *Client) fetchToken(ctx context.Context) (string, time.Duration, error) {
	if c.corpID == "" || c.secret == "" {
		return "", 0, ErrNoCredentials
	}
	body, _, err := c.roundTrip(ctx, c.timeout, "gettoken", url.Values{"corpid": {c.corpID}, "corpsecret": {c.secret}}, nil, maxAnswer)
	if err != nil {
		return "", 0, err
	}
	var res tokenAnswer
	if err := decode("gettoken", body, &res); err != nil {
		return "", 0, err
	}
	if res.AccessToken == "" {
		return "", 0, errors.New("gettoken: answer without access_token")
	}
	return res.AccessToken, time.Duration(res.ExpiresIn) * time.Second, nil
}

// ErrNoCredentials is a call that needs a token on a client built without
// the corp ID or the secret.
var ErrNoCredentials = errors.New("wecomapi: no corp ID or secret for gettoken")

// CachedToken is the token a call would use now ("" when none), for tests
// of the refresh rules.
func (c *Client) CachedToken() string {
	c.tok.mu.Lock()
	defer c.tok.mu.Unlock()
	if c.tok.now().Before(c.tok.exp) {
		return c.tok.tok
	}
	return ""
}

// DropToken forgets the cached token, as a rejection by WeCom would.
func (c *Client) DropToken() { c.tok.drop(c.CachedToken()) }
