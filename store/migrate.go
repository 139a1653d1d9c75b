package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"safetybot"
)

// Migrations are the files migrations/NNNN_what.sql, numbered 1..N without
// a gap, applied strictly in that order, each once, each in its own write
// transaction that also records it in schema_migrations (version, name,
// applied_at in Unix ms). To add one, add the next number; a file whose
// first line is fkOffMarker runs with foreign keys off (a table rebuild)
// and is refused unless PRAGMA foreign_key_check finds nothing afterwards.

// fkOffMarker, as a migration's first line, runs it with foreign keys off:
// SQLite cannot add a constraint to a table, only build a new one and copy
// the rows over, and the DROP of the old table must not cascade or fail on
// the rows that refer to it (SQLite, "ALTER TABLE", §7).
const fkOffMarker = "-- migrate: foreign_keys off"

// renumberVersion is the migration that rewrites the versions of a database
// made before the migrations were renumbered 1..N (it names them all, by
// their old names). It runs ahead of the version check while it is not
// recorded, then again in its turn, where it changes nothing.
const renumberVersion = 23

// legacyLast is the last migration that existed before the renumbering. The
// old migrator applied by version, whatever was recorded before: a database
// it made may miss one of these while having a later one. Those holes are
// filled in order; above legacyLast the recorded versions must be 1..k.
const legacyLast = 22

type migration struct {
	version int
	name    string // the file name, as recorded
	body    string
	fkOff   bool
}

// loadMigrations reads the embedded files in version order and refuses a
// set that is not numbered 1..N (two files with one number, a gap).
func loadMigrations(fsys fs.FS) ([]migration, error) {
	files, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var all []migration
	for _, f := range files {
		name := path.Base(f)
		v, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", name)
		}
		body, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		all = append(all, migration{version: v, name: name, body: string(body), fkOff: strings.HasPrefix(string(body), fkOffMarker)})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].version < all[j].version })
	for i, m := range all {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d (migrations are numbered 1..N without gaps)", m.name, i+1)
		}
	}
	return all, nil
}

