package wecomapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"safetybot/wecom/wecomapi"
)

// fake is a WeCom with gettoken (slow, counted) and auth/getuserinfo, which
// answers with the errcode queued in reject before accepting a token.
type fake struct {
	tokens atomic.Int32
	reject chan int // errcodes to answer getuserinfo with, one each
	delay  time.Duration
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch r.URL.Path {
	case "/cgi-bin/gettoken":
		time.Sleep(f.delay)
		if q.Get("corpsecret") != "s3cret" {
			fmt.Fprint(w, `{"errcode":40001,"errmsg":"invalid credential"}`)
			return
		}
		n := f.tokens.Add(1)
		fmt.Fprintf(w, `{"errcode":0,"errmsg":"ok","access_token":"tok%d","expires_in":7200}`, n)
	case "/cgi-bin/auth/getuserinfo":
		select {
		case code := <-f.reject:
			fmt.Fprintf(w, `{"errcode":%d,"errmsg":"rejected"}`, code)
		default:
			fmt.Fprintf(w, `{"errcode":0,"errmsg":"ok","userid":"u-%s-%s"}`, q.Get("code"), q.Get("access_token"))
		}
	default:
		http.Error(w, "no", http.StatusNotFound)
	}
}

type userInfo struct {
	wecomapi.Status
	UserID string `json:"userid"`
}

func newClient(t *testing.T, f *fake, secret string) *wecomapi.Client {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := wecomapi.New(wecomapi.Config{Base: srv.URL + "/", CorpID: "ww1", Secret: secret, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func getUser(ctx context.Context, c *wecomapi.Client, code string) (string, error) {
	var res userInfo
	err := c.Call(ctx, "auth/getuserinfo", map[string][]string{"code": {code}}, nil, &res)
	return res.UserID, err
}

// TestTokenSingleFlight: 20 calls arriving at once with no token cost one
// gettoken.
func TestTokenSingleFlight(t *testing.T) {
	f := &fake{delay: 50 * time.Millisecond}
	c := newClient(t, f, "s3cret")
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if id, err := getUser(context.Background(), c, fmt.Sprint(i)); err != nil || id != fmt.Sprintf("u-%d-tok1", i) {
				t.Errorf("call %d: %q %v", i, id, err)
			}
		})
	}
	wg.Wait()
	if n := f.tokens.Load(); n != 1 {
		t.Fatalf("gettoken called %d times, want 1", n)
	}
}

// TestTokenRefreshOnRejection: 40014, 42001 and 40001 drop the token and
// the call is made once more with a new one; twice in a row is an error.
func TestTokenRefreshOnRejection(t *testing.T) {
	f := &fake{reject: make(chan int, 4)}
	c := newClient(t, f, "s3cret")
	ctx := context.Background()
	for i, code := range []int{40014, 42001, 40001} {
		f.reject <- code
		id, err := getUser(ctx, c, "c")
		if want := fmt.Sprintf("u-c-tok%d", i+2); err != nil || id != want {
			t.Fatalf("after %d: %q %v, want %s", code, id, err, want)
		}
	}
	f.reject <- 42001
	f.reject <- 42001
	_, err := getUser(ctx, c, "c")
	if code, ok := wecomapi.ErrCode(err); !ok || code != 42001 {
		t.Fatalf("twice 42001: %v", err)
	}
	if c.CachedToken() != "" {
		t.Fatal("a token rejected twice is still cached")
	}
	f.reject <- 60011 // not about the token: no retry, no refresh
	_, err = getUser(ctx, c, "c")
	var e *wecomapi.Error
	if !errors.As(err, &e) || e.Code != 60011 || e.API != "auth/getuserinfo" || c.CachedToken() == "" {
		t.Fatalf("60011: %v", err)
	}
}

// TestTokenErrorsAreTypedAndSecretFree: a bad secret is a *TokenError
// carrying errcode 40001, and a refused connection's error quotes neither
// the secret nor the token.
func TestTokenErrorsAreTypedAndSecretFree(t *testing.T) {
	c := newClient(t, &fake{}, "wrong-secret")
	_, err := getUser(context.Background(), c, "c")
	var te *wecomapi.TokenError
	if code, _ := wecomapi.ErrCode(err); !errors.As(err, &te) || code != 40001 || strings.Contains(err.Error(), "wrong-secret") {
		t.Fatalf("bad secret: %v", err)
	}
	dead, err := wecomapi.New(wecomapi.Config{Base: "http://127.0.0.1:1", CorpID: "ww1", Secret: "wrong-secret"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = getUser(context.Background(), dead, "c")
	if err == nil || strings.Contains(err.Error(), "wrong-secret") || strings.Contains(err.Error(), "corpsecret") {
		t.Fatalf("refused connection: %v", err)
	}
	if err := dead.Webhook(context.Background(), "hook-key", map[string]string{"msgtype": "text"}); err == nil || strings.Contains(err.Error(), "hook-key") {
		t.Fatalf("webhook: %v", err)
	}
}

// TestWaiterOutlivesCancelledFetch: the caller whose ctx ends during the
// fetch gets its ctx's error; a waiter with time left fetches again.
func TestWaiterOutlivesCancelledFetch(t *testing.T) {
	f := &fake{delay: 100 * time.Millisecond}
	c := newClient(t, f, "s3cret")
	short, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := getUser(short, c, "a"); done <- err }()
	time.Sleep(5 * time.Millisecond)
	id, err := getUser(context.Background(), c, "b")
	if err != nil || !strings.HasPrefix(id, "u-b-tok") {
		t.Fatalf("waiter: %q %v", id, err)
	}
	if err := <-done; !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("leader: %v", err)
	}
}

func TestBaseMustBeAnOrigin(t *testing.T) {
	for _, bad := range []string{"qyapi.weixin.qq.com", "ftp://x", "http://"} {
		if _, err := wecomapi.New(wecomapi.Config{Base: bad}); err == nil || !strings.Contains(err.Error(), "WECOM_API_BASE") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
