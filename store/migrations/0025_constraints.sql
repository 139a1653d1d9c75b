-- migrate: foreign_keys off
-- Schema hygiene (issue 12 §6): enumerated columns get CHECK constraints
-- with the root package's values (safetybot.Status, Grade, Role, TipStatus,
-- RewardStatus, the Target kinds, store.Delivery*), and "none" is NULL, not
-- 0 or '': a hazard's assignee, deadline and closed_at; an event's from and
-- to status; a tip's hazard_number, reward_status and closed_day; an
-- outbox row's sent_at; a card's done_at, done_by and done_text. Rows that
-- name a hazard get a foreign key to it (a tip's hazard_number), beside
-- those there were (events, evidence, a tip's messages, a card's clicks). Existing rows are converted as they are copied.
--
-- SQLite adds a constraint only by building a new table, copying the rows,
-- dropping the old one and renaming (SQLite, "ALTER TABLE", §7): this file
-- runs with foreign keys off (first line) and the migrator runs PRAGMA
-- foreign_key_check before it commits. Indexes and triggers of a dropped
-- table are created again, as they were.

CREATE TABLE hazards_new (
    id           INTEGER PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    year         INTEGER NOT NULL,
    description  TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    domain       TEXT NOT NULL DEFAULT '',
    location     TEXT NOT NULL DEFAULT '',
    grade        TEXT NOT NULL CHECK (grade IN ('一般', '重大')),
    source       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('待确认', '整改中', '待验收', '已销号', '已驳回')),
    reporter     TEXT NOT NULL DEFAULT '',
    assignee     TEXT CHECK (assignee <> ''),   -- NULL: nobody assigned
    deadline     TEXT CHECK (deadline <> ''),   -- YYYY-MM-DD; NULL: no deadline
    confirmed    INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
    found_at     INTEGER NOT NULL,
    closed_at    INTEGER CHECK (closed_at > 0), -- NULL: not closed
    updated_at   INTEGER NOT NULL,
    cause        TEXT NOT NULL DEFAULT '',
    basis        TEXT NOT NULL DEFAULT '',
    measures     TEXT NOT NULL DEFAULT '',
    funds        TEXT NOT NULL DEFAULT '',
    interim      TEXT NOT NULL DEFAULT '',
    supervision  TEXT NOT NULL DEFAULT '',
    halted       INTEGER NOT NULL DEFAULT 0 CHECK (halted IN (0, 1))
);
INSERT INTO hazards_new SELECT id, number, year, description, unit, domain, location, grade, source, status,
    reporter, NULLIF(assignee, ''), NULLIF(deadline, ''), confirmed, found_at, NULLIF(closed_at, 0), updated_at,
    cause, basis, measures, funds, interim, supervision, halted FROM hazards;
DROP TABLE hazards;
ALTER TABLE hazards_new RENAME TO hazards;
CREATE INDEX hazards_status ON hazards (status, deadline);
CREATE INDEX hazards_domain ON hazards (domain, status);
CREATE INDEX hazards_assignee ON hazards (assignee, status);
CREATE INDEX hazards_reporter ON hazards (reporter, found_at);
CREATE INDEX hazards_found ON hazards (found_at);
CREATE INDEX hazards_year ON hazards (year, status);
CREATE INDEX hazards_grade ON hazards (grade, status, deadline);
CREATE INDEX hazards_unit ON hazards (unit);
CREATE TRIGGER known_units_hazard_insert AFTER INSERT ON hazards WHEN NEW.unit <> ''
BEGIN INSERT OR IGNORE INTO known_units (name) VALUES (NEW.unit); END;
CREATE TRIGGER known_units_hazard_update AFTER UPDATE OF unit ON hazards WHEN NEW.unit <> ''
BEGIN INSERT OR IGNORE INTO known_units (name) VALUES (NEW.unit); END;

CREATE TABLE hazard_events_new (
    id          INTEGER PRIMARY KEY,
    hazard_id   INTEGER NOT NULL REFERENCES hazards (id),
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    from_status TEXT CHECK (from_status IN ('待确认', '整改中', '待验收', '已销号', '已驳回')), -- NULL: none (上报)
    to_status   TEXT CHECK (to_status IN ('待确认', '整改中', '待验收', '已销号', '已驳回')),
    prior       TEXT NOT NULL DEFAULT '',  -- the hazard before the change (JSON); '': cannot be undone
    undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
);
INSERT INTO hazard_events_new SELECT id, hazard_id, at, actor, action, note,
    NULLIF(from_status, ''), NULLIF(to_status, ''), prior, undone FROM hazard_events;
DROP TABLE hazard_events;
ALTER TABLE hazard_events_new RENAME TO hazard_events;
CREATE INDEX hazard_events_hazard ON hazard_events (hazard_id, id);

CREATE TABLE hazard_evidence_new (
    id           INTEGER PRIMARY KEY,
    hazard_id    INTEGER NOT NULL REFERENCES hazards (id),
    kind         TEXT NOT NULL CHECK (kind IN ('image', 'location')),
    content_type TEXT NOT NULL DEFAULT '',  -- image only
    data         BLOB,                      -- image bytes
    lat          REAL NOT NULL DEFAULT 0,
    lng          REAL NOT NULL DEFAULT 0,
    label        TEXT NOT NULL DEFAULT '',
    actor        TEXT NOT NULL,
    at           INTEGER NOT NULL
);
INSERT INTO hazard_evidence_new SELECT id, hazard_id, kind, content_type, data, lat, lng, label, actor, at FROM hazard_evidence;
DROP TABLE hazard_evidence;
ALTER TABLE hazard_evidence_new RENAME TO hazard_evidence;
CREATE INDEX hazard_evidence_hazard ON hazard_evidence (hazard_id, id);

