package store

import (
	"context"

	"safetybot"
)

// The rows no service returns, for this package's tests (other packages'
// tests read them with internal/storetest): the outbox as the worker would
// find it, and the scheduler's log of handled occurrences.

// PendingOutbox returns up to limit pending messages, due or not, oldest
// first.
func (s *Store) PendingOutbox(ctx context.Context, limit int) ([]safetybot.OutboxMessage, error) {
	return s.outboxWhere(ctx, "status = 'pending' ORDER BY id LIMIT ?", limit)
}

// DueOutbox returns up to limit pending messages whose next attempt is due.
func (s *Store) DueOutbox(ctx context.Context, limit int) ([]safetybot.OutboxMessage, error) {
	return s.outboxWhere(ctx, "status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?", ms(s.now()), limit)
}

// Deliveries lists handled occurrences of a rule (0: every rule), oldest
// first; a deleted rule's (NULL, 0030) have RuleID 0.
func (s *Store) Deliveries(ctx context.Context, ruleID int64) ([]safetybot.DeliveryRecord, error) {
	q := "SELECT COALESCE(rule_id, 0), scheduled_for, status, note, COALESCE(holder, ''), created_at FROM deliveries"
	var args []any
	if ruleID != 0 {
		q += " WHERE rule_id = ?"
		args = append(args, ruleID)
	}
	return list(ctx, s.q, q+" ORDER BY scheduled_for, rule_id", func(r scanner) (d safetybot.DeliveryRecord, err error) {
		err = r.Scan(&d.RuleID, (*msTime)(&d.ScheduledFor), &d.Status, &d.Note, &d.Holder, (*msTime)(&d.CreatedAt))
		return d, err
	}, args...)
}
