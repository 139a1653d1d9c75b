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

// TestDigestUserTextIsInert: anyone may report a hazard, and its unit and
// description reach the leaders in the digest, which group robots and the
// intelligent robot render as markdown: a link, bold or font typed into
// them must arrive as text (qa6 A5).
func TestDigestUserTextIsInert(t *testing.T) {
	for _, tc := range []struct {
		name, desc, unit, who string
		not                   []string
		want                  []string
	}{
		{name: "link in the description", desc: "[通知](http://t.cn/a) 路灯不亮", unit: "县公路段",
			not: []string{"[通知](http://t.cn/a)"}, want: []string{"［通知］(http://t.cn/a) 路灯不亮"}},
		{name: "bold and font", desc: "**请立即点击** <font color=\"warning\">护栏缺失</font>", unit: "某运输公司",
			not: []string{"**请立即点击**", "<font"}, want: []string{"＊＊请立即点击＊＊"}},
		{name: "link in the unit", desc: "码头护栏缺失", unit: "[领取补贴](http://t.cn/b)",
			not: []string{"[领取补贴](http://t.cn/b)"}, want: []string{"［领取补贴］(http://t.cn/b)：码头护栏缺失"}},
		{name: "link in the name", desc: "边坡落石", unit: "县公路段", who: "[王强](http://t.cn/c)",
			not: []string{"[王强](http://t.cn/c)"}, want: []string{"责任人［王强］(http://t.cn/c)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := fullStore(t, 0)
			ctx := context.Background()
			h := &safetybot.Hazard{Description: tc.desc, Unit: tc.unit, Domain: "公路运营", Grade: safetybot.GradeMajor,
				Source: safetybot.SourceInspection, Status: safetybot.StatusRectifying, Reporter: "zhangsan", Assignee: "wq",
				Deadline: safetybot.DateOf(now.AddDate(0, 0, -5))}
			if err := s.CreateHazard(ctx, h, "zhangsan", nil); err != nil {
				t.Fatal(err)
			}
			got, err := Build(ctx, s, bookDir{"wq": orDefault(tc.who, "王强")}, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("digest carries %q as markdown:\n%s", n, got)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("digest lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
