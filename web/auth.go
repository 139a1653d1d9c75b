package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"safetybot"
)

const (
	sessionCookie = "safetybot_session"
	stateCookie   = "safetybot_oauth_state"
)

// authed wraps a page: the session cookie must name a live session of a
// user who is staff, a leader or an admin (checked on every request, so a
// revoked role locks the user out at once).
func (d *Dashboard) authed(page func(http.ResponseWriter, *http.Request, *safetybot.User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			d.toLogin(w, r)
			return
		}
		id, err := d.store.SessionUser(r.Context(), c.Value)
		if errors.Is(err, safetybot.ErrNoSession) {
			d.clearCookie(w, r, sessionCookie, "/")
			d.toLogin(w, r)
			return
		}
		if err != nil {
			d.fail(w, r, nil, err)
			return
		}
		u, err := d.user(r.Context(), id)
		if err != nil {
			d.fail(w, r, nil, err)
			return
		}
		r = r.WithContext(withCSRF(r.Context(), csrfToken(c.Value)))
		if !u.IsStaff() {
			// A member signed in for the report form (or whose role was
			// revoked) is refused the page but stays signed in: the form is
			// open to every member, and without WeCom sign-in a new link
			// would be needed to report again.
			d.refuseMember(w, r, &u)
			return
		}
		page(w, r, &u)
	}
}

// toLogin sends a signed-out browser to the sign-in page, remembering where
// it was going.
func (d *Dashboard) toLogin(w http.ResponseWriter, r *http.Request) {
	target := "/login"
	if r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// refuse answers a user without a dashboard role who signed in for it.
func (d *Dashboard) refuse(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	d.log.InfoContext(r.Context(), "dashboard sign-in refused: no role", "user", u.ID)
	d.render(w, r, http.StatusForbidden, "message", &page{Title: "无权访问", Message: d.memberRefusal(r.Context(), u, false)})
}

// refuseMember answers a signed-in member without a dashboard role who
// opened a dashboard page: refused, still signed in, pointed to the form.
func (d *Dashboard) refuseMember(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	d.log.InfoContext(r.Context(), "dashboard page refused: no role", "user", u.ID)
	d.render(w, r, http.StatusForbidden, "message", &page{User: u, Title: "无权访问", Message: d.memberRefusal(r.Context(), u, true)})
}

// memberRefusal tells someone without a bureau role (an enterprise's
// principal, an employee) what they can do instead of the dashboard. It
// never tells them to ask for 工作人员: that role shows every company's
// hazards and who reported them, the retaliation the README guards
// against (QA16 #4; chat's refusals say the same, bot.memberCan). They are
// named by name, not by their internal userid, where the directory knows
// one. signedIn: the session stays and the form is one click away.
func (d *Dashboard) memberRefusal(ctx context.Context, u *safetybot.User, signedIn bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "您（%s）没有访问安全生产驾驶舱的权限，驾驶舱仅向工作人员、领导和管理员开放。", d.dir.Name(ctx, u.ID))
	if signedIn {
		b.WriteString("您可以：继续使用上报表单登记隐患；")
	} else {
		b.WriteString("您可以：使用上报表单登记隐患（在企业微信中打开上报表单，或请管理员生成上报表单的登录链接）；")
	}
	b.WriteString("在企业微信中私聊机器人，发送「隐患」查看指派给您整改的隐患，「整改 <编号> <进展>」记录整改进展，" +
		"整改完成后发送「整改 <编号> <说明> 完成:是」提交验收")
	if len(u.Enterprises) > 0 {
		fmt.Fprintf(&b, "；本季度带队检查后发送「检查 %s <检查情况>」登记", u.Enterprises[0])
	}
	b.WriteString("。")
	return b.String()
}

// loginPage shows either the button that uses a sign-in link (GET never
// uses it up: chat apps fetch links to preview them) or the ways to sign in.
func (d *Dashboard) loginPage(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	p := &page{Title: "登录", Data: loginData{
		Token: r.URL.Query().Get("token"),
		Next:  next,
		WeCom: d.cfg.OAuth != nil,
		Flags: linkFlags(next),
	}}
	d.render(w, r, http.StatusOK, "login", p)
}

type loginData struct {
	Token string
	Next  string
	WeCom bool
	Flags string // login-link's flags for the link to next (linkFlags)
}

