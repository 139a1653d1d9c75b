package store

import (
	"context"

	"safetybot"
)

// Read-only queries for the dashboard, the ledger export and the annual
// report (issue 6).

// HazardEvents lists the audit events of the hazards of year and domain
// (zero values do not filter), by hazard then in order.
func (s *Store) HazardEvents(ctx context.Context, year int, domain string) ([]safetybot.LedgerEvent, error) {
	var out []safetybot.LedgerEvent
	err := s.EachHazardEvent(ctx, year, domain, func(ev safetybot.LedgerEvent) error {
		out = append(out, ev)
		return nil
	})
	return out, err
}

// TaskUpdates lists every task update, oldest first.
func (s *Store) TaskUpdates(ctx context.Context) ([]safetybot.TaskUpdate, error) {
	var out []safetybot.TaskUpdate
	err := s.each(ctx, "SELECT task_no, at, actor, note, progress FROM task_updates ORDER BY id", func(r scanner) error {
		var u safetybot.TaskUpdate
		var at int64
		if err := r.Scan(&u.TaskNo, &at, &u.Actor, &u.Note, &u.Progress); err != nil {
			return err
		}
		u.At = fromMS(at)
		out = append(out, u)
		return nil
	})
	return out, err
}

// PhotoCounts returns the number of photos attached to each hazard, by
// hazard number (for the ledger's 整改前后照片 column).
func (s *Store) PhotoCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	err := s.each(ctx, `SELECT h.number, count(*) FROM hazard_evidence e JOIN hazards h ON h.id = e.hazard_id
		WHERE e.kind = ? GROUP BY h.number`, func(r scanner) error {
		var number string
		var n int
		err := r.Scan(&number, &n)
		out[number] = n
		return err
	}, safetybot.EvidenceImage)
	return out, err
}

// TipsBetween counts the reports received from day from to day to, both
// included. Reports deleted by the retention purge are no longer counted.
func (s *Store) TipsBetween(ctx context.Context, from, to safetybot.Date) (safetybot.TipYear, error) {
	var t safetybot.TipYear
	err := s.q.QueryRowContext(ctx, `SELECT count(*),
		COALESCE(sum(status = ?), 0),
		COALESCE(sum(status IN (?, ?) OR hazard_number <> ''), 0),
		COALESCE(sum(reward_status = ?), 0),
		COALESCE(sum(CASE WHEN reward_status = ? THEN reward_yuan ELSE 0 END), 0)
		FROM tips WHERE day >= ? AND day <= ?`,
		safetybot.TipDeclined, safetybot.TipVerified, safetybot.TipClosed, safetybot.RewardPaid, safetybot.RewardPaid,
		from, to).Scan(&t.Received, &t.Declined, &t.Verified, &t.Rewarded, &t.PaidYuan)
	return t, err
}
