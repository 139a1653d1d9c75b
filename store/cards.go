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
// the card's row, in tx. Cards go through the app to users only: for any
// other kind of target sent is false and the caller queues the card's
// text. A card with a Coalesce kind that already reached one of targets
// within CoalesceWindow waits for its slot (nextSlot), still a card: a
// burst of 重大 reports reaches each leader at most once a minute (issue 10
// §17), and FreshenCard brings a card that waited up to date when it goes.
func queueCard(ctx context.Context, tx *sql.Tx, now time.Time, kind string, targets []string, n safetybot.Notification) (sent bool, err error) {
	if len(targets) == 0 {
		return true, nil
	}
	if kind != safetybot.TargetUser {
		return false, nil // cards go through the app to users; anything else gets the text
	}
	next := now
	if n.Coalesce != "" {
		for _, t := range targets {
			at, err := nextSlot(ctx, tx, now, kind, t, n.Coalesce)
			if err != nil {
				return false, err
			}
			if at.After(next) {
				next = at
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
		kind, to, safetybot.FormatCard, string(body), dedup, ms(next), ms(now), n.Coalesce)
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
func (s *Store) Card(ctx context.Context, taskID string) (safetybot.CardRecord, error) {
	return cardByTask(ctx, s.q, taskID)
}

func cardByTask(ctx context.Context, q reader, taskID string) (safetybot.CardRecord, error) {
	var r safetybot.CardRecord
	var body, to string
	err := q.QueryRowContext(ctx, `SELECT card, recipients, created_at, done_at, done_by, done_text
		FROM cards WHERE task_id = ?`, taskID).Scan(&body, &to, (*msTime)(&r.CreatedAt),
		(*msTime)(&r.DoneAt), (*nullText)(&r.DoneBy), (*nullText)(&r.DoneText)) // NULL until finished
	if errors.Is(err, sql.ErrNoRows) {
		return r, safetybot.Errorf(safetybot.ENOTFOUND, "卡片已失效。")
	}
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(body), &r.Card); err != nil {
		return r, err
	}
	r.Recipients = strings.Split(to, "|")
	return r, cardClicks(ctx, q, &r, taskID)
}

// decodeCard reads the JSON body of a card or card-update row into Card or
// Update and puts the text people read in Body.
func decodeCard(m *safetybot.OutboxMessage) error {
	switch m.Format {
	case safetybot.FormatCard:
		m.Card = new(safetybot.Card)
		if err := json.Unmarshal([]byte(m.Body), m.Card); err != nil {
			return err
		}
		m.Body = m.Card.Text()
	case safetybot.FormatCardUpdate:
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