// migrate brings the database on db (the writer) up to the binary's last
// migration. It refuses, changing nothing, a database that records a
// migration the binary does not have (a newer binary's, or another
// branch's under the same number), or whose recorded versions have a hole
// that applying in order cannot fill. Two processes migrating one file at
// once are safe: each step re-reads what is recorded inside its IMMEDIATE
// transaction, and skips what the other applied.
func migrate(ctx context.Context, db *sql.DB, now safetybot.Clock) error {
	all, err := loadMigrations(migrations)
	if err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return err
	}
	if current, err := upToDate(ctx, conn, all); err != nil || current {
		return err
	}
	if err := refuseWhileServed(ctx, conn, all, now); err != nil {
		return err
	}
	renumber := all[renumberVersion-1]
	err = inTx(ctx, conn, func(tx *sql.Tx) error {
		var n, renumbered int
		// By name: before the renumbering, version 23 was another file.
		if err := tx.QueryRowContext(ctx, "SELECT count(*), count(*) FILTER (WHERE name = ?) FROM schema_migrations",
			renumber.name).Scan(&n, &renumbered); err != nil || n == 0 || renumbered > 0 {
			return err
		}
		if _, err := tx.ExecContext(ctx, renumber.body); err != nil {
			return fmt.Errorf("%s: %w", renumber.name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, m := range all {
		if err := apply(ctx, conn, all, m, now); err != nil {
			return err
		}
	}
	return nil
}

// upToDate reports whether every migration is recorded, by number and
// name, with one query, so an up-to-date database (every start but the
// first after an upgrade, every CLI command) opens without a transaction
// per migration. Anything else (a new, older, legacy-numbered or newer
// database) takes the full path, which applies, renumbers or refuses.
func upToDate(ctx context.Context, conn *sql.Conn, all []migration) (bool, error) {
	names, err := list(ctx, conn, "SELECT name FROM schema_migrations ORDER BY version", scanValue[string])
	if err != nil || len(names) != len(all) {
		return false, err
	}
	for i, m := range all {
		if names[i] != m.name {
			return false, nil
		}
	}
	return true, nil
}

// refuseWhileServed stops an upgrade of a database that a serve is using.
// That serve (of the previous build) keeps running on the schema it knows:
// once the tables change under it, every command it handles fails, and the
// messages are recorded as handled all the same. A live scheduler lease says
// a serve is running (30 s long, renewed every 10 s, deleted on a clean
// stop); an expired one is a serve that stopped without releasing it. A new
// database, or one with nothing to apply, is not checked: chat beside a
// serve of the same build is how the bot is meant to be used.
func refuseWhileServed(ctx context.Context, conn *sql.Conn, all []migration, now safetybot.Clock) error {
	last := all[len(all)-1]
	var n, upToDate, leaseTable int
	if err := conn.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE version = ? AND name = ?),
		(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'scheduler_lease') FROM schema_migrations`,
		last.version, last.name).Scan(&n, &upToDate, &leaseTable); err != nil {
		return err
	}
	if n == 0 || upToDate > 0 || leaseTable == 0 {
		return nil
	}
	var holder string
	var until int64
	err := conn.QueryRowContext(ctx, "SELECT holder, expires_at FROM scheduler_lease WHERE expires_at > ? ORDER BY expires_at DESC LIMIT 1",
		now().UnixMilli()).Scan(&holder, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	at := fromMS(until).Format("15:04:05")
	return fmt.Errorf("数据库需要升级（到 %s），但另一个 safetybot serve 正在使用它（定时任务租约 %s 有效至 %s）："+
		"升级会改动它正在使用的表，它处理的每条消息都会失败。未作任何改动。请先停止正在运行的 serve，再运行新版本；"+
		"如果它已经停止（例如进程崩溃），请在 %s 之后再试", last.name, holder, at, at)
}

// apply runs m unless it is recorded; recorded refuses what applying m
// would put out of order.
func apply(ctx context.Context, conn *sql.Conn, all []migration, m migration, now safetybot.Clock) (err error) {
	if m.fkOff {
		// Outside the transaction: SQLite ignores this pragma inside one.
		// The connection is the store's writer: foreign keys must be on
		// again before anything else uses it.
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return err
		}
		defer func() {
			if _, on := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); on != nil {
				conn.Raw(func(any) error { return driver.ErrBadConn }) // never reuse it with foreign keys off
				err = errors.Join(err, on)
			}
		}()
	}
	return inTx(ctx, conn, func(tx *sql.Tx) error {
		done, err := recorded(ctx, tx, all)
		if err != nil || done[m.version] {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.body); err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
		if m.fkOff {
			if err := foreignKeyCheck(ctx, tx); err != nil {
				return fmt.Errorf("%s: %w", m.name, err)
			}
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
			m.version, m.name, now().UnixMilli())
		return err
	})
}

// recorded returns the applied versions, refusing any the binary does not
// know (by number and name) and holes above legacyLast.
func recorded(ctx context.Context, tx *sql.Tx, all []migration) (map[int]bool, error) {
	done := map[int]bool{}
	err := each(ctx, tx, "SELECT version, name FROM schema_migrations ORDER BY version", func(r scanner) error {
		var v int
		var name string
		if err := r.Scan(&v, &name); err != nil {
			return err
		}
		if v < 1 || v > len(all) || all[v-1].name != name {
			return fmt.Errorf("数据库由更新的或另一个版本的 safetybot 升级过，本程序不能打开：请用那个版本运行，或恢复升级前的备份"+
				"（the database has migration %d (%s), which this binary does not know; it knows 1..%d, up to %s）",
				v, name, len(all), all[len(all)-1].name)
		}
		done[v] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	for v := legacyLast + 1; v <= len(all); v++ {
		if done[v] {
			for w := 1; w < v; w++ {
				if !done[w] {
					return nil, fmt.Errorf("数据库的升级记录不完整，本程序不能打开：请恢复升级前的备份"+
						"（the database has migration %s but not %s; migrations apply only in order）", all[v-1].name, all[w-1].name)
				}
			}
		}
	}
	return done, nil
}

// foreignKeyCheck fails when a row refers to a row that is not there.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	return each(ctx, tx, "PRAGMA foreign_key_check", func(r scanner) error {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := r.Scan(&table, &rowid, &parent, &fk); err != nil {
			return err
		}
		return fmt.Errorf("foreign key check: %s row %d refers to a missing %s row", table, rowid.Int64, parent)
	})
}

// beginner is what a transaction is begun on: a *sql.Conn or a *sql.DB.
type beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// inTx runs fn in a write transaction on conn, committing when it returns nil.
func inTx(ctx context.Context, conn beginner, fn func(tx *sql.Tx) error) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}
