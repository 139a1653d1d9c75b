package digest

import (
	"context"
	"strings"
	"testing"

	"safetybot"
)

// bookDir is a Directory from a map.
type bookDir map[string]string

func (d bookDir) Name(_ context.Context, id string) string {
	if n, ok := d[id]; ok {
		return n
	}
	return id
}

func TestDigestNamesTheResponsiblePerson(t *testing.T) {
	s := fullStore(t, 0)
	ctx := context.Background()
	h := &safetybot.Hazard{Description: "边坡落石", Unit: "县公路段", Domain: "公路运营", Grade: safetybot.GradeMajor,
		Source: safetybot.SourceInspection, Status: safetybot.StatusRectifying, Reporter: "zhangsan", Assignee: "yanghu_wu",
		Deadline: safetybot.DateOf(now.AddDate(0, 0, -5))}
	if err := s.CreateHazard(ctx, h, "zhangsan", nil); err != nil {
		t.Fatal(err)
	}
	got, err := Build(ctx, s, bookDir{"yanghu_wu": "吴杨虎"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "责任人吴杨虎") || strings.Contains(got, "yanghu_wu") {
		t.Fatalf("the digest must name the responsible person, not the userid:\n%s", got)
	}
	got, _ = Build(ctx, s, nil, now)
	if !strings.Contains(got, "责任人yanghu_wu") {
		t.Fatalf("without a directory the userid shows:\n%s", got)
	}
}
