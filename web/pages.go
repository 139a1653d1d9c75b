package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"safetybot"
	"safetybot/export"
)

// PageSize is how many hazards the list shows per page.
const PageSize = 50

type hazardListData struct {
	Filter   hazardQuery
	Problems []string // filters of the URL not read, each with why (parseHazardQuery)
	Domains  []string
	Statuses []safetybot.Status
	Years    []int
	Hazards  []*safetybot.Hazard
	Total    int
	Page     int
	Pages    int
	PrevURL  string
	NextURL  string
	XLSXURL  string
	CSVURL   string
}

// hazardList shows one page of the ledger. The store filters, counts and
// pages: without a keyword it counts from its tallies and reads one page
// through an index, so the page costs its 50 rows (plus the rows skipped
// to reach a later page), however big the ledger. A keyword is tested by
// SQLite on the filtered hazards (one scan that pages and counts), after
// the units and people it stands for are resolved (withKeyword).
func (d *Dashboard) hazardList(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	ctx := r.Context()
	q, problems := parseHazardQuery(r.URL.Query(), d.plan.Domains)
	today := d.today()
	data := &hazardListData{Filter: q, Statuses: safetybot.Statuses, Problems: problems}
	q, err := d.withKeyword(ctx, q, today)
	f := q.filter(today)
	if err == nil {
		err = d.store.View(ctx, func(v safetybot.Store) (err error) {
			f.Limit, f.Offset = PageSize, (q.Page-1)*PageSize
			if data.Hazards, data.Total, err = v.HazardPage(ctx, f); err != nil {
				return err
			}
			data.Pages = max((data.Total+PageSize-1)/PageSize, 1)
			// Past the end (an old link, a hand-typed page): the store gave
			// the last page.
			data.Page = min(q.Page, data.Pages)
			return nil
		})
	}
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	for _, dm := range d.plan.Domains {
		data.Domains = append(data.Domains, dm.Name)
	}
	for y := d.now().In(safetybot.Shanghai).Year(); y >= 2024; y-- {
		data.Years = append(data.Years, y)
	}
	if data.Page > 1 {
		data.PrevURL = "/hazards?" + q.values(data.Page-1).Encode()
	}
	if data.Page < data.Pages {
		data.NextURL = "/hazards?" + q.values(data.Page+1).Encode()
	}
	ev := q.values(0) // the download is what is on screen: filters and order
	ev.Set("format", export.FormatXLSX)
	data.XLSXURL = "/export?" + ev.Encode()
	ev.Set("format", export.FormatCSV)
	data.CSVURL = "/export?" + ev.Encode()
	d.render(w, r, http.StatusOK, "hazards", &page{User: u, Title: "隐患台账", Nav: "hazards", Data: data})
}

type hazardData struct {
	H           *safetybot.Hazard
	Events      []safetybot.HazardEvent
	Overdue     bool
	DaysOverdue int
	Finished    time.Time // 完成时间 (safetybot.FinishOf): zero when not (or no longer) finished
	Evidence    []evidenceItem
	// Supervise: the 督办/催办 buttons, for a leader on an open hazard.
	Supervise []string
	NoteMax   int
	Done      string // what the session's 督办 or 催办 just did (flash.go)
}

type evidenceItem struct {
	URL      string // a photo
	Location string // or a location
	Caption  string
}

func (d *Dashboard) hazardDetail(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	number := strings.ToUpper(r.PathValue("number"))
	h, evs, err := d.store.Hazard(r.Context(), number)
	if safetybot.ErrorCode(err) == safetybot.ENOTFOUND {
		d.noHazard(w, r, u)
		return
	} else if err != nil {
		d.fail(w, r, u, err)
		return
	}
	items, err := d.evidenceList(r, h.Number)
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	data := &hazardData{H: h, Events: evs, Overdue: h.Overdue(d.today()), DaysOverdue: DaysOverdue(h, d.today()),
		Finished: safetybot.FinishOf(evs).At, Evidence: items, NoteMax: safetybot.MaxSuperviseNote}
	if h.Status.Open() {
		data.Supervise = superviseOffered(u)
	}
	data.Done = d.flash.take(r, "/hazards/"+h.Number, d.now())
	d.render(w, r, http.StatusOK, "hazard", &page{User: u, Title: h.Number, Nav: "hazards", Data: data})
}

type taskRow struct {
	*safetybot.Task
	Status  string
	Recent  []safetybot.TaskUpdate // newest first, at most 2
	NextDue string
}

type actionGroup struct {
	export.ActionProgress
	Rows []taskRow // ActionProgress.Tasks is the count
}