// linkFlags are the login-link flags that make a link to next: --form for
// the report form, --tip for a report's photos (a 受理人 without a
// dashboard role gets no other link, QA17 #8), none for the dashboard.
func linkFlags(next string) string {
	switch {
	case formOnly(next):
		return " --form"
	case tipPhotosOnly(next):
		return " --tip " + strings.TrimSuffix(strings.TrimPrefix(next, "/tips/"), "/photos")
	}
	return ""
}

// loginPost uses up a one-time sign-in link and starts a session.
func (d *Dashboard) loginPost(w http.ResponseWriter, r *http.Request) {
	if !d.sameOrigin(r) {
		http.Error(w, "跨站请求已拒绝。", http.StatusForbidden)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "请求格式错误。", http.StatusBadRequest)
		return
	}
	id, err := d.store.RedeemLoginToken(r.Context(), strings.TrimSpace(r.PostFormValue("token")))
	if errors.Is(err, safetybot.ErrTokenInvalid) {
		d.render(w, r, http.StatusForbidden, "message", &page{Title: "出错了", Message: tokenInvalid(r.PostFormValue("next"), d.cfg.OAuth != nil)})
		return
	} else if err != nil {
		d.fail(w, r, nil, err)
		return
	}
	d.signIn(w, r, id, safeNext(r.PostFormValue("next")), "link")
}

// tokenInvalid is what a used, expired or unknown sign-in link answers:
// which link to ask an administrator for (the report form's, when next is
// the form), and that WeCom signs in without one where it is set up.
func tokenInvalid(next string, wecom bool) string {
	msg := safetybot.ErrorMessage(safetybot.ErrTokenInvalid)
	if formOnly(next) {
		msg += "请说明要的是上报表单的链接。"
	}
	if wecom {
		msg += "在企业微信里打开本系统可直接登录，不需要链接。"
	}
	return msg
}

// signIn checks the user's role and starts a session: staff for the
// dashboard, any member for the report form, a handler for a report's
// photos (tipphotos.go).
func (d *Dashboard) signIn(w http.ResponseWriter, r *http.Request, id, next, how string) {
	u, err := d.user(r.Context(), id)
	if err != nil {
		d.fail(w, r, nil, err)
		return
	}
	if !u.IsStaff() && !formOnly(next) && !(u.HandlesTips() && tipPhotosOnly(next)) {
		d.refuse(w, r, &u)
		return
	}
	sid, exp, err := d.store.CreateSession(r.Context(), id, d.cfg.SessionTTL)
	if err != nil {
		d.fail(w, r, nil, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: sid, Path: "/", Expires: exp, MaxAge: int(d.cfg.SessionTTL.Seconds()),
		HttpOnly: true, Secure: d.secure(r), SameSite: http.SameSiteLaxMode,
	})
	d.log.InfoContext(r.Context(), "dashboard sign-in", "user", id, "via", how)
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// logout ends the session (POST with the session's CSRF token).
func (d *Dashboard) logout(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	if !d.sameOrigin(r) || r.ParseForm() != nil ||
		subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(csrfToken(c.Value))) != 1 {
		http.Error(w, "跨站请求已拒绝。", http.StatusForbidden)
		return
	}
	if err := d.store.DeleteSession(r.Context(), c.Value); err != nil {
		d.fail(w, r, nil, err)
		return
	}
	d.clearCookie(w, r, sessionCookie, "/")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// wecomStart sends the browser to WeCom's authorisation with a fresh state
// bound to this browser by a short-lived cookie.
func (d *Dashboard) wecomStart(w http.ResponseWriter, r *http.Request) {
	if d.cfg.OAuth == nil {
		d.render(w, r, http.StatusNotFound, "message", &page{Title: "未启用企业微信登录",
			Message: "本系统未配置企业微信应用（WECOM_CORP_ID、WECOM_AGENT_ID、WECOM_SECRET），请使用管理员提供的一次性登录链接。"})
		return
	}
	state := randomToken()
	http.SetCookie(w, &http.Cookie{
		Name: stateCookie, Value: state + "|" + url.QueryEscape(safeNext(r.URL.Query().Get("next"))), Path: "/auth/wecom", MaxAge: 600,
		HttpOnly: true, Secure: d.secure(r), SameSite: http.SameSiteLaxMode,
	})
	callback := d.origin(r) + "/auth/wecom/callback"
	inWeCom := strings.Contains(strings.ToLower(r.UserAgent()), "wxwork")
	http.Redirect(w, r, d.cfg.OAuth.AuthURL(callback, state, inWeCom), http.StatusFound)
}

// wecomCallback takes WeCom's code back, checks the state and signs in.
func (d *Dashboard) wecomCallback(w http.ResponseWriter, r *http.Request) {
	if d.cfg.OAuth == nil {
		d.notFound(w, r, nil)
		return
	}
	c, err := r.Cookie(stateCookie)
	d.clearCookie(w, r, stateCookie, "/auth/wecom")
	q := r.URL.Query()
	var state, next string
	if err == nil {
		state, next, _ = strings.Cut(c.Value, "|")
		next, _ = url.QueryUnescape(next) // escaped: a cookie holds no Chinese
	}
	if state == "" || subtle.ConstantTimeCompare([]byte(state), []byte(q.Get("state"))) != 1 {
		d.render(w, r, http.StatusForbidden, "message", &page{Title: "登录失败",
			Message: "企业微信登录校验失败（页面已过期或不是从本系统发起）。请回到登录页重新点击「企业微信登录」。"})
		return
	}
	code := q.Get("code")
	if code == "" {
		d.render(w, r, http.StatusForbidden, "message", &page{Title: "登录失败", Message: "企业微信未授权登录。请回到登录页重试。"})
		return
	}
	id, err := d.cfg.OAuth.UserID(r.Context(), code)
	if err != nil || id == "" {
		d.log.WarnContext(r.Context(), "wecom oauth failed", "err", err)
		d.render(w, r, http.StatusBadGateway, "message", &page{Title: "登录失败",
			Message: "无法从企业微信获取您的身份（可能是授权码已过期，或不是本企业成员）。请回到登录页重试；仍不行请联系管理员。"})
		return
	}
	d.signIn(w, r, id, safeNext(next), "wecom")
}

func (d *Dashboard) clearCookie(w http.ResponseWriter, r *http.Request, name, path string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1, HttpOnly: true,
		Secure: d.secure(r), SameSite: http.SameSiteLaxMode})
}

