package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"
)

// each runs query on q and calls fn for every row.
func each(ctx context.Context, q reader, query string, fn func(scanner) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// each runs query on the store's reader: the pool, or a View's snapshot.
func (s *Store) each(ctx context.Context, query string, fn func(scanner) error, args ...any) error {
	return each(ctx, s.q, query, fn, args...)
}

// list returns one value per row, as scan reads it; nil for no rows.
func list[T any](ctx context.Context, q reader, query string, scan func(scanner) (T, error), args ...any) ([]T, error) {
	var out []T
	err := each(ctx, q, query, func(r scanner) error {
		v, err := scan(r)
		out = append(out, v)
		return err
	}, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// one returns the one value a one-row, one-column query reads.
func one[T any](ctx context.Context, q reader, query string, args ...any) (v T, err error) {
	err = q.QueryRowContext(ctx, query, args...).Scan(&v)
	return v, err
}

// msTime scans a Unix-ms column into a time.Time: NULL or 0 (none) is the
// zero time, as with fromMS.
type msTime time.Time

func (t *msTime) Scan(v any) error {
	var n sql.NullInt64
	err := n.Scan(v)
	*t = msTime(fromMS(n.Int64))
	return err
}

// nullText scans a TEXT column where none is NULL into a string type: "".
type nullText string

func (t *nullText) Scan(v any) error {
	var s sql.NullString
	err := s.Scan(v)
	*t = nullText(s.String)
	return err
}

// jsonList is v as a JSON array for a json_each or a JSON column: a nil
// slice is "[]", not json.Marshal's "null".
func jsonList[T any](v []T) string {
	if v == nil {
		return "[]"
	}
	b, _ := json.Marshal(v) // slices of ints and strings always encode
	return string(b)
}

// scanValue reads a one-column row, for list.
func scanValue[T any](r scanner) (v T, err error) {
	err = r.Scan(&v)
	return v, err
}

// affected is the number of rows a statement changed, or its error:
// n, err := affected(tx.ExecContext(…)).
func affected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// execFirst runs a statement that changes at most one row and reports
// whether it did: the caller was the first to take the step.
func execFirst(ctx context.Context, tx *sql.Tx, q string, args ...any) (bool, error) {
	n, err := affected(tx.ExecContext(ctx, q, args...))
	return n == 1, err
}

// exec runs one statement in a write transaction of its own and returns
// how many rows it changed.
func (s *Store) exec(ctx context.Context, query string, args ...any) (n int64, err error) {
	err = s.write(ctx, func(tx *sql.Tx) (err error) {
		n, err = affected(tx.ExecContext(ctx, query, args...))
		return err
	})
	return n, err
}
