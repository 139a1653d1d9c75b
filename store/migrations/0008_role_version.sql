-- A version of user_roles, bumped by triggers on every change from any
-- process (serve, the terminal chat beside it): a cache of roles is valid
-- while the version it was read at is still current.
CREATE TABLE IF NOT EXISTS role_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    v  INTEGER NOT NULL
);
INSERT OR IGNORE INTO role_version (id, v) VALUES (1, 0);
CREATE TRIGGER IF NOT EXISTS user_roles_insert_version AFTER INSERT ON user_roles
BEGIN UPDATE role_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS user_roles_update_version AFTER UPDATE ON user_roles
BEGIN UPDATE role_version SET v = v + 1 WHERE id = 1; END;
CREATE TRIGGER IF NOT EXISTS user_roles_delete_version AFTER DELETE ON user_roles
BEGIN UPDATE role_version SET v = v + 1 WHERE id = 1; END;
