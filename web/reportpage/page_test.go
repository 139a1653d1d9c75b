package reportpage_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"strings"
	"sync"
	"testing"
	"time"

	"safetybot"
	"safetybot/server"
	"safetybot/store"
	"safetybot/tipdesk"
	"safetybot/web/reportpage"
)

type env struct {
	t     *testing.T
	store *store.Store
	file  string
	logs  *testkit.Buffer
	h     http.Handler
	now   time.Time
	mu    sync.Mutex
}

func (e *env) clock() time.Time { e.mu.Lock(); defer e.mu.Unlock(); return e.now }
func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

// newEnv serves the page through the whole server stack (its middleware
// included), with every log line kept.
func newEnv(t *testing.T) *env {
	e := &env{t: t, logs: &testkit.Buffer{}, now: time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)}
	var s *store.Store
	s, e.file = storetest.OpenFile(t, e.clock)
	t.Cleanup(func() { s.Close() })
	e.store = s
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	desk, err := tipdesk.New(t.Context(), s, tipdesk.Config{Params: safetybot.ReceiptParams{Time: 1, MemoryKiB: 64, Threads: 1}, Now: e.clock, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	page, err := reportpage.New(reportpage.Config{Desk: desk, Logger: log, Now: e.clock, TrustProxy: true, PublicOrigin: "https://safety.example.gov.cn"})
	if err != nil {
		t.Fatal(err)
	}
	e.h = server.NewServer(server.Deps{Store: s, Logger: log, Report: page})
	return e
}

const (
	remoteIP = "203.0.113.77"  // the client, as the socket sees it
	proxyIP  = "198.51.100.23" // a client as a proxy reports it
)

// post sends a form as a browser on the same origin would.
func (e *env) post(path, remote string, form url.Values, hdr ...string) *httptest.ResponseRecorder {
	e.t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Forwarded-For", proxyIP)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	req.RemoteAddr = remote
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

func (e *env) get(path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	req.RemoteAddr = remoteIP + ":4242"
	req.Header.Set("X-Forwarded-For", proxyIP)
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

var codeRE = regexp.MustCompile(`\d{4} \d{4} \d{4} \d{4}`)

func TestReportPageEndToEnd(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()

	form := e.get("/report")
	if form.Code != 200 || !strings.Contains(form.Body.String(), "提交匿名举报") {
		t.Fatalf("GET /report = %d\n%s", form.Code, form.Body)
	}
	checkHeaders(t, form)
	// No third-party asset: nothing is loaded from another origin.
	if regexp.MustCompile(`(src|href)="(https?:)?//`).MatchString(form.Body.String()) {
		t.Fatalf("the page loads something from elsewhere:\n%s", form.Body)
	}
	if css := e.get("/report/assets/style.css"); css.Code != 200 || !strings.Contains(css.Header().Get("Content-Type"), "css") {
		t.Fatalf("stylesheet: %d %s", css.Code, css.Header().Get("Content-Type"))
	}
	if dir := e.get("/report/assets/"); dir.Code != 404 || strings.Contains(dir.Body.String(), "style.css") {
		t.Fatalf("GET /report/assets/ = %d, lists the folder:\n%s", dir.Code, dir.Body)
	}

	// Submit from behind a local proxy, and directly.
	rec := e.post("/report", "127.0.0.1:5555", url.Values{"content": {"某渡口超载载客，救生衣上锁\r\n每天早上七点"}})
	if rec.Code != 200 {
		t.Fatalf("POST /report = %d\n%s", rec.Code, rec.Body)
	}
	checkHeaders(t, rec)
	code := codeRE.FindString(rec.Body.String())
	if code == "" || !strings.Contains(rec.Body.String(), "只显示这一次") {
		t.Fatalf("no receipt code shown:\n%s", rec.Body)
	}
	if loc := rec.Header().Get("Location"); loc != "" {
		t.Fatalf("the receipt must not travel in a redirect: %s", loc)
	}

	// A handler replies; the reporter reads it by code and adds information.
	tips, err := e.store.Tips(ctx, safetybot.TipFilter{}, "h1")
	if err != nil || len(tips) != 1 || tips[0].Body != "某渡口超载载客，救生衣上锁\n每天早上七点" {
		t.Fatalf("stored %+v, %v", tips, err)
	}
	if _, err := e.store.ChangeTip(ctx, tips[0].ID, "h1", func(t *safetybot.Tip) (safetybot.TipChange, error) {
		t.Status = safetybot.TipInProgress
		return safetybot.TipChange{Action: "回复", Reply: "已派人核查 <b>请放心</b>"}, nil
	}); err != nil {
		t.Fatal(err)
	}
	st := e.post("/report/status", remoteIP+":4242", url.Values{"code": {code}})
	body := st.Body.String()
	if st.Code != 200 || !strings.Contains(body, "受理中") || !strings.Contains(body, "已派人核查 &lt;b&gt;请放心&lt;/b&gt;") || !strings.Contains(body, "救生衣上锁") {
		t.Fatalf("status page = %d\n%s", st.Code, body)
	}
	add := e.post("/report/add", remoteIP+":4242", url.Values{"code": {strings.ReplaceAll(code, " ", "")}, "content": {"船名：渡运 12 号"}})
	if add.Code != 200 || !strings.Contains(add.Body.String(), "补充内容已收到") || !strings.Contains(add.Body.String(), "渡运 12 号") {
		t.Fatalf("add = %d\n%s", add.Code, add.Body)
	}
	if empty := e.post("/report/add", remoteIP+":4242", url.Values{"code": {code}, "content": {"  "}}); empty.Code != 400 || !strings.Contains(empty.Body.String(), "请写明") {
		t.Fatalf("empty addition = %d\n%s", empty.Code, empty.Body)
	}

	// Wrong codes: one answer whatever the reason; the tenth in a minute is throttled.
	attacker := "192.0.2.99:1000"
	var first string
	for i, c := range []string{"1111222233334444", "1111 2222 3333 4445", "「9999999999999999」", "1111-2222-3333-4446", "１１１１２２２２３３３３４４４７",
		"1111.2222.3333.4448", "1111222233334449。", "2111222233334444", "3111222233334444"} {
		rec := e.post("/report/status", attacker, url.Values{"code": {c}})
		if rec.Code != 404 || !strings.Contains(rec.Body.String(), "回执码不正确") {
			t.Fatalf("wrong code %d: %d\n%s", i+1, rec.Code, rec.Body)
		}
		msg := regexp.MustCompile(`role="alert">[^<]*`).FindString(rec.Body.String())
		if first == "" {
			first = msg
		} else if msg != first {
			t.Fatalf("wrong codes answered differently: %q vs %q", msg, first)
		}
	}
	if rec := e.post("/report/status", attacker, url.Values{"code": {code}}); rec.Code != 429 {
		t.Fatalf("tenth attempt = %d, want 429\n%s", rec.Code, rec.Body)
	}
	if rec := e.post("/report/status", remoteIP+":4242", url.Values{"code": {code}}); rec.Code != 200 {
		t.Fatalf("another client throttled: %d", rec.Code)
	}
	e.advance(61 * time.Second)
	if rec := e.post("/report/status", attacker, url.Values{"code": {code}}); rec.Code != 200 {
		t.Fatalf("after a minute: %d", rec.Code)
	}

	// Cross-site POSTs are refused and store nothing; so are oversize and
	// non-form bodies.
	if rec := e.post("/report", remoteIP+":4242", url.Values{"content": {"CSRF-TEXT"}}, "Sec-Fetch-Site", "cross-site"); rec.Code != 403 {
		t.Fatalf("cross-site POST = %d", rec.Code)
	}
	// An older browser sends Origin only: the public origin passes even
	// though a proxy rewrote Host; any other origin is refused.
	if rec := e.post("/report/status", remoteIP+":4242", url.Values{"code": {code}}, "Sec-Fetch-Site", "", "Origin", "https://safety.example.gov.cn"); rec.Code != 200 {
		t.Fatalf("POST from the public origin = %d", rec.Code)
	}
	if rec := e.post("/report/status", remoteIP+":4242", url.Values{"code": {code}}, "Sec-Fetch-Site", "", "Origin", "https://evil.example"); rec.Code != 403 {
		t.Fatalf("POST from another origin = %d", rec.Code)
	}
	big := url.Values{"content": {strings.Repeat("很", 30000)}}
	if rec := e.post("/report", remoteIP+":4242", big); rec.Code != 413 {
		t.Fatalf("oversize = %d", rec.Code)
	}
	long := url.Values{"content": {strings.Repeat("长", tipdesk.MaxRunes+1)}}
	if rec := e.post("/report", remoteIP+":4242", long); rec.Code != 400 || !strings.Contains(rec.Body.String(), "内容过长") {
		t.Fatalf("too long = %d", rec.Code)
	}
	req := httptest.NewRequest("POST", "/report", strings.NewReader(`{"content":"x"}`))
	req.Header.Set("Content-Type", "application/json")
	rec = httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	if rec.Code != 400 {
		t.Fatalf("JSON body = %d", rec.Code)
	}

	// Rate limit: five new reports an hour per client.
	for i := range 5 {
		if rec := e.post("/report", "192.0.2.5:1", url.Values{"content": {"批量 " + string(rune('A'+i))}}); rec.Code != 200 {
			t.Fatalf("report %d = %d", i+1, rec.Code)
		}
	}
	if rec := e.post("/report", "192.0.2.5:1", url.Values{"content": {"第六条"}}); rec.Code != 429 || !strings.Contains(rec.Body.String(), "第六条") {
		t.Fatalf("sixth report in an hour = %d", rec.Code)
	}
	if n, _ := e.store.TipsAwaitingTriage(ctx); n != 5 {
		t.Fatalf("awaiting %d, want 5 (+1 in progress)", n)
	}

	// No client address reached the database or the logs.
	logs := e.logs.Bytes()
	if !bytes.Contains(logs, []byte("tip receipt refused")) {
		t.Fatalf("wrong codes should be logged (without the code or client):\n%s", logs)
	}
	for _, needle := range []string{remoteIP, proxyIP, "192.0.2.99", "192.0.2.5", "127.0.0.1", strings.ReplaceAll(code, " ", ""), "CSRF-TEXT", "救生衣"} {
		for _, f := range []string{e.file, e.file + "-wal", e.file + "-shm"} {
			b, _ := os.ReadFile(f)
			if needle != "救生衣" && bytes.Contains(b, []byte(needle)) {
				t.Errorf("%q stored in %s", needle, filepath.Base(f))
			}
		}
		if bytes.Contains(logs, []byte(needle)) {
			t.Errorf("%q logged:\n%s", needle, logs)
		}
	}
}

func checkHeaders(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	h := rec.Header()
	for k, want := range map[string]string{"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
		if h.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, h.Get(k), want)
		}
	}
	if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("CSP %q", h.Get("Content-Security-Policy"))
	}
	if h.Get("Set-Cookie") != "" {
		t.Errorf("a cookie was set: %s", h.Get("Set-Cookie"))
	}
}

func FuzzParseForm(f *testing.F) {
	for _, s := range []string{"content=%E4%B8%BE%E6%8A%A5", "code=1234+5678+9012+3456&content=x", "content=a&content=b", "%zz", "code=" + strings.Repeat("9", reportpage.MaxCodeField+1), "content=%ff%fe", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		form, err := reportpage.ParseForm(body)
		if err != nil {
			if safetybot.ErrorCode(err) != safetybot.EINVALID {
				t.Fatalf("error %v is not a user error", err)
			}
			return
		}
		if len(form.Code) > reportpage.MaxCodeField || strings.Contains(form.Content, "\r\n") {
			t.Fatalf("form %+v", form)
		}
		if !utf8Valid(form.Content) || !utf8Valid(form.Code) {
			t.Fatalf("invalid UTF-8 passed: %+v", form)
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }
