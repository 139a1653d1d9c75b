package wecom_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"safetybot"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"safetybot/bot"
	"safetybot/plan"
	"safetybot/store"
	"safetybot/wecom"
	"safetybot/wecom/wecomtest"
)

const (
	corpID = "ww0123456789abcdef"
	year   = `YH\d{4}-\d{4}`
)

var hazardNumber = regexp.MustCompile(year)

// slowEngine delays the real engine and counts calls.
type slowEngine struct {
	wecom.Engine
	delay atomic.Int64
	calls atomic.Int64
}

func (s *slowEngine) Handle(ctx context.Context, m bot.Message) []bot.Reply {
	s.calls.Add(1)
	time.Sleep(time.Duration(s.delay.Load()))
	return s.Engine.Handle(ctx, m)
}

// fakeMedia is the test's own MediaFetcher.
type fakeMedia struct{ files map[string][]byte }

func (f fakeMedia) FetchMedia(_ context.Context, id string) ([]byte, string, error) {
	if d, ok := f.files[id]; ok {
		return d, "image/jpeg", nil
	}
	return nil, "", errors.New("invalid media_id")
}

type env struct {
	t        testing.TB
	store    *store.Store
	dbFile   string
	engine   *slowEngine
	logs     *testkit.Buffer
	srv      *httptest.Server
	app      *wecomtest.AppClient
	aibot    *wecomtest.AIBotClient
	api      *wecomtest.FakeAPI
	appToken string
	appKey   string
	botToken string
	botKey   string
	slow     time.Duration
	// skew moves the store's clock ahead of the real one (see later), so
	// a test can let the outbox's coalescing window pass.
	skew atomic.Int64
}

// now is the store's clock: the real time plus what later added.
func (e *env) now() time.Time { return time.Now().Add(time.Duration(e.skew.Load())) }

// later moves the store's clock d ahead.
func (e *env) later(d time.Duration) { e.skew.Add(int64(d)) }

