package web

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"safetybot"
	"safetybot/internal/photo"
)

// Reporter registers a hazard the way chat's 上报 does: the same permission
// check, field reading, unit matching, notices and hourly limit (the bot's
// engine, wired by cmd/safetybot; web never imports the chat engine).
// fields holds values by canonical 上报 field key (描述, 单位, 领域, 等级, 期限,
// 地点). It returns the new hazard's number and the reply chat would give;
// errors are *safetybot.Error with a Chinese message to show as is.
type Reporter interface {
	Report(ctx context.Context, userID string, fields map[string]string) (number, reply string, err error)
}

// Limits of the report form.
const (
	MaxFormPhotos     = 9              // photos one report may carry
	MaxFormPhotoBytes = photo.MaxBytes // one photo, as in chat (WeCom's own limit)
	// maxFormBytes bounds a whole post: the photos and the fields. Photos
	// scaled in the browser to 1600 px are a few hundred KB each.
	maxFormBytes = MaxFormPhotos*MaxFormPhotoBytes + 1<<20
	// MaxFormUnits bounds the units offered as suggestions (the page stays
	// light on a slow phone).
	MaxFormUnits = 300
)

// formCSP lets the form run its one script (scaling photos, location) and
// show previews of the photos taken; nothing from another origin.
const formCSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

type formData struct {
	CSRF       string
	Submission string // the one-time submission id (formrepeat.go)
	User       *safetybot.User
	Domains    []string
	Units      []string
	Today      safetybot.Date
	MaxPhotos  int
	Values     map[string]string // what was typed, kept when the form is refused
	Error      string
	Result     *formResult
}

// formResult is the answer to a report, as the page shows it and as JSON
// for the page's script.
type formResult struct {
	Number string `json:"number"`
	Reply  string `json:"reply"`
	URL    string `json:"url,omitempty"` // the hazard's page, for those who may open it
	// FollowUp tells those who may not open it how they will hear of it.
	FollowUp string `json:"followUp,omitempty"`
	Photos   int    `json:"photos"`
	Note     string `json:"note,omitempty"` // evidence that could not be kept
}

// followUp is how a reporter without a dashboard role hears of their
// report: the chat engine tells the reporter when it is closed or
// rejected (销号, 驳回), through the app.
const followUp = "隐患销号或驳回时，会通过企业微信应用消息通知您。"

// newFormResult is the answer to u's report number: a link to its page for
// those who may open it, else how they will hear of it.
func newFormResult(u *safetybot.User, number, reply string) *formResult {
	res := &formResult{Number: number, Reply: reply}
	if u.IsStaff() {
		res.URL = "/hazards/" + number
	} else {
		res.FollowUp = followUp
	}
	return res
}

// formFields are the form's inputs by 上报 field key.
var formFields = []string{"描述", "单位", "领域", "等级", "期限", "地点", "来源"}

// signedIn wraps the report form: like authed, but anyone in the corp who
// has signed in may use it (上报 is open to all; the engine checks). A
// signed-out browser inside WeCom goes straight to WeCom's silent sign-in.
func (d *Dashboard) signedIn(page func(http.ResponseWriter, *http.Request, *safetybot.User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		var id string
		if err == nil && c.Value != "" {
			id, err = d.store.SessionUser(r.Context(), c.Value)
		}
		switch {
		case err == nil && id != "":
		case err == nil || errors.Is(err, http.ErrNoCookie) || errors.Is(err, safetybot.ErrNoSession):
			if errors.Is(err, safetybot.ErrNoSession) {
				d.clearCookie(w, r, sessionCookie, "/") // expired or signed out elsewhere
			}
			if d.cfg.OAuth != nil && r.Method == http.MethodGet && strings.Contains(strings.ToLower(r.UserAgent()), "wxwork") {
				http.Redirect(w, r, "/auth/wecom?next="+r.URL.Path, http.StatusSeeOther)
				return
			}
			d.toLogin(w, r)
			return
		default:
			d.fail(w, r, nil, err)
			return
		}
		u, err := d.user(r.Context(), id)
		if err != nil {
			d.fail(w, r, nil, err)
			return
		}
		r = r.WithContext(withCSRF(r.Context(), csrfToken(c.Value)))
		page(w, r, &u)
	}
}

// formOnly reports whether a sign-in may be kept for a user without a
// dashboard role: only to reach the report form.
func formOnly(next string) bool {
	return next == "/hazards/new" || strings.HasPrefix(next, "/hazards/new?")
}

func (d *Dashboard) formPage(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	if d.cfg.Reporter == nil {
		d.notFound(w, r, u)
		return
	}
	f := &formData{Values: map[string]string{}}
	if number := r.URL.Query().Get("done"); number != "" {
		// the redirect after a post: its answer, not the form
		if f.Result = d.doneResult(r, u, number); f.Result == nil {
			f.Error = "没有找到这次上报的结果，可在「隐患台账」中查看。"
			if !u.IsStaff() { // the ledger is not theirs to open
				f.Error = "没有找到这次上报的结果。" + followUp
			}
		}
	}
	d.renderForm(w, r, http.StatusOK, u, f)
}

