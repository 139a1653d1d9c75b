-- Outbox rows are claimed with a lease before sending, so two serve
-- processes on one database never send the same row at once; parts_sent
-- remembers how many parts of a long message (split under WeCom's byte
-- limits) are already delivered, so a retry sends only the rest.
ALTER TABLE outbox ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
-- per-recipient order: the claim skips a row while an older row to the same
-- target is still pending.
CREATE INDEX outbox_target ON outbox (target_kind, target, status, id);
