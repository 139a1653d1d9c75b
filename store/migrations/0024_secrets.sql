-- One table for the per-deployment secrets generated on first use (issue
-- 12 §6), instead of one per package: dedup_hmac (the key of the inbound
-- deduplication's HMAC, was wecom_secrets) and receipt_salt (the salt of
-- anonymous reports' receipt codes, was tip_secrets). The names differ, so
-- the rows move as they are.
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
INSERT INTO secrets (name, value) SELECT name, value FROM wecom_secrets;
INSERT INTO secrets (name, value) SELECT name, value FROM tip_secrets;
DROP TABLE wecom_secrets;
DROP TABLE tip_secrets;
