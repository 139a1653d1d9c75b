-- The ledger's detail columns (domain notes §1) that the chat now collects:
-- 产生原因 and 判定依据 when a hazard is reported or confirmed, 整改措施,
-- 整改资金 and 临时管控措施 while it is fixed, 挂牌督办 for major hazards, and
-- whether the unit stopped production.
ALTER TABLE hazards ADD COLUMN cause TEXT NOT NULL DEFAULT '';
ALTER TABLE hazards ADD COLUMN basis TEXT NOT NULL DEFAULT '';
ALTER TABLE hazards ADD COLUMN measures TEXT NOT NULL DEFAULT '';
ALTER TABLE hazards ADD COLUMN funds TEXT NOT NULL DEFAULT '';
ALTER TABLE hazards ADD COLUMN interim TEXT NOT NULL DEFAULT '';
ALTER TABLE hazards ADD COLUMN supervision TEXT NOT NULL DEFAULT '';
ALTER TABLE hazards ADD COLUMN halted INTEGER NOT NULL DEFAULT 0;
