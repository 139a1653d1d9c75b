-- Plan versions: importing a plan archives the current one here, as the
-- plan file it was (JSON, with its duties), and moves its task updates to
-- plan_archive_updates, so its tasks stay readable (任务 方案1 3) and its
-- years' reports still show them. Hazards, enterprises and duty records do
-- not belong to a plan and are never moved.

CREATE TABLE plan_archive (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    start       TEXT NOT NULL,           -- first day of the plan's period
    end         TEXT NOT NULL,           -- last day
    body        TEXT NOT NULL,           -- the plan file, as plan export writes it
    archived_at INTEGER NOT NULL,        -- ms
    archived_by TEXT NOT NULL
);

CREATE TABLE plan_archive_updates (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plan_archive (id),
    task_no  INTEGER NOT NULL,
    at       INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    note     TEXT NOT NULL,
    progress INTEGER NOT NULL DEFAULT -1
);
CREATE INDEX plan_archive_updates_task ON plan_archive_updates (plan_id, task_no, id);

-- The current plan's title and when it became current (the other tables
-- hold its actions, tasks, groups, domains and phases). Filled on first
-- start, or on the next start for a ledger seeded before this table.
CREATE TABLE plan_current (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    title     TEXT NOT NULL,
    loaded_at INTEGER NOT NULL,
    loaded_by TEXT NOT NULL
);
