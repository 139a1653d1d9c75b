// Package wecomapi owns safetybot's calls to the WeCom server API: one
// access token per app (gettoken), the authenticated JSON endpoints the
// sender, the address book and web login use (message/send, appchat/send,
// message/update_template_card, user/get, media/get, auth/getuserinfo), and
// the group robots' webhook/send. Every call takes a context and is bounded
// by Config.Timeout; the API origin (WECOM_API_BASE) is a field of the
// Client, not a process global.
//
// Why not silenceper/wechat/v2 (v2.1.10), which the project used before
// (issue 12, item 7)? Read in its source:
//   - its high-level calls take no context: message.Send, appchat.Send,
//     robot.RobotBroadcast and oauth.GetUserInfo call util.HTTPGet /
//     util.PostJSON with context.Background(); only the access-token handle
//     (GetAccessTokenContext) and the low-level util.*Context helpers do;
//   - its endpoints are constants under https://qyapi.weixin.qq.com; the only
//     way to point them at WECOM_API_BASE is util.SetURIModifier, a
//     process-wide variable, and its HTTP client is the global
//     util.DefaultHTTPClient;
//   - gettoken failures are fmt.Errorf text ("errcode=40001 , errormsg=…"):
//     the errcode had to be parsed out of the message; it never drops a
//     cached token on 40014/42001;
//   - it has no types for markdown app messages, template cards,
//     update_template_card or user/get's answer, and RobotBroadcast answers
//     err == nil on a non-zero errcode;
//   - its credential package (needed by work and work/oauth) imports its
//     cache package, which holds the Redis and Memcache implementations:
//     go-redis/redis/v8 and bradfitz/gomemcache were in the build graph
//     (go list -deps ./... | grep -i redis) and go.mod, and 18 go-redis
//     symbols in the binary (go tool nm).
//
// What safetybot used of it was request structs, the token handle and two
// HTTP helpers; this package replaces them, with one token cache shared by
// every caller of an app. Dropping it took the serve binary from 28,452,328
// to 28,379,403 bytes (the linker had already dropped most of the unused
// code) and go.mod from 5 silenceper-related modules to none.
package wecomapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultBase is WeCom's API origin.
const DefaultBase = "https://qyapi.weixin.qq.com"

// Config configures a Client.
type Config struct {
	Base           string        // API origin, WECOM_API_BASE (default DefaultBase); "http(s)://host[:port]"
	CorpID, Secret string        // WECOM_CORP_ID, WECOM_SECRET; empty: only Webhook works
	Timeout        time.Duration // one HTTP call, gettoken included (default 10 s)
	Now            func() time.Time
}

// Client calls the WeCom API for one app. It is safe for concurrent use;
// share one per app so the access token is fetched once.
type Client struct {
	base    string
	corpID  string
	secret  string
	timeout time.Duration
	tok     tokenCache
}

// New returns a client, or an error naming WECOM_API_BASE when cfg.Base is
// not an http(s) origin.
func New(cfg Config) (*Client, error) {
	base := strings.TrimRight(cfg.Base, "/")
	if base == "" {
		base = DefaultBase
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("WECOM_API_BASE %q: want an http(s) origin such as %s", cfg.Base, DefaultBase)
	}
	c := &Client{base: base, corpID: cfg.CorpID, secret: cfg.Secret, timeout: cfg.Timeout}
	if c.timeout <= 0 {
		c.timeout = 10 * time.Second
	}
	c.tok.now = cfg.Now
	if c.tok.now == nil {
		c.tok.now = time.Now
	}
	c.tok.fetch = c.fetchToken
	return c, nil
}

// CorpID is the corp the client's token is for.
func (c *Client) CorpID() string { return c.corpID }

