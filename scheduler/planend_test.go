package scheduler

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"safetybot"
	"safetybot/bot"
	"safetybot/plan"
	"safetybot/store"
)

// openWithPlanEnd opens the ledger as serve does since plan versions: the
// plan-end duty is ensured on every start (its day fixed the first time).
func openWithPlanEnd(t *testing.T, path string) *store.Store {
	t.Helper()
	s := openStore(t, path)
	p, err := s.Plan(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d, r, ok := plan.EndDuty(p, time.Now()); ok {
		if _, err := s.EnsureDuty(context.Background(), d, r); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestPlanEndRemindsAdminsOnce: in the plan's last month the admins are
// told once, through the outbox, that the plan ends; restarts before and
// after the day send nothing twice, and nobody else is told.
func TestPlanEndRemindsAdminsOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "end.db")
		sleepUntil(at("2026-11-20 10:00"))
		s := openWithPlanEnd(t, path)
		grantUsers(t, s)
		if err := s.Grant(ctx, safetybot.Grant{UserID: "admin1", Role: safetybot.RoleAdmin}, "test"); err != nil {
			t.Fatal(err)
		}
		rule := ruleByName(t, s, plan.EndDutyName+"·最后一月")
		if rule.From != "2026-12-01" || rule.Until != "2026-12-01" || rule.Audience != "role:admin" {
			t.Fatalf("plan-end rule %+v", rule)
		}
		// Restarts in the days before and after the reminder.
		for _, until := range []string{"2026-11-30 20:00", "2026-12-01 09:30", "2026-12-01 12:00", "2026-12-03 10:00"} {
			sc := newScheduler(s, "solo", 6*time.Hour)
			sc.Start(ctx)
			sleepUntil(at(until))
			sc.Stop()
			s.Close()
			time.Sleep(time.Minute)
			s = openWithPlanEnd(t, path)
		}
		defer s.Close()
		if got := handled(t, s, rule); !slices.Equal(got, []string{"12-01 09:00 sent"}) {
			t.Fatalf("plan-end reminder handled %v, want once on 12-01", got)
		}
		var to []string
		var body string
		for _, n := range queued(t, s, rule, time.Time{}) {
			to, body = append(to, n.target), n.body
		}
		if !slices.Equal(to, []string{"admin1"}) {
			t.Errorf("plan-end reminder went to %v, want the admins only", to)
		}
		for _, want := range []string{"2026-12-31 结束", "plan import", "完成 方案到期", "常态化职责"} {
			if !strings.Contains(body, want) {
				t.Errorf("reminder lacks %q: %s", want, body)
			}
		}
	})
}

// TestPlanEndConfirmedStaysSilent: an admin who confirms with 完成 方案到期
// before the day is not reminded.
func TestPlanEndConfirmedStaysSilent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		sleepUntil(at("2026-11-20 10:00"))
		s := openWithPlanEnd(t, filepath.Join(t.TempDir(), "confirmed.db"))
		defer s.Close()
		e, err := bot.NewEngine(ctx, s, bot.Config{Admins: []string{"admin1"}, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		sc := newScheduler(s, "solo", 6*time.Hour)
		sc.Start(ctx)
		defer sc.Stop()
		sleepUntil(at("2026-11-25 15:00"))
		reply := e.Handle(ctx, bot.Message{Source: "test", ChatType: bot.ChatSingle, UserID: "admin1", Text: "完成 方案到期 常态化职责已确认"})
		if !strings.Contains(reply[0].Text, "已记录") {
			t.Fatalf("完成 方案到期: %s", reply[0].Text)
		}
		sleepUntil(at("2026-12-02 10:00"))
		rule := ruleByName(t, s, plan.EndDutyName+"·最后一月")
		if got := handled(t, s, rule); !slices.Equal(got, []string{"12-01 09:00 done"}) {
			t.Errorf("confirmed plan end: %v, want done (silent)", got)
		}
		if n := outboxFor(t, s, rule, at("2026-12-01 09:00")); n != 0 {
			t.Errorf("confirmed plan end queued %d messages", n)
		}
		reply = e.Handle(ctx, bot.Message{Source: "test", ChatType: bot.ChatSingle, UserID: "admin1", Text: "方案"})
		if !strings.Contains(reply[0].Text, "管理员已确认") {
			t.Errorf("方案 after confirming: %s", reply[0].Text)
		}
	})
}
