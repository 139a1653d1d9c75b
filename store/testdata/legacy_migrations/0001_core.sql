-- Core schema: roles, the hazard ledger with its audit trail, the plan, duty
-- records and the outbox. Times are Unix milliseconds (UTC); dates are
-- YYYY-MM-DD in Asia/Shanghai.

CREATE TABLE user_roles (
    user_id       TEXT NOT NULL,
    role          TEXT NOT NULL,
    working_group TEXT NOT NULL DEFAULT '',
    granted_by    TEXT NOT NULL,
    granted_at    INTEGER NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE hazard_seq (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE hazards (
    id           INTEGER PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    year         INTEGER NOT NULL,
    description  TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    domain       TEXT NOT NULL DEFAULT '',
    location     TEXT NOT NULL DEFAULT '',
    grade        TEXT NOT NULL,
    source       TEXT NOT NULL,
    status       TEXT NOT NULL,
    reporter     TEXT NOT NULL DEFAULT '',
    assignee     TEXT NOT NULL DEFAULT '',
    deadline     TEXT NOT NULL DEFAULT '',
    confirmed    INTEGER NOT NULL DEFAULT 0,
    found_at     INTEGER NOT NULL,
    closed_at    INTEGER NOT NULL DEFAULT 0,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX hazards_status ON hazards (status, deadline);
CREATE INDEX hazards_domain ON hazards (domain, status);
CREATE INDEX hazards_assignee ON hazards (assignee, status);

CREATE TABLE hazard_events (
    id          INTEGER PRIMARY KEY,
    hazard_id   INTEGER NOT NULL REFERENCES hazards (id),
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hazard_events_hazard ON hazard_events (hazard_id, id);

CREATE TABLE plan_actions (
    no    INTEGER PRIMARY KEY,
    title TEXT NOT NULL
);

CREATE TABLE plan_tasks (
    no        INTEGER PRIMARY KEY,
    action_no INTEGER NOT NULL REFERENCES plan_actions (no),
    title     TEXT NOT NULL,
    text      TEXT NOT NULL,
    owner     TEXT NOT NULL
);

CREATE TABLE plan_task_deadlines (
    task_no INTEGER NOT NULL REFERENCES plan_tasks (no),
    due     TEXT NOT NULL,
    what    TEXT NOT NULL,
    PRIMARY KEY (task_no, due, what)
);

CREATE TABLE plan_groups (
    key      TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    leader   TEXT NOT NULL,
    deputies TEXT NOT NULL, -- JSON array
    members  TEXT NOT NULL
);

CREATE TABLE plan_domains (
    name      TEXT PRIMARY KEY,
    group_key TEXT NOT NULL DEFAULT ''
);

CREATE TABLE plan_phases (
    name  TEXT PRIMARY KEY,
    start TEXT NOT NULL,
    end   TEXT NOT NULL
);

CREATE TABLE task_updates (
    id       INTEGER PRIMARY KEY,
    task_no  INTEGER NOT NULL REFERENCES plan_tasks (no),
    at       INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    note     TEXT NOT NULL,
    progress INTEGER NOT NULL DEFAULT -1
);
CREATE INDEX task_updates_task ON task_updates (task_no, id);

CREATE TABLE duty_records (
    id     INTEGER PRIMARY KEY,
    duty   TEXT NOT NULL,
    period TEXT NOT NULL,
    unit   TEXT NOT NULL DEFAULT '',
    note   TEXT NOT NULL DEFAULT '',
    actor  TEXT NOT NULL,
    at     INTEGER NOT NULL
);
CREATE INDEX duty_records_period ON duty_records (duty, period);

-- Outbound notifications, written in the same transaction as the change that
-- causes them and delivered at least once by the outbox worker.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    target_kind     TEXT NOT NULL,  -- user | appchat | webhook | aibot
    target          TEXT NOT NULL,
    format          TEXT NOT NULL DEFAULT 'text', -- text | markdown
    body            TEXT NOT NULL,
    dedup_key       TEXT UNIQUE,    -- NULL: no dedup
    status          TEXT NOT NULL DEFAULT 'pending', -- pending | sent | dead
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
