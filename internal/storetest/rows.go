package storetest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"safetybot"
	"safetybot/store"
)

// The rows no service returns: the outbox as the worker would find it, and
// the scheduler's log of handled occurrences. The store's services have no
// methods to inspect them (the worker claims rows, it does not list them),
// so these read the database file beside the store, as testkit.RawDB does.

// PendingOutbox returns up to limit pending messages of s, due or not,
// oldest first.
func PendingOutbox(ctx context.Context, s *store.Store, limit int) ([]safetybot.OutboxMessage, error) {
	return outboxWhere(ctx, s, "status = 'pending' ORDER BY id LIMIT ?", limit)
}

// DueOutbox returns up to limit pending messages of s whose next attempt is
// due by s's clock.
func DueOutbox(ctx context.Context, s *store.Store, limit int) ([]safetybot.OutboxMessage, error) {
	return outboxWhere(ctx, s, "status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
		s.Now().UnixMilli(), limit)
}

// OutboxRow returns outbox row id of s, with its next attempt, the parts
// sent and its status.
func OutboxRow(ctx context.Context, s *store.Store, id int64) (safetybot.OutboxMessage, string, error) {
	var m safetybot.OutboxMessage
	var status string
	var next sql.NullInt64
	err := query(ctx, s, "SELECT "+outboxColumns+", next_attempt_at, parts_sent, status FROM outbox WHERE id = ?",
		func(r *sql.Rows) error { return scanOutbox(r, &m, &next, &m.PartsSent, &status) }, id)
	if err == nil && m.ID == 0 {
		err = sql.ErrNoRows
	}
	m.NextAttempt = fromMS(next.Int64)
	return m, status, err
}

// Deliveries lists the handled occurrences of s's rule ruleID (0: every
// rule), oldest first; a deleted rule's (NULL, migration 0030) have RuleID 0.
func Deliveries(ctx context.Context, s *store.Store, ruleID int64) ([]safetybot.DeliveryRecord, error) {
	q := "SELECT COALESCE(rule_id, 0), scheduled_for, status, note, COALESCE(holder, ''), created_at FROM deliveries"
	var args []any
	if ruleID != 0 {
		q += " WHERE rule_id = ?"
		args = append(args, ruleID)
	}
	var out []safetybot.DeliveryRecord
	err := query(ctx, s, q+" ORDER BY scheduled_for, rule_id", func(r *sql.Rows) error {
		var d safetybot.DeliveryRecord
		var at, created sql.NullInt64
		err := r.Scan(&d.RuleID, &at, &d.Status, &d.Note, &d.Holder, &created)
		d.ScheduledFor, d.CreatedAt = fromMS(at.Int64), fromMS(created.Int64)
		out = append(out, d)
		return err
	}, args...)
	return out, err
}

const outboxColumns = "id, target_kind, target, format, body, attempts, last_error, created_at"

func outboxWhere(ctx context.Context, s *store.Store, where string, args ...any) ([]safetybot.OutboxMessage, error) {
	var out []safetybot.OutboxMessage
	err := query(ctx, s, "SELECT "+outboxColumns+" FROM outbox WHERE "+where, func(r *sql.Rows) error {
		var m safetybot.OutboxMessage
		err := scanOutbox(r, &m)
		out = append(out, m)
		return err
	}, args...)
	return out, err
}

// scanOutbox reads outboxColumns, then more, into m, and decodes a card
// or card-update row's body as the store does for the worker.
func scanOutbox(r *sql.Rows, m *safetybot.OutboxMessage, more ...any) error {
	var created sql.NullInt64
	err := r.Scan(append([]any{&m.ID, &m.TargetKind, &m.Target, &m.Format, &m.Body, &m.Attempts, &m.LastError, &created}, more...)...)
	if err != nil {
		return err
	}
	m.CreatedAt = fromMS(created.Int64)
	m.Markdown = m.Format == "markdown"
	switch m.Format {
	case safetybot.FormatCard:
		m.Card = new(safetybot.Card)
		err = json.Unmarshal([]byte(m.Body), m.Card)
		m.Body = m.Card.Text()
	case safetybot.FormatCardUpdate:
		m.Update = new(safetybot.CardUpdate)
		err = json.Unmarshal([]byte(m.Body), m.Update)
		m.Body = "卡片更新：" + m.Update.ReplaceName
		if m.Update.Card != nil {
			m.Body = "卡片更新：" + m.Update.Card.Desc
		}
	}
	return err
}

// query runs q on a read-only connection of its own to s's file and calls
// fn for every row.
func query(ctx context.Context, s *store.Store, q string, fn func(*sql.Rows) error, args ...any) error {
	db, err := sql.Open("sqlite", "file:"+s.File()+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return errors.Join(rows.Err(), rows.Close())
}

// fromMS is a Unix-ms column as the store reads it: 0 is the zero time.
func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).In(safetybot.Shanghai)
}
