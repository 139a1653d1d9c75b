package store

// undo0035 takes a database back to before migration 0035: no tip_photos.
var undo0035 = []string{"DROP TABLE tip_photos", "DELETE FROM schema_migrations WHERE version = 35"}
