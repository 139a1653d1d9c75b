package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"safetybot"
	"safetybot/export"
)

// summary sends the summary draft, the same file `safetybot report`
// writes: ?year=2026 for a year's (the default: this year), ?plan=1 for
// the whole campaign with its 自查自评 table; &format=docx (default) or
// xlsx.
func (d *Dashboard) summary(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	v := r.URL.Query()
	format := v.Get("format")
	if format == "" {
		format = export.FormatDOCX
	}
	if format != export.FormatDOCX && format != export.FormatXLSX {
		d.fail(w, r, u, safetybot.Errorf(safetybot.EINVALID, "总结的格式只能是 docx 或 xlsx。"))
		return
	}
	var from, to safetybot.Date
	var a *export.Annual
	var err error
	ascii := "summary"
	if ref := v.Get("plan"); ref != "" {
		// ?plan=1 (or true, current) is the current plan, as report --plan;
		// ?plan=方案N archived plan N, as report --plan 方案N. The plan is
		// read from the store now, so an import needs no restart.
		if ref == "1" || ref == "true" || ref == "current" {
			ref = ""
		}
		id, ok := export.PlanRef(ref)
		if !ok {
			d.fail(w, r, u, safetybot.Errorf(safetybot.EINVALID, "plan 只能是 1（当前方案）或 方案N（历史方案）。"))
			return
		}
		if a, err = export.LoadPlan(r.Context(), d.store, id, d.now()); err == nil {
			from, to = a.From, a.To
		}
		ascii += "-plan"
		if id != 0 {
			ascii += strconv.FormatInt(id, 10)
		}
	} else {
		year := d.now().In(safetybot.Shanghai).Year()
		if y := v.Get("year"); y != "" {
			if year, err = strconv.Atoi(y); err != nil || year < 2000 || year > 2100 {
				d.fail(w, r, u, safetybot.Errorf(safetybot.EINVALID, "年份应为四位数字，例如 2026。"))
				return
			}
		}
		from, to = safetybot.Date(fmt.Sprintf("%04d-01-01", year)), safetybot.Date(fmt.Sprintf("%04d-12-31", year))
		ascii += "-" + strconv.Itoa(year)
		a, err = export.LoadPeriod(r.Context(), d.store, from, to, d.now())
	}
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	var buf bytes.Buffer
	if err := export.WriteReport(&buf, format, a); err != nil {
		d.fail(w, r, u, err)
		return
	}
	name := a.Title() + "." + format
	h := w.Header()
	h.Set("Content-Type", export.ContentType(format))
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q; filename*=UTF-8''%s", ascii+"."+format, url.PathEscape(name)))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	d.log.InfoContext(r.Context(), "summary downloaded", "user", u.ID, "format", format, "from", from, "to", to)
	w.Write(buf.Bytes())
}
