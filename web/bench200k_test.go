package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"safetybot/internal/fixture"
	"safetybot/web"
)

// Province-scale page benchmarks (issue 12 §8): the same handlers over a
// ledger of fixture.LargeN (200,000) hazards, built once per test binary.
// Each page must stay under 200 ms and grow no faster than what it shows:
//
//	go test -run '^$' -bench 200k -benchtime 5x ./web/
//
// cpu-ms/op is the process's CPU time per page (wall time on a busy
// machine also counts the waits for a core). heap-MB is the Go heap in use after the loads (runtime.MemStats
// HeapInuse, after a GC), sys-MB what the runtime took from the OS.
func bench200k(b *testing.B, path string) {
	if testing.Short() {
		b.Skip("200,000 hazards: not in -short")
	}
	w := fixture.Large(b)
	d, err := web.New(context.Background(), web.Config{Store: w.Store, Now: w.Clock.Now, Logger: quietLog()})
	if err != nil {
		b.Fatal(err)
	}
	sid, _, err := w.Store.CreateSession(context.Background(), fixture.Leader, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	cookie := &http.Cookie{Name: "safetybot_session", Value: sid}
	b.ReportAllocs()
	cpu := fixture.CPUTime()
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		d.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(fixture.CPUTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heap-MB")
	b.ReportMetric(float64(m.Sys)/(1<<20), "sys-MB")
}

func BenchmarkOverview200k(b *testing.B)   { bench200k(b, "/") }
func BenchmarkHazardList200k(b *testing.B) { bench200k(b, "/hazards") }

// The last page of the default list: the deepest OFFSET a user can ask for.
func BenchmarkHazardListLastPage200k(b *testing.B) { bench200k(b, "/hazards?page=4000") }

// A filtered list: one domain's open overdue hazards.
func BenchmarkHazardListFilter200k(b *testing.B) {
	bench200k(b, "/hazards?domain=%E9%81%93%E8%B7%AF%E8%BF%90%E8%BE%93&status=open&overdue=1")
}

// The oldest year's hazards, newest first: the year filter without the
// urgency order, the worst case for a list read in id order (migration
// 0031 dropped hazards_year), the year's rows being the ledger's first.
func BenchmarkHazardListOldYear200k(b *testing.B) {
	bench200k(b, "/hazards?year=2023&sort=number")
}
