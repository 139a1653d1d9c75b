package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"safetybot"
	"safetybot/export"
)

// page is what every template gets.
type page struct {
	User    *safetybot.User
	Title   string
	Nav     string // the menu entry to highlight
	CSRF    string // the session's form token, for the sign-out button
	Message string // for the "message" page
	Back    link   // the page the "message" page leads back to, besides 首页
	Kept    string // what the user typed and the "message" page refused, shown so that it is not lost
	Today   safetybot.Date
	Words   planWords // the loaded plan's names for itself (wordsFor)
	Data    any
}

// link is a link the page offers: its address and words.
type link struct{ URL, Text string }

type csrfKey struct{}

func withCSRF(ctx context.Context, tok string) context.Context {
	return context.WithValue(ctx, csrfKey{}, tok)
}

var funcs = template.FuncMap{
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(safetybot.Shanghai).Format("2006-01-02 15:04")
	},
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(safetybot.Shanghai).Format("2006-01-02")
	},
	"dflt": func(s, alt string) string {
		if strings.TrimSpace(s) == "" {
			return alt
		}
		return s
	},
	"pct": func(n int) string { return fmt.Sprintf("%d%%", n) },
	// sources are the 发现来源 a reporter may choose on the form (举报查实
	// is the handlers' 查实 alone); none chosen stays 未注明.
	"sources": func() []string {
		return []string{safetybot.SourceSelfCheck, safetybot.SourceInspection, safetybot.SourceAssigned, safetybot.SourceChat}
	},
	// backfilled shows what was backfilled for a period before the
	// system started, as the report does: 1（补记）.
	"backfilled": export.BackfilledCell,
	"odays":      DaysOverdue,
	// name shows a person by name; New binds it to the dashboard's
	// directory (names.go).
	"name": func(id string) string { return id },
	"roles": func(u *safetybot.User) string {
		var names []string
		for _, g := range u.Grants {
			names = append(names, g.Role.Chinese())
		}
		return strings.Join(names, "、")
	},
}

// parsePages parses each page template together with the layout.
func parsePages() (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range []string{"login", "message", "overview", "hazards", "hazard", "tasks", "task", "rules", "form", "tipphotos"} {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (d *Dashboard) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	if tok, ok := r.Context().Value(csrfKey{}).(string); ok {
		p.CSRF = tok
	}
	p.Today = d.today()
	p.Words = wordsFor(d.plan.Title)
	var buf bytes.Buffer
	if err := d.pages[name].ExecuteTemplate(&buf, "layout.html", p); err != nil {
		d.log.ErrorContext(r.Context(), "template failed", "page", name, "err", err)
		http.Error(w, "页面生成失败，请稍后再试。", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
