package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"safetybot"
)

// priorFields is the part of a hazard a change may alter, as kept with the
// event that altered it so 撤销 can put it back.
type priorFields struct {
	Description, Unit, Domain, Location string
	Grade                               safetybot.Grade
	Status                              safetybot.Status
	Assignee                            string
	Deadline                            safetybot.Date
	Confirmed                           bool
	ClosedAt                            int64 // ms, 0 while open
	Cause, Basis, Measures, Funds       string
	Interim, Supervision                string
	Halted                              priorAnswer
	// Source is the 发现来源, which 修改 may fill in; HasSource is false in
	// priors written before it could (QA7b #1), whose source is unchanged
	// since, so 撤销 leaves it as it is.
	Source    string
	HasSource bool
}

func priorOf(h *safetybot.Hazard) priorFields {
	return priorFields{h.Description, h.Unit, h.Domain, h.Location, h.Grade, h.Status, h.Assignee, h.Deadline,
		h.Confirmed, msOrZero(h.ClosedAt), h.Cause, h.Basis, h.Measures, h.Funds, h.Interim, h.Supervision, priorAnswer(h.Halted), h.Source, true}
}

// changed reports whether a change altered any field 撤销 could restore.
func changed(before, after *safetybot.Hazard) bool { return priorOf(before) != priorOf(after) }

func encodePrior(h *safetybot.Hazard) (string, error) {
	b, err := json.Marshal(priorOf(h))
	return string(b), err
}

// restore puts the fields of p back into h; identity, reporter and found
// time never change.
func (p priorFields) restore(h *safetybot.Hazard) {
	h.Description, h.Unit, h.Domain, h.Location = p.Description, p.Unit, p.Domain, p.Location
	h.Grade, h.Status, h.Assignee, h.Deadline, h.Confirmed = p.Grade, p.Status, p.Assignee, p.Deadline, p.Confirmed
	h.ClosedAt = time.Time{}
	if p.ClosedAt != 0 {
		h.ClosedAt = fromMS(p.ClosedAt)
	}
	h.Cause, h.Basis, h.Measures, h.Funds = p.Cause, p.Basis, p.Measures, p.Funds
	h.Interim, h.Supervision, h.Halted = p.Interim, p.Supervision, safetybot.Answer(p.Halted)
	if p.HasSource {
		h.Source = p.Source
	}
}

// priorAnswer is a prior's 是否停产停业. Priors written before migration
// 0032 hold it as a JSON bool, where false was also "not recorded": true
// reads as 是, false as not recorded, as 0032 reads a 0 it has no note for.
type priorAnswer safetybot.Answer

func (a *priorAnswer) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "true":
		*a = priorAnswer(safetybot.AnswerYes)
	case "false", "null":
		*a = priorAnswer(safetybot.AnswerNone)
	default:
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*a = priorAnswer(s)
	}
	return nil
}

// UndoHazard takes back the newest change to a hazard not yet undone (撤销),
// in one transaction; ENOTFOUND when there is none (safetybot.HazardService
// gives the rules).
func (s *Store) UndoHazard(ctx context.Context, number, actor string, fn func(h *safetybot.Hazard, last safetybot.LastChange) (safetybot.HazardChange, error)) (*safetybot.Hazard, error) {
	now := s.now()
	var h *safetybot.Hazard
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if h, err = hazardByNumber(ctx, tx, number); err != nil {
			return err
		}
		var id int64
		var prior string
		last := safetybot.LastChange{Event: safetybot.HazardEvent{HazardID: h.ID}}
		ev := &last.Event
		err = tx.QueryRowContext(ctx, `SELECT id, at, actor, action, note, from_status, to_status, prior FROM hazard_events
			WHERE hazard_id = ? AND prior <> '' AND undone = 0 ORDER BY id DESC LIMIT 1`, h.ID).Scan(&id, (*msTime)(&ev.At),
			&ev.Actor, &ev.Action, &ev.Note, (*nullText)(&ev.FromStatus), (*nullText)(&ev.ToStatus), &prior) // statuses: NULL for none
		if errors.Is(err, sql.ErrNoRows) {
			return safetybot.Errorf(safetybot.ENOTFOUND, "隐患 %s 没有可撤销的变更（上报本身不能撤销；误报请工作人员「驳回」）。", number)
		}
		if err != nil {
			return err
		}
		var p priorFields
		if err := json.Unmarshal([]byte(prior), &p); err != nil {
			return err
		}
		last.Prior = *h
		p.restore(&last.Prior)
		ch, err := fn(h, last)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE hazard_events SET undone = 1 WHERE id = ?", id); err != nil {
			return err
		}
		from := h.Status
		p.restore(h)
		return saveChange(ctx, tx, h, actor, now, from, ch, "")
	})
	return h, err
}

// UndoDuty moves the newest record of duty in period by actor (anyone's
// when anyone) to duty_records_undone and returns it; ENOTFOUND when there
// is none (完成 撤销, safetybot.DutyService).
func (s *Store) UndoDuty(ctx context.Context, duty, period, actor string, anyone bool) (safetybot.DutyRecord, error) {
	now := s.now()
	var rec safetybot.DutyRecord
	err := s.write(ctx, func(tx *sql.Tx) error {
		var id, at int64
		q := "SELECT id, duty, period, COALESCE(unit, ''), note, actor, at, COALESCE(done_on, '') FROM duty_records WHERE duty = ? AND period = ? AND (actor = ? OR ?) ORDER BY id DESC LIMIT 1"
		err := tx.QueryRowContext(ctx, q, duty, period, actor, anyone).Scan(&id, &rec.Duty, &rec.Period, &rec.Unit, &rec.Note, &rec.Actor, &at, &rec.On)
		if errors.Is(err, sql.ErrNoRows) {
			if anyone {
				return safetybot.Errorf(safetybot.ENOTFOUND, "本期没有这项职责的完成记录，无需撤销。")
			}
			return safetybot.Errorf(safetybot.ENOTFOUND, "本期没有您登记的这项完成记录，无需撤销（管理员可撤销任何人的登记）。")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO duty_records_undone (duty, period, unit, note, actor, at, undone_by, undone_at, done_on)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, rec.Duty, rec.Period, nullIfEmpty(rec.Unit), rec.Note, rec.Actor, at, actor, ms(now),
			nullIfEmpty(string(rec.On))); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM duty_records WHERE id = ?", id)
		return err
	})
	return rec, err
}
