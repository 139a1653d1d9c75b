// Package wecomtest holds in-process fakes of WeCom for tests and local
// demos: FakeAPI (the HTTP server API: gettoken, message/send, appchat/send,
// message/update_template_card, webhook/send, media/get, user/get,
// auth/getuserinfo and the intelligent robot's response_url), FakeWS
// (the intelligent robot's long-connection WebSocket server), and a client
// that signs and encrypts callbacks as WeCom does.
//
// The fakes listen on loopback only, record everything they receive behind
// thread-safe accessors, and can be told to fail the way WeCom fails.
package wecomtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Endpoints of FakeAPI, as used by Fail, FailNext, Calls and Count.
const (
	EndpointToken           = "gettoken"
	EndpointMessage         = "message/send"
	EndpointAppChat         = "appchat/send"
	EndpointWebhook         = "webhook/send"
	EndpointMedia           = "media/get"
	EndpointAIBotResponse   = "aibot/response"
	EndpointUpdateCard      = "message/update_template_card"
	AnyEndpoint             = "*" // for Fail and FailNext: every endpoint
	defaultDupCheckInterval = 1800 * time.Second
)

// WeCom errcodes the fake answers with on its own (tests may inject any).
const (
	ErrBusy              = -1
	ErrInvalidToken      = 40014
	ErrTokenExpired      = 42001
	ErrInvalidMediaID    = 40007
	ErrInvalidCredential = 40001
	ErrFreqLimit         = 45009
	ErrConcurrencyLimit  = 45033
	ErrIPNotTrusted      = 60020
	ErrNoValidRecipient  = 81013
	ErrInvalidChatID     = 86003
	ErrMarkdownTooLong   = 40058
	ErrInvalidWebhook    = 93000
)

// FakeAPIOptions configure a FakeAPI; the zero value accepts everything.
type FakeAPIOptions struct {
	CorpID, Secret string   // when set, gettoken checks them (40013 / 40001 otherwise)
	Users          []string // when non-nil, the only userids message/send knows
	AppChats       []string // when non-nil, the only chatids appchat/send knows
	WebhookKeys    []string // when non-nil, the only valid webhook keys (93000 otherwise)
	// TokenTTL is the expires_in given out by gettoken (default 7200 s).
	TokenTTL time.Duration
	// Now is the fake's clock for rate limits, duplicate checks, media and
	// response_url validity and outage windows (default time.Now). Share the
	// clock of the code under test to test pacing without sleeping.
	Now func() time.Time
	// EnforceLimits makes the fake drop, silently and with errcode 0 as WeCom
	// does, app messages beyond 30/min per member and webhook messages beyond
	// 20/min per robot; dropped messages are listed by Dropped.
	EnforceLimits bool
}

// Fault is one way a call can fail.
type Fault struct {
	ErrCode int    // answer {"errcode": ErrCode} (unless Status or Hang is set)
	ErrMsg  string // defaults to a short description
	Status  int    // answer with this HTTP status and no JSON (502, 503…)
	// Hang holds the request until the client gives up or the fake closes:
	// a timeout from the client's side.
	Hang bool
	// Delay sleeps before answering (for slow-but-successful calls).
	Delay time.Duration
	// AfterDelivery delivers the message first and then fails or hangs: the
	// "WeCom got it but the answer was lost" case, where a retry is a
	// duplicate unless enable_duplicate_check catches it.
	AfterDelivery bool
}

// APICall is one request the fake received.
type APICall struct {
	Endpoint string
	Query    url.Values
	Body     []byte
	At       time.Time
	// ErrCode is what the fake answered (0 = success); -1000 means an HTTP
	// status or a hang instead of a JSON answer.
	ErrCode int
}

// Delivery is one message WeCom would have shown to someone.
type Delivery struct {
	Endpoint string // EndpointMessage, EndpointAppChat, EndpointWebhook, EndpointAIBotResponse
	To       string // touser ("a|b"), chatid, webhook key, or response_url id
	MsgType  string // text, markdown, …
	Content  string
	At       time.Time
}

type outage struct {
	from, until time.Time
	fault       Fault
}

type media struct {
	contentType string
	data        []byte
	at          time.Time
}

