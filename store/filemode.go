package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// FileMode is the permission of every file the store creates: the database,
// its -wal and -shm files and backups. They hold anonymous reports and the
// hazard ledger, so only the service's own user may read them.
//
// SQLite's unix VFS creates a database with 0644 (less the umask) but gives
// its -wal, -shm and -journal files the mode of the database file itself
// (findCreateFileMode, unixOpenSharedMemory in sqlite3.c), so creating the
// database 0600 before SQLite opens it is enough for the whole family.
const FileMode fs.FileMode = 0o600

// secureFiles creates file with FileMode when it does not exist yet, and
// narrows the mode of an existing database and its sidecars (a database
// created by an earlier version with 0644) to FileMode. Errors are the
// os package's, wrapped with the file name.
func secureFiles(file string) error {
	f, err := os.OpenFile(file, os.O_RDWR|os.O_CREATE, FileMode)
	if err != nil {
		return fmt.Errorf("store: create %s: %w", file, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} { // the database and its sidecars
		name := file + suffix
		st, err := os.Stat(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		if st.Mode().Perm()&^FileMode != 0 {
			if err := os.Chmod(name, st.Mode().Perm()&FileMode); err != nil {
				return fmt.Errorf("store: narrow the mode of %s: %w", name, err)
			}
		}
	}
	return nil
}

// createBackupFile creates the empty file VACUUM INTO writes into (SQLite
// accepts an empty target), so the copy is FileMode from its first byte.
// An existing file is refused, as VACUUM INTO itself would refuse a
// non-empty one: a backup never overwrites.
func createBackupFile(file string) error {
	f, err := os.OpenFile(file, os.O_RDWR|os.O_CREATE|os.O_EXCL, FileMode)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return f.Close()
}
