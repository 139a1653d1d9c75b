package export_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/bot"
	"safetybot/digest"
	"safetybot/export"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"safetybot/plan"
	"safetybot/store"
	"safetybot/web"
)

// ledger is a small world installed on 2026-10-20, built through the chat
// commands people use, for the reconciliation test.
type ledger struct {
	t     *testing.T
	s     *store.Store
	clock *testkit.Clock
	eng   *bot.Engine
}

func (l *ledger) say(text string) string {
	l.t.Helper()
	var b strings.Builder
	for _, r := range l.eng.Handle(context.Background(), bot.Message{Source: "chat", UserID: "admin", Text: text}) {
		b.WriteString(r.Text)
	}
	return b.String()
}

var numberRE = regexp.MustCompile(`YH\d{4}-\d{4}`)

// report registers a hazard on day at 09:00 and returns its number.
func (l *ledger) report(day string, fields string) string {
	l.t.Helper()
	d, _ := safetybot.Date(day).Time()
	l.clock.Set(d.Add(9 * time.Hour))
	reply := l.say("上报 " + fields)
	n := numberRE.FindString(reply)
	if n == "" {
		l.t.Fatalf("上报 %s: %s", fields, reply)
	}
	return n
}

// count reads "共 N 条" (or "无") from a 隐患 list.
func count(t *testing.T, reply string) int {
	t.Helper()
	if strings.HasSuffix(reply, "：无。") {
		return 0
	}
	m := regexp.MustCompile(`共 (\d+) 条`).FindStringSubmatch(reply)
	if m == nil {
		t.Fatalf("not a list: %s", reply)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestReportDashboardAndListsAgree builds one ledger and checks, figure by
// figure, that the annual report (its figures, its Word text and its
// workbook), the dashboard's overview, the 隐患 lists, the digest and 举报统计
// count the same things the same way: rejected hazards are never open or
// major, declined reports never accepted, months before installation 未启用.
func TestReportDashboardAndListsAgree(t *testing.T) {
	ctx := context.Background()
	installed := time.Date(2026, 10, 20, 9, 0, 0, 0, safetybot.Shanghai)
	clock := testkit.NewClock(installed)
	s := storetest.Open(t, clock.Now)
	defer s.Close()
	p := plan.Default()
	if _, err := s.SeedPlan(ctx, p); err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	eng, err := bot.NewEngine(ctx, s, bot.Config{Admins: []string{"admin"}, Now: clock.Now, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	l := &ledger{t: t, s: s, clock: clock, eng: eng}

	// Two 重大 reported and rejected (a duplicate, not a hazard), one
	// general rejected; a 重大 open and overdue, a 重大 closed; two general
	// open (one overdue), one general closed.
	for _, f := range []string{
		"危货车辆未装监控 单位:甲公司 领域:道路运输 等级:重大 期限:2026-12-31",
		"桥梁护栏缺失 单位:公路段 领域:公路运营 等级:重大 期限:2026-12-31",
		"灭火器过期 单位:客运站 领域:城市客运 等级:一般",
	} {
		n := l.report("2026-10-22", f)
		if r := l.say("驳回 " + n + " 重复上报"); !strings.Contains(r, "已驳回") {
			t.Fatalf("驳回: %s", r)
		}
	}
	l.report("2026-10-25", "客船救生衣不足 单位:长河航运 领域:水上交通 等级:重大 期限:2026-11-10")
	closedMajor := l.report("2026-10-26", "隧道照明失效 单位:公路段 领域:公路运营 等级:重大 期限:2026-12-20")
	l.report("2026-11-02", "站内消防通道堵塞 单位:客运站 领域:城市客运 等级:一般 期限:2026-12-15")
	l.report("2026-11-03", "车辆轮胎磨损 单位:甲公司 领域:道路运输 等级:一般 期限:2026-11-20")
	closedGeneral := l.report("2026-11-04", "标志牌倾斜 单位:公路段 领域:公路运营 等级:一般")
	clock.Set(time.Date(2026, 11, 10, 10, 0, 0, 0, safetybot.Shanghai))
	for _, cmd := range []string{"确认 " + closedMajor, "整改 " + closedMajor + " 已更换灯具 完成:是", "销号 " + closedMajor + " 验收合格", "销号 " + closedGeneral + " 已扶正"} {
		if r := l.say(cmd); strings.Contains(r, "请") && !strings.Contains(r, "已") {
			t.Fatalf("%s: %s", cmd, r)
		}
	}
	// Principals' inspections: an enterprise's and a government body's
	// (公路段 is no enterprise: QA 11b §2).
	for _, cmd := range []string{"检查 甲公司 总经理带队检查", "检查 公路段 段长带队检查"} {
		if r := l.say(cmd); !strings.Contains(r, "已记录") {
			t.Fatalf("%s: %s", cmd, r)
		}
	}
	if r := l.say("议题 研究冬季道路运输安全"); !strings.Contains(r, "议题") {
		t.Fatalf("议题: %s", r)
	}
	if err := s.RecordDuty(ctx, safetybot.DutyRecord{Duty: export.DutyGroupStudy + ":" + p.Groups[0].Key, Period: "2026-11", Actor: "admin"}); err != nil {
		t.Fatal(err)
	}
	// Three anonymous reports: one declined, one verified, one waiting.
	for i, st := range []safetybot.TipStatus{safetybot.TipDeclined, safetybot.TipVerified, safetybot.TipNew} {
		tip, err := s.CreateTip(ctx, []byte(fmt.Sprintf("receipt-%d", i)), "内容", nil)
		if err != nil {
			t.Fatal(err)
		}
		if st == safetybot.TipNew {
			continue
		}
		if _, err := s.ChangeTip(ctx, tip.ID, "handler", func(tp *safetybot.Tip) (safetybot.TipChange, error) {
			tp.Status, tp.DeclineReason = st, "线索不清"
			return safetybot.TipChange{Action: string(st)}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	clock.Set(now)

	// The annual report.
	a, err := export.LoadAnnual(ctx, s, 2026, now)
	if err != nil {
		t.Fatal(err)
	}
	tot := a.Total
	if want := (export.DomainYear{Found: 8, Rejected: 3, Closed: 2, Open: 3, Major: 2, MajorClosed: 1, MajorRejected: 2, Overdue: 2}); tot.Found != want.Found ||
		tot.Rejected != want.Rejected || tot.Closed != want.Closed || tot.Open != want.Open || tot.Major != want.Major ||
		tot.MajorClosed != want.MajorClosed || tot.MajorRejected != want.MajorRejected || tot.Overdue != want.Overdue {
		t.Fatalf("report totals %+v, want %+v", tot, want)
	}
	if tot.ClosureRate() != "40.0%" || tot.MajorRate() != "50.0%" {
		t.Errorf("rates %s, %s", tot.ClosureRate(), tot.MajorRate())
	}
	if a.Tips.Received != 3 || a.Tips.Declined != 1 || a.Tips.Accepted() != 2 || a.Tips.Verified != 1 {
		t.Errorf("tips %+v", a.Tips)
	}
	if a.Since != "2026-10-20" || a.Duties.EnabledMonths() != 2 || len(a.Duties.Months) != 11 || a.Duties.GroupStudiesDue() != len(p.Groups) {
		t.Errorf("since %s, %d of %d months enabled, %d studies due", a.Since, a.Duties.EnabledMonths(), len(a.Duties.Months), a.Duties.GroupStudiesDue())
	}
	for _, q := range a.Duties.Quarters {
		if q.Enabled != (q.Quarter == "2026-Q4") {
			t.Errorf("quarter %s enabled %v", q.Quarter, q.Enabled)
		}
	}

	// Enterprises: one rule (safetybot.IsGovernmentBody, a registered
	// enterprise always counts) for the report, 企业 and the dashboard.
	q4 := a.Duties.Quarters[len(a.Duties.Quarters)-1]
	if a.Duties.Enterprises != 3 || q4.Units != 1 || a.Duties.Coverage(q4) != "33.3%" {
		t.Errorf("report: %d enterprises, %d inspected in %s, coverage %s; want 3, 1, 33.3%% (公路段 is no enterprise)",
			a.Duties.Enterprises, q4.Units, q4.Quarter, a.Duties.Coverage(q4))
	}
	if r := l.say("企业"); !strings.Contains(r, "已登记 1 家，未登记 2 家（共 3 家）") || strings.Contains(r, "公路段") {
		t.Errorf("企业 counts a government body or disagrees with the report: %s", r)
	}

	// The 隐患 lists.
	lists := []struct {
		args string
		want int
	}{
		{"", tot.Open}, {"重大", tot.MajorOpen()}, {"逾期", tot.Overdue}, {"已驳回", tot.Rejected},
		{"已销号", tot.Closed}, {"全部", tot.Found}, {"重大 全部", tot.Major + tot.MajorRejected},
	}
	for _, d := range a.Domains {
		lists = append(lists, struct {
			args string
			want int
		}{d.Domain, d.Open})
	}
	for _, c := range lists {
		if got := count(t, l.say(strings.TrimSpace("隐患 "+c.args))); got != c.want {
			t.Errorf("隐患 %s lists %d, report %d", c.args, got, c.want)
		}
	}

	// The dashboard's overview.
	d, err := web.New(ctx, web.Config{Store: s, Now: clock.Now, Logger: quiet, Admins: []string{"admin"}})
	if err != nil {
		t.Fatal(err)
	}
	sid, _, err := s.CreateSession(ctx, "admin", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(&http.Cookie{Name: "safetybot_session", Value: sid})
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, req)
	page := rec.Body.String()
	if rec.Code != 200 {
		t.Fatalf("overview %d: %s", rec.Code, page)
	}
	figure := func(name string) string {
		m := regexp.MustCompile(`data-figure="` + name + `">([^<]*)<`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("overview lacks %s", name)
		}
		return m[1]
	}
	for _, c := range []struct{ name, want string }{
		{"open", itoa(tot.Open)}, {"open-major", itoa(tot.MajorOpen())}, {"overdue", itoa(tot.Overdue)},
		{"closed", itoa(tot.Closed)}, {"rejected", itoa(tot.Rejected)}, {"total", itoa(tot.Found)},
		{"year-found", itoa(tot.Found)}, {"year-rate", tot.ClosureRate()}, {"closure-rate", tot.ClosureRate()},
	} {
		if got := figure(c.name); got != c.want {
			t.Errorf("overview %s = %s, report %s", c.name, got, c.want)
		}
	}
	for _, dy := range a.Domains {
		m := regexp.MustCompile(`<tr data-domain="` + export.DomainLabel(dy.Domain) + `"><td>.*?</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(?:<span class="bad">)?(\d+)`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("overview lacks the row of %s", dy.Domain)
		}
		if m[2] != itoa(dy.MajorOpen()) || m[3] != itoa(dy.Open) || m[4] != itoa(dy.Overdue) {
			t.Errorf("overview %s: major %s total %s overdue %s; report %d %d %d", dy.Domain, m[2], m[3], m[4], dy.MajorOpen(), dy.Open, dy.Overdue)
		}
	}
	if !regexp.MustCompile(`<tr data-quarter="2026-Q4"><td>2026-Q4</td><td>\d+</td><td>\d+</td><td>` + regexp.QuoteMeta(a.Duties.Coverage(q4)) + `</td>`).MatchString(page) {
		t.Errorf("overview: 2026-Q4 coverage is not the report's %s", a.Duties.Coverage(q4))
	}
	for _, q := range []string{"2026-Q1", "2026-Q2", "2026-Q3"} {
		if !regexp.MustCompile(`<tr data-quarter="` + q + `"><td>` + q + `</td><td>未启用</td>`).MatchString(page) {
			t.Errorf("overview: %s not shown as 未启用", q)
		}
	}

	// The digest and 举报统计.
	text, err := digest.Build(ctx, s, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf("逾期未整改 %d 条**（重大 1）", tot.Overdue), fmt.Sprintf("在办重大隐患 %d 条", tot.MajorOpen()),
		fmt.Sprintf("2026年隐患整改销号率 %s（%d/%d），在办 %d 条", tot.ClosureRate(), tot.Closed, tot.Found-tot.Rejected, tot.Open),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("digest lacks %q:\n%s", want, text)
		}
	}
	if r := l.say("举报统计"); !strings.Contains(r, "共 3 条") || !strings.Contains(r, "不予受理 1") {
		t.Errorf("举报统计: %s", r)
	}

	// The Word document says the same.
	var db bytes.Buffer
	if err := export.WriteDOCX(&db, a.Document(), now); err != nil {
		t.Fatal(err)
	}
	doc := readDOCX(t, db.Bytes())
	for _, want := range []string{
		"全局共排查登记各类事故隐患8项", "经核实驳回（不属于隐患或重复登记）3项", "已整改销号2项，整改销号率40.0%", "仍在整改3项，其中逾期未整改2项",
		"排查重大事故隐患2项，已整改销号1项，销号率50.0%。另有2项登记为重大的隐患经核实驳回", "尚有1项重大事故隐患未销号",
		"系统启用后的2个月（此前9个月系统未启用，不作统计）中，1个月研究了安全生产相关议题，共1项；10月未记录议题",
		// November had not ended on 11-28: its study is told, not judged.
		fmt.Sprintf("%d个专班在已结束的1个月中应开展%d次，系统记录0次，完成率0.0%%；11月尚未结束（统计截至11月28日），已记录1次，月底前完成即可。", len(p.Groups), len(p.Groups)),
		"收到匿名举报3件，其中不予受理1件，受理2件；经核查属实1件，查实率50.0%",
		"2026-01|未启用|未启用|—", "2026-Q3|未启用|未启用|—|未启用", "2026-11（未结束）|1|1|",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %q", want)
		}
	}
	if strings.Contains(doc, "1月、") || strings.Contains(doc, "9月未记录") {
		t.Errorf("months before installation reported as missed:\n%s", doc)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
