package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"safetybot"
)

// newTaskID returns a task_id unique per app: the hazard number, the card's
// kind and 64 random bits, within WeCom's 128 bytes of [0-9a-zA-Z_-@].
func newTaskID(c *safetybot.Card) string {
	var b [8]byte
	rand.Read(b[:])
	id := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' {
			return r
		}
		return -1
	}, c.Hazard+"_"+string(c.Kind))
	return safetybot.Fit(id, 100) + "_" + hex.EncodeToString(b[:])
}

// queueCard writes one outbox row (format "card") for all of targets and
// the card's row, in tx. A card whose Coalesce kind already reached one of
// targets within CoalesceWindow is not sent as a card (sent false): the
// caller queues its text, which coalesces (issue 10 §17: a burst of major
// reports must not push a card per report to each leader).
func queueCard(ctx context.Context, tx *sql.Tx, now time.Time, kind string, targets []string, n safetybot.Notification) (sent bool, err error) {
	if len(targets) == 0 {
		return true, nil
	}
	if kind != safetybot.TargetUser {
		return false, nil // cards go through the app to users; anything else gets the text
	}
	if n.Coalesce != "" {
		for _, t := range targets {
			var k int
			err := tx.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE coalesce = ? AND created_at > ?
				AND (target = ? OR instr('|' || target || '|', ?) > 0)`, n.Coalesce, ms(now.Add(-safetybot.CoalesceWindow)),
				t, "|"+t+"|").Scan(&k)
			if err != nil || k > 0 {
				return false, err
			}
		}
	}
	c := *n.Card
	c.TaskID = newTaskID(&c)
	body, err := json.Marshal(c)
	if err != nil {
		return false, err
	}
	to := strings.Join(targets, "|")
	var dedup any
	if n.DedupKey != "" {
		dedup = n.DedupKey + "|" + kind + ":" + to
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO outbox (target_kind, target, format, body, dedup_key,
		next_attempt_at, created_at, coalesce) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING`,
		kind, to, FormatCard, string(body), dedup, ms(now), ms(now), n.Coalesce)
	if err != nil {
		return false, err
	}
	if k, err := res.RowsAffected(); err != nil || k == 0 {
		return true, err // a repeated DedupKey: already queued
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO cards (task_id, hazard, kind, recipients, card, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, c.TaskID, c.Hazard, string(c.Kind), to, string(body), ms(now))
	return true, err
}

// Card returns the card sent with taskID; an ENOTFOUND error when there is
// none (a forged or foreign task_id).
func (s *Store) Card(ctx context.Context, taskID string) (CardRecord, error) {
	return cardByTask(ctx, s.q, taskID)
}

type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func cardByTask(ctx context.Context, q rowQuerier, taskID string) (CardRecord, error) {
	var r CardRecord
	var body, to string
	var created, done int64
	err := q.QueryRowContext(ctx, `SELECT card, recipients, created_at, done_at, done_by, done_text
		FROM cards WHERE task_id = ?`, taskID).Scan(&body, &to, &created, &done, &r.DoneBy, &r.DoneText)
	if errors.Is(err, sql.ErrNoRows) {
		return r, safetybot.Errorf(safetybot.ENOTFOUND, "卡片已失效。")
	}
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(body), &r.Card); err != nil {
		return r, err
	}
	r.Recipients, r.CreatedAt = strings.Split(to, "|"), fromMS(created)
	if done > 0 {
		r.DoneAt = fromMS(done)
	}
	return r, cardClicks(ctx, q, &r, taskID)
}

// FinishCard marks the card finished by by with text (what its buttons
// now say), unless a click finished it already, and queues u (the click's
// response_code) in the same transaction: for all recipients when this
// call finished the card, with text; otherwise for by alone, with the text
// the card was finished with. It returns the card as it is now and
// whether this call finished it. No update is queued when u has no
// response code.
func (s *Store) FinishCard(ctx context.Context, taskID, by, text string, u safetybot.CardUpdate) (CardRecord, bool, error) {
	var rec CardRecord
	var first bool
	now := s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if first, err = execFirst(ctx, tx, `UPDATE cards SET done_at = ?, done_by = ?, done_text = ?
			WHERE task_id = ? AND done_at = 0`, ms(now), by, text, taskID); err != nil {
			return err
		}
		if rec, err = cardByTask(ctx, tx, taskID); err != nil {
			return err
		}
		if u.ResponseCode == "" {
			return nil // nothing to update with (a robot click without a code)
		}
		u.TaskID, u.ReplaceName = taskID, safetybot.Fit(rec.DoneText, safetybot.CardReplaceRunes)
		to := strings.Join(rec.Recipients, "|")
		if !first {
			to = by
		}
		body, err := json.Marshal(u)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO outbox (target_kind, target, format, body, next_attempt_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, safetybot.TargetUser, to, FormatCardUpdate, string(body), ms(now), ms(now))
		return err
	})
	return rec, first, err
}

// decodeCard reads the JSON body of a card or card-update row into Card or
// Update and puts the text people read in Body.
func decodeCard(m *OutboxMessage) error {
	switch m.Format {
	case FormatCard:
		m.Card = new(safetybot.Card)
		if err := json.Unmarshal([]byte(m.Body), m.Card); err != nil {
			return err
		}
		m.Body = m.Card.Text()
	case FormatCardUpdate:
		m.Update = new(safetybot.CardUpdate)
		if err := json.Unmarshal([]byte(m.Body), m.Update); err != nil {
			return err
		}
		m.Body = "卡片更新：" + m.Update.ReplaceName
		if m.Update.Card != nil {
			m.Body = "卡片更新：" + m.Update.Card.Desc
		}
	}
	return nil
}

// execFirst runs a statement that changes at most one row and reports
// whether it did: the caller's click was the first to take the step.
func execFirst(ctx context.Context, tx *sql.Tx, q string, args ...any) (bool, error) {
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
