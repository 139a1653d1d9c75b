-- Province scale (issue 12 §8): the dashboard overview, the hazard list and
-- the leaders' digest read their counts from tallies kept by triggers in the
-- same transaction as every change to hazards (a report, a lifecycle step,
-- 修改, 撤销, whatever code path writes the row), instead of counting 200,000
-- rows on each page load. A tally has one row per distinct key, never one per
-- hazard; a row whose count falls to zero is deleted.
--
-- "Open" is every status but 已销号 and 已驳回 (safetybot.Status.Open). Since
-- 0025 a hazard's deadline is NULL when it has none and closed_at NULL while
-- it is not closed; a tally's key cannot be NULL, so hazard_open_due keeps
-- "no deadline" as '' (COALESCE(deadline, '')).

-- Every hazard by status, grade, domain and year (the year of its number).
CREATE TABLE hazard_tally (
    status TEXT NOT NULL,
    grade  TEXT NOT NULL,
    domain TEXT NOT NULL,
    year   INTEGER NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (status, grade, domain, year)
) WITHOUT ROWID;

-- Open hazards by deadline day (and status, grade, domain, year). Overdue
-- depends on today: it is the sum of the days before today, a range of this
-- table bounded by the number of distinct deadline days, not of hazards.
-- Hazards without a deadline have their rows too, under deadline ''.
CREATE TABLE hazard_open_due (
    deadline TEXT NOT NULL, -- YYYY-MM-DD; '': none (hazards.deadline NULL)
    status   TEXT NOT NULL,
    grade    TEXT NOT NULL,
    domain   TEXT NOT NULL,
    year     INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (deadline, status, grade, domain, year)
) WITHOUT ROWID;

