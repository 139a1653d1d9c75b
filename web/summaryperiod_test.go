package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
)

// QA 5 and 8: the dashboard's /summary refuses the periods `report`
// refuses, with the same words: a year wholly before the first plan began
// (it gave a 2023 summary of zeros) and a year not yet begun (it would say
// a plan still running had ended). The years that can be summed up still
// download.
func TestSummaryRefusesWhatReportRefuses(t *testing.T) {
	c := newClient(t, newDashboard(t, nil))
	c.signIn(fixture.Leader)
	now := world.Clock.Now() // 2026-11-28
	for _, tc := range []struct {
		year   int
		status int
		want   string
	}{
		{2023, 400, "早于第一期方案开始（2024-01-01）"},
		{2027, 400, "尚未开始（今天是 2026-11-28）"},
		{2100, 400, "尚未开始"},
		{2024, 200, ""},
		{2026, 200, ""},
	} {
		path := "/summary?format=docx&year=" + strconv.Itoa(tc.year)
		status, body := c.get(path)
		if status != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, want %d with %q:\n%.300s", path, status, tc.status, tc.want, body)
		}
		_, err := export.LoadAnnual(context.Background(), world.Store, tc.year, now)
		if (err != nil) != (tc.status != 200) {
			t.Errorf("export.LoadAnnual(%d): %v", tc.year, err)
		}
		if err != nil && (safetybot.ErrorCode(err) != safetybot.EINVALID || !strings.Contains(body, safetybot.ErrorMessage(err))) {
			t.Errorf("%d: the page does not say what report says (%v)", tc.year, err)
		}
	}
}
