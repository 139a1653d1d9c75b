-- Anonymous reports (举报). Nothing here can name the reporter: no userid,
-- chat id, message id, IP or time of day, only the calendar day. Report ids
-- are random, so row order does not reveal arrival order. The receipt code
-- is kept only as SHA-256 of its Argon2id key (salted per deployment).

CREATE TABLE tip_secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE tips (
    id             INTEGER PRIMARY KEY,        -- random 6-digit id handlers type
    receipt_hash   BLOB NOT NULL UNIQUE,
    day            TEXT NOT NULL,              -- YYYY-MM-DD, Asia/Shanghai
    body           TEXT NOT NULL,
    status         TEXT NOT NULL,
    hazard_number  TEXT NOT NULL DEFAULT '',
    decline_reason TEXT NOT NULL DEFAULT '',
    reward_yuan    INTEGER NOT NULL DEFAULT 0,
    reward_status  TEXT NOT NULL DEFAULT '',
    new_info       INTEGER NOT NULL DEFAULT 0, -- reporter added text no handler has read
    closed_day     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tips_status ON tips (status, closed_day);

-- The two-way channel: reporter additions and handler replies, day only.
CREATE TABLE tip_messages (
    id           INTEGER PRIMARY KEY,
    tip_id       INTEGER NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    day          TEXT NOT NULL,
    from_handler INTEGER NOT NULL,
    body         TEXT NOT NULL,
    UNIQUE (tip_id, seq)
);

-- Who did what to which report and when: handlers only, never content.
CREATE TABLE tip_audit (
    id     INTEGER PRIMARY KEY,
    tip_id INTEGER REFERENCES tips (id) ON DELETE CASCADE, -- NULL: a list or count
    at     INTEGER NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL
);
CREATE INDEX tip_audit_tip ON tip_audit (tip_id, id);
