package export_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"safetybot/plan"
	"safetybot/store"
)

// Benchmarks over a province's year: 100,000 hazards of 2026 with three
// events each (上报, 整改 with a note, and 销号 or 驳回 for some), against
// 10,000 to show how time and memory grow. Run them with
//
//	go test -run '^$' -bench 'Province' -benchmem -benchtime 2x ./export/
//
// Each reports B/op and allocs/op; peak-heap-MB, the largest
// runtime.MemStats.HeapInuse seen while it ran, sampled every 2 ms, less
// the heap in use before (the store's own caches); cpu-s/op, the process's
// CPU time per run (the machine is shared: ns/op is wall time); and
// out-MB/op, the size of what was written.
func BenchmarkProvinceExportXLSX(b *testing.B) {
	benchProvince(b, func(ctx context.Context, s *store.Store, w io.Writer) error {
		_, err := export.ExportLedger(ctx, s, export.FormatXLSX, export.Filter{}, fixture.Now, w, nil)
		return err
	})
}

func BenchmarkProvinceExportCSV(b *testing.B) {
	benchProvince(b, func(ctx context.Context, s *store.Store, w io.Writer) error {
		_, err := export.ExportLedger(ctx, s, export.FormatCSV, export.Filter{}, fixture.Now, w, nil)
		return err
	})
}

func BenchmarkProvinceReport(b *testing.B) {
	benchProvince(b, func(ctx context.Context, s *store.Store, w io.Writer) error {
		a, err := export.LoadAnnual(ctx, s, 2026, fixture.Now)
		if err != nil {
			return err
		}
		if err := export.WriteDOCX(w, a.Document(), a.Generated); err != nil {
			return err
		}
		return export.WriteAnnualXLSX(w, a)
	})
}

func benchProvince(b *testing.B, run func(context.Context, *store.Store, io.Writer) error) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("hazards=%d", n), func(b *testing.B) {
			s := provinceStore(b, n)
			ctx := context.Background()
			var out countingWriter
			cpu0 := cpuTime()
			peak := samplePeakHeap()
			b.ReportAllocs()
			for b.Loop() {
				if err := run(ctx, s, &out); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			}
			b.ReportMetric(float64(out.n.Load())/float64(b.N)/(1<<20), "out-MB/op")
		})
	}
}

// samplePeakHeap starts sampling HeapInuse; the returned func stops and
// gives the peak above the heap in use at the start.
func samplePeakHeap() func() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapInuse, ms.HeapInuse
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
	}()
	return func() uint64 {
		close(stop)
		wg.Wait()
		return peak - base
	}
}

type countingWriter struct{ n atomic.Int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n.Add(int64(len(p))); return len(p), nil }

// provinceStore writes n hazards of 2026 and their events straight into a
// new store (one transaction: the bot's path would take minutes), every
// field filled as the chat fills it.
func provinceStore(b *testing.B, n int) *store.Store {
	b.Helper()
	ctx := context.Background()
	s := storetest.Open(b, func() time.Time { return fixture.Now })
	b.Cleanup(func() { s.Close() })
	p := plan.Default()
	if _, err := s.SeedPlan(ctx, p); err != nil {
		b.Fatal(err)
	}
	start := time.Date(2026, 1, 1, 8, 0, 0, 0, safetybot.Shanghai)
	step := fixture.Now.Sub(start) / time.Duration(n)
	statuses := []safetybot.Status{safetybot.StatusPending, safetybot.StatusRectifying, safetybot.StatusVerifying, safetybot.StatusClosed, safetybot.StatusClosed, safetybot.StatusRejected}
	err := testkit.WriteRaw(ctx, s.File(), func(tx *sql.Tx) error {
		hz, err := tx.PrepareContext(ctx, `INSERT INTO hazards (id, number, year, description, unit, domain, location, grade, source, status,
			reporter, assignee, deadline, confirmed, found_at, closed_at, updated_at, cause, basis, measures, funds, interim, supervision, halted)
			VALUES (?, ?, 2026, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		ev, err := tx.PrepareContext(ctx, `INSERT INTO hazard_events (hazard_id, at, actor, action, note, from_status, to_status) VALUES (?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		for i := 1; i <= n; i++ {
			d := p.Domains[i%len(p.Domains)]
			found := start.Add(time.Duration(i) * step)
			st := statuses[i%len(statuses)]
			grade := safetybot.GradeGeneral
			if i%7 == 0 {
				grade = safetybot.GradeMajor
			}
			var closed any // NULL: not closed
			if st == safetybot.StatusClosed {
				closed = found.Add(72 * time.Hour).UnixMilli()
			}
			if _, err := hz.ExecContext(ctx, i, fmt.Sprintf("YH2026-%06d", i), fmt.Sprintf("第%d号：%s领域消防通道堵塞、应急照明失效，防护设施缺失", i, d.Name),
				fmt.Sprintf("第%d运输有限公司", i%977), d.Name, "县城北环路K12+300", grade, export.Sources[i%len(export.Sources)], st,
				"zhangsan", "lisi", safetybot.DateOf(found.AddDate(0, 1, 0)), found.UnixMilli(), closed, found.UnixMilli(),
				"日常管理不到位", "判定标准第三条", "清理通道、更换灯具", "2.5万元", "设置警示标志", "", i%11 == 0); err != nil {
				return err
			}
			events := []struct{ action, note, from, to string }{
				{"上报", "", "", string(safetybot.StatusPending)},
				{"整改", "已清理通道，正在更换应急照明灯具", string(safetybot.StatusRectifying), string(safetybot.StatusRectifying)},
				{"销号", "验收合格", string(safetybot.StatusVerifying), string(st)},
			}
			for j, e := range events {
				var from any // NULL: no status before (上报)
				if e.from != "" {
					from = e.from
				}
				if _, err := ev.ExecContext(ctx, i, found.Add(time.Duration(j)*24*time.Hour).UnixMilli(), "zhangsan", e.action, e.note, from, e.to); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return s
}
