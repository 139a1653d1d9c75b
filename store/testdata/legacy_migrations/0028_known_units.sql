-- Unit names typed in reports and inspections, kept by triggers, so that
-- matching a unit (issue 9 §4, on every report that names one) reads a short
-- list instead of the distinct units of every hazard. A name once typed
-- stays known.
CREATE TABLE known_units (name TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT OR IGNORE INTO known_units SELECT DISTINCT unit FROM hazards WHERE unit <> '';
INSERT OR IGNORE INTO known_units SELECT DISTINCT unit FROM duty_records WHERE duty = 'enterprise_inspection' AND unit <> '';
CREATE TRIGGER known_units_hazard_insert AFTER INSERT ON hazards WHEN NEW.unit <> ''
BEGIN INSERT OR IGNORE INTO known_units (name) VALUES (NEW.unit); END;
CREATE TRIGGER known_units_hazard_update AFTER UPDATE OF unit ON hazards WHEN NEW.unit <> ''
BEGIN INSERT OR IGNORE INTO known_units (name) VALUES (NEW.unit); END;
CREATE TRIGGER known_units_inspection AFTER INSERT ON duty_records WHEN NEW.duty = 'enterprise_inspection' AND NEW.unit <> ''
BEGIN INSERT OR IGNORE INTO known_units (name) VALUES (NEW.unit); END;

-- Leader notices coalesce per person and minute (0024): the last one's time
-- is read on every notice, through this index.
CREATE INDEX IF NOT EXISTS outbox_coalesce ON outbox (target_kind, target, coalesce, next_attempt_at);
-- A card to leaders checks for notices of its kind in the last minute.
CREATE INDEX IF NOT EXISTS outbox_coalesce_recent ON outbox (coalesce, created_at);
