-- 是否停产停业 not recorded is NULL (the rule of 0030: "none" is NULL, never
-- 0). hazards.halted was NOT NULL DEFAULT 0, so every hazard nobody asked
-- about read 否 in the ledger, an answer no one gave (qa2 #11); the README
-- promises columns not recorded are left empty.
--
-- Which 0 were given: the chat writes the answer into the history when
-- 整改 reads it (note 「停产停业：否」) and when 修改 changes it
-- (「停产停业：否 → 是」); a hazard with such a note, not undone, keeps its
-- value. Every other 0 becomes NULL: 上报 … 停产:否 left no note (its
-- history keeps only the description), so those few read as not recorded,
-- which is what the ledger can vouch for. 1 stays 1: only an answer sets it.
--
-- SQLite cannot loosen NOT NULL in place; halted is the table's last
-- column and no index, trigger or view names it, so a new column takes its
-- place (ADD, copy, DROP, RENAME) without rebuilding hazards and its
-- triggers as 0030 did.
ALTER TABLE hazards ADD COLUMN halted_answer INTEGER CHECK (halted_answer IN (0, 1)); -- NULL: not recorded
UPDATE hazards SET halted_answer = halted
    WHERE halted = 1 OR EXISTS (SELECT 1 FROM hazard_events e
        WHERE e.hazard_id = hazards.id AND e.undone = 0 AND e.action <> '撤销' AND e.note LIKE '%停产停业：%');
ALTER TABLE hazards DROP COLUMN halted;
ALTER TABLE hazards RENAME COLUMN halted_answer TO halted;
