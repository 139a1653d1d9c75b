package bot

import (
	"context"
	"strings"
	"testing"
)

// BenchmarkReport measures 上报 end to end: parse, permission lookup, one
// write transaction (sequence, row, audit event, leader notifications).
func BenchmarkReport(b *testing.B) {
	f := newFixture(b)
	f.say("admin", "授权 leader1 领导")
	ctx := context.Background()
	m := Message{Source: "bench", ChatType: ChatSingle, UserID: "zhangsan", Text: majorReport}
	b.ReportAllocs()
	for b.Loop() {
		r := f.engine.Handle(ctx, m)
		if !strings.HasPrefix(r[0].Text, "已登记隐患") {
			b.Fatal(r[0].Text)
		}
	}
}

// BenchmarkReportParallel is the same under concurrent senders: writes queue
// on the single writer connection.
func BenchmarkReportParallel(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		m := Message{Source: "bench", ChatType: ChatSingle, UserID: "zhangsan", Text: "上报 并发 领域:水上 单位:某公司"}
		for pb.Next() {
			if r := f.engine.Handle(ctx, m); !strings.HasPrefix(r[0].Text, "已登记隐患") {
				b.Fatal(r[0].Text)
			}
		}
	})
}
