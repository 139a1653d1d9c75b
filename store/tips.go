package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"math/big"

	"safetybot"
)

// Anonymous reports (举报). Nothing stored here can name the reporter: no
// userid, chat id, message id, IP or time of day. Reports are found by the
// hash of their receipt code (computed by the caller, see
// safetybot.ReceiptHasher); handlers find them by a random id. Every handler
// action writes a tip_audit row (who, when, which report), never content.

// TipsAwaitingTriage counts reports no handler has acted on yet (待受理), for
// the leaders' digest. It reveals nothing but the number.
func (s *Store) TipsAwaitingTriage(ctx context.Context) (int, error) {
	return one[int](ctx, s.q, "SELECT count(*) FROM tips WHERE status = ?", safetybot.TipNew)
}

// TipCounts returns the counts of every report held.
func (s *Store) TipCounts(ctx context.Context) (safetybot.TipCounts, error) {
	c := safetybot.TipCounts{ByStatus: map[safetybot.TipStatus]int{}, ByReward: map[safetybot.RewardStatus]int{}}
	// A verified report whose hazard was then rejected is counted apart,
	// by the rule the annual summary counts 属实 by (Tip.CountsVerified).
	err := s.each(ctx, "SELECT t.status, t.reward_status, t.new_info, t.reward_yuan, "+tipVerifiedSQL+" AND "+tipHazardRejectedSQL+
		" FROM tips t", func(r scanner) error {
		var st safetybot.TipStatus
		var reward safetybot.RewardStatus
		var newInfo, rejected bool
		var yuan int64
		if err := r.Scan(&st, (*nullText)(&reward), &newInfo, &yuan, &rejected); err != nil { // NULL: no reward recorded
			return err
		}
		if rejected {
			c.VerifiedRejected++
		} else {
			c.ByStatus[st]++
		}
		// The reward as every view shows it (Tip.RewardShown).
		t := safetybot.Tip{Status: st, Reward: reward, HazardRejected: rejected}
		if t.RewardSuspended() {
			c.RewardSuspended++
		} else if reward != "" {
			c.ByReward[reward]++
		}
		if newInfo {
			c.NewInfo++
		}
		if reward == safetybot.RewardPaid {
			c.PaidYuan += yuan
		}
		return nil
	})
	return c, err
}

// TipSalt returns the deployment's receipt salt, creating it (32 bytes from
// crypto/rand) on first use.
func (s *Store) TipSalt(ctx context.Context) ([]byte, error) {
	salt, err := one[[]byte](ctx, s.q, "SELECT value FROM secrets WHERE name = 'receipt_salt'")
	if !errors.Is(err, sql.ErrNoRows) {
		return salt, err
	}
	fresh := make([]byte, 32)
	rand.Read(fresh)
	return s.secret(ctx, "receipt_salt", fresh)
}

