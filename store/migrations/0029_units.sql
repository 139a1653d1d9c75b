-- Known units with their classification (issue 12 §8): one row a unit,
-- whatever named it (the registry, a hazard, an inspection), so that the
-- dashboard's and the digest's enterprise figures are counts over an index
-- and matching a typed unit looks a name up instead of reading them all.
--
-- Whether a unit is an enterprise is a Go rule (safetybot.IsEnterprise).
-- The store registers it as the deterministic SQL function
-- is_enterprise(name, registered) (store/units.go) before any connection
-- opens, so the triggers below classify a unit when it first appears and
-- again when the registry changes, in the transaction of the change, on
-- every code path that writes the rows (as the tallies of 0028 do). A
-- consequence: a tool without the function (the sqlite3 shell) can read
-- this database but not write hazards, inspections or the registry. If the
-- rule changes, a migration reclassifies: UPDATE units SET enterprise =
-- is_enterprise(name, registered).
--
-- Rows are never deleted: a name once typed stays known for matching (as
-- known_units, which this replaces, did). A unit is "known" to the figures
-- (store.KnownUnits) while it is registered, named on a hazard, or has an
-- inspection recorded: registered = 1 OR hazards > 0 OR inspections > 0.
CREATE TABLE units (
    name        TEXT PRIMARY KEY,
    enterprise  INTEGER NOT NULL CHECK (enterprise IN (0, 1)),         -- is_enterprise(name, registered)
    registered  INTEGER NOT NULL DEFAULT 0 CHECK (registered IN (0, 1)), -- in enterprises
    hazards     INTEGER NOT NULL DEFAULT 0, -- hazards naming it now
    inspections INTEGER NOT NULL DEFAULT 0  -- enterprise_inspection records naming it, every period
) WITHOUT ROWID;

-- The backfill, from the tables the triggers below follow from now on.
INSERT INTO units (name, enterprise, registered) SELECT name, is_enterprise(name, 1), 1 FROM enterprises;
INSERT INTO units (name, enterprise) SELECT name, is_enterprise(name, 0) FROM known_units WHERE true
    ON CONFLICT DO NOTHING;
INSERT INTO units (name, enterprise) SELECT unit, is_enterprise(unit, 0) FROM hazard_units WHERE true
    ON CONFLICT DO NOTHING;
INSERT INTO units (name, enterprise) SELECT DISTINCT unit, is_enterprise(unit, 0) FROM duty_records
    WHERE duty = 'enterprise_inspection' AND unit <> ''
    ON CONFLICT DO NOTHING;
UPDATE units SET hazards = h.n FROM hazard_units h WHERE h.unit = units.name;
UPDATE units SET inspections = d.n
    FROM (SELECT unit, count(*) AS n FROM duty_records WHERE duty = 'enterprise_inspection' GROUP BY unit) d
    WHERE d.unit = units.name;

DROP TRIGGER known_units_hazard_insert;
DROP TRIGGER known_units_hazard_update;
DROP TRIGGER known_units_inspection;
DROP TABLE known_units;

CREATE TRIGGER units_hazard_insert AFTER INSERT ON hazards WHEN NEW.unit <> ''
BEGIN
    INSERT INTO units (name, enterprise, hazards) VALUES (NEW.unit, is_enterprise(NEW.unit, 0), 1)
        ON CONFLICT DO UPDATE SET hazards = hazards + 1;
END;

CREATE TRIGGER units_hazard_delete AFTER DELETE ON hazards WHEN OLD.unit <> ''
BEGIN
    UPDATE units SET hazards = hazards - 1 WHERE name = OLD.unit;
END;

CREATE TRIGGER units_hazard_update AFTER UPDATE OF unit ON hazards WHEN OLD.unit IS NOT NEW.unit
BEGIN
    UPDATE units SET hazards = hazards - 1 WHERE name = OLD.unit;
    INSERT INTO units (name, enterprise, hazards) SELECT NEW.unit, is_enterprise(NEW.unit, 0), 1 WHERE NEW.unit <> ''
        ON CONFLICT DO UPDATE SET hazards = hazards + 1;
END;

CREATE TRIGGER units_inspection_insert AFTER INSERT ON duty_records
WHEN NEW.duty = 'enterprise_inspection' AND NEW.unit <> ''
BEGIN
    INSERT INTO units (name, enterprise, inspections) VALUES (NEW.unit, is_enterprise(NEW.unit, 0), 1)
        ON CONFLICT DO UPDATE SET inspections = inspections + 1;
END;

CREATE TRIGGER units_inspection_delete AFTER DELETE ON duty_records
WHEN OLD.duty = 'enterprise_inspection' AND OLD.unit <> ''
BEGIN
    UPDATE units SET inspections = inspections - 1 WHERE name = OLD.unit;
END;

CREATE TRIGGER units_inspection_update AFTER UPDATE OF duty, unit ON duty_records
WHEN OLD.duty IS NOT NEW.duty OR OLD.unit IS NOT NEW.unit
BEGIN
    UPDATE units SET inspections = inspections - 1 WHERE OLD.duty = 'enterprise_inspection' AND name = OLD.unit;
    INSERT INTO units (name, enterprise, inspections) SELECT NEW.unit, is_enterprise(NEW.unit, 0), 1
        WHERE NEW.duty = 'enterprise_inspection' AND NEW.unit <> ''
        ON CONFLICT DO UPDATE SET inspections = inspections + 1;
END;

-- A registered enterprise always counts (IsEnterprise); one taken off the
-- registry is classified by its name again.
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

-- The known enterprises, by name: the overview counts this index, the
-- digest walks it to the first one not inspected, the 企业 list reads it.
-- Queries repeat its WHERE exactly (store/units.go, knownEnterprise).
CREATE INDEX units_known_enterprises ON units (name)
    WHERE enterprise = 1 AND (registered = 1 OR hazards > 0 OR inspections > 0);

-- "Has this unit an inspection for this period": one probe of this index
-- (it serves every (duty, period) query duty_records_period did).
CREATE INDEX duty_records_unit ON duty_records (duty, period, unit);
DROP INDEX IF EXISTS duty_records_period;

-- units.hazards now counts the units named on hazards: the per-unit tally
-- of migration 0028 (read above for the backfill) goes with its triggers.
DROP TRIGGER hazard_units_insert;
DROP TRIGGER hazard_units_delete;
DROP TRIGGER hazard_units_update;
DROP TABLE hazard_units;
