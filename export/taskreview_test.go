package export_test

import (
	"testing"
	"time"

	"safetybot"
	"safetybot/export"
)

// QA16 #2: a correction of the completion is no evidence: 佐证材料 quotes
// the notes of work only, and counts only those it leaves out; the newest
// record, a correction too, still dates 最后更新.
func TestReviewEvidenceLeavesOutCorrections(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, safetybot.Shanghai) }
	tests := []struct {
		name     string
		ups      []safetybot.TaskUpdate
		evidence string
		last     string
	}{
		{"correction newest", []safetybot.TaskUpdate{
			{At: day(1), Note: "督导检查", Progress: 85},
			{At: day(2), Progress: 95, Correction: true},
		}, "2026-11-01 督导检查", "2026-11-02"},
		{"correction with a reason", []safetybot.TaskUpdate{
			{At: day(1), Note: "督导检查", Progress: 85},
			{At: day(2), Note: "刚才填错了", Progress: 95, Correction: true},
			{At: day(3), Note: "复查", Progress: -1},
		}, "2026-11-03 复查；2026-11-01 督导检查", "2026-11-03"},
		{"four notes and a correction", []safetybot.TaskUpdate{
			{At: day(1), Note: "一", Progress: 10},
			{At: day(2), Note: "二", Progress: 20},
			{At: day(3), Progress: 25, Correction: true},
			{At: day(4), Note: "三", Progress: 30},
			{At: day(5), Note: "四", Progress: 40},
		}, "2026-11-05 四；2026-11-04 三；2026-11-02 二（另有1条进展记录）", "2026-11-05"},
		{"only a correction", []safetybot.TaskUpdate{
			{At: day(2), Progress: 95, Correction: true},
		}, "", "2026-11-02"},
	}
	p := &safetybot.Plan{Actions: []safetybot.Action{{No: 3, Title: "专项治理"}}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.ups {
				tt.ups[i].TaskNo = 6
			}
			task := &safetybot.Task{No: 6, Action: 3, Title: "强化道路运输领域安全治理", Owner: "road_water", Progress: 95}
			r := export.ReviewTasks(p, []*safetybot.Task{task}, tt.ups, "2026-11-28", "2026-11-01")[0]
			if r.Evidence != tt.evidence || r.LastUpdate != tt.last {
				t.Errorf("evidence %q, last %q; want %q, %q", r.Evidence, r.LastUpdate, tt.evidence, tt.last)
			}
		})
	}
}
