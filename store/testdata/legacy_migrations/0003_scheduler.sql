-- The scheduler: the plan's duties, reminder rules, the delivery log that
-- makes each occurrence happen exactly once, the leader lease that lets only
-- one serve process run the scheduler, and the enterprise registry whose
-- principals receive the quarterly inspection reminder.

CREATE TABLE duties (
    key      TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    aliases  TEXT NOT NULL DEFAULT '[]', -- JSON array
    quote    TEXT NOT NULL,              -- the plan's wording
    period   TEXT NOT NULL,              -- month | quarter | half | year | once
    due      TEXT NOT NULL DEFAULT '',   -- MM-DD or YYYY-MM-DD; '' = end of period
    audience TEXT NOT NULL,
    task_no  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE rules (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,              -- duty | custom | digest | overdue
    duty         TEXT NOT NULL DEFAULT '',   -- duties.key for kind duty
    spec         TEXT NOT NULL,              -- cron spec, Asia/Shanghai
    text         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    audience     TEXT NOT NULL,
    escalate     INTEGER NOT NULL DEFAULT 0,
    filter       TEXT NOT NULL DEFAULT '',
    active_from  TEXT NOT NULL DEFAULT '',
    active_until TEXT NOT NULL DEFAULT '',
    paused       INTEGER NOT NULL DEFAULT 0,
    watermark    INTEGER NOT NULL,           -- last occurrence handled (ms)
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

-- One row per occurrence handled, written in the same transaction as its
-- outbox rows: a second attempt at the same occurrence inserts nothing.
CREATE TABLE deliveries (
    id            INTEGER PRIMARY KEY,
    rule_id       INTEGER NOT NULL,
    scheduled_for INTEGER NOT NULL,           -- the occurrence (ms)
    status        TEXT NOT NULL,              -- sent | done | dropped | empty
    note          TEXT NOT NULL DEFAULT '',
    holder        TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    UNIQUE (rule_id, scheduled_for)
);

CREATE TABLE scheduler_lease (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE TABLE enterprises (
    name      TEXT PRIMARY KEY,
    principal TEXT NOT NULL DEFAULT '', -- WeCom userid of the 主要负责人, if known
    added_by  TEXT NOT NULL,
    added_at  INTEGER NOT NULL
);
