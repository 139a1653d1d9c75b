package bot

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// BenchmarkReport measures 上报 end to end: parse, permission lookup, one
// write transaction (sequence, row, audit event, leader notifications).
func BenchmarkReport(b *testing.B) {
	f := benchFixture(b)
	f.say("admin", "授权 leader1 领导")
	ctx := context.Background()
	m := Message{Source: "bench", ChatType: ChatSingle, UserID: "zhangsan", Text: majorReport}
	b.ReportAllocs()
	for b.Loop() {
		f.clock.Add(benchStep)
		r := f.engine.Handle(ctx, m)
		if !strings.HasPrefix(r[0].Text, "已登记隐患") {
			b.Fatal(r[0].Text)
		}
	}
}

// benchStep is how far the clock moves between a benchmark's reports: a
// minute apart, the hourly counts and the per-minute coalescing see what a
// busy day gives them, not a whole run frozen in one instant.
const benchStep = 61 * time.Second

// BenchmarkReportParallel is the same under concurrent senders: writes queue
// on the single writer connection.
func BenchmarkReportParallel(b *testing.B) {
	f := benchFixture(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		m := Message{Source: "bench", ChatType: ChatSingle, UserID: "zhangsan", Text: "上报 并发 领域:水上 单位:某公司"}
		for pb.Next() {
			f.clock.Add(benchStep)
			if r := f.engine.Handle(ctx, m); !strings.HasPrefix(r[0].Text, "已登记隐患") {
				b.Fatal(r[0].Text)
			}
		}
	})
}

// report200 is a real-style report of about 200 characters with nine
// fields, written the way staff type on a phone: full-width colons, commas
// between fields, a synonym, a relative deadline, a value with a space and
// an amount in 万.
const report200 = "上报 S331线K45+300处急弯路段波形护栏被货车撞毁约20米，夜间无任何警示，临近村庄路口，早晚学生通行较多，" +
	"存在车辆冲出路外和行人被撞的风险，已拍照留存。单位：县公路段，行业领域：公路运营，隐患等级：一般，" +
	"整改期限：12月5日前，地点：S331线K45+300 下行方向，产生原因：货车超速失控撞击，养护巡查未及时发现，" +
	"管控：已设置锥桶、警示灯和限速标志，资金：3.6 万元，停产：否"

// BenchmarkReport200 is 上报 of report200 through the engine: reading,
// permission lookup, unit matching and the SQLite write.
func BenchmarkReport200(b *testing.B) {
	f := benchFixture(b)
	ctx := context.Background()
	m := Message{Source: "bench", ChatType: ChatSingle, UserID: "admin", Text: report200}
	if r := f.engine.Handle(ctx, m); !strings.Contains(r[0].Text, "期限：2026-12-05") || !strings.Contains(r[0].Text, "整改资金：3.6万元") {
		b.Fatal(r[0].Text)
	}
	b.ReportAllocs()
	for b.Loop() {
		f.clock.Add(benchStep)
		if r := f.engine.Handle(ctx, m); !strings.HasPrefix(r[0].Text, "已登记隐患") {
			b.Fatal(r[0].Text)
		}
	}
}

// BenchmarkReadArgs200 is the reader alone on report200: normalize,
// splitVerb and readArgs with 上报's fields.
func BenchmarkReadArgs200(b *testing.B) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	verbs := []string{"上报", "隐患", "整改", "report"}
	b.ReportAllocs()
	for b.Loop() {
		_, rest := splitVerb(normalize(report200, []string{DefaultBotName}), verbs)
		if a := readArgs(rest, hazardFields, now); len(a.Fields) != 9 {
			b.Fatal(a.Fields)
		}
	}
}

// benchFixture is newFixture without the hourly 上报 limits: a benchmark is
// one user's flood by design.
func benchFixture(b *testing.B) *fixture {
	f := newFixture(b)
	unlimited := safetybot.ReportLimits{PerHour: 1 << 30, LoudPerHour: 1 << 30}
	e, err := NewEngine(context.Background(), f.store, Config{Admins: []string{"admin"}, Now: f.clock.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), ReportLimits: ReportLimits{Staff: unlimited, Others: unlimited}})
	if err != nil {
		b.Fatal(err)
	}
	f.engine = e
	return f
}