// formPost handles POST /hazards/new (multipart: the fields, csrf, photo
// files, lat/lng/acc from the browser's location). A post from another
// site or without the form token is refused before anything is read or
// stored; a file that is not an image or is over 10 MB refuses the whole
// report with the reason, so nothing is half filed.
func (d *Dashboard) formPost(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	if d.cfg.Reporter == nil {
		d.notFound(w, r, u)
		return
	}
	if !d.sameOrigin(r) {
		d.formRefuse(w, r, u, http.StatusForbidden, nil, "跨站提交已拒绝：请从本系统的上报页面提交。")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		status, msg := http.StatusBadRequest, "表单格式错误，请刷新页面后重试。"
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			status, msg = http.StatusRequestEntityTooLarge, fmt.Sprintf("提交的照片总计过大（上限 %d MB），请少选几张或分次补充。", maxFormBytes>>20)
		}
		d.formRefuse(w, r, u, status, nil, msg)
		return
	}
	defer r.MultipartForm.RemoveAll()
	values := map[string]string{}
	for _, k := range formFields {
		values[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	tok, _ := r.Context().Value(csrfKey{}).(string)
	if !validToken(r.PostFormValue("csrf"), tok) {
		d.formRefuse(w, r, u, http.StatusForbidden, values, "页面已过期或不是从本系统打开的，未作任何登记。请刷新页面后重新提交。")
		return
	}
	if values["描述"] == "" {
		d.formRefuse(w, r, u, http.StatusBadRequest, values, "请填写隐患描述。")
		return
	}
	photos, err := readPhotos(r.MultipartForm.File["photo"])
	if err != nil {
		d.formRefuse(w, r, u, http.StatusBadRequest, values, safetybot.ErrorMessage(err))
		return
	}
	loc, err := formLocation(r)
	if err != nil {
		d.formRefuse(w, r, u, http.StatusBadRequest, values, safetybot.ErrorMessage(err))
		return
	}
	sub, first := d.recent.claim(submissionKey(r, u.ID), u.ID, d.now())
	if !first {
		// the same submission again: its first answer, nothing registered
		d.log.InfoContext(r.Context(), "repeated form report answered with the first", "user", u.ID, "hazard", sub.res.Number)
		d.formAnswer(w, r, u, sub.res)
		return
	}
	var res *formResult
	defer func() { sub.finish(res) }()
	fields := map[string]string{}
	for k, v := range values {
		if v != "" {
			fields[k] = v
		}
	}
	number, reply, err := d.cfg.Reporter.Report(r.Context(), u.ID, fields)
	if err != nil {
		d.formRefuse(w, r, u, statusOf(err), values, safetybot.ErrorMessage(err))
		return
	}
	res = newFormResult(u, number, reply)
	var failed []string
	for _, ev := range append(photos, loc...) {
		ev.Actor = u.ID
		if err := d.store.AddEvidence(r.Context(), number, ev); err != nil {
			d.log.ErrorContext(r.Context(), "form evidence not kept", "hazard", number, "err", err)
			failed = append(failed, ev.Kind)
			continue
		}
		if ev.Kind == safetybot.EvidenceImage {
			res.Photos++
		}
	}
	if len(failed) > 0 {
		res.Note = fmt.Sprintf("有 %d 项照片或位置未能保存，请在企业微信中向应用补发（10 分钟内发送即附到此隐患）。", len(failed))
	}
	d.log.InfoContext(r.Context(), "hazard reported on the form", "user", u.ID, "hazard", number, "photos", res.Photos, "location", len(loc) > 0)
	d.formAnswer(w, r, u, res)
}

// formAnswer answers a registered report: JSON for the page's script,
// else a redirect to its result page (POST-redirect-GET: a refresh does
// not post again).
func (d *Dashboard) formAnswer(w http.ResponseWriter, r *http.Request, u *safetybot.User, res *formResult) {
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, res)
		return
	}
	http.Redirect(w, r, "/hazards/new?done="+url.QueryEscape(res.Number), http.StatusSeeOther)
}

