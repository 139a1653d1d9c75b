// Package reportpage is the public anonymous report page at /report: a form
// with optional photos, the receipt code shown once, and a status page by
// code with the handlers' replies and a form to add information and
// photos. No login, no cookies, no third-party assets; first-party scripts
// that only shrink photos in the browser and rename them before they are
// sent (the page works without them); Chinese, and usable on a phone.
//
// It keeps nothing that could name the reporter: no IP address is logged or
// stored (rate limits key clients by an HMAC that lives only in memory),
// every answer is Cache-Control: no-store and Referrer-Policy: no-referrer,
// the receipt code never appears in a URL, and cross-site POSTs are refused
// (http.CrossOriginProtection). A photo is re-encoded before it is stored
// (tipdesk.CleanPhotos), so its EXIF (position, time, camera) never is,
// and its file name is never read (upload.go).
package reportpage

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"safetybot"
	"safetybot/internal/photo"
	"safetybot/internal/staticfs"
	"safetybot/tipdesk"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// MaxBody is the largest form accepted: a report of tipdesk.MaxRunes Chinese
// characters, percent-encoded, fits with room to spare.
const MaxBody = 64 << 10

// Config is what the page needs.
type Config struct {
	Desk   *tipdesk.Desk
	Logger *slog.Logger
	Now    safetybot.Clock
	// TrustProxy: behind a reverse proxy on the same host, the client is the
	// last X-Forwarded-For entry of a request from loopback. Used only to
	// key the in-memory rate limits; never logged or stored.
	TrustProxy bool
	// PublicOrigin is the site's external origin (https://safety.example.cn):
	// a POST from it is same-site even when a proxy rewrites Host (browsers
	// without Sec-Fetch-Site are judged by Origin against Host).
	PublicOrigin string
}

// Page is the /report handler.
type Page struct {
	desk       *tipdesk.Desk
	log        *slog.Logger
	now        safetybot.Clock
	trustProxy bool
	pages      map[string]*template.Template
	handler    http.Handler
}

// New builds the page.
func New(cfg Config) (*Page, error) {
	if cfg.Desk == nil {
		return nil, errors.New("reportpage: no tip desk")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	p := &Page{desk: cfg.Desk, log: cfg.Logger, now: cfg.Now, trustProxy: cfg.TrustProxy, pages: map[string]*template.Template{}}
	for _, name := range []string{"form", "receipt", "lookup", "status"} {
		t, err := template.ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		p.pages[name] = t
	}
	assets, err := fs.Sub(assetFS, "assets")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /report", p.form)
	mux.HandleFunc("POST /report", p.submit)
	mux.HandleFunc("GET /report/status", p.lookup)
	mux.HandleFunc("POST /report/status", p.status)
	mux.HandleFunc("POST /report/add", p.add)
	mux.Handle("GET /report/assets/", http.StripPrefix("/report/assets/", staticfs.Handler(assets)))
	mux.Handle("GET /report/assets/photo/", http.StripPrefix("/report/assets/photo/", staticfs.Handler(photo.Assets)))
	mux.HandleFunc("/report/", func(w http.ResponseWriter, r *http.Request) {
		if !RedirectNear(w, r) { // /report/status/ is the status page (near.go)
			http.Redirect(w, r, "/report", http.StatusSeeOther)
		}
	})
	cop := http.NewCrossOriginProtection()
	if cfg.PublicOrigin != "" {
		if err := cop.AddTrustedOrigin(cfg.PublicOrigin); err != nil {
			return nil, fmt.Errorf("reportpage: public origin: %w", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.render(w, http.StatusForbidden, "lookup", view{Title: "请求被拒绝", Error: "请求来源不明，已拒绝。请直接打开本网站的举报页面重新提交。"})
	}))
	p.handler = headers(cop.Handler(mux))
	return p, nil
}

// ServeHTTP answers every /report route.
func (p *Page) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.handler.ServeHTTP(w, r) }

// headers sets what every answer carries: nothing cached, no referrer, no
// framing, nothing loaded from anywhere else (the scripts are the page's
// own; blob: images are the photos chosen, read in the browser to shrink
// them).
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("Pragma", "no-cache")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src blob:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		next.ServeHTTP(w, r)
	})
}

