package plan

import (
	"slices"
	"testing"
	"time"

	"safetybot"
)

// QA2 item 5: versions of the same title and period are told apart by
// when each was imported and archived, and whether a revision or the next
// plan replaced it.
func TestVersionNotes(t *testing.T) {
	at := func(day string, h, m int) time.Time {
		d, _ := time.ParseInLocation(time.DateOnly, day, safetybot.Shanghai)
		return d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	campaign := func(id int64, archived time.Time) safetybot.PlanVersion {
		return safetybot.PlanVersion{ID: id, Start: "2024-01-01", End: "2026-12-31", ArchivedAt: archived}
	}
	plan2026 := &safetybot.Plan{Phases: []safetybot.Phase{{Start: "2024-01-01", End: "2026-12-31"}}}
	plan2027 := &safetybot.Plan{Phases: []safetybot.Phase{{Start: "2027-01-01", End: "2027-12-31"}}}
	tests := []struct {
		name     string
		vs       []safetybot.PlanVersion
		cur      *safetybot.Plan
		archived []string
		current  string
	}{
		{"nothing archived", nil, plan2026, nil, ""},
		{"two revisions", []safetybot.PlanVersion{campaign(1, at("2026-12-07", 18, 33)), campaign(2, at("2026-12-07", 18, 40))}, plan2026,
			[]string{"最初载入，2026-12-07 18:33 修订时归档", "2026-12-07 18:33 导入，2026-12-07 18:40 修订时归档"}, "2026-12-07 18:40 导入"},
		{"two revisions in one minute", []safetybot.PlanVersion{campaign(1, at("2026-12-07", 18, 33)), campaign(2, at("2026-12-07", 18, 33).Add(41*time.Second))}, plan2026,
			[]string{"最初载入，2026-12-07 18:33:00 修订时归档", "2026-12-07 18:33:00 导入，2026-12-07 18:33:41 修订时归档"}, "2026-12-07 18:33:41 导入"},
		{"the next plan", []safetybot.PlanVersion{campaign(1, at("2027-01-04", 9, 5))}, plan2027,
			[]string{"最初载入，2027-01-04 09:05 换用下一期方案时归档"}, "2027-01-04 09:05 导入"},
		{"a revision, then the next plan", []safetybot.PlanVersion{campaign(1, at("2026-06-01", 10, 0)), campaign(2, at("2027-01-04", 9, 5))}, plan2027,
			[]string{"最初载入，2026-06-01 10:00 修订时归档", "2026-06-01 10:00 导入，2027-01-04 09:05 换用下一期方案时归档"}, "2027-01-04 09:05 导入"},
	}
	for _, tt := range tests {
		archived, current := VersionNotes(tt.vs, tt.cur)
		if !slices.Equal(archived, tt.archived) || current != tt.current {
			t.Errorf("%s: VersionNotes = %q, %q, want %q, %q", tt.name, archived, current, tt.archived, tt.current)
		}
	}
}