// readPhotos reads and checks the uploaded photos: at most MaxFormPhotos,
// each by the rules of every upload form (photo.Check: non-empty, at most
// 10 MB, an image by its content: JPEG, PNG, GIF or WebP). The error names
// the file and why.
func readPhotos(files []*multipart.FileHeader) ([]*safetybot.Evidence, error) {
	var out []*safetybot.Evidence
	for _, fh := range files {
		if fh.Size == 0 && fh.Filename == "" {
			continue // the empty file input a browser sends without a choice
		}
		if len(out) == MaxFormPhotos {
			return nil, safetybot.Errorf(safetybot.EINVALID, "一次最多附 %d 张照片，这次上报未登记。请删去几张，其余可在企业微信中向应用补发。", MaxFormPhotos)
		}
		name := safetybot.Truncate(fh.Filename, 40)
		if fh.Size > MaxFormPhotoBytes {
			return nil, safetybot.Errorf(safetybot.EINVALID, "照片「%s」超过 10 MB，未登记。请压缩后重试（用本页面拍照或选图会自动缩小）。", name)
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(f, MaxFormPhotoBytes+1))
		f.Close()
		if err != nil {
			return nil, err
		}
		ctype, err := photo.Check(data)
		switch err {
		case nil:
		case photo.Empty:
			return nil, safetybot.Errorf(safetybot.EINVALID, "照片「%s」是空文件，未登记。请重新选择。", name)
		case photo.TooLarge:
			return nil, safetybot.Errorf(safetybot.EINVALID, "照片「%s」超过 10 MB，未登记。请压缩后重试。", name)
		case photo.HEIC:
			return nil, safetybot.Errorf(safetybot.EINVALID, "照片「%s」是 HEIC 格式（苹果手机默认的照片格式），无法读取，这次上报未登记。"+photo.HEICAdvice, name)
		default:
			return nil, safetybot.Errorf(safetybot.EINVALID, "「%s」不是图片（只收 JPEG、PNG、GIF、WebP 照片），这次上报未登记。请去掉该文件后重新提交。", name)
		}
		out = append(out, &safetybot.Evidence{Kind: safetybot.EvidenceImage, ContentType: ctype, Data: data})
	}
	return out, nil
}

// formLocation reads the browser's location (lat, lng in degrees, acc in
// metres), when the user allowed it: none, or one location evidence.
func formLocation(r *http.Request) ([]*safetybot.Evidence, error) {
	lat, lng := r.PostFormValue("lat"), r.PostFormValue("lng")
	if lat == "" && lng == "" {
		return nil, nil
	}
	la, err1 := strconv.ParseFloat(lat, 64)
	ln, err2 := strconv.ParseFloat(lng, 64)
	if err1 != nil || err2 != nil || la < -90 || la > 90 || ln < -180 || ln > 180 || (la == 0 && ln == 0) {
		return nil, safetybot.Errorf(safetybot.EINVALID, "定位结果无效，未登记。请重新获取位置，或清除定位后提交。")
	}
	label := "浏览器定位"
	if acc, err := strconv.ParseFloat(r.PostFormValue("acc"), 64); err == nil && acc > 0 && acc < 1e6 {
		label = fmt.Sprintf("浏览器定位，误差约 %.0f 米", acc)
	}
	return []*safetybot.Evidence{{Kind: safetybot.EvidenceLocation, Lat: la, Lng: ln, Label: label}}, nil
}

// formRefuse answers a refused report: JSON for the page's script, else
// the form again with what was typed and the reason.
func (d *Dashboard) formRefuse(w http.ResponseWriter, r *http.Request, u *safetybot.User, status int, values map[string]string, msg string) {
	d.log.InfoContext(r.Context(), "form report refused", "user", u.ID, "status", status)
	if wantsJSON(r) {
		writeJSON(w, status, map[string]string{"error": msg})
		return
	}
	if values == nil {
		values = map[string]string{}
	}
	d.renderForm(w, r, status, u, &formData{Values: values, Error: msg})
}

func (d *Dashboard) renderForm(w http.ResponseWriter, r *http.Request, status int, u *safetybot.User, f *formData) {
	f.User, f.Today, f.MaxPhotos = u, d.today(), MaxFormPhotos
	f.CSRF, _ = r.Context().Value(csrfKey{}).(string)
	f.Submission = newSubmissionID()
	for _, dm := range d.plan.Domains {
		f.Domains = append(f.Domains, dm.Name)
	}
	ents, err := d.store.KnownUnits(r.Context())
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	slices.SortStableFunc(ents, func(a, b safetybot.Enterprise) int { return b2i(b.Registered) - b2i(a.Registered) })
	for _, e := range ents[:min(len(ents), MaxFormUnits)] {
		f.Units = append(f.Units, e.Name)
	}
	w.Header().Set("Content-Security-Policy", formCSP)
	d.render(w, r, status, "form", &page{User: u, Title: "隐患上报", Nav: "form", Data: f})
}

func validToken(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// statusOf is the HTTP status of an application error.
func statusOf(err error) int {
	switch safetybot.ErrorCode(err) {
	case safetybot.EINVALID:
		return http.StatusBadRequest
	case safetybot.EFORBIDDEN:
		return http.StatusForbidden
	case safetybot.ENOTFOUND:
		return http.StatusNotFound
	case safetybot.ELIMIT:
		return http.StatusTooManyRequests
	case safetybot.ECONFLICT:
		return http.StatusConflict
	}
	return http.StatusInternalServerError
}
