-- Renumbering (issue 12 §6). Migrations used to be numbered with gaps
-- (0001..0006, 0013, 0020..0030, 0040, 0060, 0070, 0096); they are now
-- 1..N, applied strictly in order. This rewrites the schema_migrations of
-- a database made before the renumbering into the new numbers, by name, so
-- nothing runs again; applied_at is kept (Since reads it).
--
-- The migrator runs this file before it checks the recorded versions
-- whenever it is not recorded yet (migrate.go, renumberVersion), and then
-- once more in its turn, where it changes nothing and is recorded. Every
-- statement matches an old name only, so it is a no-op on a database made
-- after the renumbering. Ascending old numbers never collide with a version
-- still in use: each target is free by the time its row moves.

UPDATE schema_migrations SET version = 7, name = '0007_digest_indexes.sql' WHERE name = '0013_digest_indexes.sql';
UPDATE schema_migrations SET version = 8, name = '0008_role_version.sql' WHERE name = '0020_role_version.sql';
UPDATE schema_migrations SET version = 9, name = '0009_hazard_details.sql' WHERE name = '0021_hazard_details.sql';
UPDATE schema_migrations SET version = 10, name = '0010_undo.sql' WHERE name = '0022_undo.sql';
UPDATE schema_migrations SET version = 11, name = '0011_grant_audit.sql' WHERE name = '0023_grant_audit.sql';
UPDATE schema_migrations SET version = 12, name = '0012_outbox_coalesce.sql' WHERE name = '0024_outbox_coalesce.sql';
UPDATE schema_migrations SET version = 13, name = '0013_questions.sql' WHERE name = '0025_questions.sql';
UPDATE schema_migrations SET version = 14, name = '0014_unit_index.sql' WHERE name = '0026_unit_index.sql';
UPDATE schema_migrations SET version = 15, name = '0015_principal_index.sql' WHERE name = '0027_principal_index.sql';
UPDATE schema_migrations SET version = 16, name = '0016_known_units.sql' WHERE name = '0028_known_units.sql';
UPDATE schema_migrations SET version = 17, name = '0017_report_counts.sql' WHERE name = '0029_report_counts.sql';
UPDATE schema_migrations SET version = 18, name = '0018_standing_duties.sql' WHERE name = '0030_standing_duties.sql';
UPDATE schema_migrations SET version = 19, name = '0019_plan_versions.sql' WHERE name = '0040_plan_versions.sql';
UPDATE schema_migrations SET version = 20, name = '0020_cards.sql' WHERE name = '0060_cards.sql';
UPDATE schema_migrations SET version = 21, name = '0021_names.sql' WHERE name = '0070_names.sql';
UPDATE schema_migrations SET version = 22, name = '0022_card_clicks.sql' WHERE name = '0096_card_clicks.sql';
