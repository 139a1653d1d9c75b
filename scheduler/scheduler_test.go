package scheduler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"safetybot"
	"safetybot/bot"
	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"safetybot/plan"
	"safetybot/store"
)

// These tests run unmodified robfig/cron, SQLite and the scheduler under
// testing/synctest's fake clock: a simulated year takes seconds, and no test
// sleeps for a real tick.

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, safetybot.Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// sleepUntil advances the bubble's fake clock to t.
func sleepUntil(t time.Time) {
	time.Sleep(time.Until(t))
	synctest.Wait()
}

// openStore opens (creating and seeding on first use) the database at path
// with the bubble's clock, as serve does on start-up.
func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	ctx := context.Background()
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if err := storetest.Copy(path, time.Now); err != nil {
			t.Fatal(err)
		}
	}
	s, err := store.Open(ctx, path, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	p := plan.Default()
	if _, err := s.SeedPlan(ctx, p); err != nil {
		t.Fatal(err)
	}
	sch, err := plan.DefaultSchedule(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SeedDuties(ctx, sch.Duties, sch.Rules); err != nil {
		t.Fatal(err)
	}
	return s
}

// ledgerAt moves the bubble's clock to start and opens a ledger in the
// test's directory with the fixture users, closed when the test ends.
func ledgerAt(t *testing.T, start string) *store.Store {
	t.Helper()
	sleepUntil(at(start))
	s := openStore(t, filepath.Join(t.TempDir(), "ledger.db"))
	t.Cleanup(func() { s.Close() })
	grantUsers(t, s)
	return s
}

// grantUsers grants the fixture users: a leader, a staff member and one of
// the railway working group.
func grantUsers(t *testing.T, s *store.Store) {
	t.Helper()
	for _, g := range []safetybot.Grant{
		{UserID: "leader1", Role: safetybot.RoleLeader},
		{UserID: "staff1", Role: safetybot.RoleStaff},
		{UserID: "rail1", Role: safetybot.RoleStaff, WorkingGroup: "railway"},
	} {
		if err := s.Grant(context.Background(), g, "test"); err != nil {
			t.Fatal(err)
		}
	}
}

func newScheduler(s *store.Store, holder string, renew time.Duration) *Scheduler {
	return New(s, Options{Log: quiet, Holder: holder, Renew: renew, LeaseTTL: 3 * renew})
}

func ruleByName(t *testing.T, s *store.Store, name string) *safetybot.Rule {
	t.Helper()
	rules, err := s.Rules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no rule %s", name)
	return nil
}

// handled returns "01-02 15:04 status" for each delivery of a rule.
func handled(t *testing.T, s *store.Store, r *safetybot.Rule) []string {
	t.Helper()
	ds, err := storetest.Deliveries(context.Background(), s, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range ds {
		out = append(out, d.ScheduledFor.In(safetybot.Shanghai).Format("01-02 15:04")+" "+d.Status)
	}
	return out
}

// note is an outbox row as a test reads it.
type note struct{ target, body string }

// queued returns the outbox rows queued for the occurrence of r at when
// (every occurrence when when is zero), in the order they were queued.
func queued(t *testing.T, s *store.Store, r *safetybot.Rule, when time.Time) []note {
	t.Helper()
	key := fmt.Sprintf("rule:%d:%d|%%", r.ID, when.Unix())
	if when.IsZero() {
		key = fmt.Sprintf("rule:%d:%%", r.ID)
	}
	rows, err := testkit.RawDB(t, s.File()).Query("SELECT target, body FROM outbox WHERE dedup_key LIKE ? ORDER BY id", key)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []note
	for rows.Next() {
		var n note
		if err := rows.Scan(&n.target, &n.body); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// outboxFor counts the outbox rows queued for one occurrence of a rule.
func outboxFor(t *testing.T, s *store.Store, r *safetybot.Rule, when time.Time) int {
	t.Helper()
	return len(queued(t, s, r, when))
}

// firstBody is the body of the first row queued for the occurrence of r at
// when; the test fails if there is none.
func firstBody(t *testing.T, s *store.Store, r *safetybot.Rule, when time.Time) string {
	t.Helper()
	notes := queued(t, s, r, when)
	if len(notes) == 0 {
		t.Fatalf("nothing queued for %s at %s", r.Name, when.Format("2006-01-02 15:04"))
	}
	return notes[0].body
}

// count runs a count(*) query on the ledger's file.
func count(t *testing.T, s *store.Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := testkit.RawDB(t, s.File()).QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// queuedTwice counts the notifications queued more than once.
func queuedTwice(t *testing.T, s *store.Store) int {
	t.Helper()
	return count(t, s, "SELECT count(*) FROM (SELECT dedup_key FROM outbox WHERE dedup_key IS NOT NULL GROUP BY dedup_key HAVING count(*) > 1)")
}

func TestYearOfDuties(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		s := ledgerAt(t, "2025-12-31 20:00")
		e, err := bot.NewEngine(ctx, s, bot.Config{Admins: []string{"admin"}, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		sc := newScheduler(s, "solo", 6*time.Hour)
		sc.Start(ctx)

		// 5 March: the Party group's topic is recorded through the chat.
		sleepUntil(at("2026-03-05 10:00"))
		reply := e.Handle(ctx, bot.Message{Source: "test", ChatType: bot.ChatSingle, UserID: "staff1", Text: "议题 研究春运安全生产工作"})
		if !strings.Contains(reply[0].Text, "已记录") {
			t.Fatalf("议题: %s", reply[0].Text)
		}
		// 10 June: the railway group records its June study with 完成.
		sleepUntil(at("2026-06-10 10:00"))
		reply = e.Handle(ctx, bot.Message{Source: "test", ChatType: bot.ChatSingle, UserID: "rail1", Text: "完成 专班研究 研究铁路沿线隐患"})
		if !strings.Contains(reply[0].Text, "已记录") {
			t.Fatalf("完成: %s", reply[0].Text)
		}
		sleepUntil(at("2027-01-01 00:10"))
		sc.Stop()

		// Every rule fired at exactly its local occurrences, each once.
		rules, err := s.Rules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		year0, year1 := at("2026-01-01 00:00"), at("2027-01-01 00:00")
		for _, r := range rules {
			sched, err := plan.ParseSpec(r.Spec)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, o := range plan.Occurrences(r, sched, year0.Add(-time.Second), year1, 0) {
				want = append(want, o.Format("01-02 15:04"))
			}
			var got []string
			for _, h := range handled(t, s, r) {
				got = append(got, h[:11])
			}
			if !slices.Equal(got, want) {
				t.Errorf("rule %s fired at\n%v\nwant\n%v", r.Name, got, want)
			}
		}

		// The plan's wording, at the plan's times, moved off days off: 28
		// November 2026 is a Saturday, so its reminder comes on Friday 27th.
		for name, want := range map[string][]string{
			"年度总结·11月20日": {"11-20 09:00 sent"},
			"年度总结·11月28日": {"11-27 09:00 sent"},
			"年度总结·12月1日":  {"12-01 09:00 sent"},
			"年度总结·12月2日":  {"12-02 09:00 sent"},
			"年度总结·12月3日":  {"12-03 09:00 sent"},
			"评估报告·10月20日": {"10-20 09:00 sent"},
			"半年专题·最后工作日":  {"06-30 09:00 sent", "12-31 09:00 sent"},
			"企业负责人检查·季初":  {"01-08 09:00 sent", "04-08 09:00 sent", "07-08 09:00 sent", "10-08 09:00 sent"},
		} {
			if got := handled(t, s, ruleByName(t, s, name)); !slices.Equal(got, want) {
				t.Errorf("%s: %v, want %v", name, got, want)
			}
		}
		if got := handled(t, s, ruleByName(t, s, "每日摘要")); len(got) != 365 || got[0] != "01-01 08:30 sent" {
			t.Errorf("digest: %d deliveries, first %v", len(got), got[:1])
		}

		// Done means silent: March's topic silences the 20th and the last
		// working day (31 March), not April. 1 March 2026 is a Sunday: the
		// month's opening reminder comes on Monday 2 March.
		first, mid, last := ruleByName(t, s, "党组议题·月初"), ruleByName(t, s, "党组议题·20日"), ruleByName(t, s, "党组议题·月末")
		for _, tc := range []struct {
			r    *safetybot.Rule
			when string
			want string
			rows int
		}{
			{first, "2026-03-02 09:00", "sent", 1},
			{mid, "2026-03-20 09:00", "done", 0},
			{last, "2026-03-31 09:00", "done", 0},
			{first, "2026-04-01 09:00", "sent", 1},
			{mid, "2026-04-20 09:00", "sent", 1},
			{last, "2026-04-30 09:00", "sent", 1}, // escalated: leaders are the audience already, once each
		} {
			got := handled(t, s, tc.r)
			key := at(tc.when).Format("01-02 15:04") + " " + tc.want
			if !slices.Contains(got, key) {
				t.Errorf("%s: want %q among %v", tc.r.Name, key, got)
			}
			if n := outboxFor(t, s, tc.r, at(tc.when)); n != tc.rows {
				t.Errorf("%s at %s: %d outbox rows, want %d", tc.r.Name, tc.when, n, tc.rows)
			}
		}
		// The railway group's June study silences its own reminders only.
		// 20 June 2026 is a Saturday and the 19th the Dragon Boat Festival:
		// the reminder comes on Thursday 18th.
		if got := handled(t, s, ruleByName(t, s, "铁路沿线专班研究·20日")); !slices.Contains(got, "06-18 09:00 done") {
			t.Errorf("railway 20 June: %v", got)
		}
		if got := handled(t, s, ruleByName(t, s, "公路运营专班研究·20日")); !slices.Contains(got, "06-18 09:00 sent") {
			t.Errorf("highway 20 June: %v", got)
		}
		moved := firstBody(t, s, ruleByName(t, s, "公路运营专班研究·20日"), at("2026-06-18 09:00"))
		if !strings.Contains(moved, "（原定6月20日，逢端午节提前）") {
			t.Errorf("a moved reminder does not say so: %s", moved)
		}
		// The railway group's reminder went to its staff; the highway group
		// has nobody assigned, so its reminder went to the leaders.
		r := ruleByName(t, s, "铁路沿线专班研究·月初")
		if to := queued(t, s, r, at("2026-07-01 09:00")); len(to) != 1 || to[0].target != "rail1" {
			t.Errorf("railway reminder went to %v", to)
		}
		// An escalated reminder reaches the audience and the leaders.
		r = ruleByName(t, s, "年度总结·12月3日")
		if n := outboxFor(t, s, r, at("2026-12-03 09:00")); n != 3 { // staff1, rail1 + leader1
			t.Errorf("12-03 reminder: %d outbox rows, want 3", n)
		}
		if body := firstBody(t, s, r, at("2026-12-03 09:00")); !strings.Contains(body, "每年12月3日前报送年度工作总结") {
			t.Errorf("reminder does not quote the plan: %s", body)
		}
	})
}

func TestRestartCatchesUpOnceAndLoopsSendNothingTwice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "restart.db")
		sleepUntil(at("2026-11-30 10:00"))
		s := openStore(t, path)
		grantUsers(t, s)
		sc := newScheduler(s, "first", 10*time.Second)
		sc.Start(ctx)
		sleepUntil(at("2026-11-30 12:00"))
		sc.Stop()
		s.Close()

		// Down across 1 December 09:00 (年度总结·12月1日) and the 08:30 digest.
		sleepUntil(at("2026-12-01 10:00"))
		s = openStore(t, path)
		rule := ruleByName(t, s, "年度总结·12月1日")
		occ := at("2026-12-01 09:00")
		if got := handled(t, s, rule); len(got) != 0 {
			t.Fatalf("before restart: %v", got)
		}
		sc = newScheduler(s, "second", 10*time.Second)
		sc.Start(ctx)
		synctest.Wait()
		if got := handled(t, s, rule); !slices.Equal(got, []string{"12-01 09:00 sent"}) {
			t.Fatalf("after restart: %v", got)
		}
		rows := outboxFor(t, s, rule, occ)
		if rows != 2 {
			t.Fatalf("after restart: %d outbox rows, want 2 (staff1, rail1)", rows)
		}
		if body := firstBody(t, s, rule, occ); !strings.Contains(body, "补发") {
			t.Errorf("caught-up reminder does not say so: %s", body)
		}
		total := count(t, s, "SELECT count(*) FROM outbox")

		// A restart loop: nothing is sent twice.
		for i := range 5 {
			sc.Stop()
			s.Close()
			time.Sleep(time.Duration(i+1) * time.Second)
			s = openStore(t, path)
			sc = newScheduler(s, fmt.Sprintf("loop%d", i), 10*time.Second)
			sc.Start(ctx)
			synctest.Wait()
		}
		after := count(t, s, "SELECT count(*) FROM outbox")
		if after != total || outboxFor(t, s, rule, occ) != 2 {
			t.Errorf("restart loop queued %d more rows", after-total)
		}
		if got := handled(t, s, rule); len(got) != 1 {
			t.Errorf("restart loop: %v", got)
		}
		sc.Stop()
		s.Close()
	})
}

func TestLongOutageKeepsDeadlineRemindersDropsStaleOnes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "outage.db")
		sleepUntil(at("2026-11-26 10:00"))
		s := openStore(t, path)
		grantUsers(t, s)
		s.Close()
		// Down until 3 December 08:00: the 2 December 09:00 reminder is 23 h
		// late, past the 12 h window, but the summary is due 3 December.
		sleepUntil(at("2026-12-03 08:00"))
		s = openStore(t, path)
		defer s.Close()
		sc := newScheduler(s, "back", 10*time.Second)
		sc.Start(ctx)
		synctest.Wait()
		sc.Stop()
		for name, want := range map[string][]string{
			"年度总结·11月28日": nil, // an older missed occurrence of the same rule would be dropped; this rule's only one is the 28th (moved to Friday 27th)…
			"年度总结·12月2日":  {"12-02 09:00 sent"},
			"党组议题·月初":     {"12-01 09:00 sent"}, // December's topic is due by the month's end
			"每日摘要":        {"12-02 08:30 dropped"},
		} {
			got := handled(t, s, ruleByName(t, s, name))
			if name == "年度总结·11月28日" {
				// …and it is the most recent of its rule, with the summary still due: sent.
				want = []string{"11-27 09:00 sent"}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %v, want %v", name, got, want)
			}
		}
	})
}

func TestTwoProcessesSendOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "two.db")
		sleepUntil(at("2026-11-30 20:00"))
		a := openStore(t, path)
		grantUsers(t, a)
		b := openStore(t, path)
		sa := newScheduler(a, "A", 30*time.Minute)
		sb := newScheduler(b, "B", 30*time.Minute)
		sa.Start(ctx)
		synctest.Wait()
		sb.Start(ctx)
		synctest.Wait()
		if !sa.Leading() || sb.Leading() {
			t.Fatalf("leading: A %v, B %v", sa.Leading(), sb.Leading())
		}
		// A runs the first days of December, then crashes (no release).
		sleepUntil(at("2026-12-02 12:00"))
		sa.crash()
		sleepUntil(at("2026-12-31 23:59"))
		sb.Stop()

		rules, err := a.Rules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		holders := map[string]int{}
		for _, r := range rules {
			sched, _ := plan.ParseSpec(r.Spec)
			want := plan.Occurrences(r, sched, at("2026-11-30 20:00"), at("2026-12-31 23:59"), 0)
			ds, err := storetest.Deliveries(ctx, a, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(ds) != len(want) {
				t.Errorf("rule %s: %d deliveries, want %d", r.Name, len(ds), len(want))
			}
			for _, d := range ds {
				holders[d.Holder]++
				if d.Status == safetybot.DeliverySent && d.Holder == "B" && d.ScheduledFor.Before(at("2026-12-02 12:00")) {
					t.Errorf("B sent %s %s while A held the lease", r.Name, d.ScheduledFor)
				}
			}
		}
		if holders["A"] == 0 || holders["B"] == 0 {
			t.Errorf("deliveries by holder: %v; want both, A before the crash and B after", holders)
		}
		if dup := queuedTwice(t, a); dup != 0 {
			t.Errorf("%d notifications queued twice", dup)
		}
		a.Close()
		b.Close()
	})
}
