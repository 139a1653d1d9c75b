package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/fixture"
	"safetybot/web"
	"safetybot/wecom/wecomapi"
)

// world is one seeded store shared by this package's tests and benchmarks.
var world *fixture.World

func TestMain(m *testing.M) {
	code := fixture.Shared(m, 300, &world)
	fixture.RemoveLarge()
	os.Exit(code)
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newDashboard(t testing.TB, oauth web.OAuth) *web.Dashboard {
	t.Helper()
	d, err := web.New(context.Background(), web.Config{Store: world.Store, Now: world.Clock.Now, Logger: quietLog(), OAuth: oauth, Admins: []string{"envadmin"}})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// client is a browser without a script: a cookie jar, redirects followed.
type client struct {
	t    testing.TB
	srv  *httptest.Server
	http *http.Client
}

func newClient(t testing.TB, h http.Handler) *client {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return &client{t: t, srv: srv, http: &http.Client{Jar: jar}}
}

func (c *client) get(path string) (int, string) {
	c.t.Helper()
	res, err := c.http.Get(c.srv.URL + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func (c *client) post(path string, form url.Values, header map[string]string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.srv.URL)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// signIn uses a fresh one-time link for user, as a person would: open the
// link, press 登录.
func (c *client) signIn(user string) (int, string) {
	c.t.Helper()
	tok, _, err := world.Store.CreateLoginToken(context.Background(), user, time.Minute)
	if err != nil {
		c.t.Fatal(err)
	}
	code, body := c.get("/login?token=" + tok)
	if code != 200 || !strings.Contains(body, `name="token" value="`+tok+`"`) {
		c.t.Fatalf("login page %d: %s", code, body)
	}
	return c.post("/login", url.Values{"token": {tok}}, nil)
}

func TestSignInWithLinkAndEveryPage(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	if code, body := c.get("/"); code != 200 || !strings.Contains(body, "safetybot login-link") {
		t.Fatalf("signed out: %d %s", code, body)
	}
	code, body := c.signIn(fixture.Leader)
	if code != 200 || !strings.Contains(body, "未销号隐患") {
		t.Fatalf("after sign-in: %d %s", code, body)
	}
	for _, path := range []string{"/", "/hazards", "/hazards?status=open&domain=道路运输&page=2", "/hazards?overdue=1",
		"/hazards/YH2026-0001", "/tasks", "/tasks/3", "/rules", "/static/style.css"} {
		if code, body := c.get(path); code != 200 {
			t.Errorf("%s: %d %s", path, code, body)
		}
	}
	if code, _ := c.get("/hazards/YH2026-9999"); code != 404 {
		t.Errorf("unknown hazard: %d", code)
	}
	if code, _ := c.get("/nothing-here"); code != 404 {
		t.Errorf("unknown page: %d", code)
	}
}

func TestLinkWorksOnceAndExpires(t *testing.T) {
	ctx := context.Background()
	c := newClient(t, newDashboard(t, nil))
	tok, _, err := world.Store.CreateLoginToken(ctx, fixture.Staff, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := c.post("/login", url.Values{"token": {tok}}, nil); code != 200 {
		t.Fatalf("first use: %d", code)
	}
	c2 := newClient(t, newDashboard(t, nil))
	if code, body := c2.post("/login", url.Values{"token": {tok}}, nil); code != 403 || !strings.Contains(body, "已使用或已过期") {
		t.Fatalf("second use: %d %s", code, body)
	}
	old, _, _ := world.Store.CreateLoginToken(ctx, fixture.Staff, -time.Second)
	if code, _ := c2.post("/login", url.Values{"token": {old}}, nil); code != 403 {
		t.Fatalf("expired link: %d", code)
	}
	if code, _ := c2.post("/login", url.Values{"token": {"forged"}}, nil); code != 403 {
		t.Fatalf("forged link: %d", code)
	}
}

func TestUsersWithoutRoleAreRefused(t *testing.T) {
	for _, u := range []string{fixture.Nobody, fixture.Handler} {
		c := newClient(t, newDashboard(t, nil))
		code, body := c.signIn(u)
		if code != 403 || !strings.Contains(body, "没有访问安全生产驾驶舱的权限") || strings.Contains(body, "授权") {
			t.Errorf("%s: %d %s", u, code, body)
		}
		if code, _ := c.get("/hazards"); code != 200 {
			t.Fatalf("%s: the login page should answer", u)
		}
		if _, body := c.get("/hazards"); strings.Contains(body, "隐患台账</h1>") {
			t.Errorf("%s reached the ledger", u)
		}
	}
	// An admin named in SAFETYBOT_ADMINS needs no row in the store.
	c := newClient(t, newDashboard(t, nil))
	if code, _ := c.signIn("envadmin"); code != 200 {
		t.Errorf("configured admin refused: %d", code)
	}
}

func TestRevokedRoleLocksOut(t *testing.T) {
	ctx := context.Background()
	if err := world.Store.Grant(ctx, safetybot.Grant{UserID: "temp", Role: safetybot.RoleStaff}, "test"); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, newDashboard(t, nil))
	if code, _ := c.signIn("temp"); code != 200 {
		t.Fatal("staff refused")
	}
	if _, err := world.Store.Revoke(ctx, "temp", safetybot.RoleStaff, "test"); err != nil {
		t.Fatal(err)
	}
	if code, body := c.get("/tasks"); code != 403 || !strings.Contains(body, "没有访问") {
		t.Fatalf("after revoke: %d", code)
	}
}

func TestCookieAndHeaders(t *testing.T) {
	d := newDashboard(t, nil)
	tok, _, _ := world.Store.CreateLoginToken(context.Background(), fixture.Staff, time.Minute)
	req := httptest.NewRequest("POST", "https://safety.example.cn/login", strings.NewReader("token="+tok))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://safety.example.cn")
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("login: %d %s", rec.Code, rec.Body)
	}
	set := rec.Header().Get("Set-Cookie")
	for _, want := range []string{"safetybot_session=", "HttpOnly", "Secure", "SameSite=Lax"} {
		if !strings.Contains(set, want) {
			t.Errorf("cookie %q lacks %s", set, want)
		}
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if rec.Header().Get(h) == "" {
			t.Errorf("no %s", h)
		}
	}
	// A cross-site form post is refused before the token is looked at.
	tok2, _, _ := world.Store.CreateLoginToken(context.Background(), fixture.Staff, time.Minute)
	req = httptest.NewRequest("POST", "https://safety.example.cn/login", strings.NewReader("token="+tok2))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	rec = httptest.NewRecorder()
	d.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("cross-site login: %d", rec.Code)
	}
	if _, err := world.Store.RedeemLoginToken(context.Background(), tok2); err != nil {
		t.Fatal("the refused post used the token up")
	}
}

func TestLogoutNeedsCSRFToken(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	_, body := c.signIn(fixture.Staff)
	m := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no csrf token on the page")
	}
	if code, _ := c.post("/logout", url.Values{"csrf": {"wrong"}}, nil); code != 403 {
		t.Fatalf("logout without the token: %d", code)
	}
	if code, body := c.get("/tasks"); code != 200 || !strings.Contains(body, "三年行动任务进展") {
		t.Fatal("still signed in after the refused logout")
	}
	if code, body := c.post("/logout", url.Values{"csrf": {m[1]}}, nil); code != 200 || !strings.Contains(body, "login-link") {
		t.Fatalf("logout: %d", code)
	}
	if _, body := c.get("/tasks"); strings.Contains(body, "三年行动任务进展") {
		t.Fatal("signed in after logout")
	}
}

func TestNextIsKeptAndLocal(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	c.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.http.Get(c.srv.URL + "/hazards?domain=道路运输")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/login?next=%2Fhazards") {
		t.Fatalf("redirect to %q", loc)
	}
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil", "/\t/evil.example", "/\n/evil.example"} {
		tok, _, _ := world.Store.CreateLoginToken(context.Background(), fixture.Staff, time.Minute)
		req, _ := http.NewRequest("POST", c.srv.URL+"/login", strings.NewReader(url.Values{"token": {tok}, "next": {next}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Errorf("next %q sent the browser to %q", next, loc)
		}
	}
}

// TestStaticHasNoListing: the stylesheet is served, its folder is not listed.
func TestStaticHasNoListing(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	if code, body := c.get("/static/style.css"); code != 200 || body == "" {
		t.Fatalf("stylesheet: %d", code)
	}
	for _, dir := range []string{"/static/", "/static/.", "/static"} {
		if code, body := c.get(dir); code == 200 || strings.Contains(body, "style.css") {
			t.Errorf("GET %s = %d, lists the folder:\n%s", dir, code, body)
		}
	}
}

// fakeOAuth stands in for WeCom: codes map to userids.
type fakeOAuth struct{ users map[string]string }

func (f fakeOAuth) AuthURL(callback, state string, inWeCom bool) string {
	return "https://wecom.example/authorize?redirect_uri=" + url.QueryEscape(callback) + "&state=" + state + fmt.Sprintf("&inwecom=%v", inWeCom)
}

func (f fakeOAuth) UserID(_ context.Context, code string) (string, error) {
	if u, ok := f.users[code]; ok {
		return u, nil
	}
	return "", fmt.Errorf("invalid code")
}

func TestWeComLogin(t *testing.T) {
	c := newClient(t, newDashboard(t, fakeOAuth{users: map[string]string{"c-leader": fixture.Leader, "c-nobody": fixture.Nobody}}))
	if _, body := c.get("/login"); !strings.Contains(body, "企业微信登录") {
		t.Fatal("no WeCom button")
	}
	next := ""
	start := func() string {
		c.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		defer func() { c.http.CheckRedirect = nil }()
		res, err := c.http.Get(c.srv.URL + "/auth/wecom" + next)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		u, _ := url.Parse(res.Header.Get("Location"))
		if u.Host != "wecom.example" || u.Query().Get("redirect_uri") != c.srv.URL+"/auth/wecom/callback" {
			t.Fatalf("sent to %s", u)
		}
		return u.Query().Get("state")
	}
	if start() == "" {
		t.Fatal("no state in the authorisation URL")
	}
	if code, _ := c.get("/auth/wecom/callback?code=c-leader&state=forged"); code != 403 {
		t.Fatalf("forged state: %d", code)
	}
	state := start()
	if code, body := c.get("/auth/wecom/callback?code=c-leader&state=" + state); code != 200 || !strings.Contains(body, "未销号隐患") {
		t.Fatalf("leader via WeCom: %d", code)
	}
	// Back to where the browser was going, Chinese query and all.
	next = "?next=" + url.QueryEscape("/hazards?domain=道路运输")
	state = start()
	if code, body := c.get("/auth/wecom/callback?code=c-leader&state=" + state); code != 200 || !strings.Contains(body, `<option selected>道路运输</option>`) {
		t.Fatalf("next after WeCom login: %d", code)
	}
	next = ""
	c2 := newClient(t, newDashboard(t, fakeOAuth{users: map[string]string{"c-nobody": fixture.Nobody}}))
	c = c2
	state = start()
	if code, body := c.get("/auth/wecom/callback?code=c-nobody&state=" + state); code != 403 || !strings.Contains(body, "没有访问") {
		t.Fatalf("member without role: %d", code)
	}
	state = start()
	if code, _ := c.get("/auth/wecom/callback?code=bad&state=" + state); code != 502 {
		t.Fatalf("bad code: %d", code)
	}
}

func TestWeComOAuthURL(t *testing.T) {
	api, err := wecomapi.New(wecomapi.Config{CorpID: "wwcorp", Secret: "secret"})
	if err != nil {
		t.Fatal(err)
	}
	o := web.NewWeComOAuth(api, "1000002")
	in := o.AuthURL("https://safety.example.cn/auth/wecom/callback", "st4te", true)
	u, err := url.Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	if u.Query().Get("appid") != "wwcorp" || u.Query().Get("state") != "st4te" || u.Fragment != "wechat_redirect" ||
		u.Query().Get("redirect_uri") != "https://safety.example.cn/auth/wecom/callback" || u.Query().Get("scope") != "snsapi_base" {
		t.Fatalf("in-WeCom URL %s", in)
	}
	qr, _ := url.Parse(o.AuthURL("https://safety.example.cn/auth/wecom/callback", "st4te", false))
	if qr.Query().Get("agentid") != "1000002" || qr.Query().Get("state") != "st4te" || !strings.Contains(qr.Path, "qrConnect") {
		t.Fatalf("QR URL %s", qr)
	}
}

func TestEvidencePhotos(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Staff)
	_, body := c.get("/hazards/YH2026-0001")
	m := regexp.MustCompile(`<img src="(/hazards/YH2026-0001/evidence/\d+)"`).FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, "县汽车站南门") {
		t.Fatalf("no photo or location on the page: %s", body)
	}
	res, err := c.http.Get(c.srv.URL + m[1])
	if err != nil {
		t.Fatal(err)
	}
	img, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || string(img) != string(fixture.Photo(1)) {
		t.Fatalf("photo: %d %s %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(img))
	}
	// The same photo under another hazard's number is not found.
	other := strings.Replace(m[1], "YH2026-0001", "YH2026-0002", 1)
	if code, _ := c.get(other); code != 404 {
		t.Errorf("photo under another hazard: %d", code)
	}
	// Signed out, no photo.
	anon := newClient(t, newDashboard(t, nil))
	anon.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if res, _ := anon.http.Get(anon.srv.URL + m[1]); res.StatusCode != http.StatusSeeOther {
		t.Errorf("signed-out photo: %d", res.StatusCode)
	}
}