// view is what the templates read.
type view struct {
	Title, Error, Notice string
	Content              string
	Code                 string
	Max                  int
	Tip                  *safetybot.Tip
	Open, Declined       bool
	Reward               string
	Status, Rejected     string // the status as the reporter reads it; tipdesk.RejectedText when it applies
	Photos               int    // photos received with the report (receipt) or held by it (status)
	MaxPhotos            int    // safetybot.MaxTipPhotos
	PhotoRoom            int    // photos an addition may still bring
}

func (p *Page) render(w http.ResponseWriter, status int, name string, v view) {
	if v.Max == 0 {
		v.Max = tipdesk.MaxRunes
	}
	v.MaxPhotos = safetybot.MaxTipPhotos
	if v.Tip != nil {
		v.PhotoRoom = max(0, safetybot.MaxTipPhotos-v.Tip.Photos)
	}
	var b strings.Builder
	if err := p.pages[name].ExecuteTemplate(&b, name+".html", v); err != nil {
		p.log.Error("report page: template failed", "page", name, "err", err)
		http.Error(w, "内部错误，请稍后再试。", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	io.WriteString(w, b.String())
}

func (p *Page) form(w http.ResponseWriter, r *http.Request) {
	p.render(w, http.StatusOK, "form", view{Title: "提交举报"})
}

func (p *Page) lookup(w http.ResponseWriter, r *http.Request) {
	p.render(w, http.StatusOK, "lookup", view{Title: "凭回执码查询"})
}

// submit files a report, its photos with it. A refusal (a bad photo, too
// many, a body past the limit) shows the form again with the text as
// typed; nothing of the report is kept.
func (p *Page) submit(w http.ResponseWriter, r *http.Request) {
	f, err := ReadForm(w, r)
	if err != nil {
		p.formError(w, err, "form", view{Title: "提交举报", Content: f.Content})
		return
	}
	code, err := p.desk.Submit(r.Context(), p.client(r), f.Content, f.Photos)
	if err != nil {
		p.formError(w, err, "form", view{Title: "提交举报", Content: f.Content})
		return
	}
	p.render(w, http.StatusOK, "receipt", view{Title: "举报已收到", Code: safetybot.FormatReceipt(code), Photos: len(f.Photos)})
}

func (p *Page) status(w http.ResponseWriter, r *http.Request) {
	f, err := ReadForm(w, r)
	if err != nil {
		p.formError(w, err, "lookup", view{Title: "凭回执码查询"})
		return
	}
	t, err := p.desk.Lookup(r.Context(), p.client(r), f.Code)
	if err != nil {
		p.formError(w, err, "lookup", view{Title: "凭回执码查询"})
		return
	}
	p.render(w, http.StatusOK, "status", statusView(t, f.Code, ""))
}

// add files an addition and its photos. A refusal shows the report again
// with the text as typed, when the code is right; nothing is kept.
func (p *Page) add(w http.ResponseWriter, r *http.Request) {
	client := p.client(r)
	f, err := ReadForm(w, r)
	if err == nil {
		var t *safetybot.Tip
		if t, err = p.desk.AddInfo(r.Context(), client, f.Code, f.Content, f.Photos); err == nil {
			notice := "补充内容已收到，受理人会看到。"
			if len(f.Photos) > 0 {
				notice = fmt.Sprintf("补充内容和照片 %d 张已收到，受理人会看到。", len(f.Photos))
			}
			p.render(w, http.StatusOK, "status", statusView(t, f.Code, notice))
			return
		}
	}
	if code := safetybot.ErrorCode(err); f.Code != "" && (code == safetybot.EINVALID || code == safetybot.ECONFLICT) {
		// The code may be right: show the report again with what went wrong.
		if t, lerr := p.desk.Lookup(r.Context(), client, f.Code); lerr == nil {
			v := statusView(t, f.Code, "")
			v.Error, v.Content = safetybot.ErrorMessage(err), f.Content
			p.render(w, http.StatusBadRequest, "status", v)
			return
		}
	}
	p.formError(w, err, "lookup", view{Title: "凭回执码查询"})
}

func statusView(t *safetybot.Tip, code, notice string) view {
	if c, _, ok := safetybot.ExtractReceipt(code); ok {
		code = c
	}
	return view{Title: "举报进展", Tip: t, Code: code, Notice: notice, Open: !t.Status.Closed(), Photos: t.Photos,
		Declined: t.Status == safetybot.TipDeclined && !t.DeclineReplied(), Reward: tipdesk.RewardText(t),
		Status: t.Shown(), Rejected: rejectedText(t)}
}

// rejectedText is what the status page says of a report verified into a
// hazard that was then rejected, as the chat 查询 does (tipdesk.StatusText).
func rejectedText(t *safetybot.Tip) string {
	if t.HazardRejected {
		return tipdesk.RejectedText
	}
	return ""
}

// formError answers an error with the page it came from: the user's
// message for application errors, a generic one otherwise (logged, with
// nothing of the request).
func (p *Page) formError(w http.ResponseWriter, err error, page string, v view) {
	status := http.StatusBadRequest
	switch {
	case errors.Is(err, errTooLarge) || errors.Is(err, errUploadTooLarge):
		status = http.StatusRequestEntityTooLarge
	case err == tipdesk.ErrThrottled || err == tipdesk.ErrTooManyReports:
		status = http.StatusTooManyRequests
	case safetybot.ErrorCode(err) == safetybot.ENOTFOUND:
		status = http.StatusNotFound
	case safetybot.ErrorCode(err) == safetybot.ECONFLICT:
		status = http.StatusConflict
	case safetybot.ErrorCode(err) == safetybot.EINTERNAL:
		status = http.StatusInternalServerError
		p.log.Error("report page failed", "page", page, "err", err)
	}
	v.Error = safetybot.ErrorMessage(err)
	p.render(w, status, page, v)
}

// client is who is asking, for the desk's in-memory rate limits only: the
// socket's address, or with TrustProxy the last X-Forwarded-For entry a
// loopback proxy added (the one address the proxy vouches for). IPv6
// addresses are grouped by /64 and /48 (tipdesk.Desk.WebClient).
func (p *Page) client(r *http.Request) tipdesk.Client {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if p.trustProxy {
		if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
			if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
				parts := strings.Split(xff[len(xff)-1], ",")
				if last := strings.TrimSpace(parts[len(parts)-1]); last != "" {
					return p.desk.WebClient(last)
				}
			}
		}
	}
	return p.desk.WebClient(host)
}

