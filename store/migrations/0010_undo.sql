-- Undo (撤销, issue 9): each event that altered a hazard keeps the hazard as
-- it was before (JSON), so the change can be undone; undone marks an event
-- whose change was taken back. A duty recorded done by mistake (完成 撤销)
-- moves to duty_records_undone, so the trail stays and the reminders return.
ALTER TABLE hazard_events ADD COLUMN prior TEXT NOT NULL DEFAULT '';
ALTER TABLE hazard_events ADD COLUMN undone INTEGER NOT NULL DEFAULT 0;

CREATE TABLE duty_records_undone (
    id        INTEGER PRIMARY KEY,
    duty      TEXT NOT NULL,
    period    TEXT NOT NULL,
    unit      TEXT NOT NULL DEFAULT '',
    note      TEXT NOT NULL DEFAULT '',
    actor     TEXT NOT NULL,
    at        INTEGER NOT NULL,
    undone_by TEXT NOT NULL,
    undone_at INTEGER NOT NULL
);
