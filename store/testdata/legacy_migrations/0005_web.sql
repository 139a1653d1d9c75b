-- Dashboard sign-in (issue 6): one-time sign-in links and browser sessions.
-- Only SHA-256 hashes of the random tokens are stored: a copy of the
-- database does not let anyone sign in.

CREATE TABLE web_login_tokens (
    token_hash TEXT PRIMARY KEY,     -- hex SHA-256 of the token in the link
    user_id    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER NOT NULL DEFAULT 0  -- 0: not used yet; a link works once
);

CREATE TABLE web_sessions (
    id_hash    TEXT PRIMARY KEY,     -- hex SHA-256 of the session cookie
    user_id    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
