package store

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"safetybot"
)

func benchHazard() *safetybot.Hazard {
	return &safetybot.Hazard{Description: "危货车辆未安装智能视频监控", Unit: "某运输公司", Domain: "道路运输",
		Grade: safetybot.GradeGeneral, Source: safetybot.SourceSelfCheck, Deadline: "2026-12-31"}
}

func notifyLeaders(h *safetybot.Hazard) []safetybot.Notification {
	return []safetybot.Notification{safetybot.NotifyRole(safetybot.RoleLeader, "新隐患 "+h.Number)}
}

// BenchmarkCreateHazard is one report's transaction (sequence, row, audit
// event, a notification to each leader) from one caller at a time: each
// write is its own commit.
func BenchmarkCreateHazard(b *testing.B) {
	s, _ := openTest(b)
	ctx := context.Background()
	s.Grant(ctx, safetybot.Grant{UserID: "leader1", Role: safetybot.RoleLeader}, "admin")
	b.ReportAllocs()
	for b.Loop() {
		if err := s.CreateHazard(ctx, benchHazard(), "zhangsan", notifyLeaders); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateHazardParallel16 is the same from 16 concurrent callers:
// the committer commits the writes waiting together (writes/commit).
func BenchmarkCreateHazardParallel16(b *testing.B) {
	s, _ := openTest(b)
	ctx := context.Background()
	s.Grant(ctx, safetybot.Grant{UserID: "leader1", Role: safetybot.RoleLeader}, "admin")
	commits, writes := s.commits.Load(), s.batched.Load()
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				if err := s.CreateHazard(ctx, benchHazard(), "zhangsan", notifyLeaders); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(s.batched.Load()-writes)/float64(max(1, s.commits.Load()-commits)), "writes/commit")
}

// BenchmarkUser is the role lookup before every command: one indexed read.
func BenchmarkUser(b *testing.B) {
	s, _ := openTest(b)
	ctx := context.Background()
	s.Grant(ctx, safetybot.Grant{UserID: "leader1", Role: safetybot.RoleLeader}, "admin")
	b.ReportAllocs()
	for b.Loop() {
		if u, err := s.User(ctx, "leader1"); err != nil || len(u.Grants) != 1 {
			b.Fatal(u, err)
		}
	}
}
