// Package web is the leaders' dashboard: sign-in (WeCom web login, or a
// one-time link from `safetybot login-link`), the overview with its charts,
// the hazard ledger with history and photo evidence, the plan's tasks, the
// reminder rules with their next occurrence, the ledger download, a
// leader's 督办/催办 on a hazard, and the report form (上报表单) at
// /hazards/new. Pages are html/template on the server with embedded CSS
// and inline SVG charts: no CDN, usable offline and on a phone; only the
// report form runs a script (its own, to scale photos and read the
// location). Every GET changes nothing; the POSTs (sign-in, sign-out,
// 督办/催办, the report form) are refused from another site, and all but
// sign-in without the session's form token.
package web

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"safetybot"
	"safetybot/internal/photo"
	"safetybot/internal/staticfs"
	"safetybot/web/reportpage"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// OAuth is WeCom web login (OAuth 2.0, WeComOAuth in production, a fake in
// tests).
type OAuth interface {
	// AuthURL is where to send the browser; callback is our redirect URI,
	// state the anti-forgery value to get back; inWeCom tells the WeCom
	// client's own browser (silent authorisation) from a desktop browser
	// (QR code login).
	AuthURL(callback, state string, inWeCom bool) string
	// UserID exchanges the code WeCom returned for the member's userid.
	UserID(ctx context.Context, code string) (string, error)
}

// Config is what the dashboard needs.
type Config struct {
	Store  safetybot.Store
	Admins []string // SAFETYBOT_ADMINS: recorded as admin grants when New starts
	Now    safetybot.Clock
	Logger *slog.Logger
	// OAuth enables WeCom web login; nil leaves only sign-in links.
	OAuth OAuth
	// PublicURL is the dashboard's external origin (https://safety.example.cn),
	// used for the OAuth redirect URI and to know it is behind TLS. Empty:
	// taken from the request.
	PublicURL string
	// SessionTTL is how long a sign-in lasts; default 8 hours.
	SessionTTL time.Duration
	// Directory shows people by name (default: userids).
	Directory safetybot.Directory
	// Reporter registers hazards from the report form at /hazards/new (the
	// chat engine's 上报); nil leaves the form off.
	Reporter Reporter
}

// Dashboard is the dashboard's http.Handler, mounted at "/".
type Dashboard struct {
	cfg    Config
	store  safetybot.Store
	now    safetybot.Clock
	log    *slog.Logger
	pages  map[string]*template.Template
	mux    *http.ServeMux
	plan   *safetybot.Plan
	dir    safetybot.Directory // names.go
	recent recentForms         // formrepeat.go
	flash  flashes             // flash.go

	crossOrigin *http.CrossOriginProtection // sameOrigin (auth.go)
}

