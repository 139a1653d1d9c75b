package web

import (
	"bytes"
	"context"
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
	suffix := ""
	if ref := v.Get("plan"); ref != "" {
		// ?plan=1 (or true, current) is the current plan, as report --plan;
		// ?plan=方案N archived plan N, as report --plan 方案N. The plan is
		// read from the store now, so an import needs no restart.
		if ref == "1" || ref == "true" || ref == "current" {
			ref = ""
		}
		id, ok := export.PlanRef(ref)
		if !ok {
			d.fail(w, r, u, planRefError(ref))
			return
		}
		if a, err = export.LoadPlan(r.Context(), d.store, id, d.now()); err == nil {
			from, to = a.From, a.To
			suffix, err = planFileSuffix(r.Context(), d.store, id, from, to)
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
	if safetybot.ErrorCode(err) == safetybot.ENOTFOUND && v.Get("plan") != "" {
		// the store's message sends to the chat's 「方案」
		d.missing(w, r, u, "没有「"+safetybot.OneLine(v.Get("plan"), 20)+"」这个方案。可下载的方案总结见总览页的下载链接。", link{})
		return
	} else if err != nil {
		d.fail(w, r, u, err)
		return
	}
	var buf bytes.Buffer
	if err := export.WriteReport(&buf, format, a); err != nil {
		d.fail(w, r, u, err)
		return
	}
	name := a.Title() + suffix + "." + format
	h := w.Header()
	h.Set("Content-Type", export.ContentType(format))
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q; filename*=UTF-8''%s", ascii+"."+format, url.PathEscape(name)))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	d.log.InfoContext(r.Context(), "summary downloaded", "user", u.ID, "format", format, "from", from, "to", to)
	w.Write(buf.Bytes())
}

// planRefError says, in Chinese, how to name the plan whose summary is
// wanted. A bare number other than 1 is most likely an archived plan's
// number (?plan=4 for 方案4), so the example uses it.
func planRefError(ref string) error {
	example := "方案1"
	if n, err := strconv.Atoi(ref); err == nil && n > 1 {
		example = "方案" + ref
	}
	return safetybot.Errorf(safetybot.EINVALID, "无法识别要下载哪个方案的总结（「%s」）：当前方案写 ?plan=1，历史方案写 ?plan=方案N（例如 ?plan=%s，编号见总览页的下载链接或「方案」命令）。",
		safetybot.OneLine(ref, 20), example)
}

// planFileSuffix tells apart the file names of plans whose summaries bear
// the same title: a summary's title comes from the plan's period, so the
// revisions of one plan (each archived in full) would all save as the
// same 「…工作总结.docx」 and overwrite each other in the downloads folder
// (qa3 #6). When another plan version has the same period, the name says
// which one it is, as the overview's links do: （当前方案） or （方案N）.
func planFileSuffix(ctx context.Context, s safetybot.Store, id int64, from, to safetybot.Date) (string, error) {
	shared := 0
	if id != 0 {
		cur, err := s.Plan(ctx)
		if err != nil {
			return "", err
		}
		if start, end := cur.Period(); start == from && end == to {
			shared++
		}
	}
	vs, err := s.PlanVersions(ctx)
	if err != nil {
		return "", err
	}
	for _, v := range vs {
		if v.ID != id && v.Start == from && v.End == to {
			shared++
		}
	}
	switch {
	case shared == 0:
		return "", nil
	case id == 0:
		return "（当前方案）", nil
	}
	return fmt.Sprintf("（方案%d）", id), nil
}
