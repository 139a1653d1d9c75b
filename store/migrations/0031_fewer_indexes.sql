-- Fewer indexes to keep up on every 上报 (issue 12 §3): each one is another
-- b-tree insert and more pages in the commit of every callback. These serve
-- no query that another index or a table scan does not serve as well
-- (EXPLAIN QUERY PLAN, store/leanindex_test.go):
--
-- hazards_unit (unit): its queries (the units of the ledger, issue 9 §4)
-- read the units table since migration 0029; nothing filters hazards by
-- unit any more.
DROP INDEX IF EXISTS hazards_unit;

-- hazards_year (year, status): counts by year come from hazard_tally
-- (0028); a list by urgency skips it on purpose (+year, store/hazards.go);
-- a list newest first, and the ledger export by year, read the table in id
-- order and stop at the page, where this index made SQLite sort the whole
-- year in a temporary b-tree.
DROP INDEX IF EXISTS hazards_year;

-- wecom_inbound_seen (seen_hour): only the pruning of old deduplication keys
-- used it, once an hour per process; a scan of the table (72 hours of
-- callbacks) does that, while every callback paid for the index with a
-- second random-page write beside the key's.
DROP INDEX IF EXISTS wecom_inbound_seen;