// New builds the dashboard; the plan must already be in the store.
func New(ctx context.Context, cfg Config) (*Dashboard, error) {
	if cfg.Store == nil {
		return nil, errors.New("web: no store")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 8 * time.Hour
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	p, err := cfg.Store.Plan(ctx)
	if err != nil {
		return nil, err
	}
	d := &Dashboard{cfg: cfg, store: cfg.Store, now: cfg.Now, log: cfg.Logger, plan: p}
	if d.crossOrigin, err = crossOriginCheck(cfg.PublicURL); err != nil {
		return nil, err
	}
	for _, a := range cfg.Admins {
		if a = strings.TrimSpace(a); a != "" {
			g := safetybot.Grant{UserID: a, Role: safetybot.RoleAdmin}
			if err := cfg.Store.EnsureGrant(ctx, g, safetybot.ConfiguredAdmins); err != nil {
				return nil, err
			}
		}
	}
	if d.pages, err = parsePages(); err != nil {
		return nil, err
	}
	d.bindNames()
	d.routes()
	return d, nil
}

func (d *Dashboard) routes() {
	m := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	m.Handle("GET /static/", http.StripPrefix("/static/", staticHandler(static)))
	m.Handle("GET /static/photo/", http.StripPrefix("/static/photo/", staticHandler(photo.Assets)))
	m.HandleFunc("GET /login", d.loginPage)
	m.HandleFunc("POST /login", d.loginPost)
	m.HandleFunc("POST /logout", d.logout)
	m.HandleFunc("GET /auth/wecom", d.wecomStart)
	m.HandleFunc("GET /auth/wecom/callback", d.wecomCallback)
	m.HandleFunc("GET /{$}", d.authed(d.overview))
	m.HandleFunc("GET /hazards", d.authed(d.hazardList))
	m.HandleFunc("GET /hazards/new", d.signedIn(d.formPage))
	m.HandleFunc("POST /hazards/new", d.signedIn(d.formPost))
	m.HandleFunc("GET /hazards/{number}", d.authed(d.hazardDetail))
	m.HandleFunc("POST /hazards/{number}/supervise", d.authed(d.supervise))
	m.HandleFunc("GET /hazards/{number}/evidence/{n}", d.authed(d.evidenceImage))
	m.HandleFunc("GET /tips/{id}/photos", d.signedIn(d.tipPhotos))
	m.HandleFunc("GET /tasks", d.authed(d.taskList))
	m.HandleFunc("GET /tasks/{no}", d.authed(d.taskDetail))
	m.HandleFunc("GET /rules", d.authed(d.rules))
	m.HandleFunc("GET /export", d.authed(d.download))
	m.HandleFunc("GET /summary", d.authed(d.summary))
	m.HandleFunc("/", d.fallback)
	d.mux = m
}

// fallback answers a path no route names: one near the anonymous report
// pages (/REPORT, /report.html, /jubao) goes to the page it means, never to
// the sign-in page, which would have a whistleblower identify themselves
// (fix9-8 #4); anything else is the signed-in 404.
func (d *Dashboard) fallback(w http.ResponseWriter, r *http.Request) {
	if reportpage.RedirectNear(w, r) {
		return
	}
	d.authed(d.notFound)(w, r)
}

// ServeHTTP sets the security headers every answer carries, then routes.
func (d *Dashboard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	// A sign-in link in the URL never leaks to another site. (no-referrer
	// would also make browsers send "Origin: null" on our own form posts.)
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	// Nothing the dashboard answers is kept by a browser or a proxy (pages,
	// evidence photos, exports, errors alike): what a user may see is decided
	// on each request, and a revoked user's browser must not go on showing
	// it (fix9-8 #3: photos were private, max-age=3600). Only the static
	// assets, which hold nothing of the ledger, override this.
	h.Set("Cache-Control", "no-store")
	d.mux.ServeHTTP(w, r)
}

func staticHandler(fsys fs.FS) http.Handler {
	files := staticfs.Handler(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}

// user loads a user's roles from the store, as the chat engine does
// (configured admins were recorded as grants by New).
func (d *Dashboard) user(ctx context.Context, id string) (safetybot.User, error) {
	return d.store.User(ctx, id)
}

func (d *Dashboard) today() safetybot.Date { return safetybot.DateOf(d.now()) }

// fail answers an error: a safetybot.Error's message as is, anything else
// as an internal error logged with its details.
func (d *Dashboard) fail(w http.ResponseWriter, r *http.Request, u *safetybot.User, err error) {
	status := http.StatusInternalServerError
	switch safetybot.ErrorCode(err) {
	case safetybot.ENOTFOUND:
		status = http.StatusNotFound
	case safetybot.EINVALID:
		status = http.StatusBadRequest
	case safetybot.EFORBIDDEN:
		status = http.StatusForbidden
	case safetybot.ECONFLICT:
		// the state forbids the step (督办 on a hazard rejected while its
		// page was open): the user's to see, not a server error
		status = http.StatusConflict
	default:
		d.log.ErrorContext(r.Context(), "dashboard error", "path", r.URL.Path, "err", err)
	}
	d.render(w, r, status, "message", &page{User: u, Title: "出错了", Message: safetybot.ErrorMessage(err)})
}

// missing answers 404 for a hazard or task number the dashboard does not
// hold, in its own words (msg) with a link back to the list (back): the
// store's message is the chat's and tells to send a command, which a web
// page's reader may not be able to do.
func (d *Dashboard) missing(w http.ResponseWriter, r *http.Request, u *safetybot.User, msg string, back link) {
	d.render(w, r, http.StatusNotFound, "message", &page{User: u, Title: "出错了", Message: msg, Back: back})
}

// noHazard is missing for a hazard number not in the ledger, quoted as the
// address has it (the lookup upper-cases it; the user typed abc, not ABC).
func (d *Dashboard) noHazard(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	d.missing(w, r, u, "隐患台账中没有编号为 "+safetybot.Truncate(r.PathValue("number"), 20)+" 的隐患，请核对编号，或在隐患台账中查找。", link{"/hazards", "隐患台账"})
}

func (d *Dashboard) notFound(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	d.fail(w, r, u, safetybot.Errorf(safetybot.ENOTFOUND, "没有这个页面。请从上方菜单进入。"))
}
