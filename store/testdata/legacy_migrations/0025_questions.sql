-- A yes/no question the bot asked someone (是否指「…」？回复 是 / 否), kept
-- until answered or for 30 minutes, so an answer reaches it from another
-- process (a new terminal chat, the other serve instance) or after a restart.
CREATE TABLE questions (
    key        TEXT PRIMARY KEY, -- channel, chat and user
    body       TEXT NOT NULL,    -- what to do on 是 / 否 (JSON, the bot's)
    expires_at INTEGER NOT NULL
);