CREATE TABLE user_roles_new (
    user_id       TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'staff', 'handler')),
    working_group TEXT NOT NULL DEFAULT '',
    granted_by    TEXT NOT NULL,
    granted_at    INTEGER NOT NULL,
    PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_new SELECT user_id, role, working_group, granted_by, granted_at FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;
CREATE TRIGGER user_roles_insert_version AFTER INSERT ON user_roles
BEGIN UPDATE role_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER user_roles_update_version AFTER UPDATE ON user_roles
BEGIN UPDATE role_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER user_roles_delete_version AFTER DELETE ON user_roles
BEGIN UPDATE role_version SET v = v + 1 WHERE id = 1; END;
-- role_version is not bumped: the rows are the same, a cache of them stays valid.

CREATE TABLE grant_events_new (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    actor         TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'staff', 'handler')),
    working_group TEXT NOT NULL DEFAULT '',
    action        TEXT NOT NULL CHECK (action IN ('授权', '撤权'))
);
INSERT INTO grant_events_new SELECT id, at, actor, user_id, role, working_group, action FROM grant_events;
DROP TABLE grant_events;
ALTER TABLE grant_events_new RENAME TO grant_events;

-- Anonymous reports: rebuilt with secure_delete on (the DSN), so the old
-- table's pages are zeroed, not left behind with what they held.
CREATE TABLE tips_new (
    id             INTEGER PRIMARY KEY,        -- random 6-digit id handlers type
    receipt_hash   BLOB NOT NULL UNIQUE,
    day            TEXT NOT NULL,              -- YYYY-MM-DD, Asia/Shanghai
    body           TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('待受理', '受理中', '已查实', '不予受理', '已办结')),
    hazard_number  TEXT REFERENCES hazards (number),  -- NULL: not verified into the ledger
    decline_reason TEXT NOT NULL DEFAULT '',
    reward_yuan    INTEGER NOT NULL DEFAULT 0,
    reward_status  TEXT CHECK (reward_status IN ('待审核', '已批准', '已发放', '不予奖励')), -- NULL: no reward recorded
    new_info       INTEGER NOT NULL DEFAULT 0 CHECK (new_info IN (0, 1)), -- reporter added text no handler has read
    closed_day     TEXT CHECK (closed_day <> '')      -- YYYY-MM-DD; NULL: open
);
INSERT INTO tips_new SELECT id, receipt_hash, day, body, status, NULLIF(hazard_number, ''), decline_reason,
    reward_yuan, NULLIF(reward_status, ''), new_info, NULLIF(closed_day, '') FROM tips;
DROP TABLE tips;
ALTER TABLE tips_new RENAME TO tips;
CREATE INDEX tips_status ON tips (status, closed_day);

CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    target_kind     TEXT NOT NULL CHECK (target_kind IN ('user', 'appchat', 'webhook', 'aibot')),
    target          TEXT NOT NULL,
    format          TEXT NOT NULL DEFAULT 'text' CHECK (format IN ('text', 'markdown', 'card', 'card_update')),
    body            TEXT NOT NULL,
    dedup_key       TEXT UNIQUE,    -- NULL: no dedup
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER CHECK (sent_at > 0), -- NULL: not sent (a part may be)
    lease_owner     TEXT NOT NULL DEFAULT '',
    lease_until     INTEGER NOT NULL DEFAULT 0,
    parts_sent      INTEGER NOT NULL DEFAULT 0,
    coalesce        TEXT NOT NULL DEFAULT ''
);
INSERT INTO outbox_new SELECT id, target_kind, target, format, body, dedup_key, status, attempts, next_attempt_at,
    last_error, created_at, NULLIF(sent_at, 0), lease_owner, lease_until, parts_sent, coalesce FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_target ON outbox (target_kind, target, status, id);
CREATE INDEX outbox_coalesce ON outbox (target_kind, target, coalesce, next_attempt_at);
CREATE INDEX outbox_coalesce_recent ON outbox (coalesce, created_at);

CREATE TABLE deliveries_new (
    id            INTEGER PRIMARY KEY,
    rule_id       INTEGER NOT NULL,           -- rules.id; no foreign key: a rule is deleted, its log stays
    scheduled_for INTEGER NOT NULL,           -- the occurrence (ms)
    status        TEXT NOT NULL CHECK (status IN ('sent', 'done', 'dropped', 'empty')),
    note          TEXT NOT NULL DEFAULT '',
    holder        TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    UNIQUE (rule_id, scheduled_for)
);
INSERT INTO deliveries_new SELECT id, rule_id, scheduled_for, status, note, holder, created_at FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;

-- Button cards: done_at and done_text are NULL until the card is finished;
-- done_by is NULL also when the bot finished it (a card made stale by the
-- hazard's own progress, cardfresh.go).
CREATE TABLE cards_new (
    task_id    TEXT PRIMARY KEY,
    hazard     TEXT NOT NULL, -- the hazard's number; no foreign key: Store.Queue takes a card for any number
    kind       TEXT NOT NULL,
    recipients TEXT NOT NULL,
    card       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    done_at    INTEGER CHECK (done_at > 0),
    done_by    TEXT,
    done_text  TEXT,
    CHECK ((done_at IS NULL) = (done_text IS NULL) AND (done_by IS NULL OR done_at IS NOT NULL))
) WITHOUT ROWID;
INSERT INTO cards_new SELECT task_id, hazard, kind, recipients, card, created_at,
    NULLIF(done_at, 0), CASE WHEN done_at > 0 THEN NULLIF(done_by, '') END, CASE WHEN done_at > 0 THEN done_text END FROM cards;
DROP TABLE cards;
ALTER TABLE cards_new RENAME TO cards;
CREATE INDEX cards_hazard ON cards (hazard, created_at);
