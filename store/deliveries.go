package store

import (
	"context"
	"database/sql"
	"time"

	"safetybot"
)

// Deliver records an occurrence exactly once, with its outbox rows and
// the rule's watermark, in one transaction, and returns the status
// recorded: "" when it was handled before and nothing was written
// (safetybot.ScheduleService).
func (s *Store) Deliver(ctx context.Context, o safetybot.Occurrence) (string, error) {
	now := s.now()
	status := o.Status
	err := s.write(ctx, func(tx *sql.Tx) error {
		if o.Holder != "" {
			n, err := one[int](ctx, tx, "SELECT count(*) FROM scheduler_lease WHERE name = ? AND holder = ? AND expires_at > ?",
				safetybot.LeaseScheduler, o.Holder, ms(now))
			if err != nil {
				return err
			}
			if n == 0 {
				status = ""
				return nil
			}
		}
		if o.Duty != "" && status == safetybot.DeliverySent {
			done, err := dutyDone(ctx, tx, o.Duty, o.Period)
			if err != nil {
				return err
			}
			if done {
				status = safetybot.DeliveryDone
			}
		}
		// A rule deleted since the scheduler read it records nothing and
		// sends nothing, as a handled occurrence (deliveries.rule_id refers
		// to rules, 0030).
		n, err := affected(tx.ExecContext(ctx, `INSERT INTO deliveries (rule_id, scheduled_for, status, note, holder, created_at)
			SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM rules WHERE id = ?1)
			ON CONFLICT (rule_id, scheduled_for) DO NOTHING`,
			o.RuleID, ms(o.At), status, o.Note, nullIfEmpty(o.Holder), ms(now)))
		if err != nil {
			return err
		}
		if n == 0 {
			status = ""
			return nil
		}
		if _, err := tx.ExecContext(ctx, "UPDATE rules SET watermark = max(watermark, ?) WHERE id = ?", ms(o.At), o.RuleID); err != nil {
			return err
		}
		if status == safetybot.DeliverySent {
			return queue(ctx, tx, now, o.Notes...)
		}
		return nil
	})
	return status, err
}

// AcquireLease takes or renews the named lease for holder until now+ttl. It
// reports whether holder has it: a live lease of another holder is left
// alone; an expired one is taken over.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := s.now()
	var got string
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO scheduler_lease (name, holder, expires_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
			WHERE scheduler_lease.holder = excluded.holder OR scheduler_lease.expires_at <= ?`,
			name, holder, ms(now.Add(ttl)), ms(now))
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT holder FROM scheduler_lease WHERE name = ?", name).Scan(&got)
	})
	return got == holder, err
}

// ReleaseLease gives the lease up (on shutdown) so another process need not
// wait for it to expire.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	_, err := s.exec(ctx, "DELETE FROM scheduler_lease WHERE name = ? AND holder = ?", name, holder)
	return err
}