// newEnv starts both callbacks on loopback over a fresh database.
func newEnv(t testing.TB, slow time.Duration) *env {
	t.Helper()
	e := &env{t: t, logs: &testkit.Buffer{}, slow: slow,
		appToken: wecomtest.NewToken(), appKey: wecomtest.NewAESKey(),
		botToken: wecomtest.NewToken(), botKey: wecomtest.NewAESKey()}
	ctx := t.Context()
	var s *store.Store
	s, e.dbFile = storetest.OpenFile(t, e.now)
	t.Cleanup(func() { s.Close() })
	e.store = s
	if _, err := s.SeedPlan(ctx, plan.Default()); err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	eng, err := bot.NewEngine(ctx, s, bot.Config{Admins: []string{"admin"}, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	e.engine = &slowEngine{Engine: eng}
	e.api = wecomtest.NewFakeAPI(t, wecomtest.FakeAPIOptions{})
	e.srv = httptest.NewServer(e.mux(ctx))
	t.Cleanup(e.srv.Close)
	if e.app, err = wecomtest.NewAppClient(e.srv.URL+"/wecom/callback", e.appToken, e.appKey, corpID); err != nil {
		t.Fatal(err)
	}
	if e.aibot, err = wecomtest.NewAIBotClient(e.srv.URL+"/wecom/aibot", e.botToken, e.botKey); err != nil {
		t.Fatal(err)
	}
	return e
}

// mux builds the handlers with a fresh Dedup (a restart keeps only the DB).
func (e *env) mux(ctx context.Context) http.Handler {
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	d, err := wecom.NewDedup(ctx, e.store, wecom.DedupOptions{Logger: log})
	if err != nil {
		e.t.Fatal(err)
	}
	app, err := wecom.NewAppHandler(wecom.AppConfig{CorpID: corpID, Token: e.appToken, EncodingAESKey: e.appKey,
		Engine: e.engine, Store: e.store, Dedup: d, Logger: log, SlowAfter: e.slow,
		Media: fakeMedia{map[string][]byte{"MEDIA1": append([]byte("\xff\xd8\xff\xe0"), make([]byte, 5000)...)}}})
	if err != nil {
		e.t.Fatal(err)
	}
	ai, err := wecom.NewAIBotHandler(wecom.AIBotConfig{Token: e.botToken, EncodingAESKey: e.botKey,
		Engine: e.engine, Dedup: d, Logger: log, SlowAfter: e.slow, PublicURL: "https://safety.example.cn"})
	if err != nil {
		e.t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/wecom/callback", app)
	mux.Handle("/wecom/aibot", ai)
	return mux
}

func (e *env) hazards() int {
	e.t.Helper()
	hs, err := e.store.Hazards(context.Background(), safetybot.HazardFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(hs)
}

// must(t)(reply, err) fails the test on err.
func must(t testing.TB) func(*wecomtest.Reply, error) *wecomtest.Reply {
	return func(r *wecomtest.Reply, err error) *wecomtest.Reply {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
}

func TestAppURLVerificationWithOfficialVector(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := storetest.Open(t, nil)
	defer s.Close()
	d, _ := wecom.NewDedup(t.Context(), s, wecom.DedupOptions{Logger: log})
	ts, _ := strconv.ParseInt(wecomtest.VectorTimestamp, 10, 64)
	then := time.Unix(ts, 0).Add(time.Minute) // the vector is from 2014: checked at its own time
	h, err := wecom.NewAppHandler(wecom.AppConfig{CorpID: wecomtest.VectorCorpID, Token: wecomtest.VectorToken,
		EncodingAESKey: wecomtest.VectorAESKey, Engine: &slowEngine{}, Store: s, Dedup: d, Logger: log,
		Now: func() time.Time { return then }})
	if err != nil {
		t.Fatal(err)
	}
	q := "msg_signature=" + wecomtest.VectorSignature + "&timestamp=" + wecomtest.VectorTimestamp +
		"&nonce=" + wecomtest.VectorNonce + "&echostr=" + strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace(wecomtest.VectorEchoStr)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/wecom/callback?"+q, nil))
	if rec.Code != 200 || rec.Body.String() != wecomtest.VectorEchoPlain {
		t.Fatalf("GET = %d %q, want 200 %q", rec.Code, rec.Body.String(), wecomtest.VectorEchoPlain)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/wecom/callback?"+strings.Replace(q, "5c45", "5c46", 1), nil))
	if rec.Code != http.StatusForbidden {
		t.Fatalf("forged GET = %d", rec.Code)
	}
	// The same check today is outside the timestamp window.
	now, err := wecom.NewAppHandler(wecom.AppConfig{CorpID: wecomtest.VectorCorpID, Token: wecomtest.VectorToken,
		EncodingAESKey: wecomtest.VectorAESKey, Engine: &slowEngine{}, Store: s, Dedup: d, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	rec = httptest.NewRecorder()
	now.ServeHTTP(rec, httptest.NewRequest("GET", "/wecom/callback?"+q, nil))
	if rec.Code != http.StatusForbidden || strings.Contains(rec.Body.String(), wecomtest.VectorEchoPlain) {
		t.Fatalf("2014 GET checked today = %d %q, want 403", rec.Code, rec.Body.String())
	}
}

func TestURLVerificationBothReceivers(t *testing.T) {
	e := newEnv(t, 0)
	for name, verify := range map[string]func(string) (string, int, error){"app": e.app.VerifyURL, "aibot": e.aibot.VerifyURL} {
		got, status, err := verify("8123456789")
		if err != nil || status != 200 || got != "8123456789" {
			t.Errorf("%s: %d %q %v", name, status, got, err)
		}
	}
}

func TestAppReportEndToEnd(t *testing.T) {
	e := newEnv(t, 0)
	start := time.Now()
	r := must(t)(e.app.SendText("zhangsan", "7301234567890123456", "上报 码头护栏缺失 单位:某港务公司 领域:水上"))
	took := time.Since(start)
	if r.Status != 200 || r.MsgType != "text" || r.ToUser != "zhangsan" || !hazardNumber.MatchString(r.Content) {
		t.Fatalf("reply = %+v", r)
	}
	if took > time.Second {
		t.Fatalf("passive reply took %v", took)
	}
	// The retry WeCom sends when it did not see the answer: same answer, nothing new.
	again := must(t)(e.app.SendText("zhangsan", "7301234567890123456", "上报 码头护栏缺失 单位:某港务公司 领域:水上"))
	if again.Content != r.Content || e.hazards() != 1 || e.engine.calls.Load() != 1 {
		t.Fatalf("retry: %q (first %q), %d hazards, %d engine calls", again.Content, r.Content, e.hazards(), e.engine.calls.Load())
	}
	// A different MsgId is a new message.
	must(t)(e.app.SendText("zhangsan", "7301234567890123457", "上报 另一处护栏缺失"))
	if e.hazards() != 2 {
		t.Fatalf("%d hazards after a second message", e.hazards())
	}
	// Logs carry no userid, text, token or key.
	logs := e.logs.String()
	for _, secret := range []string{"zhangsan", "码头", "7301234567890123456", e.appToken, e.appKey} {
		if strings.Contains(logs, secret) {
			t.Errorf("log contains %q:\n%s", secret, logs)
		}
	}
	if !strings.Contains(logs, "msg_type=text") || !strings.Contains(logs, "cmd=上报") {
		t.Errorf("log lacks the message type or the command:\n%s", logs)
	}
}

func TestDatabaseKeepsNoRawMessageID(t *testing.T) {
	e := newEnv(t, 0)
	const msgID = "8765432109876543210"
	must(t)(e.app.SendText("lisi", msgID, "帮助"))
	must(t)(e.aibot.SendSingleText("lisi", "aibotmsg-5f1e2d", "帮助", ""))
	var n int
	if err := testkit.RawDB(t, e.store.File()).QueryRow("SELECT count(*) FROM wecom_inbound").Scan(&n); err != nil || n != 2 {
		t.Fatalf("wecom_inbound rows = %d, %v", n, err)
	}
	e.store.Close()
	for _, f := range []string{e.dbFile, e.dbFile + "-wal"} {
		data, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, raw := range []string{msgID, "aibotmsg-5f1e2d"} {
			if bytes.Contains(data, []byte(raw)) {
				t.Errorf("%s contains the raw message id %s", filepath.Base(f), raw)
			}
		}
	}
}

func TestRestartStillDeduplicates(t *testing.T) {
	e := newEnv(t, 0)
	must(t)(e.app.SendText("zhangsan", "555", "上报 仓库灭火器过期"))
	// A new process: memory is empty, only the keyed hash in the DB remains.
	srv := httptest.NewServer(e.mux(t.Context()))
	defer srv.Close()
	e.app.URL = srv.URL + "/wecom/callback"
	r := must(t)(e.app.SendText("zhangsan", "555", "上报 仓库灭火器过期"))
	if r.Status != 200 || !r.Empty || e.hazards() != 1 {
		t.Fatalf("retry after restart: %+v, %d hazards", r, e.hazards())
	}
}

func TestConcurrentDuplicatesRunOnce(t *testing.T) {
	e := newEnv(t, 0)
	e.engine.delay.Store(int64(100 * time.Millisecond))
	req := e.app.Sign(e.app.XML(wecomtest.AppMessage{FromUser: "zhangsan", MsgType: "text", MsgID: "42", Content: "上报 并发重试"}))
	var wg sync.WaitGroup
	replies := make([]*wecomtest.Reply, 6)
	for i := range replies {
		wg.Go(func() { replies[i] = must(t)(e.app.Do(req)) })
	}
	wg.Wait()
	for _, r := range replies {
		if r.Content != replies[0].Content || !hazardNumber.MatchString(r.Content) {
			t.Fatalf("replies differ: %q vs %q", r.Content, replies[0].Content)
		}
	}
	if e.engine.calls.Load() != 1 || e.hazards() != 1 {
		t.Fatalf("engine ran %d times, %d hazards", e.engine.calls.Load(), e.hazards())
	}
}

func TestAppRefusalsChangeNothing(t *testing.T) {
	e := newEnv(t, 0)
	good := func() wecomtest.Signed {
		return e.app.Sign(e.app.XML(wecomtest.AppMessage{FromUser: "zhangsan", MsgType: "text", MsgID: "1", Content: "上报 不该登记"}))
	}
	other, _ := wecomtest.NewAppClient(e.app.URL, e.appToken, e.appKey, "wwOTHERCORP")
	stale, _ := wecomtest.NewAppClient(e.app.URL, e.appToken, e.appKey, corpID)
	stale.Now = func() time.Time { return time.Now().Add(-11 * time.Minute) }
	future, _ := wecomtest.NewAppClient(e.app.URL, e.appToken, e.appKey, corpID)
	future.Now = func() time.Time { return time.Now().Add(11 * time.Minute) }
	wrongKey, _ := wecomtest.NewAppClient(e.app.URL, e.appToken, wecomtest.NewAESKey(), corpID)
	cases := []struct {
		name string
		req  func() wecomtest.Signed
		want int
	}{
		{"forged signature", func() wecomtest.Signed {
			s := good()
			s.Query.Set("msg_signature", strings.Repeat("a", 40))
			return s
		}, 403},
		{"signature of another nonce", func() wecomtest.Signed { s := good(); s.Query.Set("nonce", "1"); return s }, 403},
		{"no signature", func() wecomtest.Signed { s := good(); s.Query.Del("msg_signature"); return s }, 400},
		{"stale timestamp", func() wecomtest.Signed {
			return stale.Sign(stale.XML(wecomtest.AppMessage{FromUser: "zhangsan", MsgType: "text", MsgID: "2", Content: "上报 旧"}))
		}, 403},
		{"future timestamp", func() wecomtest.Signed {
			return future.Sign(future.XML(wecomtest.AppMessage{FromUser: "zhangsan", MsgType: "text", MsgID: "3", Content: "上报 新"}))
		}, 403},
		{"oversized body", func() wecomtest.Signed {
			return e.app.Sign(e.app.XML(wecomtest.AppMessage{FromUser: "zhangsan", MsgType: "text", MsgID: "4", Content: "上报 " + strings.Repeat("大", 400_000)}))
		}, 413},
		{"malformed outer xml", func() wecomtest.Signed { s := good(); s.Body = []byte("<xml><Encrypt>"); return s }, 400},
		{"no Encrypt", func() wecomtest.Signed {
			s := good()
			s.Body = []byte("<xml><ToUserName>x</ToUserName></xml>")
			return s
		}, 400},
		{"malformed inner xml", func() wecomtest.Signed {
			return e.app.Sign([]byte("<xml><MsgType>text</MsgType><FromUserName>zhangsan"))
		}, 400},
		{"inner not a message", func() wecomtest.Signed { return e.app.Sign([]byte("<xml></xml>")) }, 400},
		{"wrong receiveid", func() wecomtest.Signed {
			return other.Sign(other.XML(wecomtest.AppMessage{FromUser: "zhangsan", MsgType: "text", MsgID: "5", Content: "上报 别的企业"}))
		}, 403},
		// a message not to this app: its own passive reply posted back
		// (ToUserName the user, FromUserName the CorpID), another corp's
		{"the app's own passive reply", func() wecomtest.Signed {
			return e.app.Sign([]byte("<xml><ToUserName><![CDATA[zhangsan]]></ToUserName><FromUserName><![CDATA[" + corpID +
				"]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[未识别的命令「YH2026-0001【一般】待确认」]]></Content></xml>"))
		}, 403},
		{"from the CorpID", func() wecomtest.Signed {
			return e.app.Sign(e.app.XML(wecomtest.AppMessage{FromUser: corpID, MsgType: "text", MsgID: "7", Content: "上报 自己"}))
		}, 403},
		{"to another corp", func() wecomtest.Signed {
			return e.app.Sign(bytes.Replace(e.app.XML(wecomtest.AppMessage{FromUser: "zhangsan", MsgType: "text", MsgID: "8", Content: "上报 别处"}), []byte(corpID), []byte("wwOTHERCORP"), 1))
		}, 403},
		{"wrong key", func() wecomtest.Signed {
			return wrongKey.Sign(wrongKey.XML(wecomtest.AppMessage{FromUser: "zhangsan", MsgType: "text", MsgID: "6", Content: "上报 错钥"}))
		}, 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := must(t)(e.app.Do(c.req()))
			if r.Status != c.want {
				t.Fatalf("status %d, want %d", r.Status, c.want)
			}
		})
	}
	resp, err := http.Post(e.app.URL, "text/xml", nil)
	if err != nil || resp.StatusCode != 400 {
		t.Fatalf("unsigned POST: %v %v", resp, err)
	}
	req, _ := http.NewRequest("PUT", e.app.URL, nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 405 {
		t.Fatalf("PUT: %v %v", resp, err)
	}
	if e.hazards() != 0 || e.engine.calls.Load() != 0 {
		t.Fatalf("refused callbacks changed something: %d hazards, %d engine calls", e.hazards(), e.engine.calls.Load())
	}
	var n int
	testkit.RawDB(t, e.store.File()).QueryRow("SELECT count(*) FROM wecom_inbound").Scan(&n)
	if n != 0 {
		t.Fatalf("refused callbacks were recorded: %d", n)
	}
	// The good one still goes through afterwards.
	if r := must(t)(e.app.Do(good())); !hazardNumber.MatchString(r.Content) {
		t.Fatalf("good request after refusals: %+v", r)
	}
}

func TestAppSlowEngineRepliesThroughOutbox(t *testing.T) {
	e := newEnv(t, 50*time.Millisecond)
	e.engine.delay.Store(int64(300 * time.Millisecond))
	r := must(t)(e.app.SendText("zhangsan", "900", "上报 慢处理的隐患"))
	if r.Status != 200 || !r.Empty {
		t.Fatalf("slow engine: want an empty 200, got %+v", r)
	}
	// A retry meanwhile is answered empty too and runs nothing.
	if r := must(t)(e.app.SendText("zhangsan", "900", "上报 慢处理的隐患")); !r.Empty {
		t.Fatalf("retry of a slow message: %+v", r)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		due, err := storetest.DueOutbox(context.Background(), e.store, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(due) == 1 {
			if due[0].TargetKind != "user" || due[0].Target != "zhangsan" || !hazardNumber.MatchString(due[0].Body) {
				t.Fatalf("queued reply = %+v", due[0])
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no queued reply (%d rows)", len(due))
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A retry after the reply went out is still answered empty: one message, not two.
	if r := must(t)(e.app.SendText("zhangsan", "900", "上报 慢处理的隐患")); !r.Empty {
		t.Fatalf("retry after the queued reply: %+v", r)
	}
	if e.engine.calls.Load() != 1 || e.hazards() != 1 {
		t.Fatalf("engine ran %d times, %d hazards", e.engine.calls.Load(), e.hazards())
	}
}

func TestAppOtherMessageKinds(t *testing.T) {
	e := newEnv(t, 0)
	now := time.Now().Unix()
	welcome := must(t)(e.app.SendEvent("wangwu", "enter_agent", now))
	if !strings.Contains(welcome.Content, "您好") || !strings.Contains(welcome.Content, "上报") {
		t.Fatalf("enter_agent: %q", welcome.Content)
	}
	if again := must(t)(e.app.SendEvent("wangwu", "enter_agent", now)); again.Content != welcome.Content {
		t.Fatalf("retried event answered differently")
	}
	// The app is opened again later today: no second welcome.
	if r := must(t)(e.app.SendEvent("wangwu", "enter_agent", now+60)); !r.Empty {
		t.Fatalf("second welcome of the day: %q", r.Content)
	}
	// Nor after a restart: the day is remembered in the database.
	srv := httptest.NewServer(e.mux(t.Context()))
	defer srv.Close()
	e.app.URL = srv.URL + "/wecom/callback"
	if r := must(t)(e.app.SendEvent("wangwu", "enter_agent", now+120)); !r.Empty {
		t.Fatalf("welcome again after a restart: %q", r.Content)
	}
	// An admin's command list is longer than a passive reply carries: the
	// welcome points to 帮助 instead.
	if r := must(t)(e.app.SendEvent("admin", "enter_agent", now)); !strings.Contains(r.Content, "发送「帮助」") || len(r.Content) > 2048 {
		t.Fatalf("admin welcome (%d bytes): %q", len(r.Content), r.Content)
	}
	// A reply too long for a passive answer (an admin's help) goes through
	// the outbox, which splits it, and the callback is answered empty.
	if r := must(t)(e.app.SendText("admin", "h1", "帮助")); !r.Empty {
		t.Fatalf("long help answered passively (%d bytes)", len(r.Content))
	}
	if due, _ := storetest.DueOutbox(context.Background(), e.store, 10); len(due) != 1 || due[0].Target != "admin" || !strings.Contains(due[0].Body, "授权") {
		t.Fatalf("long help not queued: %+v", due)
	}
	if r := must(t)(e.app.SendEvent("wangwu", "click", now+1)); r.Status != 200 || !r.Empty {
		t.Fatalf("click event: %+v", r)
	}
	if r := must(t)(e.app.SendVoice("wangwu", "v1", "VOICE", "")); !strings.Contains(r.Content, "不支持语音") {
		t.Fatalf("voice without transcript: %q", r.Content)
	}
	if r := must(t)(e.app.SendVoice("wangwu", "v2", "VOICE", "上报 配电箱未上锁")); !hazardNumber.MatchString(r.Content) {
		t.Fatalf("voice with transcript: %q", r.Content)
	}
	if r := must(t)(e.app.SendImage("wangwu", "i1", "MEDIA1")); !strings.Contains(r.Content, "已将照片附到隐患") {
		t.Fatalf("image after 上报: %q", r.Content)
	}
	if r := must(t)(e.app.SendLocation("wangwu", "l1", 28.2, 112.9, "五号仓库")); !strings.Contains(r.Content, "五号仓库") {
		t.Fatalf("location after 上报: %q", r.Content)
	}
	if r := must(t)(e.app.SendImage("zhaoliu", "i2", "MEDIA1")); !strings.Contains(r.Content, "先发送「上报") {
		t.Fatalf("image without 上报: %q", r.Content)
	}
	if r := must(t)(e.app.Send(wecomtest.AppMessage{FromUser: "wangwu", MsgType: "video", MsgID: "x1"})); !strings.Contains(r.Content, "暂不支持") {
		t.Fatalf("video: %q", r.Content)
	}
	hs, _ := e.store.Hazards(context.Background(), safetybot.HazardFilter{})
	evs, err := e.store.Evidence(context.Background(), hs[0].Number)
	if err != nil || len(evs) != 2 {
		t.Fatalf("evidence = %+v, %v", evs, err)
	}
	// A reply with CDATA's terminator inside still decrypts to the same text.
	if r := must(t)(e.app.SendText("wangwu", "t9", "]]>")); !strings.Contains(r.Content, "]]>") {
		t.Fatalf("reply with ]]>: %q", r.Content)
	}
}
