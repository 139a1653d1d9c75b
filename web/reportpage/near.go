package reportpage

import (
	"net/http"
	"strings"
)

// Addresses near the report page. A whistleblower who mistypes the address
// (/REPORT, /Report, /report.html, /jubao, /report/status/) was sent by the
// dashboard's catch-all to /login?next=…, a staff page offering 企业微信登录
// (fix9-8 #4): a step towards identifying themselves. Near reads such a
// path as the anonymous page it was meant for; the dashboard sends it there
// (RedirectNear) before anything asks for a sign-in, and /report/… below
// uses the same reading.

// reportNames are first path segments meant as the report page, read
// without case and without an extension (.html, .php, …).
var reportNames = map[string]bool{
	"report": true, "reports": true, "jubao": true, "ju-bao": true, "ju_bao": true,
	"nimingjubao": true, "niming": true, "举报": true, "匿名举报": true,
}

// statusNames are second segments meant as the status page (凭回执码查询,
// where 补充 is also made).
var statusNames = map[string]bool{
	"status": true, "chaxun": true, "查询": true, "query": true, "lookup": true,
	"add": true, "buchong": true, "补充": true,
}

// Near returns the anonymous page a path near it means: /report/status for
// a status page under any report name, /report for anything else under
// one. ok is false for a path that names no report page.
func Near(path string) (page string, ok bool) {
	segs := strings.Split(strings.Trim(path, "/ "), "/")
	if !reportNames[bare(segs[0])] {
		return "", false
	}
	if len(segs) > 1 && statusNames[bare(segs[1])] {
		return "/report/status", true
	}
	return "/report", true
}

// bare is a path segment without case, surrounding spaces or an extension.
func bare(seg string) string {
	seg = strings.ToLower(strings.TrimSpace(seg))
	if i := strings.IndexByte(seg, '.'); i >= 0 {
		seg = seg[:i]
	}
	return seg
}

// RedirectNear sends a request for a path near the report pages (Near) to
// the page it means, with the report page's headers (nothing cached, no
// referrer, no cookie), and reports whether it did. The page's own address
// is not redirected (that would loop where the page is not mounted).
func RedirectNear(w http.ResponseWriter, r *http.Request) bool {
	to, ok := Near(r.URL.Path)
	if !ok || to == r.URL.Path {
		return false
	}
	headers(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, to, http.StatusSeeOther)
	})).ServeHTTP(w, r)
	return true
}
