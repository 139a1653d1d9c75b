package plan

import (
	"testing"

	"safetybot"
)

func TestDefault(t *testing.T) {
	p, err := Parse(campaign)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Actions) != 12 || len(p.Tasks) != 29 || len(p.Groups) != 5 || len(p.Phases) != 4 {
		t.Fatalf("plan has %d actions, %d tasks, %d groups, %d phases; want 12, 29, 5, 4",
			len(p.Actions), len(p.Tasks), len(p.Groups), len(p.Phases))
	}
	due := map[int][]safetybot.Date{}
	for i, task := range p.Tasks {
		if task.No != i+1 || task.Title == "" || task.Text == "" {
			t.Errorf("task %d: no %d, title %q, text %d bytes", i+1, task.No, task.Title, len(task.Text))
		}
		for _, d := range task.Deadlines {
			due[task.No] = append(due[task.No], d.Due)
		}
	}
	for _, tc := range []struct {
		task int
		want safetybot.Date
	}{{17, "2024-06-30"}, {18, "2024-06-30"}, {20, "2024-12-31"}, {14, "2024-12-31"}, {10, "2025-12-31"}, {16, "2025-12-31"}} {
		found := false
		for _, d := range due[tc.task] {
			found = found || d == tc.want
		}
		if !found {
			t.Errorf("task %d deadlines %v, want %s among them", tc.task, due[tc.task], tc.want)
		}
	}
	domains := map[string]bool{}
	for _, d := range p.Domains {
		domains[d.Name] = true
	}
	for _, want := range []string{"道路运输", "水上交通", "公路运营", "工程建设", "城市客运", "铁路沿线", "消防/人员密集场所"} {
		if !domains[want] {
			t.Errorf("domain %s missing", want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for name, in := range map[string]string{
		"not json":       `{`,
		"unknown action": `{"actions":[{"no":1,"title":"a"}],"tasks":[{"no":1,"action":2,"title":"t","owner":"office"}]}`,
		"unknown owner":  `{"actions":[{"no":1,"title":"a"}],"tasks":[{"no":1,"action":1,"title":"t","owner":"nobody"}]}`,
		"bad date":       `{"actions":[{"no":1,"title":"a"}],"tasks":[{"no":1,"action":1,"title":"t","owner":"office","deadlines":[{"due":"2024-02-30"}]}]}`,
		"duplicate task": `{"actions":[{"no":1,"title":"a"}],"tasks":[{"no":1,"action":1,"title":"t","owner":"office"},{"no":1,"action":1,"title":"t","owner":"office"}]}`,
	} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("%s: Parse accepted %s", name, in)
		}
	}
}
