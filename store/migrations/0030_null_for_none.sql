-- migrate: foreign_keys off
-- Schema hygiene, finished (issue 12 §6; see 0025 for the method: build the
-- new table, copy the rows, drop the old one, rename, and create again the
-- indexes and triggers the drop took with it).
--
-- The rule: a column that holds an optional reference (a userid, a working
-- group, a unit, a domain, a duty key, a rule, a lease owner), an optional
-- date or time, or an optional value of an enumeration holds NULL for
-- "none", never '' or 0, and a CHECK refuses the '' or 0 a caller might
-- still write. Free text a person may leave empty (a note, a description, a
-- cause, a decline reason, last_error) stays NOT NULL DEFAULT ''. Converted
-- here, as the rows are copied:
--   hazards      unit, domain, location, reporter (NULL: a hazard verified
--                from an anonymous report), source (NULL: not recorded);
--   user_roles, grant_events   working_group (NULL: not limited to one);
--   outbox       lease_owner and lease_until (NULL: not leased);
--   rules        duty (NULL: not a duty's rule), filter, shift, term,
--                active_from and active_until (NULL: unbounded);
--   duty_records, duty_records_undone   unit (NULL: a duty not done per
--                unit) and done_on (NULL: done the day it was recorded);
--   deliveries   holder (NULL: recorded without the scheduler lease);
--   enterprises  principal (NULL: not known).
-- Left as they are: outbox.coalesce ('' is the group of notices that join
-- nothing, matched by equality in the pacing queries, where NULL would
-- match nothing); duties.due, duties.task_no, plan_domains.group_key,
-- task_updates.progress and hazard_events.prior (read and written by the
-- plan's and undo's code; a later migration).
--
-- Enumerations: hazards.source takes safetybot.Source* (企业自查, 督导检查,
-- 举报查实, 上级交办, 群众上报), the only values any version of the bot has
-- written (bot/hazardwords.go parseSource, store/tips.go). hazards.domain
-- gets no list: it is free text by design, one of the loaded plan's domains
-- (plan_domains, a deployment's own file, replaced by 方案 导入), and a hazard
-- keeps the domain it was given when the plan changes.
--
-- Foreign keys: deliveries.rule_id refers to rules, ON DELETE SET NULL: a
-- rule deleted (提醒 删除, a plan version without it) leaves its log behind,
-- detached, instead of handing it to the next rule given the same id (rules
-- has no AUTOINCREMENT). Log rows whose rule is already gone are detached
-- here the same way. duty_records.duty gets none: a record is kept across
-- plan versions (ImportPlan deletes every duty and loads the new plan's,
-- which may drop one), so it names a duty key, not a row of duties.
--
-- The tallies of 0028 keep '' for "no domain" in their keys (a WITHOUT
-- ROWID key cannot be NULL, as hazard_open_due keeps '' for no deadline):
-- the triggers write COALESCE(domain, ''). Their rows are not rebuilt: the
-- counts are the same before and after.

CREATE TABLE hazards_new (
    id           INTEGER PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    year         INTEGER NOT NULL,
    description  TEXT NOT NULL,
    unit         TEXT CHECK (unit <> ''),       -- 所属单位; NULL: not given
    domain       TEXT CHECK (domain <> ''),     -- 行业领域, free text (the plan's); NULL: not given
    location     TEXT CHECK (location <> ''),   -- NULL: not given
    grade        TEXT NOT NULL CHECK (grade IN ('一般', '重大')),
    source       TEXT CHECK (source IN ('企业自查', '督导检查', '举报查实', '上级交办', '群众上报')), -- NULL: not recorded
    status       TEXT NOT NULL CHECK (status IN ('待确认', '整改中', '待验收', '已销号', '已驳回')),
    reporter     TEXT CHECK (reporter <> ''),   -- userid; NULL: verified from an anonymous report
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
INSERT INTO hazards_new SELECT id, number, year, description, NULLIF(unit, ''), NULLIF(domain, ''), NULLIF(location, ''),
    grade, NULLIF(source, ''), status, NULLIF(reporter, ''), assignee, deadline, confirmed, found_at, closed_at, updated_at,
    cause, basis, measures, funds, interim, supervision, halted FROM hazards;
DROP TABLE hazards;
ALTER TABLE hazards_new RENAME TO hazards;
CREATE INDEX hazards_domain ON hazards (domain, status);
CREATE INDEX hazards_assignee ON hazards (assignee, status);
CREATE INDEX hazards_reporter ON hazards (reporter, found_at);
CREATE INDEX hazards_found ON hazards (found_at);
CREATE INDEX hazards_year ON hazards (year, status);
CREATE INDEX hazards_unit ON hazards (unit);
-- As in 0028: queries name these expressions exactly (store/hazards.go, tally.go).
CREATE INDEX hazards_urgency ON hazards
    (status IN ('已销号', '已驳回'), grade <> '重大', deadline IS NULL, deadline, id DESC);

-- The triggers of 0028, with COALESCE(domain, '') in the tallies' keys.
CREATE TRIGGER hazard_tally_insert AFTER INSERT ON hazards
BEGIN
    INSERT INTO hazard_tally (status, grade, domain, year, n) VALUES (NEW.status, NEW.grade, COALESCE(NEW.domain, ''), NEW.year, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO hazard_open_due (deadline, status, grade, domain, year, n)
        SELECT COALESCE(NEW.deadline, ''), NEW.status, NEW.grade, COALESCE(NEW.domain, ''), NEW.year, 1
        WHERE NEW.status NOT IN ('已销号', '已驳回')
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO hazard_months (month, found) VALUES (strftime('%Y-%m', NEW.found_at / 1000 + 28800, 'unixepoch'), 1)
        ON CONFLICT DO UPDATE SET found = found + 1;
    INSERT INTO hazard_months (month, closed)
        SELECT strftime('%Y-%m', NEW.closed_at / 1000 + 28800, 'unixepoch'), 1 WHERE NEW.closed_at IS NOT NULL
        ON CONFLICT DO UPDATE SET closed = closed + 1;
END;

CREATE TRIGGER hazard_tally_delete AFTER DELETE ON hazards
BEGIN
    UPDATE hazard_tally SET n = n - 1
        WHERE status = OLD.status AND grade = OLD.grade AND domain = COALESCE(OLD.domain, '') AND year = OLD.year;
    DELETE FROM hazard_tally
        WHERE status = OLD.status AND grade = OLD.grade AND domain = COALESCE(OLD.domain, '') AND year = OLD.year AND n <= 0;
    UPDATE hazard_open_due SET n = n - 1
        WHERE OLD.status NOT IN ('已销号', '已驳回') AND deadline = COALESCE(OLD.deadline, '')
            AND status = OLD.status AND grade = OLD.grade AND domain = COALESCE(OLD.domain, '') AND year = OLD.year;
    DELETE FROM hazard_open_due
        WHERE deadline = COALESCE(OLD.deadline, '') AND status = OLD.status AND grade = OLD.grade
            AND domain = COALESCE(OLD.domain, '') AND year = OLD.year AND n <= 0;
    UPDATE hazard_months SET found = found - 1 WHERE month = strftime('%Y-%m', OLD.found_at / 1000 + 28800, 'unixepoch');
    UPDATE hazard_months SET closed = closed - 1
        WHERE OLD.closed_at IS NOT NULL AND month = strftime('%Y-%m', OLD.closed_at / 1000 + 28800, 'unixepoch');
END;

CREATE TRIGGER hazard_tally_update AFTER UPDATE OF status, grade, domain, year ON hazards
WHEN OLD.status IS NOT NEW.status OR OLD.grade IS NOT NEW.grade OR OLD.domain IS NOT NEW.domain OR OLD.year IS NOT NEW.year
BEGIN
    UPDATE hazard_tally SET n = n - 1
        WHERE status = OLD.status AND grade = OLD.grade AND domain = COALESCE(OLD.domain, '') AND year = OLD.year;
    DELETE FROM hazard_tally
        WHERE status = OLD.status AND grade = OLD.grade AND domain = COALESCE(OLD.domain, '') AND year = OLD.year AND n <= 0;
    INSERT INTO hazard_tally (status, grade, domain, year, n) VALUES (NEW.status, NEW.grade, COALESCE(NEW.domain, ''), NEW.year, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER hazard_open_due_update AFTER UPDATE OF deadline, status, grade, domain, year ON hazards
WHEN OLD.deadline IS NOT NEW.deadline OR OLD.status IS NOT NEW.status OR OLD.grade IS NOT NEW.grade
    OR OLD.domain IS NOT NEW.domain OR OLD.year IS NOT NEW.year
BEGIN
    UPDATE hazard_open_due SET n = n - 1
        WHERE OLD.status NOT IN ('已销号', '已驳回') AND deadline = COALESCE(OLD.deadline, '') AND status = OLD.status
            AND grade = OLD.grade AND domain = COALESCE(OLD.domain, '') AND year = OLD.year;
    DELETE FROM hazard_open_due
        WHERE deadline = COALESCE(OLD.deadline, '') AND status = OLD.status AND grade = OLD.grade
            AND domain = COALESCE(OLD.domain, '') AND year = OLD.year AND n <= 0;
    INSERT INTO hazard_open_due (deadline, status, grade, domain, year, n)
        SELECT COALESCE(NEW.deadline, ''), NEW.status, NEW.grade, COALESCE(NEW.domain, ''), NEW.year, 1
        WHERE NEW.status NOT IN ('已销号', '已驳回')
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER hazard_months_update AFTER UPDATE OF found_at, closed_at ON hazards
WHEN OLD.found_at IS NOT NEW.found_at OR OLD.closed_at IS NOT NEW.closed_at
BEGIN
    UPDATE hazard_months SET found = found - 1 WHERE month = strftime('%Y-%m', OLD.found_at / 1000 + 28800, 'unixepoch');
    UPDATE hazard_months SET closed = closed - 1
        WHERE OLD.closed_at IS NOT NULL AND month = strftime('%Y-%m', OLD.closed_at / 1000 + 28800, 'unixepoch');
    INSERT INTO hazard_months (month, found) VALUES (strftime('%Y-%m', NEW.found_at / 1000 + 28800, 'unixepoch'), 1)
        ON CONFLICT DO UPDATE SET found = found + 1;
    INSERT INTO hazard_months (month, closed)
        SELECT strftime('%Y-%m', NEW.closed_at / 1000 + 28800, 'unixepoch'), 1 WHERE NEW.closed_at IS NOT NULL
        ON CONFLICT DO UPDATE SET closed = closed + 1;
END;

-- The triggers of 0029 on hazards: a unit is NULL, not '', when none.
CREATE TRIGGER units_hazard_insert AFTER INSERT ON hazards WHEN NEW.unit IS NOT NULL
BEGIN
    INSERT INTO units (name, enterprise, hazards) VALUES (NEW.unit, is_enterprise(NEW.unit, 0), 1)
        ON CONFLICT DO UPDATE SET hazards = hazards + 1;
END;

CREATE TRIGGER units_hazard_delete AFTER DELETE ON hazards WHEN OLD.unit IS NOT NULL
BEGIN
    UPDATE units SET hazards = hazards - 1 WHERE name = OLD.unit;
END;

CREATE TRIGGER units_hazard_update AFTER UPDATE OF unit ON hazards WHEN OLD.unit IS NOT NEW.unit
BEGIN
    UPDATE units SET hazards = hazards - 1 WHERE name = OLD.unit;
    INSERT INTO units (name, enterprise, hazards) SELECT NEW.unit, is_enterprise(NEW.unit, 0), 1 WHERE NEW.unit IS NOT NULL
        ON CONFLICT DO UPDATE SET hazards = hazards + 1;
END;

CREATE TABLE user_roles_new (
    user_id       TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'staff', 'handler')),
    working_group TEXT CHECK (working_group <> ''), -- plan_groups.key; NULL: not limited to one group
    granted_by    TEXT NOT NULL,
    granted_at    INTEGER NOT NULL,
    PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_new SELECT user_id, role, NULLIF(working_group, ''), granted_by, granted_at FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;

CREATE TABLE grant_events_new (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    actor         TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'staff', 'handler')),
    working_group TEXT CHECK (working_group <> ''), -- NULL: none
    action        TEXT NOT NULL CHECK (action IN ('授权', '撤权'))
);
INSERT INTO grant_events_new SELECT id, at, actor, user_id, role, NULLIF(working_group, ''), action FROM grant_events;
DROP TABLE grant_events;
ALTER TABLE grant_events_new RENAME TO grant_events;

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
    lease_owner     TEXT CHECK (lease_owner <> ''),  -- NULL: not leased
    lease_until     INTEGER CHECK (lease_until > 0), -- unix ms; NULL: not leased
    parts_sent      INTEGER NOT NULL DEFAULT 0,
    coalesce        TEXT NOT NULL DEFAULT ''         -- '': joins nothing (see above)
);
INSERT INTO outbox_new SELECT id, target_kind, target, format, body, dedup_key, status, attempts, next_attempt_at,
    last_error, created_at, sent_at, NULLIF(lease_owner, ''), NULLIF(lease_until, 0), parts_sent, coalesce FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_target ON outbox (target_kind, target, status, id);
CREATE INDEX outbox_coalesce ON outbox (target_kind, target, coalesce, next_attempt_at);
CREATE INDEX outbox_coalesce_recent ON outbox (coalesce, created_at);

CREATE TABLE rules_new (
    id           INTEGER PRIMARY KEY,
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
INSERT INTO rules_new SELECT id, name, kind, NULLIF(duty, ''), spec, text, description, audience, escalate, NULLIF(filter, ''),
    NULLIF(active_from, ''), NULLIF(active_until, ''), paused, watermark, created_by, created_at, updated_at,
    NULLIF(shift, ''), NULLIF(term, '') FROM rules;
DROP TABLE rules;
ALTER TABLE rules_new RENAME TO rules;

CREATE TABLE deliveries_new (
    id            INTEGER PRIMARY KEY,
    rule_id       INTEGER REFERENCES rules (id) ON DELETE SET NULL, -- NULL: the rule was deleted, its log stays
    scheduled_for INTEGER NOT NULL,           -- the occurrence (ms)
    status        TEXT NOT NULL CHECK (status IN ('sent', 'done', 'dropped', 'empty')),
    note          TEXT NOT NULL DEFAULT '',
    holder        TEXT CHECK (holder <> ''),  -- the scheduler lease's holder; NULL: none
    created_at    INTEGER NOT NULL,
    UNIQUE (rule_id, scheduled_for)
);
INSERT INTO deliveries_new SELECT id, CASE WHEN rule_id IN (SELECT id FROM rules) THEN rule_id END,
    scheduled_for, status, note, NULLIF(holder, ''), created_at FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;

CREATE TABLE duty_records_new (
    id      INTEGER PRIMARY KEY,
    duty    TEXT NOT NULL,               -- a duty's key; no foreign key (above)
    period  TEXT NOT NULL,
    unit    TEXT CHECK (unit <> ''),     -- NULL: not done per unit
    note    TEXT NOT NULL DEFAULT '',
    actor   TEXT NOT NULL,
    at      INTEGER NOT NULL,
    done_on TEXT CHECK (done_on <> '')   -- YYYY-MM-DD of a backfill (补记); NULL: the day of at
);
INSERT INTO duty_records_new SELECT id, duty, period, NULLIF(unit, ''), note, actor, at, NULLIF(done_on, '') FROM duty_records;
DROP TABLE duty_records;
ALTER TABLE duty_records_new RENAME TO duty_records;
CREATE INDEX duty_records_unit ON duty_records (duty, period, unit);

-- The triggers of 0029 on duty_records.
CREATE TRIGGER units_inspection_insert AFTER INSERT ON duty_records
WHEN NEW.duty = 'enterprise_inspection' AND NEW.unit IS NOT NULL
BEGIN
    INSERT INTO units (name, enterprise, inspections) VALUES (NEW.unit, is_enterprise(NEW.unit, 0), 1)
        ON CONFLICT DO UPDATE SET inspections = inspections + 1;
END;

CREATE TRIGGER units_inspection_delete AFTER DELETE ON duty_records
WHEN OLD.duty = 'enterprise_inspection' AND OLD.unit IS NOT NULL
BEGIN
    UPDATE units SET inspections = inspections - 1 WHERE name = OLD.unit;
END;

CREATE TRIGGER units_inspection_update AFTER UPDATE OF duty, unit ON duty_records
WHEN OLD.duty IS NOT NEW.duty OR OLD.unit IS NOT NEW.unit
BEGIN
    UPDATE units SET inspections = inspections - 1 WHERE OLD.duty = 'enterprise_inspection' AND name = OLD.unit;
    INSERT INTO units (name, enterprise, inspections) SELECT NEW.unit, is_enterprise(NEW.unit, 0), 1
        WHERE NEW.duty = 'enterprise_inspection' AND NEW.unit IS NOT NULL
        ON CONFLICT DO UPDATE SET inspections = inspections + 1;
END;

CREATE TABLE duty_records_undone_new (
    id        INTEGER PRIMARY KEY,
    duty      TEXT NOT NULL,
    period    TEXT NOT NULL,
    unit      TEXT CHECK (unit <> ''),
    note      TEXT NOT NULL DEFAULT '',
    actor     TEXT NOT NULL,
    at        INTEGER NOT NULL,
    undone_by TEXT NOT NULL,
    undone_at INTEGER NOT NULL,
    done_on   TEXT CHECK (done_on <> '')
);
INSERT INTO duty_records_undone_new SELECT id, duty, period, NULLIF(unit, ''), note, actor, at, undone_by, undone_at,
    NULLIF(done_on, '') FROM duty_records_undone;
DROP TABLE duty_records_undone;
ALTER TABLE duty_records_undone_new RENAME TO duty_records_undone;

CREATE TABLE enterprises_new (
    name      TEXT PRIMARY KEY,
    principal TEXT CHECK (principal <> ''), -- WeCom userid of the 主要负责人; NULL: not known
    added_by  TEXT NOT NULL,
    added_at  INTEGER NOT NULL
);
INSERT INTO enterprises_new SELECT name, NULLIF(principal, ''), added_by, added_at FROM enterprises;
DROP TABLE enterprises;
ALTER TABLE enterprises_new RENAME TO enterprises;
CREATE INDEX enterprises_principal ON enterprises (principal);

-- The triggers of 0029 on enterprises.
CREATE TRIGGER units_registry_insert AFTER INSERT ON enterprises
BEGIN
    INSERT INTO units (name, enterprise, registered) VALUES (NEW.name, is_enterprise(NEW.name, 1), 1)
        ON CONFLICT DO UPDATE SET registered = 1, enterprise = excluded.enterprise;
END;

CREATE TRIGGER units_registry_delete AFTER DELETE ON enterprises
BEGIN
    UPDATE units SET registered = 0, enterprise = is_enterprise(name, 0) WHERE name = OLD.name;
END;

CREATE TRIGGER units_registry_rename AFTER UPDATE OF name ON enterprises WHEN OLD.name IS NOT NEW.name
BEGIN
    UPDATE units SET registered = 0, enterprise = is_enterprise(name, 0) WHERE name = OLD.name;
    INSERT INTO units (name, enterprise, registered) VALUES (NEW.name, is_enterprise(NEW.name, 1), 1)
        ON CONFLICT DO UPDATE SET registered = 1, enterprise = excluded.enterprise;
END;