func TestDownload(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Staff)
	res, err := c.http.Get(c.srv.URL + "/export?format=csv&year=2026&domain=" + url.QueryEscape("道路运输"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	want, _ := world.Store.Hazards(context.Background(), safetybot.HazardFilter{Year: 2026, Domain: "道路运输"})
	if res.StatusCode != 200 || !strings.HasPrefix(string(b), "\uFEFF编号,") || strings.Count(string(b), "\r\nYH2026-") != len(want) {
		t.Fatalf("csv download: %d, %d rows for %d hazards", res.StatusCode, strings.Count(string(b), "\r\nYH2026-"), len(want))
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, "filename*=UTF-8''2026") {
		t.Errorf("disposition %q", cd)
	}
	if code, _ := c.get("/export?format=pdf"); code != 400 {
		t.Errorf("bad format: %d", code)
	}
}

func TestRulesShowNextOccurrence(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Staff)
	code, body := c.get("/rules")
	if code != 200 {
		t.Fatalf("rules: %d", code)
	}
	// The Party-group topic is recorded for November 2026 in the fixture
	// (months 0–2 of every 4), so its reminders this month are silent; the
	// leaders' digest fires tomorrow morning at the latest.
	for _, want := range []string{"党组议题·月初", "本期已完成", "待发送", "领导"} {
		if !strings.Contains(body, want) {
			t.Errorf("rules page lacks %q", want)
		}
	}
	m := regexp.MustCompile(`data-next="([0-9T:-]+)"`).FindAllStringSubmatch(body, -1)
	if len(m) < 10 {
		t.Fatalf("only %d rules with a next occurrence", len(m))
	}
	for _, x := range m {
		if x[1] < "2026-11-28T10:00" {
			t.Errorf("next occurrence %s is in the past", x[1])
		}
	}
}

func TestExpiredSessionSignsOut(t *testing.T) {
	d := newDashboard(t, nil)
	sid, _, err := world.Store.CreateSession(context.Background(), fixture.Leader, -time.Second)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/tasks", nil)
	req.AddCookie(&http.Cookie{Name: "safetybot_session", Value: sid})
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") ||
		!strings.Contains(rec.Header().Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("expired session: %d %s %q", rec.Code, rec.Header().Get("Location"), rec.Header().Get("Set-Cookie"))
	}
}
