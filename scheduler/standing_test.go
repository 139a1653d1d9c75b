package scheduler

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"safetybot"
	"safetybot/internal/storetest"
	"safetybot/plan"
)

// Issue 11: from December 2026 through December 2027, across the plan's
// end and a restart over New Year, under synctest's fake clock. Standing
// duties fire, campaign-bound ones stop, holidays and 调休 days move
// reminders, and nothing is sent twice.
func TestStandingDutiesOutliveThePlan(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "2027.db")
		sleepUntil(at("2026-12-01 10:00"))
		s := openStore(t, path)
		grantUsers(t, s)
		sc := newScheduler(s, "before", 6*time.Hour)
		sc.Start(ctx)
		// Down from the evening of 31 December to 4 January 10:00: over New
		// Year's Day, whose reminders moved to Monday 4 January 09:00.
		sleepUntil(at("2026-12-31 18:00"))
		sc.Stop()
		s.Close()
		sleepUntil(at("2027-01-04 10:00"))
		for i := range 3 { // a restart loop on the first working day
			s = openStore(t, path)
			sc = newScheduler(s, fmt.Sprintf("after%d", i), 6*time.Hour)
			sc.Start(ctx)
			synctest.Wait()
			sc.Stop()
			s.Close()
			time.Sleep(time.Minute)
		}
		s = openStore(t, path)
		defer s.Close()
		sc = newScheduler(s, "year", 6*time.Hour)
		sc.Start(ctx)
		sleepUntil(at("2027-12-31 23:59"))
		sc.Stop()

		rules, err := s.Rules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		down0, down1 := at("2026-12-31 18:00"), at("2027-01-04 10:00")
		for _, r := range rules {
			sched, err := plan.ParseSpec(r.Spec)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, o := range plan.Occurrences(r, sched, at("2026-12-01 10:00"), at("2027-12-31 23:59"), 0) {
				if o.After(down0) && o.Before(down1) {
					continue // missed while down: at most the latest, checked below
				}
				want = append(want, o.Format("2006-01-02 15:04"))
			}
			var got []string
			ds, err := storetest.Deliveries(ctx, s, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				if at := d.ScheduledFor; at.After(down0) && at.Before(down1) {
					continue
				}
				got = append(got, d.ScheduledFor.In(safetybot.Shanghai).Format("2006-01-02 15:04"))
			}
			if !slices.Equal(got, want) {
				t.Errorf("rule %s handled\n%v\nwant\n%v", r.Name, got, want)
			}
			switch r.Term {
			case safetybot.TermCampaign:
				for _, d := range ds {
					if d.ScheduledFor.After(at("2026-12-31 23:59")) {
						t.Errorf("campaign-bound %s fired after the plan: %s", r.Name, d.ScheduledFor)
					}
				}
			case safetybot.TermStanding:
				if n := len(slices.DeleteFunc(slices.Clone(ds), func(d safetybot.DeliveryRecord) bool { return d.ScheduledFor.Before(at("2027-01-01 00:00")) })); n == 0 {
					t.Errorf("standing %s never fired in 2027", r.Name)
				}
			}
		}

		for name, want := range map[string][]string{
			// 1 January is 元旦, 2–3 January a weekend: Monday 4 January, caught up once after the restart.
			"党组议题·月初": {"01-04 09:00 sent", "02-01 09:00 sent", "03-01 09:00 sent", "04-01 09:00 sent",
				"05-06 09:00 sent", "06-01 09:00 sent", "07-01 09:00 sent", "08-02 09:00 sent", "09-01 09:00 sent",
				"10-08 09:00 sent", "11-01 09:00 sent", "12-01 09:00 sent"},
			// 31 January 2027, a Sunday worked for the Spring Festival, is January's last working day.
			"党组议题·月末": {"12-31 09:00 sent", "01-31 09:00 sent", "02-26 09:00 sent", "03-31 09:00 sent", "04-30 09:00 sent",
				"05-31 09:00 sent", "06-30 09:00 sent", "07-30 09:00 sent", "08-31 09:00 sent", "09-30 09:00 sent",
				"10-29 09:00 sent", "11-30 09:00 sent", "12-31 09:00 sent"},
			"企业负责人检查·季初":   {"01-08 09:00 sent", "04-08 09:00 sent", "07-08 09:00 sent", "10-08 09:00 sent"},
			"半年专题·最后工作日":   {"12-31 09:00 sent", "06-30 09:00 sent", "12-31 09:00 sent"},
			"年度总结·12月3日":   {"12-03 09:00 sent", "12-03 09:00 sent"},
			"铁路沿线专班研究·20日": {"12-18 09:00 sent"}, // 20 December 2026 is a Sunday; nothing after the plan
			"一线督导·25日":     {"12-25 09:00 sent"},
		} {
			if got := handled(t, s, ruleByName(t, s, name)); !slices.Equal(got, want) {
				t.Errorf("%s: %v, want %v", name, got, want)
			}
		}
		// The caught-up 4 January reminder went out once, and says where it was planned.
		r := ruleByName(t, s, "党组议题·月初")
		if n := outboxFor(t, s, r, at("2027-01-04 09:00")); n != 1 {
			t.Errorf("4 January topic reminder queued %d times, want once (to the leaders)", n)
		}
		if body := firstBody(t, s, r, at("2027-01-04 09:00")); !strings.Contains(body, "（补发：原定 01-04 09:00）") || !strings.Contains(body, "（原定1月1日，逢元旦节顺延）") {
			t.Errorf("4 January reminder: %s", body)
		}
		if dup := queuedTwice(t, s); dup != 0 {
			t.Errorf("%d notifications queued twice", dup)
		}
	})
}
