package store

import (
	"context"
	"database/sql/driver"
	"strings"
)

// cachingConnector wraps the sqlite driver for the store's connections:
//
//   - On the writer (detach set), statements run without their caller's
//     cancellation. The committer runs
//     the writes of several callers in one transaction, and SQLite rolls back
//     the whole transaction when a statement in it is interrupted (which is
//     what the driver does when a statement's context ends). A caller whose
//     context ends still stops at its next statement: database/sql refuses to
//     start a statement on a done context, and its savepoint is rolled back.
//     It also saves the driver's watcher goroutine per statement.
//   - Single statements are prepared once per connection and reused (the
//     store runs the same few dozen statements all day), so SQL text is not
//     parsed again on every write or read. Measured end to end
//     (../shared/perf/run.sh, issue 12): without the cache on the writer a
//     callback costs 380 µs of CPU instead of 300 µs; on the readers too, a
//     callback's CPU fell from 309–322 µs to 279–286 µs.
type cachingConnector struct {
	inner  driver.Connector
	detach bool // run statements without the caller's context (the writer)
}

func (c cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	ic, ok := dc.(innerConn)
	if !ok { // not the driver this was written for: use it as it is
		return dc, nil
	}
	return &cachingConn{innerConn: ic, stmts: map[string]*cachedStmt{}, detach: c.detach}, nil
}

func (c cachingConnector) Driver() driver.Driver { return c.inner.Driver() }

// innerConn is what the sqlite driver's connection does; cachingConn passes
// on what it does not change.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.SessionResetter
	driver.Validator
	driver.Pinger
}

// maxCachedStmts bounds the cache; statements past it run unprepared.
const maxCachedStmts = 256

// innerStmt is what the sqlite driver's prepared statement does.
type innerStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

type cachedStmt struct {
	st   innerStmt
	busy bool // rows of it are open: a second use of the same text runs unprepared
}

// cachingConn is used by one goroutine at a time (database/sql holds the
// driver connection's lock around every call), so the cache needs no lock.
type cachingConn struct {
	innerConn
	stmts  map[string]*cachedStmt
	detach bool
}

// ctx is the context a statement runs under: none on the writer (see
// cachingConnector), the caller's on a reader.
func (c *cachingConn) ctx(ctx context.Context) context.Context {
	if c.detach {
		return context.Background()
	}
	return ctx
}

func (c *cachingConn) stmt(query string) *cachedStmt {
	if cs := c.stmts[query]; cs != nil {
		if cs.busy {
			return nil
		}
		return cs
	}
	// Scripts (migrations) and unusually long texts are not kept.
	if len(c.stmts) >= maxCachedStmts || len(query) > 2048 || strings.Contains(query, ";") {
		return nil
	}
	st, err := c.innerConn.PrepareContext(context.Background(), query)
	if err != nil {
		return nil // the unprepared path reports the error
	}
	is, ok := st.(innerStmt)
	if !ok {
		st.Close()
		return nil
	}
	cs := &cachedStmt{st: is}
	c.stmts[query] = cs
	return cs
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	ctx = c.ctx(ctx)
	if cs := c.stmt(query); cs != nil {
		return cs.st.ExecContext(ctx, args)
	}
	return c.innerConn.ExecContext(ctx, query, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	ctx = c.ctx(ctx)
	cs := c.stmt(query)
	if cs == nil {
		return c.innerConn.QueryContext(ctx, query, args)
	}
	r, err := cs.st.QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	cs.busy = true
	return &cachedRows{Rows: r, cs: cs}, nil
}

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.innerConn.PrepareContext(c.ctx(ctx), query)
}

// BeginTx starts the writer's IMMEDIATE transactions (the DSN's _txlock)
// with prepared BEGIN/COMMIT/ROLLBACK statements; other kinds go to the
// driver.
func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if opts.ReadOnly || opts.Isolation != 0 || !c.detach {
		return c.innerConn.BeginTx(ctx, opts)
	}
	if _, err := c.ExecContext(ctx, "BEGIN IMMEDIATE", nil); err != nil {
		return nil, err
	}
	return cachingTx{c}, nil
}

type cachingTx struct{ c *cachingConn }

func (t cachingTx) Commit() error {
	_, err := t.c.ExecContext(context.Background(), "COMMIT", nil)
	if err != nil {
		// A failed COMMIT can leave the transaction open: end it, as the
		// driver does (an error here only means it had ended).
		t.c.ExecContext(context.Background(), "ROLLBACK", nil)
	}
	return err
}

func (t cachingTx) Rollback() error {
	_, err := t.c.ExecContext(context.Background(), "ROLLBACK", nil)
	return err
}

func (c *cachingConn) Close() error {
	for q, cs := range c.stmts {
		cs.st.Close()
		delete(c.stmts, q)
	}
	return c.innerConn.Close()
}

// cachedRows gives the statement back to the cache when closed.
type cachedRows struct {
	driver.Rows
	cs *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.cs.busy = false
	return err
}
