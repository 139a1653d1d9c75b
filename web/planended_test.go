package web_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/fixture"
	"safetybot/web"
)

// TestEndedPlanTasksOverdue: once the plan has ended (the campaign's last
// day is 2026-12-31), the task pages judge its tasks as the documents and
// chat do (safetybot.JudgeTasks): every task unfinished at the end is
// 已逾期, none is 未开始 or 进行中, and a finished one stays 已完成.
func TestEndedPlanTasksOverdue(t *testing.T) {
	ctx := context.Background()
	after := time.Date(2027, 1, 5, 10, 0, 0, 0, safetybot.Shanghai)
	d, err := web.New(ctx, web.Config{Store: world.Store, Now: func() time.Time { return after }, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	tasks, err := world.Store.Tasks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, d)
	c.signIn(fixture.Leader)
	_, page := c.get("/tasks")
	tags := regexp.MustCompile(`<span class="tag[^"]*">([^<]+)</span>`).FindAllStringSubmatch(page, -1)
	if len(tags) != len(tasks) {
		t.Fatalf("%d task states on /tasks, %d tasks", len(tags), len(tasks))
	}
	want := map[string]int{}
	for _, tk := range tasks {
		if tk.Progress >= 100 {
			want["已完成"]++
		} else {
			want["已逾期"]++
		}
	}
	got := map[string]int{}
	for _, m := range tags {
		got[strings.SplitN(m[1], "，", 2)[0]]++
	}
	if got["已完成"] != want["已完成"] || got["已逾期"] != want["已逾期"] || len(got) > 2 {
		t.Errorf("/tasks after the plan's end: %v, want %v", got, want)
	}
	for _, tk := range tasks {
		if tk.Progress < 100 {
			_, one := c.get("/tasks/" + strconv.Itoa(tk.No))
			if !strings.Contains(one, `<span class="tag">已逾期</span>`) {
				t.Errorf("/tasks/%d after the plan's end does not say 已逾期", tk.No)
			}
			break
		}
	}
}
