package storetest

import (
	"context"
	"os"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/testkit"
	"safetybot/store"
)

// A copy is a database like a new one opened under the test's clock: every
// migration recorded at that time, the first day in use that day, mode
// store.FileMode, and copies independent of each other.
func TestCopyIsLikeANewDatabase(t *testing.T) {
	at := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	for _, clock := range []time.Time{at, at.AddDate(0, 1, 0)} {
		s, file := OpenFile(t, testkit.NewClock(clock).Now)
		fi, err := os.Stat(file)
		if err != nil || fi.Mode().Perm() != store.FileMode {
			t.Fatalf("%s: %v %v", file, fi.Mode(), err)
		}
		var n, stamped int
		if err := testkit.RawDB(t, file).QueryRow("SELECT count(*), count(*) FILTER (WHERE applied_at = ?) FROM schema_migrations",
			clock.UnixMilli()).Scan(&n, &stamped); err != nil || n < 32 || stamped != n {
			t.Fatalf("schema_migrations: %d rows, %d at %v (%v)", n, stamped, clock, err)
		}
		if d, err := s.Since(context.Background()); err != nil || d != safetybot.DateOf(clock) {
			t.Fatalf("Since = %q, %v; want %s", d, err, safetybot.DateOf(clock))
		}
	}
}
