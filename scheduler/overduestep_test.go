package scheduler

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// TestOverdueTellsEachTheirNextStep: each person the morning escalation
// reaches reads the step that is next for him in the hazard's state (QA12
// #1): staff zhang was told 请尽快整改 of a hazard nobody was assigned; the
// assignee of a 重大 hazard still 待确认 was told to rectify though his
// 完成:是 is refused until staff confirm, and no staff member was told to
// confirm it.
func TestOverdueTellsEachTheirNextStep(t *testing.T) {
	type told struct{ who, says string }
	for _, tc := range []struct {
		name     string
		grade    safetybot.Grade
		status   safetybot.Status
		assignee string
		want     []told   // each user told, and what his notice must say
		never    []string // said to nobody
	}{
		{name: "待确认, nobody assigned: staff confirm and assign", grade: safetybot.GradeGeneral, status: safetybot.StatusPending,
			want:  []told{{"zhang", "请核实后发送「确认 YH2026-0001」，并发送「指派 YH2026-0001 <责任人> 期限:…」"}},
			never: []string{"请尽快整改", "「整改 YH2026-0001"}},
		{name: "重大 待确认, assigned: staff confirm, the assignee waits", grade: safetybot.GradeMajor, status: safetybot.StatusPending, assignee: "zhao",
			want: []told{
				{"zhang", "该重大隐患尚未经工作人员确认，确认前责任人不能报整改完成。请核实后发送「确认 YH2026-0001」（责任人：赵六）"},
				{"zhao", "尚待工作人员确认，确认前不能报整改完成，已同时提醒确认；请继续整改，并发送「整改 YH2026-0001 <进展>」"},
			},
			never: []string{"完成:是", "请尽快整改"}},
		{name: "整改中, nobody assigned (待指派): staff assign", grade: safetybot.GradeGeneral, status: safetybot.StatusRectifying,
			want:  []told{{"zhang", "尚未指派责任人。请发送「指派 YH2026-0001 <责任人> 期限:…」"}},
			never: []string{"请尽快整改", "「确认", "「整改 YH2026-0001"}},
		{name: "整改中, assigned: the assignee rectifies or reports done", grade: safetybot.GradeMajor, status: safetybot.StatusRectifying, assignee: "zhao",
			want: []told{{"zhao", "请尽快整改，并发送「整改 YH2026-0001 <进展>」报告进展；整改完成后发送「整改 YH2026-0001 <说明> 完成:是」提交验收"}}},
		{name: "一般 待确认, assigned: its assignee may finish it", grade: safetybot.GradeGeneral, status: safetybot.StatusPending, assignee: "zhao",
			want: []told{{"zhao", "整改完成后发送「整改 YH2026-0001 <说明> 完成:是」"}}},
		{name: "待验收: staff verify", grade: safetybot.GradeGeneral, status: safetybot.StatusVerifying, assignee: "zhao",
			want:  []told{{"zhang", "责任人 赵六 已报整改完成，尚未验收。请尽快现场验收：合格发送「销号 YH2026-0001 验收通过」"}},
			never: []string{"请尽快整改"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s := openStore(t, filepath.Join(t.TempDir(), "o.db"))
			defer s.Close()
			if err := s.Grant(ctx, safetybot.Grant{UserID: "zhang", Role: safetybot.RoleStaff}, "admin"); err != nil {
				t.Fatal(err)
			}
			h := &safetybot.Hazard{Description: "危货车辆未安装智能视频监控", Unit: "通达危货", Domain: "道路运输", Grade: tc.grade,
				Source: safetybot.SourceInspection, Status: tc.status, Confirmed: tc.status != safetybot.StatusPending,
				Assignee: tc.assignee, Deadline: "2020-01-01"}
			if err := s.CreateHazard(ctx, h, "zhang", nil); err != nil {
				t.Fatal(err)
			}
			notes, err := New(s, Options{Log: quiet, Directory: mapDir{"zhao": "赵六"}}).overdue(ctx, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			var users []string
			for _, n := range notes {
				if n.TargetKind != safetybot.TargetUser {
					continue // the leaders' card of a 重大 one
				}
				users = append(users, n.Target)
				for _, w := range tc.want {
					if w.who == n.Target && !strings.Contains(n.Body, w.says) {
						t.Errorf("%s reads %s\nwant it to say %s", n.Target, n.Body, w.says)
					}
				}
				for _, bad := range tc.never {
					if strings.Contains(n.Body, bad) {
						t.Errorf("%s reads %s\nwhich says %s", n.Target, n.Body, bad)
					}
				}
			}
			var want []string
			for _, w := range tc.want {
				want = append(want, w.who)
			}
			if !slices.Equal(users, want) {
				t.Errorf("told %v, want %v", users, want)
			}
		})
	}
}
