package digest

import (
	"context"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// QA9 #2: a hazard rejected (已驳回) within the day is listed under
// 近24小时新增 as 已驳回, after the others, never as a new 重大 one: the
// counting rule says a rejected hazard is never major.
func TestNewListShowsRejectedAsRejected(t *testing.T) {
	s := fullStore(t, 0)
	ctx := context.Background()
	for _, tc := range []struct {
		desc   string
		grade  safetybot.Grade
		reject bool
	}{
		{"桥梁护栏缺失", safetybot.GradeMajor, true},
		{"隧道照明不足", safetybot.GradeMajor, false},
		{"站场灭火器过期", safetybot.GradeGeneral, false},
		{"重复登记的护栏缺失", safetybot.GradeGeneral, true},
	} {
		h := &safetybot.Hazard{Description: tc.desc, Unit: "沁水县通达运输有限公司", Domain: "道路运输", Grade: tc.grade}
		if err := s.CreateHazard(ctx, h, "staff", nil); err != nil {
			t.Fatal(err)
		}
		if !tc.reject {
			continue
		}
		if _, err := s.ChangeHazard(ctx, h.Number, "staff", func(h *safetybot.Hazard) (safetybot.HazardChange, error) {
			h.Status = safetybot.StatusRejected
			return safetybot.HazardChange{Event: safetybot.HazardEvent{Action: "驳回"}}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Build(ctx, s, nil, now.AddDate(0, -10, 0).Add(time.Hour)) // fullStore(t, 0) writes at that clock
	if err != nil {
		t.Fatal(err)
	}
	_, list, _ := strings.Cut(got, "近24小时新增 4 条")
	list, _, _ = strings.Cut(list, "方案任务")
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(list), "\n") {
		if _, rest, ok := strings.Cut(l, "："); ok {
			lines = append(lines, rest)
		}
	}
	want := []string{"隧道照明不足（重大）", "站场灭火器过期（一般）", "桥梁护栏缺失（已驳回）", "重复登记的护栏缺失（已驳回）"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("近24小时新增\n got %q\nwant %q\ndigest:\n%s", lines, want, got)
	}
	if !strings.Contains(got, "在办重大隐患 1 条") {
		t.Errorf("digest counts a rejected hazard as major:\n%s", got)
	}
}
