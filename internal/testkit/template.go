package testkit

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// templates holds, per key, the directory of a database file built once
// per test binary.
var templates sync.Map // key → *template

type template struct {
	once sync.Once
	dir  string
	err  error
}

// CopyOf returns the path of a fresh copy, in tb's temporary directory, of
// the database file that build makes at the path it is given. build runs
// once per test binary and key (migrating a database from nothing takes
// about 0.1 s, many times that under the race detector, and a package's
// tests open hundreds); every later call copies its result, with the WAL
// if one is left. The copies share whatever build wrote, random keys
// included.
func CopyOf(tb testing.TB, key string, build func(file string) error) string {
	tb.Helper()
	v, _ := templates.LoadOrStore(key, &template{})
	t := v.(*template)
	t.once.Do(func() {
		if t.dir, t.err = os.MkdirTemp("", "safetybot-template-"); t.err == nil {
			t.err = build(filepath.Join(t.dir, "db"))
		}
	})
	if t.err != nil {
		tb.Fatalf("template database %s: %v", key, t.err)
	}
	dst := filepath.Join(tb.TempDir(), key)
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(filepath.Join(t.dir, "db"+suffix), dst+suffix); err != nil && !(suffix != "" && os.IsNotExist(err)) {
			tb.Fatalf("template database %s: %v", key, err)
		}
	}
	return dst
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	return out.Close()
}

// RemoveTemplates deletes the files CopyOf built; a package that uses
// CopyOf calls it from TestMain after m.Run.
func RemoveTemplates() {
	templates.Range(func(_, v any) bool {
		if t := v.(*template); t.dir != "" {
			os.RemoveAll(t.dir)
		}
		return true
	})
}
