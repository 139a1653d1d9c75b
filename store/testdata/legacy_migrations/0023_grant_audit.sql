-- Who granted or revoked whose role, and when (issue 10 §14). Configured
-- admins (SAFETYBOT_ADMINS) are recorded as grants at start-up, by
-- "SAFETYBOT_ADMINS", so one rule finds who to notify.
CREATE TABLE grant_events (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    actor         TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    role          TEXT NOT NULL,
    working_group TEXT NOT NULL DEFAULT '',
    action        TEXT NOT NULL -- 授权 or 撤权
);
