package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
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
	added, err := insertOutbox(ctx, tx, n, kind, to, safetybot.FormatCard, string(body), next, now)
	if err != nil || !added {
		return err == nil, err // not added: a repeated DedupKey, already queued
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
	_, err = insertOutbox(ctx, tx, safetybot.Notification{}, safetybot.TargetUser, strings.Join(to, "|"),
		safetybot.FormatCardUpdate, string(body), now, now)
	return err
}

// FreshenCard brings the card of outbox row m (format "card") up to date
// with its hazard just before it is sent, whatever the card's kind and
// however long it waited: the coalescing of the leaders' 重大 notices, an
// outage of WeCom, or a backlog queued by another process (chat) before
// serve started (QA17 #6: 【待验收】 and 【退回整改】 cards went with live
// buttons on a hazard closed meanwhile, since only coalesced rows were
// brought up to date). A card sent after its hazard changed must not ask
// what was done meanwhile:
//   - its description and the rows taken from the hazard (等级, 单位, 领域,
//     期限, 责任人 by name, 状态) show the hazard as it is now;
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
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM outbox WHERE id = ?", m.ID).Scan(&one); err != nil {
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
		who, _, err := personName(ctx, tx, h.Assignee)
		if err != nil {
			return err
		}
		c.Refresh(h, who.Display())
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
			if c.Desc, err = confirmedDesc(ctx, tx, h.ID); err != nil {
				return err
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

// confirmedDesc is the desc of a card whose 确认 button was dropped: who
// made the hazard's last 确认 that stands, and when, named as the store
// knows them (the name an administrator set, else the address-book name,
// else the userid); 已确认 alone when no such event is recorded.
func confirmedDesc(ctx context.Context, tx *sql.Tx, hazardID int64) (string, error) {
	var by string
	var at time.Time
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(NULLIF(n.set_name, ''), NULLIF(n.book_name, ''), e.actor), e.at
		FROM hazard_events e LEFT JOIN user_names n ON n.user_id = e.actor
		WHERE e.hazard_id = ? AND e.action = '确认' AND e.undone = 0 ORDER BY e.id DESC LIMIT 1`, hazardID).Scan(&by, (*msTime)(&at))
	if errors.Is(err, sql.ErrNoRows) {
		return "已确认", nil
	}
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("已确认 · %s %s", by, at.In(safetybot.Shanghai).Format("01-02 15:04")), nil
}
