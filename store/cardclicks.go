package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"safetybot"
)

// cardClicks reads the buttons of card taskID that clicks finished into r.
func cardClicks(ctx context.Context, q reader, r *safetybot.CardRecord, taskID string) error {
	r.Clicks = map[string]safetybot.CardClick{}
	return each(ctx, q, "SELECT key, done_by, text, done_at FROM card_clicks WHERE task_id = ? ORDER BY done_at, key", func(row scanner) error {
		var key string
		var c safetybot.CardClick
		err := row.Scan(&key, &c.By, &c.Text, (*msTime)(&c.At))
		r.Clicks[key] = c
		r.ClickOrder = append(r.ClickOrder, key)
		return err
	}, taskID)
}

// FinishCard records by's click on card taskID and queues u (the click's
// response_code) in the same transaction; it is the one path by which a
// click finishes anything on a card.
//
// With a button key, the click took that button's step (text says what was
// done: 已收到 · 吴杨虎 11-30 07:25), unless a click finished that button or
// the whole card already; when no button is left (not finished, and still
// holding for the hazard's state by still), the card is finished with
// text. With key "", the click finishes the whole card with text (the
// hazard moved on: nothing is left to ask), unless it is finished already.
//
// When this call took the step, the update goes to all recipients: the
// card again with the buttons left and what was done in its desc, or, once
// finished, its buttons greyed out with its DoneText. Otherwise it goes to
// by alone, with the card as it now is. still nil holds for no button. It
// returns the card as it is now and whether this call took the step.
// Errors: ENOTFOUND for an unknown task_id.
func (s *Store) FinishCard(ctx context.Context, taskID, key, by, text string, still func(safetybot.CardButton) bool, u safetybot.CardUpdate) (safetybot.CardRecord, bool, error) {
	if still == nil {
		still = func(safetybot.CardButton) bool { return false }
	}
	var rec safetybot.CardRecord
	var first bool
	now := s.now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if rec, err = cardByTask(ctx, tx, taskID); err != nil {
			return err
		}
		if rec.DoneAt.IsZero() && key != "" {
			if first, err = execFirst(ctx, tx, `INSERT INTO card_clicks (task_id, key, done_at, done_by, text)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, taskID, key, ms(now), by, text); err != nil {
				return err
			}
			if rec, err = cardByTask(ctx, tx, taskID); err != nil {
				return err
			}
		}
		if key == "" || first && len(rec.Remaining(still)) == 0 {
			done, err := execFirst(ctx, tx, `UPDATE cards SET done_at = ?, done_by = ?, done_text = ?
				WHERE task_id = ? AND done_at IS NULL`, ms(now), by, text, taskID)
			if err != nil {
				return err
			}
			if key == "" {
				first = done
			}
			if done {
				if rec, err = cardByTask(ctx, tx, taskID); err != nil {
					return err
				}
			}
		}
		to := []string{by}
		if first {
			to = rec.Recipients
		}
		return queueCardState(ctx, tx, now, rec, to, still, u)
	})
	return rec, first, err
}

// RefreshCard queues u for by alone with card taskID as it now is: after a
// click that did nothing (the step was already taken), the clicker's copy
// loses the buttons that no longer hold.
func (s *Store) RefreshCard(ctx context.Context, taskID, by string, still func(safetybot.CardButton) bool, u safetybot.CardUpdate) error {
	now := s.now()
	return s.write(ctx, func(tx *sql.Tx) error {
		rec, err := cardByTask(ctx, tx, taskID)
		if err != nil {
			return err
		}
		return queueCardState(ctx, tx, now, rec, []string{by}, still, u)
	})
}

// queueCardState queues the update_template_card of rec as it is now for
// to: a finished card's buttons greyed out with its DoneText; a card with
// buttons left, the card again with those buttons and its Progress; a card
// with none left but not finished (the hazard moved on), greyed out with
// the Progress. A card sent again shows its hazard's status now in its 状态
// row. Nothing is queued without a response code.
func queueCardState(ctx context.Context, tx *sql.Tx, now time.Time, rec safetybot.CardRecord, to []string, still func(safetybot.CardButton) bool, u safetybot.CardUpdate) error {
	if u.ResponseCode == "" {
		return nil // nothing to update with (a robot click without a code)
	}
	// the 状态 row says the status now, as the click left it
	var status safetybot.Status
	if h, err := hazardByNumber(ctx, tx, rec.Card.Hazard); err == nil {
		status = h.Status
	} else if safetybot.ErrorCode(err) != safetybot.ENOTFOUND {
		return err
	}
	st := rec.State(still, status)
	st.ResponseCode = u.ResponseCode
	body, err := json.Marshal(st)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO outbox (target_kind, target, format, body, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, safetybot.TargetUser, strings.Join(to, "|"), safetybot.FormatCardUpdate, string(body), ms(now), ms(now))
	return err
}
