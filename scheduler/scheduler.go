// Package scheduler runs the reminder rules of the store on robfig/cron/v3 in
// Asia/Shanghai: the plan's duties (silent once done for the period), the
// administrators' own rules, the leaders' 08:30 digest and the morning
// escalation of overdue hazards.
//
// Delivery is exactly once and survives restarts (the pattern of Kubernetes
// CronJob and Alertmanager's notification log): every occurrence is recorded
// in deliveries, UNIQUE(rule_id, scheduled_for), in the same transaction as
// its outbox rows and the rule's watermark. A job handles every occurrence
// between the watermark and now, so on start-up the occurrences missed while
// the process was down are caught up once: the most recent one per rule if
// it is inside the catch-up window, or if it is a duty's reminder and the
// duty's deadline has not passed; older ones are dropped with a log line.
//
// Only the holder of a lease row in the store runs the cron; a second serve
// process on the same database waits and takes over when the lease expires.
package scheduler

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"safetybot"
	"safetybot/digest"
	"safetybot/plan"
)

// Options tunes a Scheduler; zero values take the defaults.
type Options struct {
	Now    safetybot.Clock // default time.Now
	Log    *slog.Logger
	Holder string // this process's lease identity; default random
	// LeaseTTL is how long a lease lasts without renewal (default 30 s);
	// Renew is how often the holder renews it and a standby tries to take it
	// (default 10 s). Rules changed in chat are picked up at the same pace.
	LeaseTTL, Renew time.Duration
	// CatchUpWindow bounds how late an occurrence may still be sent
	// (default 12 h); a duty's reminder is sent later still while its
	// deadline has not passed.
	CatchUpWindow time.Duration
	// Directory names people in the digest and the overdue escalation
	// (default: userids).
	Directory safetybot.Directory
}

// Scheduler is the reminder engine of one serve process.
type Scheduler struct {
	store safetybot.Store
	opt   Options
	log   *slog.Logger
	cron  *cron.Cron

	mu       sync.Mutex
	entries  map[int64]entry
	version  string
	leading  bool
	running  bool
	stop     chan struct{}
	done     chan struct{}
	leaseEnd time.Time
	crashed  bool // tests: stop without giving the lease up, as a killed process does
}

type entry struct {
	id  cron.EntryID
	key string // what the entry's schedule was built from
}

// New builds a scheduler over s; Start runs it.
func New(s safetybot.Store, o Options) *Scheduler {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Holder == "" {
		b := make([]byte, 6)
		rand.Read(b)
		o.Holder = "sched-" + hex.EncodeToString(b)
	}
	if o.LeaseTTL == 0 {
		o.LeaseTTL = 30 * time.Second
	}
	if o.Renew == 0 {
		o.Renew = 10 * time.Second
	}
	if o.CatchUpWindow == 0 {
		o.CatchUpWindow = 12 * time.Hour
	}
	log := o.Log.With("component", "scheduler", "holder", o.Holder)
	sc := &Scheduler{store: s, opt: o, log: log, entries: map[int64]entry{}}
	sc.cron = cron.New(
		cron.WithLocation(safetybot.Shanghai),
		cron.WithChain(cron.Recover(cronLogger{log})),
	)
	return sc
}

// Leading reports whether this process holds the lease and runs the cron.
func (sc *Scheduler) Leading() bool {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.leading
}

// Start runs the lease loop until ctx is done or Stop is called.
func (sc *Scheduler) Start(ctx context.Context) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.running {
		return
	}
	sc.running = true
	sc.stop, sc.done = make(chan struct{}), make(chan struct{})
	go sc.loop(ctx, sc.stop, sc.done)
}

// Stop stops the cron (waiting for running jobs) and gives up the lease so
// another process can take over at once.
func (sc *Scheduler) Stop() {
	sc.mu.Lock()
	if !sc.running {
		sc.mu.Unlock()
		return
	}
	sc.running = false
	stop, done := sc.stop, sc.done
	sc.mu.Unlock()
	close(stop)
	<-done
}

func (sc *Scheduler) loop(ctx context.Context, stop, done chan struct{}) {
	defer close(done)
	jobs, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	t := time.NewTicker(sc.opt.Renew)
	defer t.Stop()
	for {
		sc.tick(jobs)
		select {
		case <-ctx.Done():
		case <-stop:
		case <-t.C:
			continue
		}
		sc.stepDown()
		cancel()
		sc.mu.Lock()
		crashed := sc.crashed
		sc.mu.Unlock()
		if crashed {
			return
		}
		release, rdone := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		if err := sc.store.ReleaseLease(release, safetybot.LeaseScheduler, sc.opt.Holder); err != nil {
			sc.log.Warn("releasing the scheduler lease failed", "err", err)
		}
		rdone()
		return
	}
}