-- Hazards found and closed per calendar month in Asia/Shanghai (UTC+8, no
-- daylight saving since 1991), for the overview's twelve-month trend. closed
-- counts hazards whose closed_at falls in the month, whatever their status.
CREATE TABLE hazard_months (
    month  TEXT PRIMARY KEY, -- YYYY-MM
    found  INTEGER NOT NULL DEFAULT 0,
    closed INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The units named on hazards now, with how many hazards name each: the
-- dashboard's and the digest's list of known units (store.KnownUnits) reads
-- one row per unit instead of the distinct units of every hazard.
CREATE TABLE hazard_units (
    unit TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO hazard_units (unit, n) SELECT unit, count(*) FROM hazards WHERE unit <> '' GROUP BY unit;
INSERT INTO hazard_tally (status, grade, domain, year, n)
    SELECT status, grade, domain, year, count(*) FROM hazards GROUP BY status, grade, domain, year;
INSERT INTO hazard_open_due (deadline, status, grade, domain, year, n)
    SELECT COALESCE(deadline, ''), status, grade, domain, year, count(*) FROM hazards
    WHERE status NOT IN ('已销号', '已驳回') GROUP BY 1, status, grade, domain, year;
INSERT INTO hazard_months (month, found)
    SELECT strftime('%Y-%m', found_at / 1000 + 28800, 'unixepoch'), count(*) FROM hazards WHERE true GROUP BY 1;
INSERT INTO hazard_months (month, closed)
    SELECT strftime('%Y-%m', closed_at / 1000 + 28800, 'unixepoch'), count(*) FROM hazards WHERE closed_at IS NOT NULL GROUP BY 1
    ON CONFLICT (month) DO UPDATE SET closed = excluded.closed;

CREATE TRIGGER hazard_tally_insert AFTER INSERT ON hazards
BEGIN
    INSERT INTO hazard_tally (status, grade, domain, year, n) VALUES (NEW.status, NEW.grade, NEW.domain, NEW.year, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO hazard_open_due (deadline, status, grade, domain, year, n)
        SELECT COALESCE(NEW.deadline, ''), NEW.status, NEW.grade, NEW.domain, NEW.year, 1
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
        WHERE status = OLD.status AND grade = OLD.grade AND domain = OLD.domain AND year = OLD.year;
    DELETE FROM hazard_tally
        WHERE status = OLD.status AND grade = OLD.grade AND domain = OLD.domain AND year = OLD.year AND n <= 0;
    UPDATE hazard_open_due SET n = n - 1
        WHERE OLD.status NOT IN ('已销号', '已驳回') AND deadline = COALESCE(OLD.deadline, '')
            AND status = OLD.status AND grade = OLD.grade AND domain = OLD.domain AND year = OLD.year;
    DELETE FROM hazard_open_due
        WHERE deadline = COALESCE(OLD.deadline, '') AND status = OLD.status AND grade = OLD.grade
            AND domain = OLD.domain AND year = OLD.year AND n <= 0;
    UPDATE hazard_months SET found = found - 1 WHERE month = strftime('%Y-%m', OLD.found_at / 1000 + 28800, 'unixepoch');
    UPDATE hazard_months SET closed = closed - 1
        WHERE OLD.closed_at IS NOT NULL AND month = strftime('%Y-%m', OLD.closed_at / 1000 + 28800, 'unixepoch');
END;

CREATE TRIGGER hazard_units_insert AFTER INSERT ON hazards WHEN NEW.unit <> ''
BEGIN
    INSERT INTO hazard_units (unit, n) VALUES (NEW.unit, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER hazard_units_delete AFTER DELETE ON hazards WHEN OLD.unit <> ''
BEGIN
    UPDATE hazard_units SET n = n - 1 WHERE unit = OLD.unit;
    DELETE FROM hazard_units WHERE unit = OLD.unit AND n <= 0;
END;

CREATE TRIGGER hazard_units_update AFTER UPDATE OF unit ON hazards WHEN OLD.unit IS NOT NEW.unit
BEGIN
    UPDATE hazard_units SET n = n - 1 WHERE unit = OLD.unit;
    DELETE FROM hazard_units WHERE unit = OLD.unit AND n <= 0;
    INSERT INTO hazard_units (unit, n) SELECT NEW.unit, 1 WHERE NEW.unit <> '' ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- An update moves the hazard from its old key to its new one, only when a
-- counted column changed (updateHazard rewrites every column on each step).
CREATE TRIGGER hazard_tally_update AFTER UPDATE OF status, grade, domain, year ON hazards
WHEN OLD.status IS NOT NEW.status OR OLD.grade IS NOT NEW.grade OR OLD.domain IS NOT NEW.domain OR OLD.year IS NOT NEW.year
BEGIN
    UPDATE hazard_tally SET n = n - 1
        WHERE status = OLD.status AND grade = OLD.grade AND domain = OLD.domain AND year = OLD.year;
    DELETE FROM hazard_tally
        WHERE status = OLD.status AND grade = OLD.grade AND domain = OLD.domain AND year = OLD.year AND n <= 0;
    INSERT INTO hazard_tally (status, grade, domain, year, n) VALUES (NEW.status, NEW.grade, NEW.domain, NEW.year, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER hazard_open_due_update AFTER UPDATE OF deadline, status, grade, domain, year ON hazards
WHEN OLD.deadline IS NOT NEW.deadline OR OLD.status IS NOT NEW.status OR OLD.grade IS NOT NEW.grade
    OR OLD.domain IS NOT NEW.domain OR OLD.year IS NOT NEW.year
BEGIN
    UPDATE hazard_open_due SET n = n - 1
        WHERE OLD.status NOT IN ('已销号', '已驳回') AND deadline = COALESCE(OLD.deadline, '') AND status = OLD.status
            AND grade = OLD.grade AND domain = OLD.domain AND year = OLD.year;
    DELETE FROM hazard_open_due
        WHERE deadline = COALESCE(OLD.deadline, '') AND status = OLD.status AND grade = OLD.grade AND domain = OLD.domain
            AND year = OLD.year AND n <= 0;
    INSERT INTO hazard_open_due (deadline, status, grade, domain, year, n)
        SELECT COALESCE(NEW.deadline, ''), NEW.status, NEW.grade, NEW.domain, NEW.year, 1
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

-- The hazard list in order of urgency (safetybot.SortByUrgency): open first,
-- 重大 first, then by deadline (the most days overdue is the earliest
-- deadline; none, NULL, last), the newest first. A page is a LIMIT on this
-- index; the digest's and the overview's short lists (open, 重大 or not,
-- dated or not, by deadline) are ranges of it, cut at the list's length.
-- Queries name its expressions exactly, e.g. (status IN ('已销号', '已驳回'))
-- = 0 for open, (deadline IS NULL) = 0 for dated (store/tally.go).
CREATE INDEX hazards_urgency ON hazards
    (status IN ('已销号', '已驳回'), grade <> '重大', deadline IS NULL, deadline, id DESC);

-- Superseded: the counts they served come from the tallies, the open
-- hazards by grade and deadline from hazards_urgency. Each index is one
-- more page written by every report and every change. (0025 rebuilt them
-- with the table; they go here, after it.)
DROP INDEX IF EXISTS hazards_status;
DROP INDEX IF EXISTS hazards_grade;
