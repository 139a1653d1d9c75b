package store

import (
	"context"
	"database/sql"
	"strings"

	"safetybot"
)

// EachLedgerHazard calls fn with each hazard matching f and its events,
// one joined row at a time (safetybot.HazardService).
func (s *Store) EachLedgerHazard(ctx context.Context, f safetybot.HazardFilter, fn func(h *safetybot.Hazard, evs []safetybot.HazardEvent) error) error {
	cols := strings.Split(hazardColumns, ",")
	for i, c := range cols {
		cols[i] = "h." + strings.TrimSpace(c)
	}
	q := "SELECT " + strings.Join(cols, ", ") + `, e.id, e.at, e.actor, e.action, e.note, e.from_status, e.to_status, e.undone
		FROM hazards h LEFT JOIN hazard_events e ON e.hazard_id = h.id WHERE 1 = 1`
	q, args := ledgerWhere(q, f)
	var cur *safetybot.Hazard
	var evs []safetybot.HazardEvent
	flush := func() error {
		if cur == nil {
			return nil
		}
		return fn(cur, evs)
	}
	err := s.each(ctx, q, func(r scanner) error {
		// The event's columns are NULL for a hazard without events.
		var ev safetybot.HazardEvent
		var evID sql.NullInt64
		var undone sql.NullBool
		h, err := scanHazard(withExtra{r, []any{&evID, (*msTime)(&ev.At), (*nullText)(&ev.Actor), (*nullText)(&ev.Action),
			(*nullText)(&ev.Note), (*nullText)(&ev.FromStatus), (*nullText)(&ev.ToStatus), &undone}})
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
			ev.HazardID, ev.Undone = h.ID, undone.Bool
			evs = append(evs, ev)
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

// EachHazardEvent calls fn with each audit event of the hazards matching
// f, by hazard then in order, one row at a time. fn's error stops the walk
// and is returned.
func (s *Store) EachHazardEvent(ctx context.Context, f safetybot.HazardFilter, fn func(safetybot.LedgerEvent) error) error {
	q := `SELECT h.id, h.number, e.at, e.actor, e.action, e.note, e.from_status, e.to_status, e.undone
		FROM hazard_events e JOIN hazards h ON h.id = e.hazard_id WHERE 1 = 1`
	q, args := ledgerWhere(q, f)
	return s.each(ctx, q, func(r scanner) error {
		var ev safetybot.LedgerEvent
		if err := r.Scan(&ev.HazardID, &ev.Number, (*msTime)(&ev.At), &ev.Actor, &ev.Action, &ev.Note,
			(*nullText)(&ev.FromStatus), (*nullText)(&ev.ToStatus), &ev.Undone); err != nil { // statuses: NULL for none
			return err
		}
		return fn(ev)
	}, args...)
}

// ledgerWhere narrows a ledger query over hazards h (and events e) to the
// hazards matching f, ordered by hazard then event. The filter is the
// list's own (hazardWhere), tested on hazards in a subquery, so its
// unqualified columns cannot meet the events'.
func ledgerWhere(q string, f safetybot.HazardFilter) (string, []any) {
	f.Order, f.Limit, f.Offset = safetybot.OrderNewest, 0, 0
	where, args := hazardWhere(f)
	if len(where) > 0 {
		q += " AND h.id IN (SELECT id FROM hazards WHERE " + strings.Join(where, " AND ") + ")"
	}
	return q + " ORDER BY h.id, e.id", args
}

// HazardEvents lists the audit events of the hazards matching f, by
// hazard then in order.
func (s *Store) HazardEvents(ctx context.Context, f safetybot.HazardFilter) ([]safetybot.LedgerEvent, error) {
	var out []safetybot.LedgerEvent
	err := s.EachHazardEvent(ctx, f, func(ev safetybot.LedgerEvent) error {
		out = append(out, ev)
		return nil
	})
	return out, err
}
