package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"safetybot"
)

// CreateHazard registers h, allocating its number from the per-year sequence
// (no COUNT(*) on the hot path), and writes the 上报 event and notes in the
// same transaction. h.ID, h.Number, h.Status and the times are filled in.
func (s *Store) CreateHazard(ctx context.Context, h *safetybot.Hazard, actor string, notes func(*safetybot.Hazard) []safetybot.Notification) error {
	now := s.now()
	return s.write(ctx, func(tx *sql.Tx) error { return s.createHazardTx(ctx, tx, now, h, actor, notes) })
}

// createHazardTx is CreateHazard inside a caller's transaction (a report
// verified into the ledger creates its hazard atomically with the report's
// change).
func (s *Store) createHazardTx(ctx context.Context, tx *sql.Tx, now time.Time, h *safetybot.Hazard, actor string, notes func(*safetybot.Hazard) []safetybot.Notification) error {
	year := now.In(safetybot.Shanghai).Year()
	var seq int
	err := tx.QueryRowContext(ctx, `INSERT INTO hazard_seq (year, last) VALUES (?, 1)
		ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last`, year).Scan(&seq)
	if err != nil {
		return err
	}
	h.Number = fmt.Sprintf("YH%d-%04d", year, seq)
	if h.Status == "" {
		h.Status = safetybot.StatusPending
	}
	h.FoundAt, h.UpdatedAt = now, now
	res, err := tx.ExecContext(ctx, `INSERT INTO hazards (number, year, description, unit, domain, location,
		grade, source, status, reporter, assignee, deadline, confirmed, found_at, updated_at,
		cause, basis, measures, funds, interim, supervision, halted)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		h.Number, year, h.Description, nullIfEmpty(h.Unit), nullIfEmpty(h.Domain), nullIfEmpty(h.Location), h.Grade,
		nullIfEmpty(h.Source), h.Status, nullIfEmpty(h.Reporter), nullIfEmpty(h.Assignee), nullIfEmpty(string(h.Deadline)),
		h.Confirmed, ms(now), ms(now),
		h.Cause, h.Basis, h.Measures, h.Funds, h.Interim, h.Supervision, answerValue(h.Halted))
	if err != nil {
		return err
	}
	if h.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	ev := safetybot.HazardEvent{Action: "上报", Note: h.Description, ToStatus: h.Status}
	if err := insertEvent(ctx, tx, h.ID, actor, now, ev, ""); err != nil {
		return err
	}
	if notes != nil {
		return queue(ctx, tx, now, notes(h)...)
	}
	return nil
}

// ChangeHazard loads the hazard by number inside a write transaction and
// lets fn decide the change (mutating h); the row, the audit event and the
// notifications are then written atomically. fn returning an error changes
// nothing.
func (s *Store) ChangeHazard(ctx context.Context, number, actor string, fn func(h *safetybot.Hazard) (safetybot.HazardChange, error)) (*safetybot.Hazard, error) {
	now := s.now()
	var h *safetybot.Hazard
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if h, err = hazardByNumber(ctx, tx, number); err != nil {
			return err
		}
		if h.Moved, err = lastMove(ctx, tx, h.ID); err != nil {
			return err
		}
		before := *h
		ch, err := fn(h)
		if err != nil {
			return err
		}
		if h.Status == safetybot.StatusClosed && h.ClosedAt.IsZero() {
			h.ClosedAt = now
		}
		prior := ""
		if changed(&before, h) {
			if prior, err = encodePrior(&before); err != nil {
				return err
			}
		}
		return saveChange(ctx, tx, h, actor, now, before.Status, ch, prior)
	})
	return h, err
}

// lastMove is the newest event of hazard id that changed its status and
// was not undone (safetybot.Hazard.Moved); zero when there is none. It
// reads the hazard's events newest first (hazard_events_hazard) and stops
// at the first, so its cost grows with the progress notes since the last
// change of status (tens on a real hazard): about 30 allocations and 1 KB
// per change, its time lost in the commit's.
func lastMove(ctx context.Context, tx *sql.Tx, id int64) (safetybot.HazardEvent, error) {
	ev := safetybot.HazardEvent{HazardID: id}
	err := tx.QueryRowContext(ctx, `SELECT at, actor, action, note, from_status, to_status FROM hazard_events
		WHERE hazard_id = ? AND undone = 0 AND from_status <> to_status ORDER BY id DESC LIMIT 1`, id).Scan(
		(*msTime)(&ev.At), &ev.Actor, &ev.Action, &ev.Note, (*nullText)(&ev.FromStatus), (*nullText)(&ev.ToStatus))
	if errors.Is(err, sql.ErrNoRows) {
		return safetybot.HazardEvent{}, nil
	}
	return ev, err
}

// saveChange writes the changed h, ch's event (from status from to h's,
// with the prior that undoes it, "" for none) and ch's notes.
func saveChange(ctx context.Context, tx *sql.Tx, h *safetybot.Hazard, actor string, now time.Time,
	from safetybot.Status, ch safetybot.HazardChange, prior string) error {
	if err := updateHazard(ctx, tx, h, now); err != nil {
		return err
	}
	ch.Event.FromStatus, ch.Event.ToStatus = from, h.Status
	if err := insertEvent(ctx, tx, h.ID, actor, now, ch.Event, prior); err != nil {
		return err
	}
	return queue(ctx, tx, now, ch.Notes...)
}

// Hazard returns one hazard and its history, oldest first.
func (s *Store) Hazard(ctx context.Context, number string) (*safetybot.Hazard, []safetybot.HazardEvent, error) {
	h, err := hazardByNumber(ctx, s.q, number)
	if err != nil {
		return nil, nil, err
	}
	evs, err := list(ctx, s.q, `SELECT at, actor, action, note, from_status, to_status, undone
		FROM hazard_events WHERE hazard_id = ? ORDER BY id`, func(r scanner) (ev safetybot.HazardEvent, err error) {
		ev.HazardID = h.ID
		err = r.Scan((*msTime)(&ev.At), &ev.Actor, &ev.Action, &ev.Note, (*nullText)(&ev.FromStatus), (*nullText)(&ev.ToStatus), &ev.Undone)
		return ev, err
	}, h.ID)
	if err != nil {
		return nil, nil, err
	}
	return h, evs, nil
}

// urgencySQL is safetybot.OrderUrgency as SQL: the expressions of
// hazards_urgency (migration 0028), written the same way so the index
// serves it. A deadline is NULL when there is none (0025).
const urgencySQL = "status IN ('已销号', '已驳回'), grade <> '重大', deadline IS NULL, deadline, id DESC"

// hazardWhere is f's filters as SQL conditions and their arguments.
func hazardWhere(f safetybot.HazardFilter) ([]string, []any) {
	var where []string
	var args []any
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	// In order of urgency, a domain or a year is tested on the rows of
	// hazards_urgency read in order (the unary + keeps SQLite off their own
	// indexes): a page of a domain reads about a page per share of the
	// ledger, where the domain's index would sort every hazard of it.
	plus := ""
	if f.Order == safetybot.OrderUrgency {
		plus = "+"
	}
	if f.Domain != "" {
		add(plus+"domain = ?", f.Domain)
	}
	if f.Status != "" {
		add("status = ?", f.Status)
	}
	if f.Grade != "" {
		add("grade = ?", f.Grade)
	}
	if f.Assignee != "" {
		add("assignee = ?", f.Assignee)
	}
	if f.Year != 0 {
		add(plus+"year = ?", f.Year)
	}
	// The plain forms, not those of hazards_urgency's expressions: with
	// them SQLite reads that index in order (OrderUrgency) or the table
	// newest first (OrderNewest) and stops at the limit, where an equality
	// on the index's first expression would make it sort the whole range.
	if f.OpenOnly || f.Overdue {
		where = append(where, openSQL)
	}
	if f.Overdue {
		add("deadline IS NOT NULL AND deadline < ?", f.Today)
	}
	if f.Keyword != "" {
		cond, kargs := keywordWhere(f)
		where, args = append(where, cond), append(args, kargs...)
	}
	return where, args
}

// keywordWhere is f.Keyword as one SQL condition. instr, not LIKE: LIKE
// folds ASCII case and reads % and _ as wildcards, where the dashboard
// finds the keyword as typed (after safetybot.Fold). The sets go in as
// one JSON argument each, so every search is one of eight statements,
// whatever their sizes (stmtcache.go).
//
// A hazard number (YH2026-0001) and a userid are ASCII (a WeCom userid
// holds letters, digits and _-@., 通讯录 API doc 90195), so a keyword
// with any other character is not looked for in them: a search in Chinese
// tests three columns a row instead of five, about a third less CPU at
// 200,000 hazards (BenchmarkHazardListKeyword200k).
func keywordWhere(f safetybot.HazardFilter) (string, []any) {
	k := f.Keyword
	conds := []string{"instr(description, ?) > 0", "instr(unit, ?) > 0", "instr(location, ?) > 0"}
	args := []any{k, k, k}
	if safetybot.IsASCII(k) {
		conds = append(conds, "instr(number, ?) > 0", "instr(assignee, ?) > 0")
		args = append(args, strings.ToUpper(k), k)
	}
	if len(f.KeywordUnits) > 0 {
		conds = append(conds, "unit IN (SELECT value FROM json_each(?))")
		args = append(args, jsonList(f.KeywordUnits))
	}
	if len(f.KeywordAssignees) > 0 {
		conds = append(conds, "assignee IN (SELECT value FROM json_each(?))")
		args = append(args, jsonList(f.KeywordAssignees))
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// hazardSelect is the query of Hazards(f) and its arguments. The limit and
// offset are arguments, not text: every page of a list is one statement,
// prepared once (stmtcache.go caches statements by their text).
func hazardSelect(f safetybot.HazardFilter) (string, []any) {
	where, args := hazardWhere(f)
	q := "SELECT " + hazardColumns + " FROM hazards"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	switch {
	case f.Order == safetybot.OrderUrgency && f.Keyword != "":
		// The unary + keeps SQLite off hazards_urgency: walking it in
		// order, a rare keyword (a unit's hazards) cost a row look-up per
		// hazard, seconds at 200,000; a scan sorting only the matches
		// costs what the count does.
		q += " ORDER BY +" + urgencySQL
	case f.Order == safetybot.OrderUrgency:
		q += " ORDER BY " + urgencySQL
	default:
		q += " ORDER BY id DESC"
	}
	if f.Limit > 0 {
		q += " LIMIT ? OFFSET ?"
		args = append(args, f.Limit, max(f.Offset, 0))
	}
	return q, args
}

// Hazards lists hazards matching f, in f.Order.
func (s *Store) Hazards(ctx context.Context, f safetybot.HazardFilter) ([]*safetybot.Hazard, error) {
	var hs []*safetybot.Hazard
	err := s.EachHazard(ctx, f, func(h *safetybot.Hazard) error {
		hs = append(hs, h)
		return nil
	})
	return hs, err
}

// EachHazard calls fn with each hazard matching f, in f.Order, one row
// at a time: what it holds does not grow with the ledger. fn's error stops
// the walk and is returned.
func (s *Store) EachHazard(ctx context.Context, f safetybot.HazardFilter, fn func(*safetybot.Hazard) error) error {
	q, args := hazardSelect(f)
	return s.each(ctx, q, func(r scanner) error {
		h, err := scanHazard(r)
		if err != nil {
			return err
		}
		return fn(h)
	}, args...)
}

const hazardColumns = `id, number, description, unit, domain, location, grade, source, status,
	reporter, assignee, deadline, confirmed, found_at, closed_at, updated_at,
	cause, basis, measures, funds, interim, supervision, halted`

type scanner interface{ Scan(dest ...any) error }

func hazardByNumber(ctx context.Context, q reader, number string) (*safetybot.Hazard, error) {
	h, err := scanHazard(q.QueryRowContext(ctx, "SELECT "+hazardColumns+" FROM hazards WHERE number = ?", number))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, safetybot.Errorf(safetybot.ENOTFOUND, "没有编号为 %s 的隐患。发送「隐患」查看隐患清单。", number)
	}
	return h, err
}

func scanHazard(row scanner) (*safetybot.Hazard, error) {
	var h safetybot.Hazard
	var grade, status string
	// NULL is none (migrations 0025, 0030), read as the domain's "": unit,
	// domain, location, source, reporter, assignee, deadline. One array, so
	// one allocation for the seven (each variable escapes on its own).
	var n [7]sql.NullString
	var closed sql.NullInt64 // NULL: not closed
	var halted sql.NullBool  // NULL: not recorded (0032)
	var found, updated int64
	err := row.Scan(&h.ID, &h.Number, &h.Description, &n[0], &n[1], &n[2], &grade, &n[3],
		&status, &n[4], &n[5], &n[6], &h.Confirmed, &found, &closed, &updated,
		&h.Cause, &h.Basis, &h.Measures, &h.Funds, &h.Interim, &h.Supervision, &halted)
	if err != nil {
		return nil, err
	}
	if halted.Valid {
		h.Halted = safetybot.AnswerOf(halted.Bool)
	}
	h.Unit, h.Domain, h.Location, h.Source, h.Reporter = n[0].String, n[1].String, n[2].String, n[3].String, n[4].String
	h.Grade, h.Status, h.Assignee, h.Deadline = safetybot.Grade(grade), safetybot.Status(status), n[5].String, safetybot.Date(n[6].String)
	h.FoundAt, h.ClosedAt, h.UpdatedAt = fromMS(found), fromMS(closed.Int64), fromMS(updated)
	return &h, nil
}

// insertEvent writes one line of a hazard's trail; prior is the hazard as
// it was before the change (encodePrior), "" for an event that altered
// nothing or cannot be undone.
func insertEvent(ctx context.Context, tx *sql.Tx, hazardID int64, actor string, at time.Time, ev safetybot.HazardEvent, prior string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO hazard_events (hazard_id, at, actor, action, note, from_status, to_status, prior)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, hazardID, ms(at), actor, ev.Action, ev.Note,
		nullIfEmpty(string(ev.FromStatus)), nullIfEmpty(string(ev.ToStatus)), prior)
	return err
}

// updateHazard writes every field a change may alter.
func updateHazard(ctx context.Context, tx *sql.Tx, h *safetybot.Hazard, now time.Time) error {
	h.UpdatedAt = now
	_, err := tx.ExecContext(ctx, `UPDATE hazards SET description = ?, unit = ?, domain = ?, location = ?,
		grade = ?, source = ?, status = ?, assignee = ?, deadline = ?, confirmed = ?, closed_at = ?, updated_at = ?,
		cause = ?, basis = ?, measures = ?, funds = ?, interim = ?, supervision = ?, halted = ?
		WHERE id = ?`, h.Description, nullIfEmpty(h.Unit), nullIfEmpty(h.Domain), nullIfEmpty(h.Location), h.Grade, nullIfEmpty(h.Source), h.Status, nullIfEmpty(h.Assignee),
		nullIfEmpty(string(h.Deadline)), h.Confirmed, msOrNull(h.ClosedAt), ms(now),
		h.Cause, h.Basis, h.Measures, h.Funds, h.Interim, h.Supervision, answerValue(h.Halted), h.ID)
	return err
}

// answerValue is a 是/否 as the column holds it: 1, 0, or NULL when not
// given (0032).
func answerValue(a safetybot.Answer) any {
	switch a {
	case safetybot.AnswerYes:
		return 1
	case safetybot.AnswerNo:
		return 0
	}
	return nil
}

// msOrZero is t in Unix ms, 0 for the zero time (a prior's JSON).
func msOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}

// msOrNull is t in Unix ms for a nullable column: NULL for the zero time.
func msOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ms(t)
}

// nullIfEmpty is s for a nullable column, where "none" is NULL, not empty text.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// HazardCounts groups the ledger by status and grade (from the tally of
// migration 0028, not a scan of the hazards).
func (s *Store) HazardCounts(ctx context.Context) ([]safetybot.HazardCount, error) {
	return list(ctx, s.q, "SELECT status, grade, sum(n) FROM hazard_tally GROUP BY status, grade HAVING sum(n) > 0 ORDER BY status, grade",
		func(r scanner) (c safetybot.HazardCount, err error) {
			err = r.Scan(&c.Status, &c.Grade, &c.N)
			return c, err
		})
}

// ReportHazard is CreateHazard for a 上报 from chat, refused with ELIMIT
// when h.Reporter already registered lim.PerHour hazards in this clock hour,
// or lim.LoudPerHour that told the leaders when loud is true. The count is
// one row of report_counts bumped in the report's own write transaction,
// one statement that returns the counts after it: over a limit, the error
// rolls the bump back with the rest. Parallel reports cannot slip past the
// limit together, and the cost does not grow with what a reporter
// registered before.
func (s *Store) ReportHazard(ctx context.Context, h *safetybot.Hazard, lim safetybot.ReportLimits, loud bool, notes func(*safetybot.Hazard) []safetybot.Notification) error {
	now := s.now()
	hour := now.Unix() / 3600
	return s.write(ctx, func(tx *sql.Tx) error {
		var n, major int
		if err := tx.QueryRowContext(ctx, `INSERT INTO report_counts (reporter, hour, n, loud) VALUES (?, ?, 1, ?)
			ON CONFLICT (reporter, hour) DO UPDATE SET n = n + 1, loud = loud + excluded.loud
			RETURNING n, loud`, h.Reporter, hour, loud).Scan(&n, &major); err != nil {
			return err
		}
		n-- // the counts before this report
		if loud {
			major--
		}
		if n >= lim.PerHour {
			return safetybot.Errorf(safetybot.ELIMIT, "您 1 小时内已上报 %d 条隐患，达到上限，这一条未登记。请稍后再报；如需集中登记大量隐患，请联系管理员。", n)
		}
		if loud && major >= lim.LoudPerHour {
			return safetybot.Errorf(safetybot.ELIMIT, "您 1 小时内已上报 %d 条重大（或可能重大）隐患，达到上限，这一条未登记。如情况属实，请直接电话报告领导，或稍后再报。", major)
		}
		return s.createHazardTx(ctx, tx, now, h, h.Reporter, notes)
	})
}
