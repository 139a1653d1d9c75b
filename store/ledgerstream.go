package store

import (
	"context"
	"database/sql"
	"strings"

	"safetybot"
)

// EachLedgerHazard calls fn with each hazard of year and domain (zero
// values do not filter), oldest first, with its audit events in order,
// reading one row at a time: the ledger export holds one hazard at a time
// however large the ledger grows. fn's error stops the walk and is
// returned; evs is fn's to keep.
func (s *Store) EachLedgerHazard(ctx context.Context, year int, domain string, fn func(h *safetybot.Hazard, evs []safetybot.HazardEvent) error) error {
	cols := strings.Split(hazardColumns, ",")
	for i, c := range cols {
		cols[i] = "h." + strings.TrimSpace(c)
	}
	q := "SELECT " + strings.Join(cols, ", ") + `, e.id, e.at, e.actor, e.action, e.note, e.from_status, e.to_status, e.undone
		FROM hazards h LEFT JOIN hazard_events e ON e.hazard_id = h.id WHERE 1 = 1`
	q, args := ledgerWhere(q, year, domain)
	var cur *safetybot.Hazard
	var evs []safetybot.HazardEvent
	flush := func() error {
		if cur == nil {
			return nil
		}
		return fn(cur, evs)
	}
	err := s.each(ctx, q, func(r scanner) error {
		var evID, at sql.NullInt64
		var actor, action, note, from, to sql.NullString
		var undone sql.NullBool
		h, err := scanHazard(withExtra{r, []any{&evID, &at, &actor, &action, &note, &from, &to, &undone}})
		if err != nil {
			return err
		}
		if cur == nil || h.ID != cur.ID {
			if err := flush(); err != nil {
				return err
			}
			cur, evs = h, nil
		}
		if evID.Valid {
			evs = append(evs, safetybot.HazardEvent{HazardID: h.ID, At: fromMS(at.Int64), Actor: actor.String, Action: action.String,
				Note: note.String, FromStatus: safetybot.Status(from.String), ToStatus: safetybot.Status(to.String), Undone: undone.Bool})
		}
		return nil
	}, args...)
	if err != nil {
		return err
	}
	return flush()
}

// withExtra scans a row's leading columns into what the caller asks for
// and the rest into extra.
type withExtra struct {
	scanner
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.scanner.Scan(append(dest, w.extra...)...) }

// EachHazardEvent calls fn with each audit event of the hazards of year
// and domain (zero values do not filter), by hazard then in order, one row
// at a time. fn's error stops the walk and is returned.
func (s *Store) EachHazardEvent(ctx context.Context, year int, domain string, fn func(safetybot.LedgerEvent) error) error {
	q := `SELECT h.id, h.number, e.at, e.actor, e.action, e.note, e.from_status, e.to_status, e.undone
		FROM hazard_events e JOIN hazards h ON h.id = e.hazard_id WHERE 1 = 1`
	q, args := ledgerWhere(q, year, domain)
	return s.each(ctx, q, func(r scanner) error {
		var ev safetybot.LedgerEvent
		var at int64
		var from, to sql.NullString // NULL: none
		if err := r.Scan(&ev.HazardID, &ev.Number, &at, &ev.Actor, &ev.Action, &ev.Note, &from, &to, &ev.Undone); err != nil {
			return err
		}
		ev.At, ev.FromStatus, ev.ToStatus = fromMS(at), safetybot.Status(from.String), safetybot.Status(to.String)
		return fn(ev)
	}, args...)
}

// ledgerWhere narrows a ledger query over hazards h (and events e) to year
// and domain (zero values do not filter), ordered by hazard then event.
func ledgerWhere(q string, year int, domain string) (string, []any) {
	var args []any
	if year != 0 {
		q += " AND h.year = ?"
		args = append(args, year)
	}
	if domain != "" {
		q += " AND h.domain = ?"
		args = append(args, domain)
	}
	return q + " ORDER BY h.id, e.id", args
}
