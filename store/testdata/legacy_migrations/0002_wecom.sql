-- WeCom inbound: idempotency of retried callbacks, and hazard evidence
-- (photos and locations sent after 上报).

-- Per-deployment secrets generated on first use (the dedup HMAC key).
CREATE TABLE wecom_secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

-- Callbacks already handled. key is HMAC-SHA256(secret, transport|message id):
-- no raw MsgId, userid or exact time is kept (an anonymous report must leave
-- nothing linkable); seen_hour (Unix hours) is only for pruning.
CREATE TABLE wecom_inbound (
    key       BLOB PRIMARY KEY,
    seen_hour INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX wecom_inbound_seen ON wecom_inbound (seen_hour);

-- Photos and locations attached to a hazard.
CREATE TABLE hazard_evidence (
    id           INTEGER PRIMARY KEY,
    hazard_id    INTEGER NOT NULL REFERENCES hazards (id),
    kind         TEXT NOT NULL,             -- image | location
    content_type TEXT NOT NULL DEFAULT '',  -- image only
    data         BLOB,                      -- image bytes
    lat          REAL NOT NULL DEFAULT 0,
    lng          REAL NOT NULL DEFAULT 0,
    label        TEXT NOT NULL DEFAULT '',
    actor        TEXT NOT NULL,
    at           INTEGER NOT NULL
);
CREATE INDEX hazard_evidence_hazard ON hazard_evidence (hazard_id, id);

-- "The hazard this user reported in the last ten minutes", for evidence.
CREATE INDEX hazards_reporter ON hazards (reporter, found_at);