// tick renews (or tries to take) the lease; on taking it, loads the rules,
// catches up and starts the cron; on losing it, stops the cron.
func (sc *Scheduler) tick(ctx context.Context) {
	now := sc.opt.Now()
	ok, err := sc.store.AcquireLease(ctx, safetybot.LeaseScheduler, sc.opt.Holder, sc.opt.LeaseTTL)
	if err != nil {
		sc.log.Error("scheduler lease", "err", err)
		sc.mu.Lock()
		expired := now.After(sc.leaseEnd)
		sc.mu.Unlock()
		if expired {
			sc.stepDown()
		}
		return
	}
	if !ok {
		sc.stepDown()
		return
	}
	sc.mu.Lock()
	sc.leaseEnd = now.Add(sc.opt.LeaseTTL)
	was := sc.leading
	sc.leading = true
	sc.mu.Unlock()
	if err := sc.sync(ctx); err != nil {
		sc.log.Error("loading reminder rules", "err", err)
	}
	if !was {
		sc.log.Info("scheduler lease taken; catching up and starting")
		sc.RunDue(ctx)
		sc.cron.Start()
	}
}

func (sc *Scheduler) stepDown() {
	sc.mu.Lock()
	was := sc.leading
	sc.leading = false
	sc.mu.Unlock()
	if was {
		<-sc.cron.Stop().Done()
		sc.log.Info("scheduler stopped (lease given up or lost)")
	}
}

