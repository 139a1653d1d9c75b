package scheduler

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"safetybot"
)

type mapDir map[string]string

func (d mapDir) Name(_ context.Context, id string) string {
	if n, ok := d[id]; ok {
		return n
	}
	return id
}

// TestOverdueEscalationNamesTheResponsiblePerson: leaders told of an
// overdue 重大 hazard read who is responsible, by name.
func TestOverdueEscalationNamesTheResponsiblePerson(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, filepath.Join(t.TempDir(), "names.db"))
	defer s.Close()
	for _, h := range []*safetybot.Hazard{
		{Description: "危货车辆未安装智能视频监控", Domain: "道路运输", Grade: safetybot.GradeMajor, Source: safetybot.SourceInspection, Status: safetybot.StatusRectifying, Confirmed: true, Assignee: "zhang", Deadline: "2020-01-01"},
		{Description: "边坡落石", Domain: "公路运营", Grade: safetybot.GradeMajor, Source: safetybot.SourceInspection, Status: safetybot.StatusRectifying, Confirmed: true, Deadline: "2020-01-02"},
	} {
		if err := s.CreateHazard(ctx, h, "staff1", nil); err != nil {
			t.Fatal(err)
		}
	}
	sc := New(s, Options{Log: quiet, Directory: mapDir{"zhang": "张伟"}})
	notes, err := sc.overdue(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var leaders []string
	for _, n := range notes {
		if strings.HasPrefix(n.Body, "【重大隐患逾期】") {
			leaders = append(leaders, n.Body)
		}
	}
	if len(leaders) != 2 || !strings.Contains(leaders[0]+leaders[1], "（责任人：张伟）") || !strings.Contains(leaders[0]+leaders[1], "（尚未指派责任人）") {
		t.Fatalf("leaders' escalation: %q", leaders)
	}
}
