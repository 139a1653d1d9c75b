package bot

import (
	"context"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"testing"

	large "safetybot/internal/fixture"
)

// TestMain removes the province-scale ledger BenchmarkDigest200k builds.
func TestMain(m *testing.M) {
	code := m.Run()
	large.RemoveLarge()
	os.Exit(code)
}

// BenchmarkDigest200k is a leader's 摘要 through the engine over a ledger
// of large.LargeN (200,000) hazards (issue 12 §8: under 200 ms):
//
//	go test -run '^$' -bench 200k -benchtime 5x ./bot/
func BenchmarkDigest200k(b *testing.B) {
	if testing.Short() {
		b.Skip("200,000 hazards: not in -short")
	}
	w := large.Large(b)
	ctx := context.Background()
	e, err := NewEngine(ctx, w.Store, Config{Now: w.Clock.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	m := Message{Source: "test", ChatType: ChatSingle, UserID: large.Leader, Text: "摘要"}
	b.ReportAllocs()
	cpu := large.CPUTime()
	for b.Loop() {
		replies := e.Handle(ctx, m)
		if len(replies) == 0 || !strings.Contains(replies[0].Text, "安全生产每日摘要") {
			b.Fatalf("摘要: %v", replies)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(large.CPUTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
}
