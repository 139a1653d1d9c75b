-- The role cache is gone (roles are read on every lookup): its version row
-- and the triggers that bumped it go too.
DROP TRIGGER IF EXISTS user_roles_insert_version;
DROP TRIGGER IF EXISTS user_roles_update_version;
DROP TRIGGER IF EXISTS user_roles_delete_version;
DROP TABLE IF EXISTS role_version;