// secure tells whether the browser talks to us over TLS (directly, through
// a proxy that says so, or by the configured public URL).
func (d *Dashboard) secure(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") ||
		strings.HasPrefix(d.cfg.PublicURL, "https://")
}

func (d *Dashboard) origin(r *http.Request) string {
	if d.cfg.PublicURL != "" {
		return d.cfg.PublicURL
	}
	scheme := "http"
	if d.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// sameOrigin rejects cross-site form posts by the rule the report page
// uses (http.CrossOriginProtection, built in New): Sec-Fetch-Site, or for
// a browser without it Origin against Host, and the configured public
// URL's origin counts as this site. Behind a reverse proxy that rewrites
// Host, a form on https://safety.example.cn posts with that Origin and the
// internal Host: judged by Host alone, sign-in and 上报 were refused while
// the report page took the same post (fix9-8 #2).
func (d *Dashboard) sameOrigin(r *http.Request) bool { return d.crossOrigin.Check(r) == nil }

// crossOriginCheck is the one cross-site rule for every form: publicURL's
// origin (scheme and host; a path is ignored) is trusted beside Host.
func crossOriginCheck(publicURL string) (*http.CrossOriginProtection, error) {
	cop := http.NewCrossOriginProtection()
	if u, err := url.Parse(publicURL); err == nil && u.Scheme != "" && u.Host != "" {
		if err := cop.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			return nil, fmt.Errorf("web: public URL: %w", err)
		}
	}
	return cop, nil
}

// safeNext keeps only a path on this site to go back to after signing in,
// and returns "" (the overview) for anything else. Browsers drop tabs and
// newlines from URLs and read a backslash as "/" (WHATWG URL standard), so
// "/<tab>/evil.example" and "/<backslash>evil.example" mean
// "//evil.example", a scheme-relative link to another host. Refused: no
// leading "/", "//", any backslash, any control character (C0, DEL,
// C1), invalid UTF-8, and anything url.Parse reads with a scheme or host.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') || !utf8.ValidString(next) {
		return ""
	}
	for _, r := range next {
		if unicode.IsControl(r) {
			return ""
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	return next
}

// csrfToken derives the session's form token; it cannot be computed without
// the HttpOnly session cookie.
func csrfToken(sid string) string {
	sum := sha256.Sum256([]byte("safetybot csrf\x00" + sid))
	return hex.EncodeToString(sum[:16])
}

func randomToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
