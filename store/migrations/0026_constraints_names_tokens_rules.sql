-- migrate: foreign_keys off
-- Schema hygiene, continued (issue 12 §6; see 0025 for the method):
-- people's names hold NULL for what was never set or asked (set_*,
-- book_*, checked_at), and book_status only safetybot.BookOK, BookDenied or
-- BookMissing; a sign-in link's used_at is NULL until used; a rule's kind
-- is one of safetybot.Rule*, a duty's period one of safetybot.Period*.

CREATE TABLE user_names_new (
    user_id     TEXT PRIMARY KEY,
    set_name    TEXT CHECK (set_name <> ''),  -- 姓名 <userid> <名字>; NULL: none (or cleared)
    set_by      TEXT,                         -- NULL: never set
    set_at      INTEGER CHECK (set_at > 0),   -- unix ms; NULL: never set
    book_name   TEXT CHECK (book_name <> ''), -- user/get "name"; NULL: none
    book_status TEXT CHECK (book_status IN ('ok', 'denied', 'missing')), -- NULL: never asked
    checked_at  INTEGER CHECK (checked_at > 0) -- unix ms of user/get's last answer; NULL: never asked
);
INSERT INTO user_names_new SELECT user_id, NULLIF(set_name, ''), NULLIF(set_by, ''), NULLIF(set_at, 0),
    NULLIF(book_name, ''), NULLIF(book_status, ''), NULLIF(checked_at, 0) FROM user_names;
DROP TABLE user_names;
ALTER TABLE user_names_new RENAME TO user_names;

CREATE TABLE web_login_tokens_new (
    token_hash TEXT PRIMARY KEY,     -- hex SHA-256 of the token in the link
    user_id    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER CHECK (used_at > 0)  -- NULL: not used yet; a link works once
);
INSERT INTO web_login_tokens_new SELECT token_hash, user_id, created_at, expires_at, NULLIF(used_at, 0) FROM web_login_tokens;
DROP TABLE web_login_tokens;
ALTER TABLE web_login_tokens_new RENAME TO web_login_tokens;

CREATE TABLE rules_new (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('duty', 'custom', 'digest', 'overdue')),
    duty         TEXT NOT NULL DEFAULT '',   -- duties.key for kind duty
    spec         TEXT NOT NULL,              -- cron spec, Asia/Shanghai
    text         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    audience     TEXT NOT NULL,
    escalate     INTEGER NOT NULL DEFAULT 0,
    filter       TEXT NOT NULL DEFAULT '',
    active_from  TEXT NOT NULL DEFAULT '',
    active_until TEXT NOT NULL DEFAULT '',
    paused       INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    watermark    INTEGER NOT NULL,           -- last occurrence handled (ms)
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    shift        TEXT NOT NULL DEFAULT '',   -- prev | next | ''
    term         TEXT NOT NULL DEFAULT ''
);
INSERT INTO rules_new SELECT id, name, kind, duty, spec, text, description, audience, escalate, filter,
    active_from, active_until, paused, watermark, created_by, created_at, updated_at, shift, term FROM rules;
DROP TABLE rules;
ALTER TABLE rules_new RENAME TO rules;

CREATE TABLE duties_new (
    key      TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    aliases  TEXT NOT NULL DEFAULT '[]', -- JSON array
    quote    TEXT NOT NULL,              -- the plan's wording
    period   TEXT NOT NULL CHECK (period IN ('month', 'quarter', 'half', 'year', 'once')),
    due      TEXT NOT NULL DEFAULT '',   -- MM-DD or YYYY-MM-DD; '' = end of period
    audience TEXT NOT NULL,
    task_no  INTEGER NOT NULL DEFAULT 0,
    standing INTEGER NOT NULL DEFAULT 0 CHECK (standing IN (0, 1)),
    basis    TEXT NOT NULL DEFAULT ''
);
INSERT INTO duties_new SELECT key, name, aliases, quote, period, due, audience, task_no, standing, basis FROM duties;
DROP TABLE duties;
ALTER TABLE duties_new RENAME TO duties;
