package bot

import (
	"context"
	"testing"

	"safetybot/export"
)

// QA17 #5, as wangke typed them: each 更正 sets task 6's figure in 表7 of
// the plan report, and its words never become evidence there.
func TestCorrectionWordingsSetPlanReviewFigure(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"进展 6 更正 完成度由95%改为90%", 90},
		{"进展 6 更正：完成度应为85%，上次多报了", 85},
		{"进展 6 更正 上月完成度填错 实际70%", 70},
		{"进展 更正 6 上次登记错了 完成度 90%", 90},
		{"进展 6 更正 应该是80%不是60%", 80}, // QA18 #4
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			f := newFixture(t)
			f.say("admin", "授权 wangke 工作人员 道路（水上）运输")
			f.converse([]step{
				{user: "wangke", text: "进展 6 督导检查两客一危企业 完成度:95%", want: []string{"完成度 95%"}},
				{user: "wangke", text: tt.text, want: []string{"已更正任务 6 的完成度：95% →"}, not: []string{"请写明更正后的完成度", "未作为当前完成度", "未识别"}},
			})
			a, err := export.LoadPlan(context.Background(), f.store, 0, f.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			r := a.Tasks.Review[5]
			if r.No != 6 || r.Progress != tt.want || r.Evidence != "2026-11-28 督导检查两客一危企业" {
				t.Errorf("表7 task %d: %d%%, evidence %q; want %d%%", r.No, r.Progress, r.Evidence, tt.want)
			}
		})
	}
}