// FakeAPI is a fake WeCom server API on loopback. Point the code under test
// at URL (WECOM_API_BASE). All methods are safe for concurrent use.
type FakeAPI struct {
	URL string

	srv  *httptest.Server
	opts FakeAPIOptions
	hang chan struct{} // closed by Close: releases hanging requests

	mu         sync.Mutex
	tokenSeq   int
	tokens     map[string]time.Time // token → expiry
	calls      []APICall
	delivered  []Delivery
	dropped    []Delivery
	faultsNext map[string][]Fault
	faults     map[string]Fault
	outages    []outage
	dupSeen    map[string]time.Time
	sentTimes  map[string][]time.Time // rate-limit windows
	media      map[string]media
	responses  map[string]time.Time // response_url id → created
	respSeq    int
	book       fakeBook  // user/get (fakeuser.go)
	cards      fakeCards // template cards sent and their response codes (fakecards.go)
}

// NewFakeAPI starts a fake on loopback; it is closed when the test ends.
func NewFakeAPI(t testing.TB, opts FakeAPIOptions) *FakeAPI {
	f := StartFakeAPI(opts)
	t.Cleanup(f.Close)
	return f
}

// StartFakeAPI starts a fake outside a test (benchmarks' TestMain, demos);
// the caller closes it.
func StartFakeAPI(opts FakeAPIOptions) *FakeAPI {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TokenTTL == 0 {
		opts.TokenTTL = 7200 * time.Second
	}
	f := &FakeAPI{opts: opts, hang: make(chan struct{})}
	f.resetLocked()
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.srv.URL
	return f
}

// Close releases hanging requests and stops the server.
func (f *FakeAPI) Close() {
	f.mu.Lock()
	select {
	case <-f.hang:
	default:
		close(f.hang)
	}
	f.mu.Unlock()
	f.srv.CloseClientConnections()
	f.srv.Close()
}

// Reset forgets calls, deliveries, faults, outages, tokens and media.
func (f *FakeAPI) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.resetLocked()
}

func (f *FakeAPI) resetLocked() {
	f.tokens = map[string]time.Time{}
	f.calls, f.delivered, f.dropped = nil, nil, nil
	f.faultsNext = map[string][]Fault{}
	f.faults = map[string]Fault{}
	f.outages = nil
	f.dupSeen = map[string]time.Time{}
	f.sentTimes = map[string][]time.Time{}
	f.media = map[string]media{}
	f.responses = map[string]time.Time{}
	f.cards = fakeCards{tasks: map[string][]string{}, codes: map[string]fakeCode{}}
}

// FailNext queues faults for the next calls of endpoint (AnyEndpoint: the
// next calls of any endpoint), one fault per call, in order.
func (f *FakeAPI) FailNext(endpoint string, faults ...Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faultsNext[endpoint] = append(f.faultsNext[endpoint], faults...)
}

// Fail makes every call of endpoint fail with fault until Recover.
func (f *FakeAPI) Fail(endpoint string, fault Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[endpoint] = fault
}

// Recover clears every fault set by Fail, FailNext and Outage.
func (f *FakeAPI) Recover() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = map[string]Fault{}
	f.faultsNext = map[string][]Fault{}
	f.outages = nil
}

// Outage makes every endpoint fail with fault while the fake's clock is in
// [from, until); afterwards the fake answers normally again.
func (f *FakeAPI) Outage(from, until time.Time, fault Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.outages = append(f.outages, outage{from, until, fault})
}

// ExpireTokens invalidates every access token given out so far: the next
// call with one gets 42001, as after WeCom's 2-hour expiry.
func (f *FakeAPI) ExpireTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokens = map[string]time.Time{}
}

// PutMedia stores a temporary media file for media/get; it expires three
// days after the fake's current time, as WeCom's do.
func (f *FakeAPI) PutMedia(mediaID, contentType string, data []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.media[mediaID] = media{contentType, append([]byte(nil), data...), f.opts.Now()}
}

// ResponseURL returns a fresh intelligent-robot response_url: usable once,
// for one hour (fake clock).
func (f *FakeAPI) ResponseURL() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.respSeq++
	id := "resp" + strconv.Itoa(f.respSeq)
	f.responses[id] = f.opts.Now()
	return f.URL + "/cgi-bin/aibot/response?response_code=" + id
}