// sync makes the cron's entries match the store's active rules.
func (sc *Scheduler) sync(ctx context.Context) error {
	v, err := sc.store.RulesVersion(ctx)
	if err != nil {
		return err
	}
	sc.mu.Lock()
	same := v == sc.version
	sc.mu.Unlock()
	if same {
		return nil
	}
	rules, err := sc.store.Rules(ctx)
	if err != nil {
		return err
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	active := map[int64]bool{}
	for _, r := range rules {
		if r.Paused {
			continue
		}
		sched, err := plan.ParseSpec(r.Spec)
		if err != nil {
			sc.log.Error("rule has a bad spec; skipped", "rule", r.Name, "spec", r.Spec, "err", err)
			continue
		}
		active[r.ID] = true
		key := strings.Join([]string{r.Spec, r.Filter, r.Shift, string(r.From), string(r.Until)}, "|")
		if e, ok := sc.entries[r.ID]; ok && e.key == key {
			continue
		} else if ok {
			sc.cron.Remove(e.id)
		}
		id := r.ID
		// The job runs when the rule really fires: on its active days,
		// through its filter, moved off days off (a 20th that is a Sunday
		// fires on Friday the 18th).
		eid := sc.cron.Schedule(plan.RuleSchedule(r, sched), cron.FuncJob(func() { sc.RunRule(ctx, id) }))
		sc.entries[r.ID] = entry{id: eid, key: key}
	}
	for id, e := range sc.entries {
		if !active[id] {
			sc.cron.Remove(e.id)
			delete(sc.entries, id)
		}
	}
	sc.version = v
	return nil
}

// RunDue handles every rule's occurrences up to now (start-up catch-up).
func (sc *Scheduler) RunDue(ctx context.Context) {
	rules, err := sc.store.Rules(ctx)
	if err != nil {
		sc.log.Error("catch-up: loading rules", "err", err)
		return
	}
	for _, r := range rules {
		if ctx.Err() != nil {
			return
		}
		if !r.Paused {
			sc.runRule(ctx, r)
		}
	}
}

// RunRule handles one rule's occurrences up to now; it is the cron job.
func (sc *Scheduler) RunRule(ctx context.Context, id int64) {
	if ctx.Err() != nil || !sc.Leading() {
		return
	}
	r, err := sc.store.Rule(ctx, id)
	if err != nil {
		if safetybot.ErrorCode(err) != safetybot.ENOTFOUND {
			sc.log.Error("loading rule", "rule_id", id, "err", err)
		}
		return
	}
	if !r.Paused {
		sc.runRule(ctx, r)
	}
}

// runRule handles the occurrences of r in (watermark, now]: the most recent
// one is delivered if it still matters, the older ones are dropped.
func (sc *Scheduler) runRule(ctx context.Context, r *safetybot.Rule) {
	sched, err := plan.ParseSpec(r.Spec)
	if err != nil {
		return
	}
	now := sc.opt.Now()
	occs := plan.OccurrencesOf(r, sched, r.Watermark, now, 0)
	if len(occs) == 0 {
		return
	}
	last := occs[len(occs)-1]
	latest := last.At
	if len(occs) > 1 {
		sc.log.Info("missed occurrences dropped; only the most recent is considered", "rule", r.Name,
			"dropped", len(occs)-1, "first", occs[0].At.Format(time.DateTime), "last", occs[len(occs)-2].At.Format(time.DateTime))
	}
	o, err := sc.occurrence(ctx, r, last, now)
	if err != nil {
		sc.log.Error("preparing a reminder", "rule", r.Name, "at", latest.Format(time.DateTime), "err", err)
		return
	}
	o.Holder = sc.opt.Holder
	status, err := sc.store.Deliver(ctx, o)
	switch {
	case err != nil:
		sc.log.Error("recording a reminder", "rule", r.Name, "at", latest.Format(time.DateTime), "err", err)
	case status == "":
		// already handled by another process or an earlier run: nothing to do
	case status == safetybot.DeliveryDropped:
		sc.log.Warn("missed reminder too old to send; dropped", "rule", r.Name, "at", latest.Format(time.DateTime), "late", now.Sub(latest).Round(time.Minute))
	default:
		sc.log.Info("reminder", "rule", r.Name, "at", latest.Format(time.DateTime), "status", status, "notes", len(o.Notes))
	}
}

// occurrence decides what occurrence oc of rule r means at now.
func (sc *Scheduler) occurrence(ctx context.Context, r *safetybot.Rule, oc plan.Occurrence, now time.Time) (safetybot.Occurrence, error) {
	at := oc.At
	o := safetybot.Occurrence{RuleID: r.ID, At: at, Status: safetybot.DeliverySent}
	late := now.Sub(at)
	var duty *safetybot.Duty
	if r.Kind == safetybot.RuleDuty {
		duties, err := sc.store.Duties(ctx)
		if err != nil {
			return o, err
		}
		if duty = plan.DutyFor(duties, r.Duty); duty == nil {
			o.Status, o.Note = safetybot.DeliveryDropped, "unknown duty "+r.Duty
			return o, nil
		}
		o.Duty, o.Period = duty.Key, safetybot.PeriodKey(duty.Period, at)
	}
	if late > sc.opt.CatchUpWindow && (duty == nil || !now.Before(duty.DueAt(at))) {
		o.Status, o.Note = safetybot.DeliveryDropped, fmt.Sprintf("late %s", late.Round(time.Minute))
		return o, nil
	}
	prefix := ""
	if late > 5*time.Minute {
		prefix = fmt.Sprintf("（补发：原定 %s）", at.In(safetybot.Shanghai).Format("01-02 15:04"))
		o.Note = "caught up"
	}
	dedup := fmt.Sprintf("rule:%d:%d", r.ID, at.Unix())
	switch r.Kind {
	case safetybot.RuleDigest:
		body, err := digest.Build(ctx, sc.store, sc.opt.Directory, now)
		if err != nil {
			return o, err
		}
		notes, err := sc.audience(ctx, r.Audience, nil, "")
		if err != nil {
			return o, err
		}
		for i := range notes {
			notes[i].Body, notes[i].Markdown, notes[i].DedupKey = body, true, dedup
		}
		o.Notes = notes
	case safetybot.RuleOverdue:
		notes, err := sc.overdue(ctx, now)
		if err != nil {
			return o, err
		}
		if len(notes) == 0 {
			o.Status = safetybot.DeliveryEmpty
		}
		o.Notes = notes
	default:
		body := prefix + r.Text
		if oc.Moved() {
			body += oc.Note()
		}
		var principals []safetybot.Enterprise
		list, period := "", "" // the enterprises not yet inspected, for staff and leaders
		if duty != nil {
			if duty.Key == safetybot.DutyInspection {
				missing, err := sc.store.UninspectedEnterprises(ctx, o.Period)
				if err != nil {
					return o, err
				}
				all, err := sc.store.Enterprises(ctx)
				if err != nil {
					return o, err
				}
				if len(all) > 0 && len(missing) == 0 {
					o.Status, o.Note = safetybot.DeliveryDone, "every known enterprise inspected"
					return o, nil
				}
				o.Duty = "" // done means every enterprise, not the first record
				list, period = "\n"+missingLine(missing, o.Period), o.Period
				principals = missing
			}
		}
		wrap := func(extra string) string {
			if duty == nil {
				return body + extra
			}
			return "【安全生产提醒】" + body + extra + "\n依据方案：“" + r.Description + "”"
		}
		notes, err := sc.audience(ctx, r.Audience, principals, period)
		if err != nil {
			return o, err
		}
		if r.Escalate {
			notes = append(notes, safetybot.NotifyRole(safetybot.RoleLeader, ""))
		}
		for i := range notes {
			own := notes[i].Body // a principal's own line (see audience)
			notes[i].Body, notes[i].DedupKey = wrap(list), dedup
			if own != "" {
				notes[i].Body = wrap("\n" + own)
			}
		}
		o.Notes = notes
	}
	return o, nil
}

// cronLogger sends robfig/cron's log (a recovered panic, above all) to slog.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