// MaxCodeField is the most bytes the code field may hold: a 16-digit code
// pasted full-width, grouped, wrapped in 「」 and carrying zero-width spaces
// fits; the code is read from it by safetybot.ExtractReceipt.
const MaxCodeField = 256

// Form is a parsed report form.
type Form struct {
	Content string   // the report or addition, as typed
	Code    string   // the receipt code, as typed
	Photos  [][]byte // the photos as sent (multipart only), unchecked
}

var (
	errTooLarge = safetybot.Errorf(safetybot.EINVALID, "提交的内容过大，请精简后重试。")
	errBadForm  = safetybot.Errorf(safetybot.EINVALID, "表单无法识别，请返回举报页面重新填写。")
	errBadText  = safetybot.Errorf(safetybot.EINVALID, "内容包含无法识别的字符，请检查后重新提交。")
)

// ReadForm reads a POSTed form: url-encoded within MaxBody, or multipart
// with photos within MaxUploadBody (ParseUpload); valid UTF-8, the fields
// content and code at most once each. On an error the form holds what was
// read of the fields, to show again.
func ReadForm(w http.ResponseWriter, r *http.Request) (Form, error) {
	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err == nil && ct == "multipart/form-data" {
		return readUpload(w, r, params["boundary"])
	}
	if err != nil || ct != "application/x-www-form-urlencoded" {
		return Form{}, errBadForm
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return Form{}, errTooLarge
		}
		return Form{}, errBadForm
	}
	return ParseForm(body)
}

// ParseForm parses a url-encoded form body (the part of ReadForm that does
// not touch the request, for fuzzing).
func ParseForm(body []byte) (Form, error) {
	if len(body) > MaxBody {
		return Form{}, errTooLarge
	}
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return Form{}, errBadForm
	}
	var f Form
	for key, vs := range vals {
		if len(vs) != 1 {
			return Form{}, errBadForm
		}
		v := vs[0]
		if !utf8.ValidString(v) {
			return Form{}, errBadText
		}
		switch key {
		case "content":
			f.Content = strings.ReplaceAll(v, "\r\n", "\n")
		case "code":
			if len(v) > MaxCodeField {
				return Form{}, errBadForm
			}
			f.Code = v
		}
	}
	return f, nil
}
