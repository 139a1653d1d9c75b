-- Unit names are matched on every 上报, 修改 and 检查 that names a unit
-- (issue 9 §4): the distinct units of the ledger come from this index
-- instead of a scan of every hazard.
CREATE INDEX IF NOT EXISTS hazards_unit ON hazards (unit);