// CreateTip stores a new report under receiptHash with today's day only,
// and its photos, and returns it (its id is for handlers, never shown to
// the reporter).
func (s *Store) CreateTip(ctx context.Context, receiptHash []byte, body string, photos [][]byte) (*safetybot.Tip, error) {
	t := &safetybot.Tip{Day: safetybot.DateOf(s.now()), Body: body, Status: safetybot.TipNew}
	err := s.write(ctx, func(tx *sql.Tx) error {
		for range 20 {
			t.ID = randomTipID()
			if ok, err := execFirst(ctx, tx, `INSERT INTO tips (id, receipt_hash, day, body, status)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, t.ID, receiptHash, t.Day, t.Body, t.Status); err != nil || ok {
				if err != nil {
					return err
				}
				return addTipPhotos(ctx, tx, t, photos)
			}
		}
		return errors.New("no free report id after 20 tries")
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// randomTipID is a 7-digit id (1000000–9999999), short enough for a handler
// to type and roomy enough that a collision, retried by the caller, is rare.
func randomTipID() int64 {
	n, _ := rand.Int(rand.Reader, big.NewInt(9_000_000))
	return 1_000_000 + n.Int64()
}

// TipByReceipt returns the report whose receipt hashes to receiptHash, with
// its messages, for the reporter.
func (s *Store) TipByReceipt(ctx context.Context, receiptHash []byte) (*safetybot.Tip, error) {
	return tipWhere(ctx, s.q, "receipt_hash = ?", receiptHash, safetybot.ErrNoTip)
}

// AddTipInfo appends the reporter's addition (补充), and its photos, to the
// report whose receipt hashes to receiptHash. A closed report takes no
// more additions, nor a report with no room for the photos.
func (s *Store) AddTipInfo(ctx context.Context, receiptHash []byte, body string, photos [][]byte) (*safetybot.Tip, error) {
	var t *safetybot.Tip
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if t, err = tipWhere(ctx, tx, "receipt_hash = ?", receiptHash, safetybot.ErrNoTip); err != nil {
			return err
		}
		if _, err := t.Next(safetybot.TipAddInfo); err != nil {
			return err
		}
		if err := addTipPhotos(ctx, tx, t, photos); err != nil {
			return err
		}
		day := safetybot.DateOf(s.now())
		if err := addTipMessage(ctx, tx, t.ID, day, false, body); err != nil {
			return err
		}
		t.NewInfo, t.Messages = true, append(t.Messages, safetybot.TipMessage{Day: day, Body: body})
		_, err = tx.ExecContext(ctx, "UPDATE tips SET new_info = 1 WHERE id = ?", t.ID)
		return err
	})
	return t, err
}

// Tips lists reports for a handler, without their messages, newest day
// first; the listing itself is audited.
func (s *Store) Tips(ctx context.Context, f safetybot.TipFilter, actor string) ([]*safetybot.Tip, error) {
	q := "SELECT " + tipColumns + " FROM tips t"
	var args []any
	switch {
	case f.Status != "":
		q += " WHERE status = ?"
		args = append(args, f.Status)
	case f.OpenOnly:
		q += " WHERE status NOT IN (?, ?)"
		args = append(args, safetybot.TipDeclined, safetybot.TipClosed)
	}
	out, err := list(ctx, s.q, q+" ORDER BY day DESC, id", scanTip, args...)
	if err != nil {
		return nil, err
	}
	return out, s.write(ctx, func(tx *sql.Tx) error { return s.audit(ctx, tx, 0, actor, "列表") })
}

// TipAudit returns the audit trail of one report (0: actions on no single
// report), oldest first.
func (s *Store) TipAudit(ctx context.Context, tipID int64) ([]safetybot.TipAuditEntry, error) {
	return list(ctx, s.q, "SELECT COALESCE(tip_id, 0), at, actor, action FROM tip_audit WHERE COALESCE(tip_id, 0) = ? ORDER BY id",
		func(r scanner) (e safetybot.TipAuditEntry, err error) {
			err = r.Scan(&e.TipID, &e.At, &e.Actor, &e.Action)
			return e, err
		}, tipID)
}

// ChangeTip loads report id inside a write transaction and lets fn decide
// the change (mutating t); the row, any reply or new hazard, and the audit
// row are written atomically. fn returning an error changes nothing.
func (s *Store) ChangeTip(ctx context.Context, id int64, actor string, fn func(t *safetybot.Tip) (safetybot.TipChange, error)) (*safetybot.Tip, error) {
	now := s.now()
	var t *safetybot.Tip
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if t, err = tipWhere(ctx, tx, "id = ?", id, noTip(id)); err != nil {
			return err
		}
		ch, err := fn(t)
		if err != nil {
			return err
		}
		if ch.Hazard != nil {
			ch.Hazard.Source, ch.Hazard.Reporter = safetybot.SourceTip, ""
			if err := s.createHazardTx(ctx, tx, now, ch.Hazard, actor, ch.HazardNotes); err != nil {
				return err
			}
			t.HazardNumber = ch.Hazard.Number
		}
		if t.Status.Closed() && t.ClosedDay == "" {
			t.ClosedDay = safetybot.DateOf(now)
		}
		_, err = tx.ExecContext(ctx, `UPDATE tips SET status = ?, hazard_number = ?, decline_reason = ?,
			reward_yuan = ?, reward_status = ?, new_info = ?, closed_day = ? WHERE id = ?`,
			t.Status, nullIfEmpty(t.HazardNumber), t.DeclineReason, t.RewardYuan, nullIfEmpty(string(t.Reward)), t.NewInfo,
			nullIfEmpty(string(t.ClosedDay)), t.ID)
		if err != nil {
			return err
		}
		if ch.Reply != "" {
			day := safetybot.DateOf(now)
			if err := addTipMessage(ctx, tx, t.ID, day, true, ch.Reply); err != nil {
				return err
			}
			t.Messages = append(t.Messages, safetybot.TipMessage{Day: day, FromHandler: true, Body: ch.Reply})
		}
		return s.audit(ctx, tx, t.ID, actor, ch.Action)
	})
	return t, err
}

// PurgeClosedTips deletes the reports closed before cutoff with their
// messages, photos and audit rows, truncates the WAL and returns how many it
// deleted (safetybot.TipService).
func (s *Store) PurgeClosedTips(ctx context.Context, cutoff safetybot.Date) (int, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) (err error) {
		sel := "SELECT id FROM tips WHERE status IN (?, ?) AND closed_day <> '' AND closed_day < ?"
		args := []any{safetybot.TipDeclined, safetybot.TipClosed, cutoff}
		// (the foreign keys cascade too; deleting here does not rely on them)
		for _, table := range []string{"tip_messages", "tip_photos", "tip_audit"} {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE tip_id IN ("+sel+")", args...); err != nil {
				return err
			}
		}
		n, err = affected(tx.ExecContext(ctx, "DELETE FROM tips WHERE id IN ("+sel+")", args...))
		return err
	})
	if err != nil || n == 0 {
		return int(n), err
	}
	_, err = s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return int(n), err
}

// The one rule of which reports count as verified
// (safetybot.Tip.CountsVerified), in SQL over tips aliased t: verified
// (tipVerifiedSQL), and not verified into a hazard since rejected
// (tipHazardRejectedSQL).
const (
	tipVerifiedSQL = "(t.status IN ('" + string(safetybot.TipVerified) + "', '" + string(safetybot.TipClosed) + "') OR COALESCE(t.hazard_number, '') <> '')"
	// hazards.number is unique, so this is one index probe per report.
	tipHazardRejectedSQL = "EXISTS (SELECT 1 FROM hazards h WHERE h.number = t.hazard_number AND h.status = '" + string(safetybot.StatusRejected) + "')"
)

// tipColumns are a report's columns, over tips aliased t; scanTip reads them.
const tipColumns = "t.id, t.day, t.body, t.status, t.hazard_number, t.decline_reason, t.reward_yuan, t.reward_status, t.new_info, t.closed_day, " +
	tipHazardRejectedSQL + ", (SELECT count(*) FROM tip_photos p WHERE p.tip_id = t.id)"

func scanTip(r scanner) (*safetybot.Tip, error) {
	var t safetybot.Tip
	err := r.Scan(&t.ID, &t.Day, &t.Body, &t.Status, (*nullText)(&t.HazardNumber), &t.DeclineReason, &t.RewardYuan,
		(*nullText)(&t.Reward), &t.NewInfo, (*nullText)(&t.ClosedDay), &t.HazardRejected, &t.Photos) // NULL: none
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// tipWhere returns the report that where (with arg) finds, with its
// messages; missing is the error when there is none.
func tipWhere(ctx context.Context, q reader, where string, arg any, missing error) (*safetybot.Tip, error) {
	t, err := scanTip(q.QueryRowContext(ctx, "SELECT "+tipColumns+" FROM tips t WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, missing
	}
	if err != nil {
		return nil, err
	}
	t.Messages, err = list(ctx, q, "SELECT day, from_handler, body FROM tip_messages WHERE tip_id = ? ORDER BY seq",
		func(r scanner) (m safetybot.TipMessage, err error) {
			err = r.Scan(&m.Day, &m.FromHandler, &m.Body)
			return m, err
		}, t.ID)
	return t, err
}

func addTipMessage(ctx context.Context, tx *sql.Tx, tipID int64, day safetybot.Date, fromHandler bool, body string) error {
	// A random row id: sequential ids would order additions against handler
	// replies, whose audited times are exact.
	n, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	_, err := tx.ExecContext(ctx, `INSERT INTO tip_messages (id, tip_id, seq, day, from_handler, body)
		VALUES (?, ?, (SELECT COALESCE(max(seq), 0) + 1 FROM tip_messages WHERE tip_id = ?), ?, ?, ?)`,
		n.Int64()+1, tipID, tipID, day, fromHandler, body)
	return err
}

func (s *Store) audit(ctx context.Context, tx *sql.Tx, tipID int64, actor, action string) error {
	var id any
	if tipID != 0 {
		id = tipID
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO tip_audit (tip_id, at, actor, action) VALUES (?, ?, ?, ?)",
		id, ms(s.now()), actor, action)
	return err
}

// TipsBetween counts the reports received from day from to day to, both
// included. Reports deleted by the retention purge are no longer counted.
func (s *Store) TipsBetween(ctx context.Context, from, to safetybot.Date) (safetybot.TipYear, error) {
	var t safetybot.TipYear
	// A report verified into a hazard that was then rejected is not counted
	// as verified (属实): the ledger says it was not a hazard.
	err := s.q.QueryRowContext(ctx, `SELECT count(*),
		COALESCE(sum(t.status = ?), 0),
		COALESCE(sum(`+tipVerifiedSQL+` AND NOT `+tipHazardRejectedSQL+`), 0),
		COALESCE(sum(`+tipVerifiedSQL+` AND `+tipHazardRejectedSQL+`), 0),
		COALESCE(sum(t.reward_status = ?), 0),
		COALESCE(sum(CASE WHEN t.reward_status = ? THEN t.reward_yuan ELSE 0 END), 0)
		FROM tips t WHERE t.day >= ? AND t.day <= ?`,
		safetybot.TipDeclined, safetybot.RewardPaid, safetybot.RewardPaid, from, to).Scan(&t.Received, &t.Declined, &t.Verified, &t.VerifiedRejected, &t.Rewarded, &t.PaidYuan)
	return t, err
}

// TipsOfHazard returns the ids of the reports verified into hazard number,
// oldest first; nothing is read of them, so nothing is audited.
func (s *Store) TipsOfHazard(ctx context.Context, number string) ([]int64, error) {
	return list(ctx, s.q, "SELECT id FROM tips WHERE hazard_number = ? ORDER BY day, id", scanValue[int64], number)
}