// Calls returns the requests received for endpoint ("" or AnyEndpoint: all).
func (f *FakeAPI) Calls(endpoint string) []APICall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []APICall
	for _, c := range f.calls {
		if endpoint == "" || endpoint == AnyEndpoint || c.Endpoint == endpoint {
			out = append(out, c)
		}
	}
	return out
}

// Count returns how many requests endpoint received.
func (f *FakeAPI) Count(endpoint string) int { return len(f.Calls(endpoint)) }

// Delivered returns every message WeCom would have shown, in order; a
// message suppressed by enable_duplicate_check or dropped by a rate limit is
// not in it.
func (f *FakeAPI) Delivered() []Delivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Delivery(nil), f.delivered...)
}

// DeliveredTo returns the deliveries whose To is to.
func (f *FakeAPI) DeliveredTo(to string) []Delivery {
	var out []Delivery
	for _, d := range f.Delivered() {
		if d.To == to {
			out = append(out, d)
		}
	}
	return out
}

// Dropped returns messages accepted with errcode 0 but silently dropped by
// WeCom's per-recipient rate limits (EnforceLimits).
func (f *FakeAPI) Dropped() []Delivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Delivery(nil), f.dropped...)
}

// endpointOf maps a request path to an endpoint name.
func endpointOf(path string) string {
	return strings.TrimPrefix(path, "/cgi-bin/")
}

func (f *FakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	ep := endpointOf(r.URL.Path)
	body, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	q := r.URL.Query()
	f.mu.Lock()
	now := f.opts.Now()
	fault, faulty := f.faultLocked(ep, now)
	f.mu.Unlock()

	if faulty && fault.Delay > 0 {
		select {
		case <-time.After(fault.Delay):
		case <-r.Context().Done():
		}
	}
	if faulty && !fault.AfterDelivery && (fault.Hang || fault.Status != 0 || fault.ErrCode != 0) {
		f.fail(w, r, APICall{Endpoint: ep, Query: q, Body: body, At: now}, fault)
		return
	}
	f.mu.Lock()
	res, raw, ctype := f.handleLocked(ep, q, body, now)
	if faulty && fault.AfterDelivery {
		f.mu.Unlock()
		f.fail(w, r, APICall{Endpoint: ep, Query: q, Body: body, At: now}, fault)
		return
	}
	code, _ := res["errcode"].(int)
	f.calls = append(f.calls, APICall{Endpoint: ep, Query: q, Body: body, At: now, ErrCode: code})
	f.mu.Unlock()
	if raw != nil {
		w.Header().Set("Content-Type", ctype)
		w.Write(raw)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(res)
}

// faultLocked picks the fault for this call, if any: queued ones first, then
// a persistent one, then an outage window.
func (f *FakeAPI) faultLocked(ep string, now time.Time) (Fault, bool) {
	for _, key := range []string{ep, AnyEndpoint} {
		if q := f.faultsNext[key]; len(q) > 0 {
			f.faultsNext[key] = q[1:]
			return q[0], true
		}
	}
	for _, key := range []string{ep, AnyEndpoint} {
		if fl, ok := f.faults[key]; ok {
			return fl, true
		}
	}
	for _, o := range f.outages {
		if !now.Before(o.from) && now.Before(o.until) {
			return o.fault, true
		}
	}
	return Fault{}, false
}

func (f *FakeAPI) fail(w http.ResponseWriter, r *http.Request, c APICall, fault Fault) {
	c.ErrCode = fault.ErrCode
	if fault.Hang || fault.Status != 0 {
		c.ErrCode = -1000
	}
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.mu.Unlock()
	switch {
	case fault.Hang:
		select {
		case <-r.Context().Done():
		case <-f.hang:
		}
		return
	case fault.Status != 0:
		http.Error(w, http.StatusText(fault.Status), fault.Status)
		return
	}
	msg := fault.ErrMsg
	if msg == "" {
		msg = errMsg(fault.ErrCode)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(map[string]any{"errcode": fault.ErrCode, "errmsg": msg})
}

// WaitDelivered polls until at least n messages were delivered or ctx ends;
// it returns the deliveries seen.
func (f *FakeAPI) WaitDelivered(ctx context.Context, n int) []Delivery {
	for {
		d := f.Delivered()
		if len(d) >= n || ctx.Err() != nil {
			return d
		}
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Millisecond):
		}
	}
}
