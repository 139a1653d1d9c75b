package export_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"safetybot/plan"
)

// QA6c C8: reports that gave no 来源 were counted as 督导检查 (staff) or
// 企业自查 (anyone else): the summary stated sources nobody entered. They
// are counted, and shown in the ledger, as 未注明.
func TestUnstatedSourcesAreCountedAsSuch(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 12, 7, 10, 0, 0, 0, safetybot.Shanghai))
	s := storetest.Open(t, clock.Now)
	defer s.Close()
	if _, err := s.SeedPlan(ctx, plan.Default()); err != nil {
		t.Fatal(err)
	}
	for _, h := range []*safetybot.Hazard{
		{Description: "桥梁限载标志缺失", Domain: "公路运营", Grade: safetybot.GradeGeneral},
		{Description: "路侧护栏缺失", Domain: "公路运营", Grade: safetybot.GradeGeneral},
		{Description: "客运站安检仪故障", Domain: "道路运输", Grade: safetybot.GradeGeneral, Source: safetybot.SourceChat},
		{Description: "危货车辆未装监控", Domain: "道路运输", Grade: safetybot.GradeGeneral, Source: safetybot.SourceInspection},
	} {
		if err := s.CreateHazard(ctx, h, "staff", nil); err != nil {
			t.Fatal(err)
		}
	}
	a, err := export.LoadAnnual(ctx, s, 2026, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	for src, want := range map[string]int{safetybot.SourceUnstated: 2, safetybot.SourceChat: 1, safetybot.SourceInspection: 1, safetybot.SourceSelfCheck: 0} {
		if got := a.Total.BySource[src]; got != want {
			t.Errorf("%s: %d, want %d", src, got, want)
		}
	}
	text := a.Document().Text()
	for _, want := range []string{"其中督导检查1项、群众上报1项、未注明2项", "行业领域\t登记\t企业自查\t督导检查\t举报查实\t上级交办\t群众上报\t未注明"} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "企业自查2项") || strings.Contains(text, "督导检查3项") {
		t.Errorf("document guesses sources:\n%s", text)
	}
}