// Status is the errcode and errmsg every WeCom answer carries. Answer types
// embed it; a non-zero ErrCode becomes an *Error.
type Status struct {
	ErrCode int64  `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

func (s *Status) status() *Status { return s }

// Answer is a decoded WeCom answer: a struct embedding Status.
type Answer interface{ status() *Status }

// Error is a non-zero errcode from a WeCom API (or from an ack of the
// intelligent robot's long connection): API names the endpoint
// ("message/send"), Code and Msg are WeCom's errcode and errmsg.
type Error struct {
	API  string
	Code int64
	Msg  string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: errcode=%d errmsg=%s", e.API, e.Code, e.Msg)
}

// StatusError is an HTTP answer other than 200 (a proxy's 502, WeCom's
// 503): WeCom did not answer the call.
type StatusError struct {
	API    string
	Status int
}

func (e *StatusError) Error() string { return fmt.Sprintf("%s: HTTP %d", e.API, e.Status) }

// TokenError is a failed gettoken in front of a call: no call was made.
// Err is the *Error (40001: bad secret, 40013: bad corp ID…), the
// *StatusError, network or ctx error.
type TokenError struct{ Err error }

func (e *TokenError) Error() string { return e.Err.Error() }
func (e *TokenError) Unwrap() error { return e.Err }

// ErrCode is the errcode of the *Error in err's chain, and whether there
// is one.
func ErrCode(err error) (int64, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.Code, true
	}
	return 0, false
}

// Token errcodes after which the cached token is dropped and the call is
// made once more with a new one: 40014 invalid, 42001 expired, 40001
// invalid credential (another process of the same app refreshed it).
func tokenRejected(code int64) bool { return code == 40014 || code == 42001 || code == 40001 }

// Call makes an authenticated JSON call to /cgi-bin/<api>: a GET with query
// when req is nil, else a POST of req as JSON. The answer is decoded into
// res (nil: only its status is checked). A token WeCom rejects
// (40014/42001/40001) is dropped and the call is made once more with a new
// one. Errors: *TokenError (gettoken failed), *Error (errcode),
// *StatusError, net/url errors with the query (token, secret) removed,
// ctx's error.
func (c *Client) Call(ctx context.Context, api string, query url.Values, req any, res Answer) error {
	return c.withToken(ctx, func(tok string) error {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("access_token", tok)
		body, _, err := c.roundTrip(ctx, c.timeout, api, q, req, maxAnswer)
		if err != nil {
			return err
		}
		return decode(api, body, res)
	})
}

// withToken runs call with the app's token, and once more with a new one
// when WeCom rejects it.
func (c *Client) withToken(ctx context.Context, call func(tok string) error) error {
	for try := 0; ; try++ {
		tok, err := c.tok.get(ctx)
		if err != nil {
			return &TokenError{Err: err}
		}
		err = call(tok)
		if code, ok := ErrCode(err); ok && tokenRejected(code) {
			c.tok.drop(tok)
			if try == 0 {
				continue
			}
		}
		return err
	}
}

// Webhook posts req as JSON to a group robot (webhook/send?key=key), which
// needs no token. Errors as for Call; a non-zero errcode (93000: bad key)
// is an *Error.
func (c *Client) Webhook(ctx context.Context, key string, req any) error {
	body, _, err := c.roundTrip(ctx, c.timeout, "webhook/send", url.Values{"key": {key}}, req, maxAnswer)
	if err != nil {
		return err
	}
	return decode("webhook/send", body, nil)
}

// Media downloads a temporary media file (media/get) of at most max bytes,
// with four times the call timeout (a photo takes longer than JSON). It
// returns the bytes and their Content-Type. WeCom answers errors as JSON
// with status 200: those become *Error.
func (c *Client) Media(ctx context.Context, mediaID string, max int64) ([]byte, string, error) {
	var data []byte
	var ctype string
	err := c.withToken(ctx, func(tok string) error {
		var err error
		data, ctype, err = c.roundTrip(ctx, 4*c.timeout, "media/get", url.Values{"access_token": {tok}, "media_id": {mediaID}}, nil, max)
		if err != nil {
			return err
		}
		if int64(len(data)) > max {
			return fmt.Errorf("media/get: file over %d bytes: %w", max, ErrTooLarge)
		}
		if mt, _, _ := mime.ParseMediaType(ctype); mt == "application/json" || mt == "text/plain" {
			if err := decode("media/get", data, nil); err != nil {
				return err
			}
			if mt == "application/json" {
				return errors.New("media/get: JSON answer without a file")
			}
		}
		return nil
	})
	return data, ctype, err
}

// maxAnswer bounds a JSON answer (WeCom's are a few hundred bytes).
const maxAnswer = 1 << 20

// ErrTooLarge is a media file over the caller's limit.
var ErrTooLarge = errors.New("file too large")

// roundTrip sends one request to /cgi-bin/<api>?<q> (POST of req as JSON
// when req is not nil) and returns the body of a 200 answer, cut at limit+1
// bytes.
func (c *Client) roundTrip(ctx context.Context, timeout time.Duration, api string, q url.Values, req any, limit int64) ([]byte, string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	method, body := http.MethodGet, io.Reader(nil)
	if req != nil {
		b, err := json.Marshal(req)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", api, err)
		}
		method, body = http.MethodPost, bytes.NewReader(b)
	}
	endpoint := c.base + "/cgi-bin/" + api
	hr, err := http.NewRequestWithContext(ctx, method, endpoint+"?"+q.Encode(), body)
	if err != nil {
		return nil, "", withoutQuery(err, endpoint)
	}
	if req != nil {
		hr.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		return nil, "", withoutQuery(err, endpoint)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", &StatusError{API: api, Status: resp.StatusCode}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", api, err)
	}
	return data, resp.Header.Get("Content-Type"), nil
}

// withoutQuery drops the query from the URL net/http quotes in its errors:
// it carries the credentials (access_token, corpsecret, a webhook key),
// which must reach neither the log nor the outbox's last_error.
func withoutQuery(err error, endpoint string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = endpoint
	}
	return err
}

// decode reads a JSON answer into res and turns a non-zero errcode into an
// *Error.
func decode(api string, body []byte, res Answer) error {
	if res == nil {
		res = &Status{}
	}
	if err := json.Unmarshal(body, res); err != nil {
		return fmt.Errorf("%s: malformed answer: %w", api, err)
	}
	if st := res.status(); st.ErrCode != 0 {
		return &Error{API: api, Code: st.ErrCode, Msg: st.ErrMsg}
	}
	return nil
}
