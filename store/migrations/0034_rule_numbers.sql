-- migrate: foreign_keys off
-- A reminder's number is never given again (qa6a #14a). rules.id was an
-- INTEGER PRIMARY KEY without AUTOINCREMENT, so SQLite hands out the
-- highest id plus one: after 提醒 删除 79 (or a plan import that drops the
-- newest rules) the next 提醒 添加 became #79 again, and an old
-- "提醒 暂停 79" someone still had paused the new rule. With AUTOINCREMENT
-- the sequence (sqlite_sequence) only grows. It starts at the highest id
-- now held: a number deleted above it before this migration cannot be
-- known any more (deliveries detach from a deleted rule, 0030).
--
-- The table is rebuilt as 0030 left it (columns, constraints; it has no
-- index or trigger of its own); deliveries.rule_id refers to it by name and
-- keeps its ids.
CREATE TABLE rules_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('duty', 'custom', 'digest', 'overdue')),
    duty         TEXT CHECK (duty <> ''),         -- duties.key for kind duty; NULL: none
    spec         TEXT NOT NULL,                   -- cron spec, Asia/Shanghai
    text         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    audience     TEXT NOT NULL,
    escalate     INTEGER NOT NULL DEFAULT 0,
    filter       TEXT CHECK (filter <> ''),       -- NULL: no filter
    active_from  TEXT CHECK (active_from <> ''),  -- YYYY-MM-DD; NULL: unbounded
    active_until TEXT CHECK (active_until <> ''), -- YYYY-MM-DD; NULL: unbounded
    paused       INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    watermark    INTEGER NOT NULL,                -- last occurrence handled (ms)
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    shift        TEXT CHECK (shift <> ''),        -- prev | next; NULL: stays on a day off
    term         TEXT CHECK (term <> '')          -- standing | campaign for a duty's rule; NULL: none
);
INSERT INTO rules_new (id, name, kind, duty, spec, text, description, audience, escalate, filter,
    active_from, active_until, paused, watermark, created_by, created_at, updated_at, shift, term)
    SELECT id, name, kind, duty, spec, text, description, audience, escalate, filter,
    active_from, active_until, paused, watermark, created_by, created_at, updated_at, shift, term FROM rules;
DROP TABLE rules;
ALTER TABLE rules_new RENAME TO rules;
