package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"safetybot"
)

// FreshenCard brings the card of outbox row m (format "card") up to date
// with its hazard just before it is sent, when the row is one the
// coalescing may have held back (it has a Coalesce kind: the 重大 notice to
// the leaders). A card built at the report and sent a minute or more later
// must not ask what was done meanwhile:
//   - its 状态 row shows the hazard's status now;
//   - buttons that no longer ask anything are dropped (确认 once the hazard
//     is confirmed), and the desc says who confirmed and when
//     (已确认 · 王局长 11-30 09:12);
//   - when the hazard has moved on (closed, rejected), the card is
//     recorded as finished (已处理 · 当前已销号) and goes without callback
//     buttons, so a click can only answer 已处理.
//
// The row's body and the card's record are rewritten with what is sent, so
// a click is read against the card its reader saw. m.Card and m.Body are
// updated in place. Other rows, and cards whose hazard is unknown, are
// left as they are.
func (s *Store) FreshenCard(ctx context.Context, m *safetybot.OutboxMessage) error {
	if m.Format != safetybot.FormatCard || m.Card == nil {
		return nil
	}
	var fresh *safetybot.Card
	now := s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		var co string
		if err := tx.QueryRowContext(ctx, "SELECT coalesce FROM outbox WHERE id = ?", m.ID).Scan(&co); err != nil || co == "" {
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			return err
		}
		h, err := hazardByNumber(ctx, tx, m.Card.Hazard)
		if safetybot.ErrorCode(err) == safetybot.ENOTFOUND {
			return nil
		}
		if err != nil {
			return err
		}
		c := *m.Card
		c.Rows = append([]safetybot.CardRow(nil), c.Rows...)
		c.SetRow("状态", string(h.Status))
		c.Buttons = nil
		dropped := false
		for _, b := range m.Card.Buttons {
			if safetybot.ButtonAsks(c.Kind, b, h) {
				c.Buttons = append(c.Buttons, b)
			} else {
				dropped = true
			}
		}
		done := ""
		switch {
		case !safetybot.CardAsks(c.Kind, h):
			done = "已处理 · 当前" + string(h.Status)
			c.Desc = done
		case dropped && h.Confirmed:
			if by, at, ok, err := lastEvent(ctx, tx, h.ID, "确认"); err != nil {
				return err
			} else if ok {
				c.Desc = fmt.Sprintf("已确认 · %s %s", personName(ctx, tx, by), at.In(safetybot.Shanghai).Format("01-02 15:04"))
			} else {
				c.Desc = "已确认"
			}
		}
		body, err := json.Marshal(c)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE outbox SET body = ? WHERE id = ?", string(body), m.ID); err != nil {
			return err
		}
		if done != "" {
			_, err = tx.ExecContext(ctx, `UPDATE cards SET card = ?, done_at = ?, done_text = ? WHERE task_id = ? AND done_at IS NULL`,
				string(body), ms(now), done, c.TaskID)
		} else {
			_, err = tx.ExecContext(ctx, "UPDATE cards SET card = ? WHERE task_id = ?", string(body), c.TaskID)
		}
		fresh = &c
		return err
	})
	if err == nil && fresh != nil {
		m.Card, m.Body = fresh, fresh.Text()
	}
	return err
}

// lastEvent returns who did the last action (not undone) on hazard id, and
// when; ok is false when nobody did.
func lastEvent(ctx context.Context, tx *sql.Tx, id int64, action string) (by string, at time.Time, ok bool, err error) {
	err = tx.QueryRowContext(ctx, `SELECT actor, at FROM hazard_events WHERE hazard_id = ? AND action = ? AND undone = 0
		ORDER BY id DESC LIMIT 1`, id, action).Scan(&by, (*msTime)(&at))
	if errors.Is(err, sql.ErrNoRows) {
		return "", at, false, nil
	}
	return by, at, err == nil, err
}

// personName is how userID is shown from what the store knows (the name an
// administrator set, else the address-book name), falling back to the
// userid.
func personName(ctx context.Context, tx *sql.Tx, userID string) string {
	var name nullText
	tx.QueryRowContext(ctx, `SELECT COALESCE(NULLIF(set_name, ''), NULLIF(book_name, '')) FROM user_names WHERE user_id = ?`, userID).Scan(&name)
	if name != "" {
		return string(name)
	}
	return userID
}