// judgeTasks is tasks as the period's documents and chat judge them on
// today (safetybot.JudgeTasks): once the plan has ended, a task unfinished
// at its end is 已逾期, so the dashboard counts as 全面总结, 自查自评,
// 方案 and 任务 do. The judged tasks are copies; tasks are not changed.
func (d *Dashboard) judgeTasks(tasks []*safetybot.Task, today safetybot.Date) ([]*safetybot.Task, safetybot.Date) {
	_, end := d.plan.Period()
	return safetybot.JudgeTasks(tasks, today, end, end != "" && today > end)
}

func (d *Dashboard) taskList(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	ctx := r.Context()
	tasks, err := d.store.Tasks(ctx)
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	ups, err := d.store.TaskUpdates(ctx)
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	since, err := d.store.Since(ctx)
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	today := d.today()
	judged, day := d.judgeTasks(tasks, today)
	recent := map[int][]safetybot.TaskUpdate{}
	for i := len(ups) - 1; i >= 0; i-- {
		if up := ups[i]; len(recent[up.TaskNo]) < 2 {
			recent[up.TaskNo] = append(recent[up.TaskNo], up)
		}
	}
	var groups []actionGroup
	idx := map[int]int{}
	for _, a := range export.TasksByAction(d.plan.Actions, judged, day, since) {
		idx[a.No] = len(groups)
		groups = append(groups, actionGroup{ActionProgress: a})
	}
	for k, t := range tasks {
		i, ok := idx[t.Action]
		if !ok {
			continue
		}
		row := taskRow{Task: t, Status: export.TaskLabel(judged[k], day, since), Recent: recent[t.No]}
		for _, dl := range t.Deadlines {
			if dl.Due >= today {
				row.NextDue = string(dl.Due)
				break
			}
		}
		groups[i].Rows = append(groups[i].Rows, row)
	}
	d.render(w, r, http.StatusOK, "tasks", &page{User: u, Title: "任务进展", Nav: "tasks", Data: groups})
}

type taskData struct {
	T       *safetybot.Task
	Owner   string // the leading working group's name
	Status  string
	Action  string
	Updates []safetybot.TaskUpdate
}

func (d *Dashboard) taskDetail(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	no, err := strconv.Atoi(r.PathValue("no"))
	if err != nil {
		d.notFound(w, r, u)
		return
	}
	t, ups, err := d.store.Task(r.Context(), no)
	if safetybot.ErrorCode(err) == safetybot.ENOTFOUND {
		d.missing(w, r, u, fmt.Sprintf("方案中没有第 %d 项任务。", no), link{"/tasks", "任务进展"})
		return
	} else if err != nil {
		d.fail(w, r, u, err)
		return
	}
	since, err := d.store.Since(r.Context())
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	judged, day := d.judgeTasks([]*safetybot.Task{t}, d.today())
	data := &taskData{T: t, Status: export.TaskLabel(judged[0], day, since), Updates: ups, Owner: d.groupName(t.Owner)}
	for _, a := range d.plan.Actions {
		if a.No == t.Action {
			data.Action = a.Title
		}
	}
	d.render(w, r, http.StatusOK, "task", &page{User: u, Title: fmt.Sprintf("任务 %d", t.No), Nav: "tasks", Data: data})
}

// download sends the ledger as xlsx or csv, the same file the CLI writes.
func (d *Dashboard) download(w http.ResponseWriter, r *http.Request, u *safetybot.User) {
	v := r.URL.Query()
	format := v.Get("format")
	if format == "" {
		format = export.FormatXLSX
	}
	if format != export.FormatXLSX && format != export.FormatCSV {
		d.fail(w, r, u, safetybot.Errorf(safetybot.EINVALID, "导出格式只能是 xlsx 或 csv。"))
		return
	}
	q, problems := parseHazardQuery(v, d.plan.Domains)
	if len(problems) > 0 {
		// Not a file of other hazards than asked for: the page's own links
		// carry only filters it read.
		d.fail(w, r, u, safetybot.Errorf(safetybot.EINVALID, "%s未导出。", strings.Join(problems, "")))
		return
	}
	today := d.today()
	q, err := d.withKeyword(r.Context(), q, today)
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	f := q.download(today)
	// The file is made before the first byte is sent, so a failure is a
	// page rather than half a file; its rows are streamed from the store.
	var buf bytes.Buffer
	n, err := export.ExportLedger(r.Context(), d.store, format, f, d.now(), &buf, d.dir)
	if err != nil {
		d.fail(w, r, u, err)
		return
	}
	name := f.Title() + "." + format
	ascii := "ledger"
	if q.Year != 0 {
		ascii += "-" + strconv.Itoa(q.Year)
	}
	h := w.Header()
	h.Set("Content-Type", export.ContentType(format))
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q; filename*=UTF-8''%s", ascii+"."+format, url.PathEscape(name)))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	d.log.InfoContext(r.Context(), "ledger downloaded", "user", u.ID, "format", format, "year", q.Year, "domain", q.Domain, "rows", n.Hazards)
	w.Write(buf.Bytes())
}
