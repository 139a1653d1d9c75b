package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"safetybot"
	"safetybot/bot"
	"safetybot/internal/fixture"
	"safetybot/internal/photo/phototest"
	"safetybot/internal/storetest"
	"safetybot/web"
)

// newActingDashboard is the dashboard with the report form, wired to the
// chat engine as cmd/safetybot wires it.
func newActingDashboard(t testing.TB, oauth ...web.OAuth) *web.Dashboard {
	t.Helper()
	ctx := context.Background()
	e, err := bot.NewEngine(ctx, world.Store, bot.Config{Now: world.Clock.Now, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	cfg := web.Config{Store: world.Store, Now: world.Clock.Now, Logger: quietLog(), Reporter: e}
	if len(oauth) > 0 {
		cfg.OAuth = oauth[0]
	}
	d, err := web.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var csrfField = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

// csrf reads the form token from a signed-in page.
func (c *client) csrf(path string) string {
	c.t.Helper()
	_, body := c.get(path)
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		c.t.Fatalf("no form token on %s", path)
	}
	return m[1]
}

func TestDaysOverdue(t *testing.T) {
	h := &safetybot.Hazard{Status: safetybot.StatusRectifying, Deadline: "2026-11-20"}
	for today, want := range map[safetybot.Date]int{"2026-11-19": 0, "2026-11-20": 0, "2026-11-21": 1, "2026-11-30": 10, "2027-03-01": 101} {
		if got := web.DaysOverdue(h, today); got != want {
			t.Errorf("due 11-20, on %s: %d days overdue, want %d", today, got, want)
		}
	}
	h.Status = safetybot.StatusClosed
	if got := web.DaysOverdue(h, "2026-11-30"); got != 0 {
		t.Errorf("closed: %d", got)
	}
}

func TestSortByUrgency(t *testing.T) {
	today := safetybot.Date("2026-11-30")
	hs := []*safetybot.Hazard{
		{ID: 1, Number: "closed-major", Status: safetybot.StatusClosed, Grade: safetybot.GradeMajor, Deadline: "2026-01-01"},
		{ID: 2, Number: "general-30", Status: safetybot.StatusRectifying, Grade: safetybot.GradeGeneral, Deadline: "2026-10-31"},
		{ID: 3, Number: "major-none", Status: safetybot.StatusPending, Grade: safetybot.GradeMajor},
		{ID: 4, Number: "major-25", Status: safetybot.StatusRectifying, Grade: safetybot.GradeMajor, Deadline: "2026-11-05"},
		{ID: 5, Number: "major-soon", Status: safetybot.StatusRectifying, Grade: safetybot.GradeMajor, Deadline: "2026-12-05"},
		{ID: 6, Number: "major-2", Status: safetybot.StatusVerifying, Grade: safetybot.GradeMajor, Deadline: "2026-11-28"},
		{ID: 7, Number: "general-later", Status: safetybot.StatusPending, Grade: safetybot.GradeGeneral, Deadline: "2027-01-01"},
		{ID: 8, Number: "general-soon", Status: safetybot.StatusPending, Grade: safetybot.GradeGeneral, Deadline: "2026-12-01"},
	}
	web.SortByUrgency(hs, today)
	var got []string
	for _, h := range hs {
		got = append(got, h.Number)
	}
	want := "major-25 major-2 major-soon major-none general-30 general-soon general-later closed-major"
	if strings.Join(got, " ") != want {
		t.Errorf("urgency order\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

// rowsOf reads the ledger's rows: number and days overdue.
var rowRE = regexp.MustCompile(`<tr data-number="(YH\d{4}-\d{4})">(?s:.*?)data-overdue="(\d+)"`)

func TestHazardListSortsByUrgency(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Leader)
	ctx := context.Background()
	today := safetybot.DateOf(fixture.Now)
	open, err := world.Store.Hazards(ctx, safetybot.HazardFilter{OpenOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	web.SortByUrgency(open, today)
	// QA 11: status=未销号 (typed by hand) is the pick-list's open
	_, typed := c.get("/hazards?status=" + url.QueryEscape("未销号"))
	code, body := c.get("/hazards?status=open")
	rows := rowRE.FindAllStringSubmatch(body, -1)
	if typedRows := rowRE.FindAllStringSubmatch(typed, -1); len(typedRows) != len(rows) || !strings.Contains(typed, `<option value="open" selected>`) {
		t.Errorf("status=未销号: %d rows, want %d", len(typedRows), len(rows))
	}
	if code != 200 || len(rows) != min(len(open), web.PageSize) || !strings.Contains(body, "<th>逾期天数</th>") {
		t.Fatalf("open ledger: %d, %d rows", code, len(rows))
	}
	major := true
	prevDays := 1 << 30
	for i, r := range rows {
		h := open[i]
		if r[1] != h.Number || r[2] != strconv.Itoa(web.DaysOverdue(h, today)) {
			t.Fatalf("row %d: %s (%s days), want %s (%d days)", i, r[1], r[2], h.Number, web.DaysOverdue(h, today))
		}
		isMajor := h.Grade == safetybot.GradeMajor
		if isMajor && !major {
			t.Fatalf("row %d: 重大 %s after a 一般 hazard", i, h.Number)
		}
		if isMajor != major {
			major, prevDays = isMajor, 1<<30
		}
		days, _ := strconv.Atoi(r[2])
		if days > prevDays {
			t.Fatalf("row %d: %s is %d days overdue, after one %d days overdue", i, r[1], days, prevDays)
		}
		prevDays = days
	}
	if !strings.HasPrefix(rows[0][1], "YH") || rows[0][2] == "0" {
		t.Errorf("the first row is not an overdue hazard: %v", rows[0])
	}
	// By number, on request.
	_, body = c.get("/hazards?status=open&sort=number")
	rows = rowRE.FindAllStringSubmatch(body, -1)
	for i := 1; i < len(rows); i++ {
		if rows[i][1] > rows[i-1][1] {
			t.Fatalf("sort=number: %s after %s", rows[i][1], rows[i-1][1])
		}
	}
}

func TestOverviewListsOverdueMajorFirst(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Leader)
	today := safetybot.DateOf(fixture.Now)
	od, err := world.Store.Hazards(context.Background(), safetybot.HazardFilter{Overdue: true, Today: today, Grade: safetybot.GradeMajor})
	if err != nil || len(od) == 0 {
		t.Fatalf("fixture has %d overdue 重大 hazards, %v", len(od), err)
	}
	web.SortByUrgency(od, today)
	_, body := c.get("/")
	if u, s := strings.Index(body, `id="urgent"`), strings.Index(body, `class="cards"`); u < 0 || u > s {
		t.Fatalf("the overdue 重大 list is not the first thing on the overview")
	}
	if !strings.Contains(body, fmt.Sprintf(`data-figure="urgent">%d<`, len(od))) {
		t.Errorf("urgent count: want %d", len(od))
	}
	items := regexp.MustCompile(`<li data-number="(YH[0-9-]+)"><a href="/hazards/(YH[0-9-]+)">(?s:.*?)<span data-days>(\d+)</span>`).FindAllStringSubmatch(body, -1)
	if len(items) != min(len(od), web.UrgentMax) {
		t.Fatalf("%d urgent items, want %d", len(items), min(len(od), web.UrgentMax))
	}
	for i, it := range items {
		if it[1] != od[i].Number || it[2] != od[i].Number || it[3] != strconv.Itoa(web.DaysOverdue(od[i], today)) {
			t.Errorf("urgent %d: %v, want %s %d days", i, it[1:], od[i].Number, web.DaysOverdue(od[i], today))
		}
	}
}

// overdueAssigned finds an open, assigned hazard to supervise.
func overdueAssigned(t *testing.T) *safetybot.Hazard {
	t.Helper()
	hs, err := world.Store.Hazards(context.Background(), safetybot.HazardFilter{Overdue: true, Today: safetybot.DateOf(fixture.Now), Grade: safetybot.GradeMajor})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		if h.Assignee != "" {
			return h
		}
	}
	t.Fatal("the fixture has no assigned overdue 重大 hazard")
	return nil
}

func TestSuperviseFromHazardPage(t *testing.T) {
	ctx := context.Background()
	h := overdueAssigned(t)
	path := "/hazards/" + h.Number
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Leader)
	tok := c.csrf(path)
	_, page := c.get(path)
	if !strings.Contains(page, `id="btn-督办"`) || !strings.Contains(page, `id="btn-催办"`) {
		t.Fatal("no 督办/催办 buttons for a leader")
	}
	_, before, _ := world.Store.Hazard(ctx, h.Number)
	pending := func() int {
		out, _ := storetest.PendingOutbox(ctx, world.Store, 10000)
		return len(out)
	}
	queued := pending()
	form := url.Values{"kind": {"督办"}, "note": {"周五前完成"}, "csrf": {tok}}
	// Refused: no token, a wrong token, another origin, a cross-site fetch.
	for name, try := range map[string]struct {
		form   url.Values
		header map[string]string
	}{
		"no token":     {url.Values{"kind": {"督办"}}, nil},
		"wrong token":  {url.Values{"kind": {"督办"}, "csrf": {strings.Repeat("0", len(tok))}}, nil},
		"other origin": {form, map[string]string{"Origin": "https://evil.example"}},
		"cross-site":   {form, map[string]string{"Sec-Fetch-Site": "cross-site"}},
	} {
		if code, body := c.post(path+"/supervise", try.form, try.header); code != http.StatusForbidden || !strings.Contains(body, "未作任何改动") {
			t.Errorf("%s: %d", name, code)
		}
	}
	// Staff may 催办 (as in chat) but not 督办.
	staff := newClient(t, newDashboard(t, nil))
	staff.signIn(fixture.Staff)
	if _, p := staff.get(path); strings.Contains(p, `id="btn-督办"`) || !strings.Contains(p, `id="btn-催办"`) {
		t.Error("staff should see 催办 and not 督办")
	}
	if code, body := staff.post(path+"/supervise", url.Values{"kind": {"督办"}, "csrf": {staff.csrf(path)}}, nil); code != http.StatusForbidden || !strings.Contains(body, "工作人员可以催办") {
		t.Errorf("staff 督办: %d", code)
	}
	if _, evs, _ := world.Store.Hazard(ctx, h.Number); len(evs) != len(before) || pending() != queued {
		t.Fatalf("a refused 督办 changed something: %d → %d events, %d → %d queued", len(before), len(evs), queued, pending())
	}
	// The leader's 督办: recorded, notified, and the page says so.
	code, body := c.post(path+"/supervise", form, nil)
	if code != 200 || !strings.Contains(body, `id="flash"`) || !strings.Contains(body, "已督办") {
		t.Fatalf("督办: %d %s", code, body)
	}
	_, evs, _ := world.Store.Hazard(ctx, h.Number)
	last := evs[len(evs)-1]
	if len(evs) != len(before)+1 || last.Action != "督办" || last.Actor != fixture.Leader || last.Note != "周五前完成" {
		t.Errorf("event %+v", last)
	}
	out, _ := storetest.PendingOutbox(ctx, world.Store, 10000)
	if n := out[len(out)-1]; len(out) != queued+1 || n.Target != h.Assignee || !strings.Contains(n.Body, "【督办】") ||
		!strings.Contains(n.Body, h.Number) || !strings.Contains(n.Body, "已逾期") || !strings.Contains(n.Body, "周五前完成") {
		t.Errorf("outbox: %d rows (was %d), last %+v", len(out), queued, n)
	}
	if !strings.Contains(body, "周五前完成") {
		t.Error("the history on the page lacks the 督办")
	}
	// The staff member's 催办 is recorded too.
	if code, _ := staff.post(path+"/supervise", url.Values{"kind": {"催办"}, "csrf": {staff.csrf(path)}}, nil); code != 200 {
		t.Fatalf("staff 催办: %d", code)
	}
	if _, evs, _ := world.Store.Hazard(ctx, h.Number); evs[len(evs)-1].Action != "催办" || evs[len(evs)-1].Actor != fixture.Staff {
		t.Errorf("staff 催办 not recorded: %+v", evs[len(evs)-1])
	}
}

// multipartPost posts a multipart form with files (name → content) as the
// page would.
func (c *client) multipartPost(path string, fields url.Values, files map[string][]byte, header map[string]string) (int, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		w, _ := mw.CreateFormFile("photo", name)
		w.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
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

func pngOf(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{200, 30, 30, 255})
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func countHazards(t *testing.T) int {
	hs, err := world.Store.Hazards(context.Background(), safetybot.HazardFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(hs)
}

func TestFormRefusesCrossSiteAndBadPhotos(t *testing.T) {
	c := newClient(t, newActingDashboard(t))
	c.signIn(fixture.Staff)
	tok := c.csrf("/hazards/new")
	n := countHazards(t)
	fields := url.Values{"描述": {"桥梁护栏缺失"}, "csrf": {tok}}
	for name, try := range map[string]struct {
		fields url.Values
		files  map[string][]byte
		header map[string]string
		status int
		want   string
	}{
		"no token":     {url.Values{"描述": {"桥梁护栏缺失"}}, nil, nil, 403, "未作任何登记"},
		"other origin": {fields, nil, map[string]string{"Origin": "https://evil.example"}, 403, "跨站提交已拒绝"},
		"not an image": {fields, map[string][]byte{"通知.pdf": []byte("%PDF-1.4 not a photo")}, nil, 400, "「通知.pdf」不是图片"},
		"iPhone HEIC":  {fields, map[string][]byte{"IMG_4501.HEIC": phototest.HEIC()}, nil, 400, "照片「IMG_4501.HEIC」是 HEIC 格式（苹果手机默认的照片格式），无法读取，这次上报未登记。请在相册中截图后上传截图"},
		"too large":    {fields, map[string][]byte{"大图.jpg": append([]byte("\xff\xd8\xff\xe0"), make([]byte, web.MaxFormPhotoBytes)...)}, nil, 400, "超过 10 MB"},
		"empty file":   {fields, map[string][]byte{"空.jpg": {}}, nil, 400, "空文件"},
		"no desc":      {url.Values{"csrf": {tok}, "单位": {"某公司"}}, nil, nil, 400, "请填写隐患描述"},
		"bad location": {url.Values{"描述": {"x"}, "csrf": {tok}, "lat": {"91"}, "lng": {"112"}}, nil, nil, 400, "定位结果无效"},
	} {
		code, body := c.multipartPost("/hazards/new", try.fields, try.files, try.header)
		if code != try.status || !strings.Contains(body, try.want) {
			t.Errorf("%s: %d, want %d with %q: %.300s", name, code, try.status, try.want, body)
		}
		// The same refusal as JSON for the page's script.
		code, body = c.multipartPost("/hazards/new", try.fields, try.files, map[string]string{"Accept": "application/json", "Origin": try.header["Origin"]})
		if try.header["Origin"] == "" {
			code, body = c.multipartPost("/hazards/new", try.fields, try.files, map[string]string{"Accept": "application/json"})
		}
		if code != try.status || !strings.HasPrefix(body, `{"error":`) {
			t.Errorf("%s as JSON: %d %.200s", name, code, body)
		}
	}
	if got := countHazards(t); got != n {
		t.Errorf("refused forms registered %d hazards", got-n)
	}
	// Too many photos.
	many := map[string][]byte{}
	for i := range web.MaxFormPhotos + 1 {
		many[fmt.Sprintf("%d.png", i)] = pngOf(20, 10)
	}
	if code, body := c.multipartPost("/hazards/new", fields, many, nil); code != 400 || !strings.Contains(body, "这次上报未登记") {
		t.Errorf("too many photos: %d", code)
	}
}

func TestFormReportsLikeChat(t *testing.T) {
	ctx := context.Background()
	c := newClient(t, newActingDashboard(t))
	c.signIn(fixture.Staff)
	tok := c.csrf("/hazards/new")
	code, page := c.get("/hazards/new")
	if code != 200 || !strings.Contains(page, `<select name="领域"`) || !strings.Contains(page, `type="date" name="期限"`) ||
		!strings.Contains(page, `accept="image/*" multiple`) || !strings.Contains(page, `<datalist id="units">`) {
		t.Fatalf("form page %d", code)
	}
	fields := url.Values{"描述": {"码头护栏缺失"}, "领域": {"水上交通"}, "等级": {"一般"}, "期限": {"2026-12-20"}, "地点": {"城南码头"},
		"csrf": {tok}, "lat": {"35.690000"}, "lng": {"112.190000"}, "acc": {"12"}}
	code, body := c.multipartPost("/hazards/new", fields, map[string][]byte{"a.png": pngOf(40, 30), "b.png": pngOf(30, 40)}, map[string]string{"Accept": "application/json"})
	m := regexp.MustCompile(`"number":"(YH2026-\d{4})"`).FindStringSubmatch(body)
	if code != 200 || m == nil || !strings.Contains(body, `"photos":2`) || !strings.Contains(body, `"url":"/hazards/`+m[1]+`"`) ||
		!strings.Contains(body, "已登记隐患 "+m[1]) {
		t.Fatalf("report: %d %s", code, body)
	}
	h, evs, _ := world.Store.Hazard(ctx, m[1])
	if h.Reporter != fixture.Staff || h.Domain != "水上交通" || h.Deadline != "2026-12-20" || h.Location != "城南码头" || h.Source != "" { // QA6c C8: no 来源 chosen, none guessed
		t.Errorf("hazard %+v", h)
	}
	ev, _ := world.Store.Evidence(ctx, m[1])
	if len(ev) != 3 || ev[0].Kind != safetybot.EvidenceImage || ev[0].ContentType != "image/png" || ev[2].Kind != safetybot.EvidenceLocation ||
		ev[2].Lat != 35.69 || !strings.Contains(ev[2].Label, "12 米") || ev[0].Actor != fixture.Staff {
		t.Errorf("evidence %+v", ev)
	}
	if len(evs) != 4 || evs[0].Action != "上报" || evs[1].Action != "证据" {
		t.Errorf("history %+v", evs)
	}
	// Without the script: the same report answers with a page.
	code, body = c.multipartPost("/hazards/new", url.Values{"描述": {"路灯损坏"}, "csrf": {tok}}, nil, nil)
	if code != 200 || !strings.Contains(body, `id="number">YH2026-`) || !strings.Contains(body, `id="hazard-link"`) {
		t.Errorf("plain post: %d %.500s", code, body)
	}
}

// TestFormOpenToEveryoneSignedIn: 上报 is for anyone in the corp, so a user
// without a dashboard role may sign in to the form, and only to the form.
func TestFormOpenToEveryoneSignedIn(t *testing.T) {
	c := newClient(t, newActingDashboard(t))
	tok, _, err := world.Store.CreateLoginToken(context.Background(), fixture.Nobody, 60e9)
	if err != nil {
		t.Fatal(err)
	}
	code, body := c.post("/login", url.Values{"token": {tok}, "next": {"/hazards/new"}}, nil)
	if code != 200 || !strings.Contains(body, `id="report"`) || strings.Contains(body, `href="/rules"`) {
		t.Fatalf("form for a user without a role: %d %.300s", code, body)
	}
	csrf := csrfField.FindStringSubmatch(body)[1]
	code, body = c.multipartPost("/hazards/new", url.Values{"描述": {"公交站台顶棚破损"}, "csrf": {csrf}}, nil, nil)
	if code != 200 || !strings.Contains(body, "已登记隐患") || strings.Contains(body, `id="hazard-link"`) {
		t.Errorf("report by a user without a role: %d %.300s", code, body)
	}
	if code, body := c.get("/hazards"); code != 403 || !strings.Contains(body, "没有访问安全生产驾驶舱的权限") {
		t.Errorf("the dashboard for a user without a role: %d", code)
	}
	// Signed out, the form asks to sign in and comes back to it.
	anon := newClient(t, newActingDashboard(t))
	anon.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := anon.http.Get(anon.srv.URL + "/hazards/new")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/login?next=%2Fhazards%2Fnew" {
		t.Errorf("signed out: %d to %q", res.StatusCode, loc)
	}
}

// TestFormInWeComSignsInSilently: opened from the app's menu inside WeCom,
// the form goes straight to WeCom's silent authorisation and comes back to
// itself signed in, for a member without a dashboard role too.
func TestFormInWeComSignsInSilently(t *testing.T) {
	c := newClient(t, newActingDashboard(t, fakeOAuth{users: map[string]string{"c-nobody": fixture.Nobody}}))
	c.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	get := func(path string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", c.srv.URL+path, nil)
		req.Header.Set("User-Agent", "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 wxwork/4.1.30 MicroMessenger/7.0.1")
		res, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	res := get("/hazards/new")
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/auth/wecom?next=/hazards/new" {
		t.Fatalf("signed out in WeCom: %d to %q", res.StatusCode, loc)
	}
	res = get("/auth/wecom?next=/hazards/new")
	u, _ := url.Parse(res.Header.Get("Location"))
	if u.Query().Get("inwecom") != "true" || u.Query().Get("state") == "" {
		t.Fatalf("not WeCom's silent authorisation: %s", u)
	}
	res = get("/auth/wecom/callback?code=c-nobody&state=" + u.Query().Get("state"))
	if loc := res.Header.Get("Location"); loc != "/hazards/new" {
		t.Fatalf("after WeCom sign-in: %d to %q", res.StatusCode, loc)
	}
	if code, body := c.get("/hazards/new"); code != 200 || !strings.Contains(body, `id="report"`) {
		t.Errorf("the form after signing in: %d", code)
	}
}

// QA6c C8: the form offers 发现来源; one chosen is stored as chosen.
func TestFormSourceChosen(t *testing.T) {
	ctx := context.Background()
	c := newClient(t, newActingDashboard(t))
	c.signIn(fixture.Staff)
	tok := c.csrf("/hazards/new")
	if _, page := c.get("/hazards/new"); !strings.Contains(page, `<select name="来源" id="f-source"><option value="">未注明（可不选）</option><option >企业自查</option>`) {
		t.Fatalf("form lacks the 来源 select:\n%s", page)
	}
	fields := url.Values{"描述": {"客运站安检仪故障"}, "领域": {"道路运输"}, "来源": {"群众上报"}, "csrf": {tok}}
	code, body := c.multipartPost("/hazards/new", fields, nil, map[string]string{"Accept": "application/json"})
	m := regexp.MustCompile(`"number":"(YH2026-\d{4})"`).FindStringSubmatch(body)
	if code != 200 || m == nil {
		t.Fatalf("report: %d %s", code, body)
	}
	if h, _, _ := world.Store.Hazard(ctx, m[1]); h.Source != safetybot.SourceChat {
		t.Errorf("source %q, want 群众上报", h.Source)
	}
}
