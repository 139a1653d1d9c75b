package scheduler

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"safetybot"
)

func TestOverdueEscalationOncePerDay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		s := ledgerAt(t, "2026-11-20 10:00")
		for _, h := range []*safetybot.Hazard{
			{Description: "危货车辆未安装智能视频监控", Unit: "某运输公司", Domain: "道路运输", Grade: safetybot.GradeMajor, Source: safetybot.SourceInspection, Assignee: "zhang", Deadline: "2026-11-25"},
			{Description: "消防通道堆放杂物", Unit: "客运站", Domain: "消防/人员密集场所", Grade: safetybot.GradeGeneral, Source: safetybot.SourceInspection, Assignee: "li", Deadline: "2026-11-26"},
			{Description: "护栏缺损", Grade: safetybot.GradeGeneral, Source: safetybot.SourceInspection, Deadline: "2026-12-31"},
		} {
			if err := s.CreateHazard(ctx, h, "staff1", nil); err != nil {
				t.Fatal(err)
			}
		}
		sc := newScheduler(s, "solo", time.Hour)
		sc.Start(ctx)
		sleepUntil(at("2026-11-28 12:00"))
		// Running the escalation again the same day (a second rule, a manual
		// run) adds nothing.
		overdue := ruleByName(t, s, "逾期督办")
		notes, err := sc.overdue(ctx, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Queue(ctx, notes...); err != nil {
			t.Fatal(err)
		}
		sc.Stop()
		// zhang: 26, 27, 28 Nov; li: 27, 28 Nov; leaders: the major one 26–28.
		if n := count(t, s, "SELECT count(*) FROM outbox WHERE target = 'zhang' AND body LIKE '【隐患逾期】%'"); n != 3 {
			t.Errorf("assignee of the major hazard reminded %d times, want 3", n)
		}
		if n := count(t, s, "SELECT count(*) FROM outbox WHERE target = 'li'"); n != 2 {
			t.Errorf("assignee of the general hazard reminded %d times, want 2", n)
		}
		// the leaders' escalation is a card to all of them (format card, JSON body)
		if n := count(t, s, "SELECT count(*) FROM outbox WHERE format = 'card' AND instr('|' || target || '|', '|leader1|') > 0 AND body LIKE '%【重大隐患逾期】%催办%'"); n != 3 {
			t.Errorf("leaders told of the major hazard %d times, want 3", n)
		}
		if got := handled(t, s, overdue); !slices.Contains(got, "11-21 09:00 empty") || !slices.Contains(got, "11-28 09:00 sent") {
			t.Errorf("escalation deliveries: %v", got)
		}
	})
}

func TestInspectionReminderNamesUninspectedEnterprises(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		s := ledgerAt(t, "2026-11-20 10:00")
		for _, e := range []safetybot.Enterprise{{Name: "某运输公司", Principal: "wang"}, {Name: "公交公司", Principal: "zhao"},
			{Name: "通达危货", Principal: "tongda"}, {Name: "顺达客运", Principal: "shunda"}, {Name: "顺达出租", Principal: "shunda"}} {
			if err := s.AddEnterprise(ctx, e, "admin"); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CreateHazard(ctx, &safetybot.Hazard{Description: "消防通道堵塞", Unit: "客运站", Grade: safetybot.GradeGeneral, Source: safetybot.SourceInspection}, "staff1", nil); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordDuty(ctx, safetybot.DutyRecord{Duty: safetybot.DutyInspection, Period: "2026-Q4", Unit: "某运输公司", Actor: "wang"}); err != nil {
			t.Fatal(err)
		}
		sc := newScheduler(s, "solo", time.Hour)
		sc.Start(ctx)
		sleepUntil(at("2026-12-01 10:00"))
		r := ruleByName(t, s, "企业负责人检查·末月")
		// Staff read every enterprise not inspected; a principal only his
		// own, never his competitors' (qa6 A11).
		every := []string{"公交公司", "通达危货", "顺达客运", "顺达出租", "客运站"}
		for _, tc := range []struct {
			target    string
			want, not []string
		}{
			{target: "staff1", want: []string{"（5 家）：公交公司、客运站、通达危货、顺达出租、顺达客运"}, not: []string{"某运输公司"}},
			{target: "rail1", want: []string{"（5 家）：公交公司、客运站、通达危货、顺达出租、顺达客运"}},
			{target: "zhao", want: []string{"贵企业「公交公司」2026年第4季度尚未登记主要负责人带队检查", "「检查 公交公司 <检查情况>」"}, not: []string{"通达危货", "顺达客运", "客运站", "家）"}},
			{target: "tongda", want: []string{"贵企业「通达危货」"}, not: []string{"公交公司", "顺达客运", "客运站"}},
			{target: "shunda", want: []string{"贵企业「顺达出租」、「顺达客运」"}, not: []string{"公交公司", "通达危货", "客运站"}},
		} {
			var body string
			for _, n := range queued(t, s, r, at("2026-12-01 09:00")) {
				if n.target == tc.target {
					if body != "" {
						t.Errorf("%s reminded twice", tc.target)
					}
					body = n.body
				}
			}
			if body == "" {
				t.Errorf("%s not reminded", tc.target)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s's reminder lacks %q: %s", tc.target, w, body)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(body, n) {
					t.Errorf("%s's reminder names %q: %s", tc.target, n, body)
				}
			}
			if !strings.HasPrefix(body, "【安全生产提醒】") || !strings.Contains(body, "依据方案：") {
				t.Errorf("%s's reminder is not framed: %s", tc.target, body)
			}
		}
		var targets []string
		for _, n := range queued(t, s, r, at("2026-12-01 09:00")) {
			targets = append(targets, n.target)
		}
		slices.Sort(targets)
		// staff1 and rail1 are the staff; wang (inspected) is spared.
		if !slices.Equal(targets, []string{"rail1", "shunda", "staff1", "tongda", "zhao"}) {
			t.Errorf("inspection reminder went to %v", targets)
		}
		// Every known enterprise inspected: the rest of the quarter is silent.
		for _, u := range every {
			if err := s.RecordDuty(ctx, safetybot.DutyRecord{Duty: safetybot.DutyInspection, Period: "2026-Q4", Unit: u, Actor: "x"}); err != nil {
				t.Fatal(err)
			}
		}
		sleepUntil(at("2026-12-21 10:00"))
		sc.Stop()
		// 20 December 2026 is a Sunday: the reminder's time is Friday 18th.
		if got := handled(t, s, ruleByName(t, s, "企业负责人检查·末月20日")); !slices.Equal(got, []string{"12-18 09:00 done"}) {
			t.Errorf("20 December: %v", got)
		}
	})
}
