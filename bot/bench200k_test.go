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
	"safetybot/internal/testkit"
)

// TestMain removes the province-scale ledger BenchmarkDigest200k builds
// and the template database of newFixture.
func TestMain(m *testing.M) {
	code := m.Run()
	large.RemoveLarge()
	testkit.RemoveTemplates()
	os.Exit(code)
}

// BenchmarkDigest200k is a leader's 摘要 through the engine over a ledger
// of large.LargeN (200,000) hazards (issue 12 §8: under 200 ms):
//
//	go test -run '^$' -bench 200k -benchtime 5x ./bot/
func BenchmarkDigest200k(b *testing.B) { benchSay200k(b, "摘要", "安全生产每日摘要") }

// BenchmarkHazardChatList200k is 隐患 (the open hazards, twenty shown, the
// rest counted) over the same ledger.
func BenchmarkHazardChatList200k(b *testing.B) { benchSay200k(b, "隐患", "未销号隐患共") }

// BenchmarkReportWithUnit200k is a 上报 naming a unit already in the ledger
// (typed exactly, not registered) over the same ledger: the unit is
// matched against the known ones (issue 9 §4) on every report.
func BenchmarkReportWithUnit200k(b *testing.B) {
	benchSay200k(b, "上报 护栏缺失 单位:城关第1运输有限公司", "单位：城关第1运输有限公司")
}

// BenchmarkKnownUserIDs200k is the look-up of a typed account (授权, 指派,
// 提醒 对象:用户:) over the same ledger (qa6a #12): known exactly as typed
// (indexes only), and typed in another case or unknown, where the hazards'
// reporter and assignee indexes are scanned:
//
//	go test -run '^$' -bench KnownUserIDs200k -benchtime 20x ./bot/
func BenchmarkKnownUserIDs200k(b *testing.B) {
	if testing.Short() {
		b.Skip("200,000 hazards: not in -short")
	}
	w := large.Large(b)
	ctx := context.Background()
	for _, typed := range []string{large.Staff, "ZhangSan", "Nobody_Here"} {
		b.Run(typed, func(b *testing.B) {
			for b.Loop() {
				if _, err := w.Store.KnownUserIDs(ctx, typed); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchSay200k has the fixture's leader say text to the engine over the
// province-scale ledger, and checks the reply contains want.
func benchSay200k(b *testing.B, text, want string) {
	if testing.Short() {
		b.Skip("200,000 hazards: not in -short")
	}
	w := large.Large(b)
	ctx := context.Background()
	e, err := NewEngine(ctx, w.Store, Config{Now: w.Clock.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	m := Message{Source: "test", ChatType: ChatSingle, UserID: large.Staff, Text: text}
	if text == "摘要" {
		m.UserID = large.Leader
	}
	b.ReportAllocs()
	cpu := large.CPUTime()
	for b.Loop() {
		replies := e.Handle(ctx, m)
		if len(replies) == 0 || !strings.Contains(replies[0].Text, want) {
			b.Fatalf("%s: %v", text, replies)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(large.CPUTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
}
