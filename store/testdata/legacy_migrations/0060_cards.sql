-- Button cards (issue 13 §1): one row per card sent, keyed by its WeCom
-- task_id (unique per app). recipients are the userids it went to, joined
-- by '|' as message/send's touser; card is the safetybot.Card as JSON (its
-- buttons decide which click keys are valid). A card is finished once a
-- click did something (done_at > 0); later clicks get 已处理.
CREATE TABLE cards (
    task_id    TEXT PRIMARY KEY,
    hazard     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    recipients TEXT NOT NULL,
    card       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    done_at    INTEGER NOT NULL DEFAULT 0,
    done_by    TEXT NOT NULL DEFAULT '',
    done_text  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX cards_hazard ON cards (hazard, created_at);
