package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"safetybot/internal/fixture"
)

// Page benchmarks: each page handler on the fixture's 300 hazards (with
// their histories, 29 tasks, a year of duty records and the plan's reminder
// rules), signed in, through the dashboard's whole handler (session lookup,
// role check, queries, template). The target is under 200 ms server time per
// page; run them with
//
//	go test -run '^$' -bench . -benchmem ./web/
func benchPage(b *testing.B, path string) {
	d := newDashboard(b, nil)
	sid, _, err := world.Store.CreateSession(context.Background(), fixture.Leader, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	cookie := &http.Cookie{Name: "safetybot_session", Value: sid}
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		d.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
	}
}

func BenchmarkOverview(b *testing.B)   { benchPage(b, "/") }
func BenchmarkHazardList(b *testing.B) { benchPage(b, "/hazards") }
func BenchmarkHazardListFilter(b *testing.B) {
	benchPage(b, "/hazards?status=open&overdue=1&q=%E6%B6%88%E9%98%B2")
}
func BenchmarkHazardDetail(b *testing.B)  { benchPage(b, "/hazards/YH2026-0001") }
func BenchmarkEvidencePhoto(b *testing.B) { benchPage(b, "/hazards/YH2026-0001/evidence/1") }
func BenchmarkTasks(b *testing.B)         { benchPage(b, "/tasks") }
func BenchmarkTaskDetail(b *testing.B)    { benchPage(b, "/tasks/3") }
func BenchmarkRules(b *testing.B)         { benchPage(b, "/rules") }
func BenchmarkDownloadXLSX(b *testing.B)  { benchPage(b, "/export?format=xlsx") }
func BenchmarkDownloadCSV(b *testing.B)   { benchPage(b, "/export?format=csv&year=2026") }
